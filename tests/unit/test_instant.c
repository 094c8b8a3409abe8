/*
 * Time: RFC 3339 instants (instant_parse), the Asia/Shanghai date of an instant
 * (date_of_ms) around local midnight and before the epoch, date_fmt, and date_parse over
 * leap years. (test_text.c has the date_parse shape checks and time_fmt_rfc3339.)
 * Expected values are written out, computed independently of src/core/timeutil.c.
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

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* 2025-01-01T00:00:00+08:00 = 2024-12-31T16:00:00Z */
#define NEW_YEAR_2025_CST 1735660800000LL
#define DAY_2025_01_01 20089LL
#define DAY_2024_02_29 19782LL

static void
check_instant(const char *s, int64_t want)
{
	int64_t ms = 0x5A5A5A5A;

	if (!instant_parse(s, &ms))
		fail_msg("\"%s\" refused, want %lld", s, (long long)want);
	if (ms != want)
		fail_msg("\"%s\" = %lld, want %lld", s, (long long)ms, (long long)want);
}

static void
check_refused(const char *s)
{
	int64_t ms = 42;

	if (instant_parse(s, &ms))
		fail_msg("\"%s\" accepted as %lld", s ? s : "(null)", (long long)ms);
}

/* ---- instant_parse ---- */

static void
instant_parse_utc_z(void **state)
{
	(void)state;
	check_instant("1970-01-01T00:00:00Z", 0);
	check_instant("2024-12-31T16:00:00Z", NEW_YEAR_2025_CST);
	check_instant("2024-12-31T15:59:00Z", NEW_YEAR_2025_CST - 60000);
}

static void
instant_parse_plus_eight(void **state)
{
	(void)state;
	check_instant("1970-01-01T08:00:00+08:00", 0);
	check_instant("2024-12-31T23:59:00+08:00", 1735660740000LL);
	check_instant("2025-01-01T00:00:00+08:00", NEW_YEAR_2025_CST);
	/* +00:00 is Z. */
	check_instant("2024-12-31T16:00:00+00:00", NEW_YEAR_2025_CST);
	check_instant("2024-12-31T16:00:00-00:00", NEW_YEAR_2025_CST);
}

static void
instant_parse_negative_offset_with_minutes(void **state)
{
	(void)state;
	/* 10:00 at -05:30 is 15:30 UTC. */
	check_instant("2024-03-01T10:00:00-05:30", 1709307000000LL);
	/* Around the date line: -05:30 late in the evening is the next day in UTC. */
	check_instant("2024-12-31T10:30:00-05:30", NEW_YEAR_2025_CST);
	check_instant("2025-01-01T05:30:00+05:30", 1735689600000LL);
}

static void
instant_parse_fractions(void **state)
{
	(void)state;
	check_instant("2024-02-29T12:34:56.789+08:00", 1709181296789LL);
	check_instant("2024-02-29T12:34:56.7+08:00", 1709181296700LL);
	check_instant("2024-02-29T12:34:56.78+08:00", 1709181296780LL);
	check_instant("2024-02-29T12:34:56.000+08:00", 1709181296000LL);
	/* Beyond milliseconds: the extra digits are below a millisecond. */
	check_instant("2024-02-29T12:34:56.789123+08:00", 1709181296789LL);
	check_instant("1970-01-01T00:00:00.001Z", 1);
	check_instant("1970-01-01T00:00:00.999Z", 999);
}

static void
instant_parse_seconds_optional(void **state)
{
	(void)state;
	check_instant("2024-12-31T23:59+08:00", 1735660740000LL);
	check_instant("2024-12-31T16:00Z", NEW_YEAR_2025_CST);
	check_instant("2024-03-01T10:00-05:30", 1709307000000LL);
}

static void
instant_parse_before_the_epoch(void **state)
{
	(void)state;
	check_instant("1969-12-31T23:59:59+08:00", -28801000LL);
	check_instant("1969-12-31T23:59:59.999Z", -1);
	check_instant("1900-01-01T00:00:00+08:00", -2209017600000LL);
}

