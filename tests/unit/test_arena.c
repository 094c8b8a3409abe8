/* The request arena: alignment, growth beyond the first block, reset, string helpers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/arena.h"

#define ALIGN 16

static void
arena_alloc_aligns_every_allocation_to_16(void **state)
{
	struct arena *a = arena_new(256);
	size_t        n;
	void         *p;

	(void)state;
	for (n = 0; n < 600; n++) {
		p = arena_alloc(a, n % 37 + (n % 5 == 0 ? 300 : 0));
		if ((uintptr_t)p % ALIGN != 0)
			fail_msg("allocation %zu at %p is not 16-aligned", n, p);
	}
	arena_free(a);
}

static void
arena_zalloc_and_strings_are_aligned_too(void **state)
{
	struct arena *a = arena_new(64);
	void         *p;
	int           i;

	(void)state;
	for (i = 0; i < 100; i++) {
		p = arena_strdup(a, "x");
		assert_int_equal((uintptr_t)p % ALIGN, 0);
		p = arena_zalloc(a, 3);
		assert_int_equal((uintptr_t)p % ALIGN, 0);
		p = arena_printf(a, "%d", i);
		assert_int_equal((uintptr_t)p % ALIGN, 0);
	}
	arena_free(a);
}

static void
arena_alloc_serves_request_larger_than_first_block(void **state)
{
	struct arena  *a = arena_new(256);
	unsigned char *small, *big;
	size_t         i;

	(void)state;
	small = arena_alloc(a, 32);
	memset(small, 0xAB, 32);
	big = arena_alloc(a, 100000);
	assert_non_null(big);
	assert_int_equal((uintptr_t)big % ALIGN, 0);
	memset(big, 0x5A, 100000);
	for (i = 0; i < 32; i++)
		assert_int_equal(small[i], 0xAB);
	/* And the arena keeps serving after it. */
	small = arena_alloc(a, 40);
	memset(small, 1, 40);
	assert_int_equal(big[99999], 0x5A);
	arena_free(a);
}

static void
arena_alloc_keeps_earlier_blocks_intact(void **state)
{
	struct arena  *a = arena_new(256);
	unsigned char *p[500];
	size_t         sz[500], i, k;

	(void)state;
	for (i = 0; i < 500; i++) {
		sz[i] = 1 + (i * 7919) % 700;
		p[i] = arena_alloc(a, sz[i]);
		memset(p[i], (int)(i & 0xFF), sz[i]);
	}
	for (i = 0; i < 500; i++)
		for (k = 0; k < sz[i]; k++)
			if (p[i][k] != (unsigned char)(i & 0xFF))
				fail_msg("allocation %zu overwritten at byte %zu", i, k);
	arena_free(a);
}

static void
arena_alloc_of_zero_bytes_is_not_null(void **state)
{
	struct arena *a = arena_new(256);

	(void)state;
	assert_non_null(arena_alloc(a, 0));
	arena_free(a);
}

static void
arena_reset_releases_everything_and_keeps_working(void **state)
{
	struct arena *a = arena_new(512);
	char         *s;
	int           round, i;

	(void)state;
	for (round = 0; round < 5; round++) {
		for (i = 0; i < 50; i++)
			memset(arena_alloc(a, 1000), 'q', 1000);
		assert_true(arena_used(a) >= 50 * 1000);
		arena_reset(a);
		assert_int_equal(arena_used(a), 0);
		s = arena_strdup(a, "after reset");
		assert_string_equal(s, "after reset");
	}
	arena_free(a);
}

static void
arena_reset_of_fresh_arena_is_harmless(void **state)
{
	struct arena *a = arena_new(256);

	(void)state;
	arena_reset(a);
	arena_reset(a);
	assert_int_equal(arena_used(a), 0);
	assert_string_equal(arena_strdup(a, "ok"), "ok");
	arena_free(a);
}

static void
arena_zalloc_zeroes_reused_memory(void **state)
{
	struct arena  *a = arena_new(1024);
	unsigned char *p;
	size_t         i;

	(void)state;
	memset(arena_alloc(a, 512), 0xFF, 512);
	arena_reset(a);
	p = arena_zalloc(a, 512);
	for (i = 0; i < 512; i++)
		assert_int_equal(p[i], 0);
	arena_free(a);
}

static void
arena_strdup_copies_contents(void **state)
{
	struct arena *a = arena_new(256);
	char          src[] = "安全生产 abc";
	char         *p;

	(void)state;
	p = arena_strdup(a, src);
	assert_ptr_not_equal(p, src);
	src[0] = 'X';
	assert_string_equal(p, "安全生产 abc");
	assert_string_equal(arena_strdup(a, ""), "");
	arena_free(a);
}

static void
arena_strdup_of_null_is_null(void **state)
{
	struct arena *a = arena_new(256);

	(void)state;
	assert_null(arena_strdup(a, NULL));
	arena_free(a);
}

