/*
 * The fine check of the provisions catalog (enforce/provision.c: provision_check,
 * provision_fine_range) and the late fee of a fine (enforce/case.c: case_late_fee), at their
 * boundaries. Every expected figure is written out by hand from
 * ../shared/reference/law/penalty_articles.json (安全生产法 2021; amounts there in 元, here
 * in fen: 1 元 = 100 fen) and procedure_deadlines.json (XZCF-72: 每日按罚款数额的百分之三加处罚款,
 * 加处罚款的数额不得超出罚款的数额), not computed by the code under test. 以上/以下 include the
 * figure itself (the catalog's conventions.range_inclusive).
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
#include <jansson.h>

#include "enforce/case.h"
#include "enforce/provision.h"

/* ---- helpers ---- */

static struct penalty_in
pin(const char *kind, const char *target, const char *stage, int64_t amount)
{
	struct penalty_in p = { 0 };

	p.kind = kind;
	p.target = target;
	p.stage = stage;
	p.amount_fen = amount;
	return p;
}

/* The fields the errors name, joined with spaces ("" when none). */
static const char *
fields(json_t *errs)
{
	static char buf[512];
	json_t     *e;
	size_t      i;

	buf[0] = '\0';
	json_array_foreach(errs, i, e)
	{
		if (i)
			strncat(buf, " ", sizeof(buf) - strlen(buf) - 1);
		strncat(buf, json_string_value(json_object_get(e, "field")),
		    sizeof(buf) - strlen(buf) - 1);
	}
	return buf;
}

/* provision_check accepts the penalty: APP_OK and no error. */
static void
check_ok(const char *id, struct penalty_in p, const char *what)
{
	json_t      *errs = json_array();
	enum app_err er = provision_check(id, &p, "p.", errs);

	if (er != APP_OK || json_array_size(errs) != 0)
		fail_msg("%s: %s %lld fen refused (%d): %s", what, id ? id : "NULL",
		    (long long)p.amount_fen, (int)er, fields(errs));
	json_decref(errs);
}

/* provision_check refuses it with exactly one error on p.<field>, whose message contains
 * `text` (when given). */
static void
check_refused(
    const char *id, struct penalty_in p, const char *field, const char *text, const char *what)
{
	json_t      *errs = json_array();
	enum app_err er = provision_check(id, &p, "p.", errs);
	char         want[64];
	const char  *msg;

	snprintf(want, sizeof(want), "p.%s", field);
	if (er != APP_EINVAL)
		fail_msg("%s: %s %lld fen: %d, want APP_EINVAL", what, id ? id : "NULL",
		    (long long)p.amount_fen, (int)er);
	if (json_array_size(errs) != 1 || strcmp(fields(errs), want) != 0)
		fail_msg("%s: errors on [%s], want [%s]", what, fields(errs), want);
	msg = json_string_value(json_object_get(json_array_get(errs, 0), "message"));
	if (text != NULL && strstr(msg, text) == NULL)
		fail_msg("%s: message \"%s\" does not name \"%s\"", what, msg, text);
	json_decref(errs);
}

/* The catalog rule of a provision for target, stage (and grade, or NULL). */
static const json_t *
rule(const char *id, const char *target, const char *stage, const char *grade)
{
	const json_t *p = provision_find(id), *r;
	size_t        i;

	if (p == NULL)
		fail_msg("no provision %s in the catalog", id);
	json_array_foreach(json_object_get(p, "rules"), i, r)
	{
		const char *g = json_string_value(json_object_get(r, "accident_grade"));

		if (strcmp(json_string_value(json_object_get(r, "target")), target) == 0 &&
		    strcmp(json_string_value(json_object_get(r, "stage")), stage) == 0 &&
		    (grade == NULL ? g == NULL : g != NULL && strcmp(g, grade) == 0))
			return r;
	}
	fail_msg("%s has no rule %s/%s/%s", id, target, stage, grade ? grade : "-");
	return NULL;
}

