#include <string.h>
#include <strings.h>

#include "attachment/multipart.h"
#include "core/arena.h"
#include "core/text.h"

static const unsigned char *
find(const unsigned char *h, size_t hl, const void *n, size_t nl)
{
	return memmem(h, hl, n, nl);
}

/* A parameter of a header value: name="value" or name=value (arena copy), or NULL. */
static const char *
header_param(struct arena *a, const char *v, const char *name)
{
	size_t      nl = strlen(name);
	const char *p = v, *e;

	while ((p = strcasestr(p, name)) != NULL) {
		if ((p == v || p[-1] == ';' || p[-1] == ' ') && p[nl] == '=') {
			p += nl + 1;
			if (*p == '"') {
				p++;
				if ((e = strchr(p, '"')) == NULL)
					return NULL;
			} else
				e = p + strcspn(p, "; \t");
			return arena_strndup(a, p, (size_t)(e - p));
		}
		p += nl;
	}
	return NULL;
}

const char *
mp_boundary(struct arena *a, const char *ct)
{
	const char *b;
	size_t      n;

	if (ct == NULL || strncasecmp(ct, "multipart/form-data", 19) != 0)
		return NULL;
	if ((b = header_param(a, ct, "boundary")) == NULL)
		return NULL;
	n = strlen(b);
	if (n < 1 || n > 70)
		return NULL;
	return b;
}

enum app_err
mp_find(struct arena *a, const unsigned char *body, size_t len, const char *boundary,
    const char *field, struct mp_file *out)
{
	const char          *delim = arena_printf(a, "\r\n--%s", boundary);
	size_t               dl = strlen(delim);
	const unsigned char *p, *end = body + len, *hend, *next;
	const char          *headers, *line, *name, *cd;

	memset(out, 0, sizeof(*out));
	/* The first delimiter may open the body without the leading CRLF. */
	if (len >= dl - 2 && memcmp(body, delim + 2, dl - 2) == 0)
		p = body + dl - 2;
	else if ((p = find(body, len, delim, dl)) != NULL)
		p += dl;
	else
		return APP_EBADREQ;
	for (;;) {
		if (end - p >= 2 && p[0] == '-' && p[1] == '-')
			return APP_ENOENT; /* closing delimiter */
		if (end - p < 2 || p[0] != '\r' || p[1] != '\n')
			return APP_EBADREQ;
		p += 2;
		if ((hend = find(p, (size_t)(end - p), "\r\n\r\n", 4)) == NULL || hend - p > 8192)
			return APP_EBADREQ;
		headers = arena_strndup(a, (const char *)p, (size_t)(hend - p));
		if (strlen(headers) != (size_t)(hend - p))
			return APP_EBADREQ; /* NUL in headers */
		p = hend + 4;
		if ((next = find(p, (size_t)(end - p), delim, dl)) == NULL)
			return APP_EBADREQ;
		cd = NULL;
		out->content_type = "";
		for (line = headers; line != NULL && *line != '\0';) {
			const char *nl = strstr(line, "\r\n");
			const char *l = nl ? arena_strndup(a, line, (size_t)(nl - line)) : line;

			if (strncasecmp(l, "Content-Disposition:", 20) == 0)
				cd = l + 20;
			else if (strncasecmp(l, "Content-Type:", 13) == 0) {
				out->content_type = l + 13;
				while (*out->content_type == ' ')
					out->content_type++;
			}
			line = nl ? nl + 2 : NULL;
		}
		name = cd ? header_param(a, cd, "name") : NULL;
		if (name != NULL && strcmp(name, field) == 0) {
			out->filename = header_param(a, cd, "filename");
			if (out->filename == NULL ||
			    !utf8_valid(out->filename, strlen(out->filename)))
				out->filename = "";
			out->data = p;
			out->len = (size_t)(next - p);
			return APP_OK;
		}
		p = next + dl;
	}
}
