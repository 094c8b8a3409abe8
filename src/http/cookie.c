#include <stdbool.h>
#include <string.h>

#include "core/arena.h"
#include "http/cookie.h"

#define COOKIE_HEADER_MAX 8192

static bool
cookie_octet(unsigned char c)
{
	/* cookie-octet: %x21 / %x23-2B / %x2D-3A / %x3C-5B / %x5D-7E */
	return c == 0x21 || (c >= 0x23 && c <= 0x2B) || (c >= 0x2D && c <= 0x3A) ||
	    (c >= 0x3C && c <= 0x5B) || (c >= 0x5D && c <= 0x7E);
}

const char *
cookie_get(struct arena *a, const char *h, const char *name)
{
	size_t      nlen = strlen(name), vlen, i;
	const char *p, *v, *end;

	if (h == NULL || strlen(h) > COOKIE_HEADER_MAX || nlen == 0)
		return NULL;
	for (p = h; *p != '\0'; p = *end ? end + 1 : end) {
		while (*p == ' ' || *p == '\t')
			p++;
		end = strchr(p, ';');
		if (end == NULL)
			end = p + strlen(p);
		if ((size_t)(end - p) <= nlen || strncmp(p, name, nlen) != 0 || p[nlen] != '=')
			continue;
		v = p + nlen + 1;
		vlen = (size_t)(end - v);
		while (vlen > 0 && (v[vlen - 1] == ' ' || v[vlen - 1] == '\t'))
			vlen--;
		if (vlen >= 2 && v[0] == '"' && v[vlen - 1] == '"') {
			v++;
			vlen -= 2;
		}
		for (i = 0; i < vlen; i++)
			if (!cookie_octet((unsigned char)v[i]))
				return NULL;
		return arena_strndup(a, v, vlen);
	}
	return NULL;
}
