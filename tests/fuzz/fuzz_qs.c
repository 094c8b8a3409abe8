/*
 * libFuzzer driver: qs_parse on arbitrary bytes. On success every key and value must be
 * valid UTF-8 without control characters, there are at most QS_MAX_PARAMS pairs, and each
 * value survives url_encode → qs_parse unchanged.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/text.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
check_text(const char *s)
{
	size_t i, n;

	if (s == NULL)
		abort();
	n = strlen(s);
	if (!utf8_valid(s, n))
		abort();
	for (i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena *a = arena_new(1024);
	struct kvlist l, l2;
	const char   *bad, *raw;
	size_t        i;

	if (qs_parse(a, (const char *)data, size, &l, &bad) == APP_OK) {
		if (l.n > QS_MAX_PARAMS || bad != NULL)
			abort();
		for (i = 0; i < l.n; i++) {
			check_text(l.items[i].key);
			check_text(l.items[i].val);
			if (kv_get(&l, l.items[i].key) == NULL)
				abort();
			raw = arena_printf(a, "k=%s", url_encode(a, l.items[i].val));
			if (qs_parse(a, raw, strlen(raw), &l2, &bad) != APP_OK || l2.n != 1 ||
			    strcmp(l2.items[0].val, l.items[i].val) != 0)
				abort();
		}
	} else if (bad != NULL)
		check_text(bad);
	arena_free(a);
	return 0;
}