static void
instant_parse_refuses_missing_offset(void **state)
{
	(void)state;
	check_refused("2024-12-31T23:59:00");
	check_refused("2024-12-31T23:59");
	check_refused("2024-12-31T23:59:00.123");
	check_refused("2024-12-31");
}

static void
instant_parse_refuses_bad_dates(void **state)
{
	(void)state;
	check_refused("2024-13-01T00:00:00Z");
	check_refused("2024-00-10T00:00:00Z");
	check_refused("2024-02-30T00:00:00Z");
	check_refused("2023-02-29T00:00:00+08:00");
	check_refused("2024-1-01T00:00:00Z");
	check_refused("2024/12/31T00:00:00Z");
}

static void
instant_parse_refuses_bad_times(void **state)
{
	(void)state;
	check_refused("2024-12-31T24:00:00Z");
	check_refused("2024-12-31T24:00+08:00");
	check_refused("2024-12-31T23:60:00Z");
	check_refused("2024-12-31T23:59:61Z");
	check_refused("2024-12-31T9:00:00Z");
	check_refused("2024-12-31T09:0:00Z");
	check_refused("2024-12-31T09-00-00Z");
	check_refused("2024-12-31X09:00:00Z");
	/* A fraction needs digits, and seconds before it. */
	check_refused("2024-12-31T09:00:00.Z");
	check_refused("2024-12-31T09:00.5Z");
}

static void
instant_parse_refuses_bad_offsets(void **state)
{
	(void)state;
	check_refused("2024-12-31T09:00:00+8:00");
	check_refused("2024-12-31T09:00:00+08");
	check_refused("2024-12-31T09:00:00+0800");
	check_refused("2024-12-31T09:00:00+08:60");
	check_refused("2024-12-31T09:00:00+08:0");
	check_refused("2024-12-31T09:00:00 +08:00");
	check_refused("2024-12-31T09:00:00UTC");
}

static void
instant_parse_refuses_trailing_junk(void **state)
{
	(void)state;
	check_refused("2024-12-31T23:59:00+08:00x");
	check_refused("2024-12-31T23:59:00+08:00 ");
	check_refused("2024-12-31T23:59:00Z ");
	check_refused("2024-12-31T23:59:00ZZ");
	check_refused("2024-12-31T23:59:00Z+08:00");
	check_refused("2024-12-31T23:59:00+08:00:00");
	check_refused(" 2024-12-31T23:59:00Z");
}

static void
instant_parse_refuses_empty_and_null(void **state)
{
	(void)state;
	check_refused("");
	check_refused("T");
	check_refused("2024-12-31T");
	check_refused(NULL);
}

/* ---- date_of_ms ---- */

static void
date_of_ms_turns_at_local_midnight(void **state)
{
	(void)state;
	assert_int_equal(date_of_ms(NEW_YEAR_2025_CST), DAY_2025_01_01);
	assert_int_equal(date_of_ms(NEW_YEAR_2025_CST - 1), DAY_2025_01_01 - 1);
	assert_int_equal(date_of_ms(NEW_YEAR_2025_CST + 24 * MS_PER_HOUR - 1), DAY_2025_01_01);
	assert_int_equal(date_of_ms(NEW_YEAR_2025_CST + 24 * MS_PER_HOUR), DAY_2025_01_01 + 1);
	/* 23:59 on 31 December in Beijing is still 2024; 16:00Z the same day is 2025. */
	assert_int_equal(date_of_ms(1735660740000LL), DAY_2025_01_01 - 1);
	/* UTC midnight is 08:00 local: the same local date. */
	assert_int_equal(date_of_ms(NEW_YEAR_2025_CST + 8 * MS_PER_HOUR), DAY_2025_01_01);
	assert_int_equal(date_of_ms(NEW_YEAR_2025_CST - 16 * MS_PER_HOUR), DAY_2025_01_01 - 1);
}

