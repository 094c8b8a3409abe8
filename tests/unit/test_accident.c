/*
 * The accident grade (条例第三条, ../shared/reference/law/accident_grades.json): every
 * boundary of every criterion — 2/3, 9/10, 29/30 deaths; 9/10, 49/50, 99/100 serious
 * injuries; 999.99万/1000万, 4999.99万/5000万, 9999.99万/1亿 yuan — lower bounds inclusive,
 * upper exclusive, and the highest criterion wins. Expected values written out by hand.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "accident/accident.h"

#define WAN_FEN 1000000LL /* 1万元 in fen */

static void
check(int64_t d, int64_t i, int64_t l, enum accident_grade want, const char *want_by)
{
	const char         *by = NULL;
	enum accident_grade g = accident_grade_of(d, i, l, &by);

	if (g != want || strcmp(by, want_by) != 0)
		fail_msg("deaths %lld, injuries %lld, loss %lld fen: %s by %s, want %s by %s",
		    (long long)d, (long long)i, (long long)l, accident_grade_code(g), by,
		    accident_grade_code(want), want_by);
}

static void
deaths(void **state)
{
	(void)state;
	check(0, 0, 0, ACC_GENERAL, "none");
	check(2, 0, 0, ACC_GENERAL, "none");
	check(3, 0, 0, ACC_LARGER, "deaths");
	check(9, 0, 0, ACC_LARGER, "deaths");
	check(10, 0, 0, ACC_MAJOR, "deaths");
	check(29, 0, 0, ACC_MAJOR, "deaths");
	check(30, 0, 0, ACC_ESPECIALLY_MAJOR, "deaths");
}

static void
injuries(void **state)
{
	(void)state;
	check(0, 9, 0, ACC_GENERAL, "none");
	check(0, 10, 0, ACC_LARGER, "serious_injuries");
	check(0, 49, 0, ACC_LARGER, "serious_injuries");
	check(0, 50, 0, ACC_MAJOR, "serious_injuries");
	check(0, 99, 0, ACC_MAJOR, "serious_injuries");
	check(0, 100, 0, ACC_ESPECIALLY_MAJOR, "serious_injuries");
}

static void
loss(void **state)
{
	(void)state;
	check(0, 0, 999990000, ACC_GENERAL, "none");            /* 999.99万元 */
	check(0, 0, 1000 * WAN_FEN - 1, ACC_GENERAL, "none");   /* one fen short of 1000万元 */
	check(0, 0, 1000 * WAN_FEN, ACC_LARGER, "direct_loss"); /* 1000万元 */
	check(0, 0, 5000 * WAN_FEN - 1, ACC_LARGER, "direct_loss");
	check(0, 0, 5000 * WAN_FEN, ACC_MAJOR, "direct_loss");
	check(0, 0, 10000 * WAN_FEN - 1, ACC_MAJOR, "direct_loss");
	check(0, 0, 10000 * WAN_FEN, ACC_ESPECIALLY_MAJOR, "direct_loss"); /* 1亿元 */
}

static void
highest_wins(void **state)
{
	(void)state;
	/* 2 deaths (一般) but 50 serious injuries (重大): 重大. */
	check(2, 50, 0, ACC_MAJOR, "serious_injuries");
	/* 3 deaths (较大) and 1亿元 (特别重大): 特别重大. */
	check(3, 0, 10000 * WAN_FEN, ACC_ESPECIALLY_MAJOR, "direct_loss");
	/* 10 deaths and 10 injuries: 重大 by deaths. */
	check(10, 10, 0, ACC_MAJOR, "deaths");
	/* On a tie the first criterion in order is named. */
	check(3, 10, 1000 * WAN_FEN, ACC_LARGER, "deaths");
}

static void
labels(void **state)
{
	(void)state;
	assert_string_equal(accident_grade_code(ACC_GENERAL), "general");
	assert_string_equal(accident_grade_code(ACC_ESPECIALLY_MAJOR), "especially_major");
	assert_string_equal(accident_grade_label(ACC_LARGER), "较大事故");
	assert_string_equal(accident_grade_label(ACC_MAJOR), "重大事故");
	assert_null(accident_grade_code(ACC_GRADE__MAX));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(deaths),
		cmocka_unit_test(injuries),
		cmocka_unit_test(loss),
		cmocka_unit_test(highest_wins),
		cmocka_unit_test(labels),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
