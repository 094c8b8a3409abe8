#include <string.h>

#include "core/arena.h"
#include "http/router.h"

static const char *const method_names[HTTP_METHOD__MAX] = {
	"GET",
	"HEAD",
	"POST",
	"PUT",
	"PATCH",
	"DELETE",
	"OPTIONS",
};

const char *
http_method_name(enum http_method m)
{
	return m >= 0 && m < HTTP_METHOD__MAX ? method_names[m] : "?";
}

/* Matches one pattern; fills params on success. */
static bool
pattern_match(const char *pat, const char *path, struct arena *a, const char **params)
{
	size_t np = 0, n;

	while (*pat != '\0' && *path != '\0') {
		if (*pat == '{') {
			const char *end = strchr(path, '/');

			n = end ? (size_t)(end - path) : strlen(path);
			if (n == 0 || np == REQ_MAX_PARAMS)
				return false;
			params[np++] = arena_strndup(a, path, n);
			path += n;
			pat = strchr(pat, '}');
			if (pat == NULL)
				return false;
			pat++;
			continue;
		}
		if (*pat != *path)
			return false;
		pat++;
		path++;
	}
	return *pat == '\0' && *path == '\0';
}

int
router_match(const struct route *r, size_t n, enum http_method m, const char *path, struct arena *a,
    const char **params)
{
	size_t           i;
	bool             other = false;
	enum http_method want = m == HTTP_HEAD ? HTTP_GET : m;

	for (i = 0; i < n; i++) {
		if (!pattern_match(r[i].pattern, path, a, params))
			continue;
		if (r[i].method == want)
			return (int)i;
		other = true;
	}
	return other ? ROUTER_BAD_METHOD : ROUTER_NOT_FOUND;
}