static void
check_range(
    const json_t *r, struct penalty_in p, int64_t want_lo, int64_t want_hi, const char *what)
{
	int64_t lo = -1, hi = -1;

	if (!provision_fine_range(r, &p, &lo, &hi))
		fail_msg(
		    "%s: no range, want %lld–%lld", what, (long long)want_lo, (long long)want_hi);
	if (lo != want_lo || hi != want_hi)
		fail_msg("%s: range %lld–%lld fen, want %lld–%lld", what, (long long)lo,
		    (long long)hi, (long long)want_lo, (long long)want_hi);
}

static void
check_fee(int64_t amount, const char *due, const char *as_of, int64_t want_fee, int64_t want_days)
{
	int64_t days = -1, fee = case_late_fee(amount, due, as_of, &days);

	if (fee != want_fee || days != want_days)
		fail_msg(
		    "case_late_fee(%lld, due %s, as of %s) = %lld fen, %lld days; want %lld, %lld",
		    (long long)amount, due ? due : "NULL", as_of ? as_of : "NULL", (long long)fee,
		    (long long)days, (long long)want_fee, (long long)want_days);
}

/* ---- provision_check: fixed ranges ---- */

/* 第九十九条: 责令限期改正, 处五万元以下的罚款 (unit). 0 means "以下": at least one fen. */
static void
aqscf99_initial_unit_up_to_fifty_thousand_yuan(void **state)
{
	(void)state;
	check_ok("AQSCF-99", pin("fine", "unit", "initial", 5000000), "5万元");
	check_ok("AQSCF-99", pin("fine", "unit", "initial", 1), "one fen");
	check_refused("AQSCF-99", pin("fine", "unit", "initial", 5000001), "amount_fen", "50000 元",
	    "5万元 and one fen");
	check_refused("AQSCF-99", pin("fine", "unit", "initial", 0), "amount_fen", NULL, "nothing");
}

/* 第九十九条: 逾期未改正的, 处五万元以上二十万元以下的罚款 (unit); 一万元以上二万元以下 (persons). */
static void
aqscf99_overdue_both_ends(void **state)
{
	(void)state;
	check_ok("AQSCF-99", pin("fine", "unit", "overdue_uncorrected", 5000000), "5万元");
	check_ok("AQSCF-99", pin("fine", "unit", "overdue_uncorrected", 20000000), "20万元");
	check_refused("AQSCF-99", pin("fine", "unit", "overdue_uncorrected", 4999999), "amount_fen",
	    "50000 元", "below 5万元");
	check_refused("AQSCF-99", pin("fine", "unit", "overdue_uncorrected", 20000001),
	    "amount_fen", "200000 元", "above 20万元");
	check_ok(
	    "AQSCF-99", pin("fine", "persons", "overdue_uncorrected", 1000000), "persons 1万元");
	check_ok(
	    "AQSCF-99", pin("fine", "persons", "overdue_uncorrected", 2000000), "persons 2万元");
	check_refused("AQSCF-99", pin("fine", "persons", "overdue_uncorrected", 999999),
	    "amount_fen", "10000 元", "persons below 1万元");
	check_refused("AQSCF-99", pin("fine", "persons", "overdue_uncorrected", 2000001),
	    "amount_fen", "20000 元", "persons above 2万元");
}

/* 第九十四条: 主要负责人 二万元以上五万元以下; 逾期 五万元以上十万元以下.
 * 第九十六条: 其他负责人和安全生产管理人员 一万元以上三万元以下. */