static void
arena_strndup_copies_prefix_and_terminates(void **state)
{
	struct arena *a = arena_new(256);
	char         *p;

	(void)state;
	p = arena_strndup(a, "abcdef", 3);
	assert_string_equal(p, "abc");
	/* Not NUL-terminated input: only n bytes are read. */
	p = arena_strndup(a, (const char[]){ 'x', 'y' }, 2);
	assert_string_equal(p, "xy");
	p = arena_strndup(a, "abc", 0);
	assert_string_equal(p, "");
	arena_free(a);
}

static void
arena_strdup_of_long_string_beyond_first_block(void **state)
{
	struct arena *a = arena_new(256);
	char         *big = malloc(5001), *p;

	(void)state;
	assert_non_null(big);
	memset(big, 'z', 5000);
	big[5000] = '\0';
	p = arena_strdup(a, big);
	assert_string_equal(p, big);
	free(big);
	arena_free(a);
}

static void
arena_printf_formats(void **state)
{
	struct arena *a = arena_new(256);

	(void)state;
	assert_string_equal(arena_printf(a, "%s-%d-%05.1f", "企业", 42, 3.14159), "企业-42-003.1");
	assert_string_equal(arena_printf(a, "%s", ""), "");
	assert_string_equal(arena_printf(a, "%lld", (long long)INT64_MIN), "-9223372036854775808");
	arena_free(a);
}

static void
arena_printf_output_longer_than_first_block(void **state)
{
	struct arena *a = arena_new(256);
	char         *p;
	size_t        i;

	(void)state;
	p = arena_printf(a, "%2000d|%s", 7, "end");
	assert_int_equal(strlen(p), 2004);
	for (i = 0; i < 1999; i++)
		assert_int_equal(p[i], ' ');
	assert_string_equal(p + 1999, "7|end");
	arena_free(a);
}

static void
arena_used_starts_at_zero(void **state)
{
	struct arena *a = arena_new(256);

	(void)state;
	assert_int_equal(arena_used(a), 0);
	arena_free(a);
}

static void
arena_used_counts_bytes_handed_out(void **state)
{
	struct arena *a = arena_new(256);
	size_t        before, i, asked = 0;

	(void)state;
	for (i = 1; i <= 40; i++) {
		before = arena_used(a);
		arena_alloc(a, i * 13);
		asked += i * 13;
		/* At least what was asked, at most rounding to the alignment. */
		assert_true(arena_used(a) >= before + i * 13);
		assert_true(arena_used(a) <= before + i * 13 + ALIGN - 1);
	}
	assert_true(arena_used(a) >= asked);
	arena_alloc(a, 100000);
	assert_true(arena_used(a) >= asked + 100000);
	arena_free(a);
}

static void
arena_used_is_zero_after_reset(void **state)
{
	struct arena *a = arena_new(256);

	(void)state;
	arena_alloc(a, 10000);
	arena_alloc(a, 10);
	assert_true(arena_used(a) > 0);
	arena_reset(a);
	assert_int_equal(arena_used(a), 0);
	arena_alloc(a, 16);
	assert_int_equal(arena_used(a), 16);
	arena_free(a);
}

static void
arena_free_of_null_is_noop(void **state)
{
	(void)state;
	arena_free(NULL);
}

static void
arena_new_with_tiny_first_block_still_works(void **state)
{
	struct arena *a = arena_new(0);
	int           i;

	(void)state;
	for (i = 0; i < 100; i++)
		assert_string_equal(arena_printf(a, "n=%d", i), arena_printf(a, "n=%d", i));
	arena_free(a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(arena_alloc_aligns_every_allocation_to_16),
		cmocka_unit_test(arena_zalloc_and_strings_are_aligned_too),
		cmocka_unit_test(arena_alloc_serves_request_larger_than_first_block),
		cmocka_unit_test(arena_alloc_keeps_earlier_blocks_intact),
		cmocka_unit_test(arena_alloc_of_zero_bytes_is_not_null),
		cmocka_unit_test(arena_reset_releases_everything_and_keeps_working),
		cmocka_unit_test(arena_reset_of_fresh_arena_is_harmless),
		cmocka_unit_test(arena_zalloc_zeroes_reused_memory),
		cmocka_unit_test(arena_strdup_copies_contents),
		cmocka_unit_test(arena_strdup_of_null_is_null),
		cmocka_unit_test(arena_strndup_copies_prefix_and_terminates),
		cmocka_unit_test(arena_strdup_of_long_string_beyond_first_block),
		cmocka_unit_test(arena_printf_formats),
		cmocka_unit_test(arena_printf_output_longer_than_first_block),
		cmocka_unit_test(arena_used_starts_at_zero),
		cmocka_unit_test(arena_used_counts_bytes_handed_out),
		cmocka_unit_test(arena_used_is_zero_after_reset),
		cmocka_unit_test(arena_free_of_null_is_noop),
		cmocka_unit_test(arena_new_with_tiny_first_block_still_works),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
