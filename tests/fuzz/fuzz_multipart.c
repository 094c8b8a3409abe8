/*
 * libFuzzer driver: mp_boundary and mp_find. The input's first line is the Content-Type
 * header, the rest the body. Without a usable boundary the body is still searched with a
 * fixed one, so that mp_find sees every input. A part found must lie inside the body.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "attachment/multipart.h"
#include "core/arena.h"
#include "core/text.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
find(
    struct arena *a, const unsigned char *body, size_t len, const char *boundary, const char *field)
{
	struct mp_file f;
	enum app_err   er;

	er = mp_find(a, body, len, boundary, field, &f);
	if (er != APP_OK && er != APP_ENOENT && er != APP_EBADREQ)
		abort();
	if (er != APP_OK)
		return;
	if (f.filename == NULL || f.content_type == NULL)
		abort();
	if (!utf8_valid(f.filename, strlen(f.filename)))
		abort();
	if (f.len > len || f.data < body || f.data > body + len || f.data + f.len > body + len)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *nl = memchr(data, '\n', size);
	size_t         cl = nl ? (size_t)(nl - data) : size, bl;
	char          *ct = malloc(cl + 1);
	unsigned char *body;
	const char    *b;
	struct arena  *a = arena_new(1024);

	if (ct == NULL)
		abort();
	memcpy(ct, data, cl);
	ct[cl] = '\0';
	/* An exact-size copy, so that a read past the body's end is caught. */
	bl = nl ? size - cl - 1 : 0;
	if ((body = malloc(bl ? bl : 1)) == NULL)
		abort();
	if (bl)
		memcpy(body, nl + 1, bl);
	if ((b = mp_boundary(a, ct)) != NULL) {
		if (strlen(b) < 1 || strlen(b) > 70)
			abort();
		find(a, body, bl, b, "file");
		find(a, body, bl, b, "note");
	} else
		find(a, body, bl, "XyZ", "file");
	free(body);
	free(ct);
	arena_free(a);
	return 0;
}