static void
aqscf94_principal_and_aqscf96_persons(void **state)
{
	(void)state;
	check_ok("AQSCF-94", pin("fine", "principal", "initial", 2000000), "2万元");
	check_ok("AQSCF-94", pin("fine", "principal", "initial", 5000000), "5万元");
	check_refused("AQSCF-94", pin("fine", "principal", "initial", 1999999), "amount_fen",
	    "20000 元", "below 2万元");
	check_refused("AQSCF-94", pin("fine", "principal", "initial", 5000001), "amount_fen",
	    "50000 元", "above 5万元");
	check_ok("AQSCF-94", pin("fine", "principal", "overdue_uncorrected", 10000000), "10万元");
	check_refused("AQSCF-94", pin("fine", "principal", "overdue_uncorrected", 10000001),
	    "amount_fen", "100000 元", "above 10万元");
	check_ok("AQSCF-96", pin("fine", "persons", "initial", 1000000), "1万元");
	check_ok("AQSCF-96", pin("fine", "persons", "initial", 3000000), "3万元");
	check_refused("AQSCF-96", pin("fine", "persons", "initial", 999999), "amount_fen",
	    "10000 元", "below 1万元");
	check_refused("AQSCF-96", pin("fine", "persons", "initial", 3000001), "amount_fen",
	    "30000 元", "above 3万元");
}

/* 第一百一十四条: 一般 三十万元以上一百万元以下; 较大 一百万元以上二百万元以下; 重大 二百万元以上
 * 一千万元以下; 特别重大 一千万元以上二千万元以下; 情节特别严重 前款罚款数额的二倍以上五倍以下. */