static void
date_of_ms_before_the_epoch(void **state)
{
	(void)state;
	assert_int_equal(date_of_ms(0), 0);
	assert_int_equal(date_of_ms(-1), 0); /* 07:59:59.999 local on 1 January 1970 */
	assert_int_equal(date_of_ms(-8 * MS_PER_HOUR), 0);
	assert_int_equal(date_of_ms(-8 * MS_PER_HOUR - 1), -1);
	assert_int_equal(date_of_ms(-8 * MS_PER_HOUR - MS_PER_DAY), -1);
	assert_int_equal(date_of_ms(-8 * MS_PER_HOUR - MS_PER_DAY - 1), -2);
	assert_int_equal(date_of_ms(-28801000LL), -1);
	/* 1900-01-01T00:00+08:00 is day -25567. */
	assert_int_equal(date_of_ms(-2209017600000LL), -25567);
	assert_int_equal(date_of_ms(-2209017600000LL - 1), -25568);
}

static void
date_of_ms_agrees_with_date_start_ms(void **state)
{
	int64_t d;

	(void)state;
	for (d = -30000; d <= 30000; d += 7) {
		int64_t start = date_start_ms(d);

		if (date_of_ms(start) != d || date_of_ms(start - 1) != d - 1 ||
		    date_of_ms(start + MS_PER_DAY - 1) != d)
			fail_msg(
			    "day %lld: date_of_ms disagrees around its midnight", (long long)d);
	}
}

/* ---- date_fmt ---- */

static void
check_fmt(int64_t days, const char *want)
{
	char buf[11];

	memset(buf, 'X', sizeof(buf));
	date_fmt(days, buf);
	if (memchr(buf, '\0', sizeof(buf)) == NULL)
		fail_msg("date_fmt(%lld) is not terminated", (long long)days);
	if (strcmp(buf, want) != 0)
		fail_msg("date_fmt(%lld) = %s, want %s", (long long)days, buf, want);
}

static void
date_fmt_formats_dates(void **state)
{
	(void)state;
	check_fmt(0, "1970-01-01");
	check_fmt(-1, "1969-12-31");
	check_fmt(DAY_2024_02_29, "2024-02-29");
	check_fmt(DAY_2024_02_29 + 1, "2024-03-01");
	check_fmt(DAY_2025_01_01, "2025-01-01");
	check_fmt(DAY_2025_01_01 - 1, "2024-12-31");
	check_fmt(-25567, "1900-01-01");
	check_fmt(2932896, "9999-12-31");
	check_fmt(11016, "2000-02-29");
}

static void
date_fmt_of_date_of_ms_of_parsed_instants(void **state)
{
	static const struct {
		const char *in, *date;
	} cases[] = {
		{ "2024-12-31T16:30:00Z", "2025-01-01" },
		{ "2024-12-31T15:59:59.999Z", "2024-12-31" },
		{ "2024-12-31T23:59:00+08:00", "2024-12-31" },
		{ "2024-12-31T10:30:00-05:30", "2025-01-01" },
		{ "2024-02-28T16:00:00Z", "2024-02-29" },
		{ "2023-02-28T16:00:00Z", "2023-03-01" },
		{ "1969-12-31T16:00:00Z", "1970-01-01" },
		{ "1969-12-31T15:59:59Z", "1969-12-31" },
	};
	size_t  i;
	int64_t ms;
	char    buf[11];

	(void)state;
	for (i = 0; i < N(cases); i++) {
		if (!instant_parse(cases[i].in, &ms))
			fail_msg("\"%s\" refused", cases[i].in);
		date_fmt(date_of_ms(ms), buf);
		if (strcmp(buf, cases[i].date) != 0)
			fail_msg("\"%s\" is on %s in Asia/Shanghai, not %s", cases[i].in,
			    cases[i].date, buf);
	}
}

/* ---- date_parse and leap years ---- */

