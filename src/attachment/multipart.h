/* multipart/form-data (RFC 7578) parsing of one file field; pure and fuzzed. */
#ifndef ATTACHMENT_MULTIPART_H
#define ATTACHMENT_MULTIPART_H

#include <stddef.h>

#include "core/err.h"

struct arena;

struct mp_file {
	const char          *filename;     /* arena copy; "" when not given */
	const char          *content_type; /* arena copy; "" when not given */
	const unsigned char *data;         /* points into the body */
	size_t               len;
};

/*
 * The boundary parameter of a multipart/form-data Content-Type header (arena copy), or
 * NULL when the header is not multipart/form-data with a valid boundary (RFC 2046: 1–70
 * characters).
 */
const char *mp_boundary(struct arena *, const char *content_type);
/*
 * Finds the part named `field` in body. APP_EBADREQ when the body is malformed,
 * APP_ENOENT when no such part.
 */
enum app_err mp_find(struct arena *, const unsigned char *body, size_t len, const char *boundary,
    const char *field, struct mp_file *out);

#endif