static void
aqscf114_by_accident_grade(void **state)
{
	static const struct {
		const char *grade;
		int64_t     lo, hi;
	} g[] = {
		{ "general", 30000000, 100000000 },
		{ "larger", 100000000, 200000000 },
		{ "major", 200000000, 1000000000 },
		{ "especially_major", 1000000000, 2000000000 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(g) / sizeof(g[0]); i++) {
		struct penalty_in p = pin("fine", "unit", "accident", g[i].lo);

		p.accident_grade = g[i].grade;
		check_ok("AQSCF-114", p, g[i].grade);
		p.amount_fen = g[i].hi;
		check_ok("AQSCF-114", p, g[i].grade);
		p.amount_fen = g[i].lo - 1;
		check_refused("AQSCF-114", p, "amount_fen", NULL, g[i].grade);
		p.amount_fen = g[i].hi + 1;
		check_refused("AQSCF-114", p, "amount_fen", NULL, g[i].grade);
		/* ×2 … ×5 of the same grade. */
		p.stage = "aggravated";
		p.amount_fen = 2 * g[i].lo;
		check_ok("AQSCF-114", p, "aggravated, twice the minimum");
		p.amount_fen = 5 * g[i].hi;
		check_ok("AQSCF-114", p, "aggravated, five times the maximum");
		p.amount_fen = 2 * g[i].lo - 1;
		check_refused("AQSCF-114", p, "amount_fen", NULL, "aggravated below");
		p.amount_fen = 5 * g[i].hi + 1;
		check_refused("AQSCF-114", p, "amount_fen", NULL, "aggravated above");
	}
	{
		struct penalty_in p = pin("fine", "unit", "accident", 30000000);

		p.accident_grade = "general";
		check_refused("AQSCF-114",
		    (struct penalty_in){ .kind = "fine",
			.target = "unit",
			.stage = "accident",
			.amount_fen = 30000000 },
		    "accident_grade", NULL, "no grade");
		check_ok("AQSCF-114", p, "一般 30万元");
		check_refused("AQSCF-114",
		    (struct penalty_in){ .kind = "fine",
			.target = "unit",
			.stage = "aggravated",
			.amount_fen = 60000000 },
		    "accident_grade", NULL, "aggravated, no grade");
	}
}

/* ---- provision_check: percentages, multiples, daily fines ---- */

/* 第九十五条: 一般 40 %, 较大 60 %, 重大 80 %, 特别重大 100 % of 上一年年收入. Income 10万元. */
static void
aqscf95_percent_of_income_by_grade(void **state)
{
	static const struct {
		const char *grade;
		int64_t     fine;
	} g[] = {
		{ "general", 4000000 },
		{ "larger", 6000000 },
		{ "major", 8000000 },
		{ "especially_major", 10000000 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(g) / sizeof(g[0]); i++) {
		struct penalty_in p = pin("fine", "principal", "accident", g[i].fine);

		p.accident_grade = g[i].grade;
		p.income_fen = 10000000;
		check_ok("AQSCF-95", p, g[i].grade);
		p.amount_fen = g[i].fine - 1;
		check_refused("AQSCF-95", p, "amount_fen", NULL, "one fen under");
		p.amount_fen = g[i].fine + 1;
		check_refused("AQSCF-95", p, "amount_fen", NULL, "one fen over");
		p.amount_fen = g[i].fine;
		p.income_fen = 0;
		check_refused("AQSCF-95", p, "income_fen", NULL, "no income");
	}
	{
		/* SGTL-38 (事故条例第38条, 30/40/60/80 %) is superseded by 第95条: not citable. */
		struct penalty_in p = pin("fine", "principal", "accident", 3000000);

		p.accident_grade = "general";
		p.income_fen = 10000000;
		check_refused("SGTL-38", p, "provision_id", "AQSCF-95", "superseded");
	}
}

/* 第九十五条 on an income that does not give whole fen: 123456.79 元 × 40 % = 49382.716 元, so
 * 4,938,271 and 4,938,272 fen both stand for it; 4,938,270 and 4,938,273 do not. */
static void
aqscf95_percent_rounds_to_the_fen(void **state)
{
	struct penalty_in p = pin("fine", "principal", "accident", 0);

	(void)state;
	p.accident_grade = "general";
	p.income_fen = 12345679;
	check_range(rule("AQSCF-95", "principal", "accident", "general"), p, 4938271, 4938272,
	    "40 % of 12,345,679 fen");
	p.amount_fen = 4938271;
	check_ok("AQSCF-95", p, "rounded down");
	p.amount_fen = 4938272;
	check_ok("AQSCF-95", p, "rounded up");
	p.amount_fen = 4938270;
	check_refused("AQSCF-95", p, "amount_fen", NULL, "a fen further down");
	p.amount_fen = 4938273;
	check_refused("AQSCF-95", p, "amount_fen", NULL, "a fen further up");
}

/* 第一百一十条: 上一年年收入百分之六十至百分之一百; 第九十六条 with an accident: 20 %–50 %. */
static void
aqscf110_and_96_percent_ranges(void **state)
{
	struct penalty_in p = pin("fine", "principal", "any", 0);

	(void)state;
	p.income_fen = 10000000;
	check_range(rule("AQSCF-110", "principal", "any", NULL), p, 6000000, 10000000, "第110条");
	p.amount_fen = 6000000;
	check_ok("AQSCF-110", p, "60 %");
	p.amount_fen = 10000000;
	check_ok("AQSCF-110", p, "100 %");
	p.amount_fen = 5999999;
	check_refused("AQSCF-110", p, "amount_fen", "60000 元", "below 60 %");
	p.amount_fen = 10000001;
	check_refused("AQSCF-110", p, "amount_fen", "100000 元", "above 100 %");
	p = pin("fine", "persons", "accident", 0);
	p.income_fen = 10000000;
	check_range(rule("AQSCF-96", "persons", "accident", NULL), p, 2000000, 5000000, "第96条");
}

/* 第九十二条第二款: 违法所得十万元以上的, 并处违法所得二倍以上五倍以下的罚款; 不足十万元的,
 * 单处或者并处十万元以上二十万元以下的罚款. The stage follows the illegal income. */
static void
aqscf92_illegal_income(void **state)
{
	struct penalty_in p = pin("fine", "unit", "illegal_income_ge_100k", 0);

	(void)state;
	p.illegal_income_fen = 10000000; /* exactly 10万元: 以上 includes it */
	check_range(rule("AQSCF-92-2", "unit", "illegal_income_ge_100k", NULL), p, 20000000,
	    50000000, "2–5 × 10万元");
	p.amount_fen = 20000000;
	check_ok("AQSCF-92-2", p, "2 × 10万元");
	p.amount_fen = 50000000;
	check_ok("AQSCF-92-2", p, "5 × 10万元");
	p.amount_fen = 50000001;
	check_refused("AQSCF-92-2", p, "amount_fen", NULL, "above 5 ×");
	p.illegal_income_fen = 9999999;
	p.amount_fen = 20000000;
	check_refused("AQSCF-92-2", p, "stage", NULL, "不足十万元 under 十万元以上");
	p.stage = "illegal_income_lt_100k";
	p.illegal_income_fen = 10000000;
	p.amount_fen = 10000000;
	check_refused("AQSCF-92-2", p, "stage", NULL, "十万元 under 不足十万元");
	p.illegal_income_fen = 9999999;
	check_ok("AQSCF-92-2", p, "不足十万元: 10万元");
	p.amount_fen = 20000000;
	check_ok("AQSCF-92-2", p, "不足十万元: 20万元");
	p.amount_fen = 20000001;
	check_refused("AQSCF-92-2", p, "amount_fen", "200000 元", "不足十万元: above 20万元");
	p = pin("fine", "unit", "illegal_income_ge_100k", 20000000);
	check_refused("AQSCF-92-2", p, "illegal_income_fen", NULL, "no illegal income");
}

/* 第一百一十二条: 按日连续处罚 — the original fine for each day: exactly base × days. */
static void
aqscf112_daily(void **state)
{
	struct penalty_in p = pin("fine", "unit", "refuse", 1500000);

	(void)state;
	p.base_fen = 500000;
	p.days = 3;
	check_range(rule("AQSCF-112", "unit", "refuse", NULL), p, 1500000, 1500000, "5000元 × 3");
	check_ok("AQSCF-112", p, "5000元 × 3 days");
	p.amount_fen = 1499999;
	check_refused("AQSCF-112", p, "amount_fen", NULL, "a fen short");
	p.amount_fen = 1500001;
	check_refused("AQSCF-112", p, "amount_fen", NULL, "a fen over");
	p.amount_fen = 1500000;
	p.days = 0;
	check_refused("AQSCF-112", p, "days", NULL, "no days");
}

/* ---- provision_check: what the rule does not give ---- */

static void
kinds_stages_and_citability(void **state)
{
	struct penalty_in p;

	(void)state;
	/* 第99条 initial gives only a fine. */
	check_refused("AQSCF-99", pin("closure", "unit", "initial", 0), "kind", NULL, "closure");
	/* 情节严重: 责令停产停业整顿, no fine. */
	check_ok("AQSCF-99", pin("suspension", "unit", "serious", 0), "suspension when serious");
	check_refused("AQSCF-99", pin("fine", "unit", "serious", 100000), "kind", NULL,
	    "a fine when serious");
	/* A stage or a target the provision does not have. */
	check_refused(
	    "AQSCF-99", pin("fine", "unit", "accident", 100000), "stage", NULL, "stage accident");
	check_refused("AQSCF-99", pin("fine", "principal", "initial", 100000), "stage", NULL,
	    "no principal rule");
	/* 第93条 initial: 责令限期改正 only, no penalty kind at all. */
	check_refused(
	    "AQSCF-93", pin("fine", "unit", "initial", 100000), "kind", NULL, "第93条 initial");
	/* Not citable, unknown, none. */
	p = pin("fine", "unit", "accident", 10000000);
	p.accident_grade = "general";
	check_refused("SGTL-37", p, "provision_id", "AQSCF-114", "SGTL-37 superseded");
	check_refused("AQSCF-90", pin("fine", "persons", "any", 100000), "provision_id", NULL,
	    "第90条 has no penalty for a case");
	check_refused(
	    "AQSCF-999", pin("fine", "unit", "initial", 100000), "provision_id", NULL, "unknown");
	check_refused(NULL, pin("fine", "unit", "initial", 100000), "provision_id", NULL, "none");
	if (provision_find("SGTL-37") == NULL || provision_find("AQSCF-999") != NULL)
		fail_msg("provision_find");
}

/* ---- provision_fine_range ---- */

static void
fine_range_fixed_and_none(void **state)
{
	struct penalty_in p = pin("fine", "unit", "initial", 0);
	int64_t           lo, hi;

	(void)state;
	/* "五万元以下": from one fen. */
	check_range(rule("AQSCF-99", "unit", "initial", NULL), p, 1, 5000000, "第99条 initial");
	check_range(rule("AQSCF-99", "unit", "overdue_uncorrected", NULL), p, 5000000, 20000000,
	    "第99条 overdue");
	p.accident_grade = "larger";
	p.stage = "accident";
	check_range(rule("AQSCF-114", "unit", "accident", "larger"), p, 100000000, 200000000,
	    "第114条 较大");
	/* No fine: 第93条 initial. A percentage without income. */
	if (provision_fine_range(rule("AQSCF-93", "unit", "initial", NULL), &p, &lo, &hi))
		fail_msg("第93条 initial has no fine range");
	p = pin("fine", "principal", "accident", 0);
	p.accident_grade = "general";
	if (provision_fine_range(
		rule("AQSCF-95", "principal", "accident", "general"), &p, &lo, &hi))
		fail_msg("第95条 without income has no range");
}

/* ---- case_late_fee (第72条) ---- */

static void
late_fee_three_percent_a_day_capped_at_the_fine(void **state)
{
	(void)state;
	/* 1万元 due 2024-10-15. */
	check_fee(1000000, "2024-10-15", "2024-10-14", 0, 0);        /* early */
	check_fee(1000000, "2024-10-15", "2024-10-15", 0, 0);        /* on the day */
	check_fee(1000000, "2024-10-15", "2024-10-16", 30000, 1);    /* 3 % */
	check_fee(1000000, "2024-10-15", "2024-10-25", 300000, 10);  /* 30 % */
	check_fee(1000000, "2024-10-15", "2024-11-17", 990000, 33);  /* 99 % */
	check_fee(1000000, "2024-10-15", "2024-11-18", 1000000, 34); /* 102 % → the fine */
	check_fee(1000000, "2024-10-15", "2024-11-24", 1000000, 40);
	check_fee(1000000, "2024-10-15", "2026-10-15", 1000000, 730);
	/* Across 29 February 2024: 28 Feb → 1 Mar is two days. */
	check_fee(2000000, "2024-02-28", "2024-03-01", 120000, 2);
	/* Across the year: 2024-12-30 → 2025-01-02 is three days, 9 % of 5000元. */
	check_fee(500000, "2024-12-30", "2025-01-02", 45000, 3);
	/* Nothing to charge on: no fine, no due date, no date. */
	check_fee(0, "2024-10-15", "2024-11-24", 0, 0);
	check_fee(1000000, NULL, "2024-11-24", 0, 0);
	check_fee(1000000, "2024-10-15", NULL, 0, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(aqscf99_initial_unit_up_to_fifty_thousand_yuan),
		cmocka_unit_test(aqscf99_overdue_both_ends),
		cmocka_unit_test(aqscf94_principal_and_aqscf96_persons),
		cmocka_unit_test(aqscf114_by_accident_grade),
		cmocka_unit_test(aqscf95_percent_of_income_by_grade),
		cmocka_unit_test(aqscf95_percent_rounds_to_the_fen),
		cmocka_unit_test(aqscf110_and_96_percent_ranges),
		cmocka_unit_test(aqscf92_illegal_income),
		cmocka_unit_test(aqscf112_daily),
		cmocka_unit_test(kinds_stages_and_citability),
		cmocka_unit_test(fine_range_fixed_and_none),
		cmocka_unit_test(late_fee_three_percent_a_day_capped_at_the_fine),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
