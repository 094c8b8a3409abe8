/*
 * Working days (core/workday.c) over the built-in calendar, data/calendar/cn_holidays.json.
 * Every expected date is written out by hand from shared/reference/calendar/cn_holidays.json
 * (the notices' `off` and `work` lists) and a wall calendar, not computed by the code under
 * test. The weekday of each date named is given beside it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/timeutil.h"
#include "core/workday.h"

static int64_t
D(const char *s)
{
	int64_t d;

	if (!date_parse(s, &d))
		fail_msg("bad date in the test: %s", s);
	return d;
}

static void
check_is(const char *day, bool want, bool want_known)
{
	bool known = !want_known, got = workday_is(D(day), &known);

	if (got != want || known != want_known)
		fail_msg("workday_is(%s) = %d (known %d), want %d (known %d)", day, got, known,
		    want, want_known);
}

static void
check_add(const char *day, int n, const char *want, bool want_fallback)
{
	bool    fallback = !want_fallback;
	int64_t got = workday_add(D(day), n, &fallback);
	char    buf[11];

	date_fmt(got, buf);
	if (strcmp(buf, want) != 0 || fallback != want_fallback)
		fail_msg("workday_add(%s, %d) = %s (fallback %d), want %s (fallback %d)", day, n,
		    buf, fallback, want, want_fallback);
}

static void
check_between(const char *from, const char *to, int want, bool want_fallback)
{
	bool fallback = !want_fallback;
	int  got = workday_between(D(from), D(to), &fallback);

	if (got != want || fallback != want_fallback)
		fail_msg("workday_between(%s, %s) = %d (fallback %d), want %d (fallback %d)", from,
		    to, got, fallback, want, want_fallback);
}

static void
check_natural(const char *day, int n, const char *want)
{
	char buf[11];

	date_fmt(workday_deadline_natural(D(day), n), buf);
	if (strcmp(buf, want) != 0)
		fail_msg("workday_deadline_natural(%s, %d) = %s, want %s", day, n, buf, want);
}

static int
builtin_calendar(void **state)
{
	const char *problem;

	(void)state;
	return workday_load_json(NULL, &problem) == APP_OK ? 0 : -1;
}

/* ---- workday_is ---- */

static void
workday_is_ordinary_week(void **state)
{
	(void)state;
	check_is("2024-03-07", true, true);  /* Thu */
	check_is("2024-03-08", true, true);  /* Fri */
	check_is("2024-03-09", false, true); /* Sat */
	check_is("2024-03-10", false, true); /* Sun */
	check_is("2024-02-29", true, true);  /* Thu, leap day */
}

static void
workday_is_national_day_2024_and_its_adjusted_weekend_days(void **state)
{
	(void)state;
	/* 2024.off: 2024-10-01 … 2024-10-07; 2024.work: 2024-09-29, 2024-10-12. */
	check_is("2024-09-28", false, true); /* Sat, not worked */
	check_is("2024-09-29", true, true);  /* Sun, worked */
	check_is("2024-09-30", true, true);  /* Mon */
	check_is("2024-10-01", false, true); /* Tue */
	check_is("2024-10-04", false, true); /* Fri */
	check_is("2024-10-07", false, true); /* Mon */
	check_is("2024-10-08", true, true);  /* Tue */
	check_is("2024-10-12", true, true);  /* Sat, worked */
	check_is("2024-10-13", false, true); /* Sun */
}

static void
workday_is_2020_spring_festival_as_extended(void **state)
{
	(void)state;
	/* 国办发明电〔2020〕1号: the break ends on 2 February; Saturday 1 February is no longer
	 * worked, work resumes Monday 3 February. 2020-01-19 (Sun) stays worked. */
	check_is("2020-01-19", true, true);
	check_is("2020-01-31", false, true); /* Fri */
	check_is("2020-02-01", false, true); /* Sat */
	check_is("2020-02-02", false, true); /* Sun */
	check_is("2020-02-03", true, true);  /* Mon */
}

