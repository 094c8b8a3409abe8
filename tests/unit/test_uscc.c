/*
 * Unified social credit code (GB 32100-2015): the check character and the shape rules.
 * C18 = (31 − Σ Ci·Wi mod 31) mod 31, Wi = 3^(i−1) mod 31, over USCC_CHARSET.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "core/uscc.h"

/* The worked example of GB 32100-2015: body 91350100M000100Y4, check character 3. */
#define WORKED_EXAMPLE "91350100M000100Y43"

/* Codes of well-known companies, as printed on their business licences. */
static const char *const real_codes[] = { "914403001922038216", /* 华为技术有限公司 */
	"9144030071526726XG", /* 深圳市腾讯计算机系统有限公司 */
	"91330100716105852F", /* 阿里巴巴(中国)有限公司 */
	"91110000802100433B", NULL };

static void
uscc_check_char_of_gb32100_worked_example_is_3(void **state)
{
	(void)state;
	assert_int_equal(uscc_check_char("91350100M000100Y4Z"), '3');
	assert_int_equal(uscc_check_char("91350100M000100Y4"), '3');
}

static void
uscc_valid_accepts_gb32100_worked_example(void **state)
{
	(void)state;
	assert_true(uscc_valid(WORKED_EXAMPLE));
}

static void
uscc_valid_rejects_worked_example_with_placeholder_check(void **state)
{
	(void)state;
	assert_false(uscc_valid("91350100M000100Y4Z"));
}

/*
 * Computed by hand for 91150602MA13QY8T7:
 *   values   9 1 1 5 0 6 0 2 21 10 1 3 24 30 8 26 7
 *   weights  1 3 9 27 19 26 16 17 20 29 25 13 8 24 10 30 28
 *   Σ = 3088, 3088 mod 31 = 19, 31 − 19 = 12 → 'C'.
 */
static void
uscc_check_char_matches_hand_computation(void **state)
{
	(void)state;
	assert_int_equal(uscc_check_char("91150602MA13QY8T7"), 'C');
	assert_true(uscc_valid("91150602MA13QY8T7C"));
	assert_false(uscc_valid("91150602MA13QY8T7X"));
}

static void
uscc_valid_accepts_known_real_codes(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; real_codes[i] != NULL; i++) {
		if (!uscc_valid(real_codes[i]))
			fail_msg("real code %s refused", real_codes[i]);
	}
}

static void
uscc_valid_accepts_bodies_completed_with_check_char(void **state)
{
	static const char *const bodies[] = { "91150600MA0N1234X", /* enterprise, 鄂尔多斯 */
		"12150600011502123",                               /* public institution */
		"52150000MJY698765",                               /* social organisation */
		"93150602MA0Q7A1B2",                               /* farmers' cooperative */
		"00000000000000000", "YY999999YYYYYYYYY", NULL };
	char                     code[19];
	size_t                   i;
	char                     c;

	(void)state;
	for (i = 0; bodies[i] != NULL; i++) {
		c = uscc_check_char(bodies[i]);
		assert_int_not_equal(c, '\0');
		assert_non_null(strchr(USCC_CHARSET, c));
		snprintf(code, sizeof(code), "%s%c", bodies[i], c);
		if (!uscc_valid(code))
			fail_msg("%s refused", code);
	}
}

static void
uscc_check_char_of_all_zero_body_is_0(void **state)
{
	(void)state;
	assert_int_equal(uscc_check_char("00000000000000000"), '0');
}

/* Every substitution of one character by another of the set changes Σ mod 31 (31 is
 * prime and no weight is 0 mod 31), so no single-character error goes unnoticed. */
static void
uscc_valid_rejects_every_single_character_substitution(void **state)
{
	const char *valid[] = { WORKED_EXAMPLE, "91150602MA13QY8T7C", NULL };
	char        code[19];
	size_t      v, pos, k, tried = 0;

	(void)state;
	for (v = 0; valid[v] != NULL; v++) {
		for (pos = 0; pos < 18; pos++) {
			for (k = 0; USCC_CHARSET[k] != '\0'; k++) {
				snprintf(code, sizeof(code), "%s", valid[v]);
				if (code[pos] == USCC_CHARSET[k])
					continue;
				code[pos] = USCC_CHARSET[k];
				if (uscc_valid(code))
					fail_msg("corruption %s of %s accepted", code, valid[v]);
				tried++;
			}
		}
	}
	assert_int_equal(tried, 2 * 18 * 30);
}

static void
uscc_valid_rejects_real_codes_with_one_character_changed(void **state)
{
	char   code[19];
	size_t i, pos, k;

	(void)state;
	for (i = 0; real_codes[i] != NULL; i++)
		for (pos = 0; pos < 18; pos++)
			for (k = 0; USCC_CHARSET[k] != '\0'; k++) {
				snprintf(code, sizeof(code), "%s", real_codes[i]);
				if (code[pos] == USCC_CHARSET[k])
					continue;
				code[pos] = USCC_CHARSET[k];
				if (uscc_valid(code))
					fail_msg("corruption %s accepted", code);
			}
}

