/*
 * libFuzzer driver: cookie_get. The input is the Cookie header, then a NUL byte and the
 * cookie name (the session cookie's name when there is no NUL). A value found must be
 * made of cookie-octets only and no longer than the header.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "http/cookie.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static bool
octet(unsigned char c)
{
	return c == 0x21 || (c >= 0x23 && c <= 0x2B) || (c >= 0x2D && c <= 0x3A) ||
	    (c >= 0x3C && c <= 0x5B) || (c >= 0x5D && c <= 0x7E);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *nul = memchr(data, '\0', size);
	size_t         hl = nul ? (size_t)(nul - data) : size, i;
	char          *header = malloc(hl + 1), *name;
	const char    *v;
	struct arena  *a = arena_new(1024);

	if (header == NULL)
		abort();
	memcpy(header, data, hl);
	header[hl] = '\0';
	if (nul != NULL) {
		/* The name ends at the next NUL, if any. */
		name = strndup((const char *)nul + 1, size - hl - 1);
	} else
		name = strdup(SESSION_COOKIE);
	if (name == NULL)
		abort();
	if ((v = cookie_get(a, header, name)) != NULL) {
		if (strlen(v) > hl)
			abort();
		for (i = 0; v[i] != '\0'; i++)
			if (!octet((unsigned char)v[i]))
				abort();
	}
	free(name);
	free(header);
	arena_free(a);
	return 0;
}