static void
workday_is_new_year_2023_from_the_2023_notice(void **state)
{
	(void)state;
	/* 2023.off begins with 2022-12-31 (Sat); 2023-01-02 (Mon) is off; 2023.work has
	 * 2023-01-28 (Sat) and 2023-01-29 (Sun). */
	check_is("2022-12-30", true, true);  /* Fri */
	check_is("2022-12-31", false, true); /* Sat */
	check_is("2023-01-02", false, true);
	check_is("2023-01-03", true, true); /* Tue */
	check_is("2023-01-28", true, true);
	check_is("2023-01-29", true, true);
}

static void
workday_is_weekdays_only_in_a_year_without_data(void **state)
{
	int first = 0, last = 0;

	(void)state;
	workday_years(&first, &last);
	assert_int_equal(first, 2020);
	assert_int_equal(last, 2026);
	/* 2031-01-01 (Wed) will be 元旦, but there is no notice: Monday to Friday only. */
	check_is("2031-01-01", true, false);
	check_is("2031-01-04", false, false); /* Sat */
	check_is("2019-10-01", true, false);  /* Tue, before the data */
	check_is("2027-01-01", true, false);  /* Fri, the year after the data */
	check_is("2026-12-31", true, true);   /* Thu, last day of the data */
}

/* ---- workday_add ---- */

static void
workday_add_five_after_a_thursday_crosses_the_weekend(void **state)
{
	(void)state;
	check_add("2024-03-07", 1, "2024-03-08", false); /* Thu → Fri */
	check_add("2024-03-07", 2, "2024-03-11", false); /* → Mon */
	check_add("2024-03-07", 5, "2024-03-14", false); /* → Thu */
	/* From a Saturday, Monday is the first. */
	check_add("2024-03-09", 1, "2024-03-11", false);
}

static void
workday_add_across_national_day_2024(void **state)
{
	(void)state;
	/* Fri 09-27: Sat 09-28 off, Sun 09-29 worked (1), Mon 09-30 (2), 10-01…07 off, Tue
	 * 10-08 (3). */
	check_add("2024-09-27", 1, "2024-09-29", false);
	check_add("2024-09-27", 3, "2024-10-08", false);
	/* Mon 09-30: 10-08 (1) … 10-11 (4), Sat 10-12 worked (5), Mon 10-14 (6), Tue 10-15 (7). */
	check_add("2024-09-30", 1, "2024-10-08", false);
	check_add("2024-09-30", 5, "2024-10-12", false);
	check_add("2024-09-30", 7, "2024-10-15", false);
	/* Starting inside the block. */
	check_add("2024-10-03", 2, "2024-10-09", false);
}

static void
workday_add_across_spring_festival_2025(void **state)
{
	(void)state;
	/* 2025.off 01-28 … 02-04; 2025.work 01-26 (Sun) and 02-08 (Sat). Fri 01-24: Sun 01-26
	 * (1), Mon 01-27 (2), Wed 02-05 (3). */
	check_add("2025-01-24", 1, "2025-01-26", false);
	check_add("2025-01-24", 3, "2025-02-05", false);
	check_add("2025-01-27", 1, "2025-02-05", false);
	/* Wed 02-05: Thu (1), Fri (2), Sat 02-08 worked (3), Mon 02-10 (4). */
	check_add("2025-02-05", 3, "2025-02-08", false);
	check_add("2025-02-05", 4, "2025-02-10", false);
}

static void
workday_add_across_new_year_2023(void **state)
{
	(void)state;
	/* Fri 2022-12-30: 12-31, 01-01, 01-02 off (2023 notice), Tue 01-03 (1). */
	check_add("2022-12-30", 1, "2023-01-03", false);
	check_add("2022-12-30", 2, "2023-01-04", false);
}

static void
workday_add_zero_is_the_day_itself(void **state)
{
	(void)state;
	check_add("2024-10-01", 0, "2024-10-01", false); /* even a holiday */
	check_add("2031-01-04", 0, "2031-01-04", false); /* nothing stepped over */
}

static void
workday_add_negative_counts_back(void **state)
{
	(void)state;
	check_add("2024-10-08", -1, "2024-09-30", false);
	check_add("2024-10-08", -2, "2024-09-29", false); /* Sun, worked */
	check_add("2024-10-08", -3, "2024-09-27", false); /* Fri */
	check_add("2024-03-11", -1, "2024-03-08", false); /* Mon → Fri */
}