static void
uscc_valid_rejects_lowercase(void **state)
{
	(void)state;
	assert_false(uscc_valid("91350100m000100y43"));
	assert_false(uscc_valid("9144030071526726xg"));
	assert_false(uscc_valid("91330100716105852f"));
}

static void
uscc_valid_rejects_length_17(void **state)
{
	(void)state;
	assert_false(uscc_valid("91350100M000100Y4"));
}

static void
uscc_valid_rejects_length_19(void **state)
{
	(void)state;
	assert_false(uscc_valid("91350100M000100Y433"));
	assert_false(uscc_valid("91350100M000100Y43 "));
	assert_false(uscc_valid(" 91350100M000100Y43"));
}

static void
uscc_valid_rejects_empty(void **state)
{
	(void)state;
	assert_false(uscc_valid(""));
}

static void
uscc_valid_rejects_null(void **state)
{
	(void)state;
	assert_false(uscc_valid(NULL));
}

/* I O S V Z are not in the set (they look like 1 0 5 U 2). */
static void
uscc_valid_rejects_excluded_letters(void **state)
{
	static const char   excluded[] = "IOSVZ";
	char                code[19];
	size_t              i, pos;
	static const size_t positions[] = { 0, 1, 8, 9, 15, 17 };

	(void)state;
	for (i = 0; excluded[i] != '\0'; i++)
		for (pos = 0; pos < sizeof(positions) / sizeof(positions[0]); pos++) {
			snprintf(code, sizeof(code), "%s", WORKED_EXAMPLE);
			code[positions[pos]] = excluded[i];
			if (uscc_valid(code))
				fail_msg("%s accepted", code);
		}
}

static void
uscc_check_char_rejects_character_outside_set(void **state)
{
	(void)state;
	assert_int_equal(uscc_check_char("91350100I000100Y4"), '\0');
	assert_int_equal(uscc_check_char("91350100M000100Y-"), '\0');
	assert_int_equal(uscc_check_char("o1350100M000100Y4"), '\0');
}

static void
uscc_check_char_rejects_short_body(void **state)
{
	(void)state;
	assert_int_equal(uscc_check_char("9135"), '\0');
	assert_int_equal(uscc_check_char(""), '\0');
}

/* Positions 3–8 are the registering authority's region code: digits only, even when the
 * check character is right for the letters put there. */
static void
uscc_valid_rejects_letter_in_region_positions(void **state)
{
	char   code[19];
	size_t pos;
	char   c;

	(void)state;
	for (pos = 2; pos < 8; pos++) {
		snprintf(code, sizeof(code), "%s", WORKED_EXAMPLE);
		code[pos] = 'A';
		c = uscc_check_char(code);
		assert_int_not_equal(c, '\0');
		code[17] = c;
		if (uscc_valid(code))
			fail_msg("%s accepted with a letter at position %zu", code, pos + 1);
	}
}

static void
uscc_valid_accepts_letters_outside_region_positions(void **state)
{
	char   code[19];
	size_t pos;

	(void)state;
	/* Positions 1, 2 and 9–17 may be letters of the set. */
	for (pos = 0; pos < 17; pos++) {
		if (pos >= 2 && pos < 8)
			continue;
		snprintf(code, sizeof(code), "%s", WORKED_EXAMPLE);
		code[pos] = 'H';
		code[17] = uscc_check_char(code);
		if (!uscc_valid(code))
			fail_msg("%s refused", code);
	}
}

static void
uscc_valid_rejects_non_ascii(void **state)
{
	(void)state;
	assert_false(uscc_valid("91350100M000100Y4\xC3"));
	assert_false(uscc_valid("9135010０M000100Y43"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(uscc_check_char_of_gb32100_worked_example_is_3),
		cmocka_unit_test(uscc_valid_accepts_gb32100_worked_example),
		cmocka_unit_test(uscc_valid_rejects_worked_example_with_placeholder_check),
		cmocka_unit_test(uscc_check_char_matches_hand_computation),
		cmocka_unit_test(uscc_valid_accepts_known_real_codes),
		cmocka_unit_test(uscc_valid_accepts_bodies_completed_with_check_char),
		cmocka_unit_test(uscc_check_char_of_all_zero_body_is_0),
		cmocka_unit_test(uscc_valid_rejects_every_single_character_substitution),
		cmocka_unit_test(uscc_valid_rejects_real_codes_with_one_character_changed),
		cmocka_unit_test(uscc_valid_rejects_lowercase),
		cmocka_unit_test(uscc_valid_rejects_length_17),
		cmocka_unit_test(uscc_valid_rejects_length_19),
		cmocka_unit_test(uscc_valid_rejects_empty),
		cmocka_unit_test(uscc_valid_rejects_null),
		cmocka_unit_test(uscc_valid_rejects_excluded_letters),
		cmocka_unit_test(uscc_check_char_rejects_character_outside_set),
		cmocka_unit_test(uscc_check_char_rejects_short_body),
		cmocka_unit_test(uscc_valid_rejects_letter_in_region_positions),
		cmocka_unit_test(uscc_valid_accepts_letters_outside_region_positions),
		cmocka_unit_test(uscc_valid_rejects_non_ascii),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