static bool
leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static void
date_parse_leap_days(void **state)
{
	static const struct {
		int  year;
		bool leap;
	} years[] = { { 1900, false }, { 1996, true }, { 2000, true }, { 2023, false },
		{ 2024, true }, { 2100, false }, { 2400, true }, { 2401, false } };
	size_t  i;
	int64_t d;
	char    s[32];

	(void)state;
	for (i = 0; i < N(years); i++) {
		snprintf(s, sizeof(s), "%04d-02-29", years[i].year);
		if (date_parse(s, &d) != years[i].leap)
			fail_msg("%s %s", s, years[i].leap ? "refused" : "accepted");
	}
	assert_true(date_parse("2024-02-29", &d));
	assert_int_equal(d, DAY_2024_02_29);
}

/*
 * Every calendar day of some years across century boundaries, built here with the
 * Gregorian rule: each is accepted, is one day after the previous one, and formats back;
 * each impossible day (day 0, the day after the month's last) is refused.
 */
static void
date_parse_every_day_and_date_fmt_round_trip(void **state)
{
	static const int spans[][2] = { { 1900, 1901 }, { 1999, 2001 }, { 2023, 2025 },
		{ 2099, 2101 } };
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	size_t           k;
	int              y, m, d, last;
	int64_t          days, prev;
	char             s[32], back[11];

	(void)state;
	for (k = 0; k < N(spans); k++) {
		prev = INT64_MIN;
		for (y = spans[k][0]; y <= spans[k][1]; y++)
			for (m = 1; m <= 12; m++) {
				last = mdays[m - 1] + (m == 2 && leap(y));
				for (d = 1; d <= last; d++) {
					snprintf(s, sizeof(s), "%04d-%02d-%02d", y, m, d);
					if (!date_parse(s, &days))
						fail_msg("%s refused", s);
					if (prev != INT64_MIN && days != prev + 1)
						fail_msg("%s is day %lld, the day before was %lld",
						    s, (long long)days, (long long)prev);
					date_fmt(days, back);
					if (strcmp(back, s) != 0)
						fail_msg(
						    "%s → %lld → %s", s, (long long)days, back);
					prev = days;
				}
				snprintf(s, sizeof(s), "%04d-%02d-%02d", y, m, last + 1);
				if (date_parse(s, &days))
					fail_msg("%s accepted", s);
				snprintf(s, sizeof(s), "%04d-%02d-00", y, m);
				if (date_parse(s, &days))
					fail_msg("%s accepted", s);
			}
	}
	/* 1970-01-01 is day 0 on the way. */
	assert_true(date_parse("1970-01-01", &days));
	assert_int_equal(days, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(instant_parse_utc_z),
		cmocka_unit_test(instant_parse_plus_eight),
		cmocka_unit_test(instant_parse_negative_offset_with_minutes),
		cmocka_unit_test(instant_parse_fractions),
		cmocka_unit_test(instant_parse_seconds_optional),
		cmocka_unit_test(instant_parse_before_the_epoch),
		cmocka_unit_test(instant_parse_refuses_missing_offset),
		cmocka_unit_test(instant_parse_refuses_bad_dates),
		cmocka_unit_test(instant_parse_refuses_bad_times),
		cmocka_unit_test(instant_parse_refuses_bad_offsets),
		cmocka_unit_test(instant_parse_refuses_trailing_junk),
		cmocka_unit_test(instant_parse_refuses_empty_and_null),
		cmocka_unit_test(date_of_ms_turns_at_local_midnight),
		cmocka_unit_test(date_of_ms_before_the_epoch),
		cmocka_unit_test(date_of_ms_agrees_with_date_start_ms),
		cmocka_unit_test(date_fmt_formats_dates),
		cmocka_unit_test(date_fmt_of_date_of_ms_of_parsed_instants),
		cmocka_unit_test(date_parse_leap_days),
		cmocka_unit_test(date_parse_every_day_and_date_fmt_round_trip),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