static void
workday_add_in_a_year_without_data_falls_back_and_says_so(void **state)
{
	(void)state;
	check_add("2031-01-02", 5, "2031-01-09", true); /* Thu → Thu */
	check_add("2031-01-03", 1, "2031-01-06", true); /* Fri → Mon */
}

static void
workday_add_into_a_year_without_data(void **state)
{
	(void)state;
	/* Wed 2026-12-30: Thu 12-31 (1) is covered; Fri 2027-01-01 (2) is not. */
	check_add("2026-12-30", 1, "2026-12-31", false);
	check_add("2026-12-30", 2, "2027-01-01", true);
	check_add("2026-12-30", 3, "2027-01-04", true);
}

/* ---- workday_between ---- */

static void
workday_between_counts_the_end_not_the_start(void **state)
{
	(void)state;
	check_between("2024-03-07", "2024-03-14", 5, false);
	check_between("2024-09-30", "2024-10-12", 5, false);
	check_between("2024-09-30", "2024-10-08", 1, false);
	check_between("2024-09-30", "2024-10-07", 0, false); /* all of the block */
	check_between("2024-09-30", "2024-09-30", 0, false);
	check_between("2025-01-24", "2025-02-08", 6, false);
}

static void
workday_between_is_antisymmetric(void **state)
{
	(void)state;
	check_between("2024-10-12", "2024-09-30", -5, false);
	check_between("2024-03-14", "2024-03-07", -5, false);
	check_between("2024-10-08", "2024-09-30", -1, false);
	check_between("2024-10-07", "2024-09-30", 0, false);
}

static void
workday_between_in_a_year_without_data(void **state)
{
	(void)state;
	check_between("2031-01-02", "2031-01-09", 5, true);
	check_between("2026-12-30", "2027-01-04", 3, true);
	check_between("2027-01-04", "2026-12-30", -3, true);
}

static void
workday_between_undoes_workday_add(void **state)
{
	int64_t d;
	int     n;

	(void)state;
	for (d = D("2019-12-01"); d <= D("2027-01-31"); d++)
		for (n = 0; n <= 12; n++)
			if (workday_between(d, workday_add(d, n, NULL), NULL) != n) {
				char buf[11];

				date_fmt(d, buf);
				fail_msg("workday_between(%s, workday_add(%s, %d)) != %d", buf, buf,
				    n, n);
			}
}

/* ---- workday_deadline_natural ---- */

static void
workday_deadline_natural_on_a_working_day_stays(void **state)
{
	(void)state;
	check_natural("2024-03-07", 7, "2024-03-14");  /* Thu */
	check_natural("2024-09-27", 15, "2024-10-12"); /* Sat worked */
	check_natural("2024-09-14", 0, "2024-09-14");  /* Sat worked (2024.work) */
}

static void
workday_deadline_natural_on_a_holiday_moves_to_the_next_working_day(void **state)
{
	(void)state;
	check_natural("2024-09-16", 15, "2024-10-08"); /* 10-01 → after the block */
	check_natural("2024-03-01", 15, "2024-03-18"); /* Sat 03-16 → Mon */
	check_natural("2026-02-01", 15, "2026-02-24"); /* 02-16 → after 02-15 … 02-23 */
	check_natural("2022-12-16", 15, "2023-01-03"); /* 12-31 (2023 notice) → Tue */
	check_natural("2031-09-21", 10, "2031-10-01"); /* Wed: no data, no 国庆 */
}

/* ---- workday_load_json ---- */

/* A table with only the 2023 notice, shortened to its New Year block and one day worked. */
static const char new_year_2023[] = "{\"years\": {\"2023\": {"
				    "\"off\": [\"2022-12-31\", \"2023-01-01\", \"2023-01-02\"],"
				    " \"work\": [\"2023-01-28\"]}}}";

static void
workday_load_json_a_notice_starting_the_year_before(void **state)
{
	const char *problem = "x";
	int         first, last;

	(void)state;
	assert_int_equal(workday_load_json(new_year_2023, &problem), APP_OK);
	assert_null(problem);
	workday_years(&first, &last);
	assert_int_equal(first, 2023);
	assert_int_equal(last, 2023);
	/* Listed by the 2023 notice, so known though 2022 has no notice of its own. */
	check_is("2022-12-31", false, true);
	check_is("2022-12-30", true, false);
	check_is("2023-01-02", false, true);
	check_is("2023-01-28", true, true);
	check_is("2023-01-29", false, true); /* Sun: not in this table's work */
	check_add("2022-12-29", 2, "2023-01-03", true);
	check_add("2022-12-30", 1, "2023-01-03", false);
	assert_int_equal(workday_load_json(NULL, &problem), APP_OK);
	workday_years(&first, &last);
	assert_int_equal(first, 2020);
	assert_int_equal(last, 2026);
}

static void
check_refused(const char *json)
{
	const char *problem = NULL;
	int         first, last;

	if (workday_load_json(json, &problem) != APP_EINVAL)
		fail_msg("accepted: %s", json);
	assert_non_null(problem);
	/* The calendar in use is unchanged. */
	workday_years(&first, &last);
	assert_int_equal(first, 2020);
	assert_int_equal(last, 2026);
	check_is("2024-10-12", true, true);
}

static void
workday_load_json_refuses_a_bad_table(void **state)
{
	(void)state;
	check_refused("");
	check_refused("not json");
	check_refused("{}");
	check_refused("{\"years\": {}}");
	check_refused("{\"years\": {\"24\": {\"off\": [], \"work\": []}}}");
	check_refused("{\"years\": {\"2024\": {\"off\": []}}}");
	check_refused("{\"years\": {\"2024\": {\"off\": [\"2024-02-30\"], \"work\": []}}}");
	check_refused("{\"years\": {\"2024\": {\"off\": [20240101], \"work\": []}}}");
	/* A weekday cannot be a 调休 working day. */
	check_refused("{\"years\": {\"2024\": {\"off\": [], \"work\": [\"2024-10-08\"]}}}");
	/* Both off and worked, in one notice or in two. */
	check_refused(
	    "{\"years\": {\"2024\": {\"off\": [\"2024-10-12\"], \"work\": [\"2024-10-12\"]}}}");
	check_refused("{\"years\": {\"2023\": {\"off\": [\"2022-12-31\"], \"work\": []},"
		      " \"2022\": {\"off\": [], \"work\": [\"2022-12-31\"]}}}");
	/* A date two years before its notice, and a gap between the years. */
	check_refused("{\"years\": {\"2024\": {\"off\": [\"2022-12-30\"], \"work\": []}}}");
	check_refused("{\"years\": {\"2020\": {\"off\": [], \"work\": []},"
		      " \"2022\": {\"off\": [], \"work\": []}}}");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(workday_is_ordinary_week),
		cmocka_unit_test(workday_is_national_day_2024_and_its_adjusted_weekend_days),
		cmocka_unit_test(workday_is_2020_spring_festival_as_extended),
		cmocka_unit_test(workday_is_new_year_2023_from_the_2023_notice),
		cmocka_unit_test(workday_is_weekdays_only_in_a_year_without_data),
		cmocka_unit_test(workday_add_five_after_a_thursday_crosses_the_weekend),
		cmocka_unit_test(workday_add_across_national_day_2024),
		cmocka_unit_test(workday_add_across_spring_festival_2025),
		cmocka_unit_test(workday_add_across_new_year_2023),
		cmocka_unit_test(workday_add_zero_is_the_day_itself),
		cmocka_unit_test(workday_add_negative_counts_back),
		cmocka_unit_test(workday_add_in_a_year_without_data_falls_back_and_says_so),
		cmocka_unit_test(workday_add_into_a_year_without_data),
		cmocka_unit_test(workday_between_counts_the_end_not_the_start),
		cmocka_unit_test(workday_between_is_antisymmetric),
		cmocka_unit_test(workday_between_in_a_year_without_data),
		cmocka_unit_test(workday_between_undoes_workday_add),
		cmocka_unit_test(workday_deadline_natural_on_a_working_day_stays),
		cmocka_unit_test(
		    workday_deadline_natural_on_a_holiday_moves_to_the_next_working_day),
		cmocka_unit_test_teardown(
		    workday_load_json_a_notice_starting_the_year_before, builtin_calendar),
		cmocka_unit_test_teardown(workday_load_json_refuses_a_bad_table, builtin_calendar),
	};

	return cmocka_run_group_tests(tests, NULL, builtin_calendar);
}
