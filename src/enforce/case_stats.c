#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/scope.h"
#include "core/jsonx.h"
#include "core/timeutil.h"
#include "enforce/case_stats.h"
#include "enforce/provision.h"
#include "refdata/refdata.h"
#include "store/store.h"

static const char *const group_bys[] = { "region", "mode", "month", "provision", NULL };
static const char *const kinds[] = { "warning", "fine", "confiscation", "suspension", "license",
	"closure", NULL };
static const char *const mode_codes[] = { "routine", "campaign", "concentrated", "joint", NULL };
static const char *const mode_labels[] = { "日常执法", "专项执法", "集中执法", "联合执法", NULL };

enum app_err
case_stats_parse(case_stats_param_fn get, void *arg, struct case_stats_query *q, json_t *errs)
{
	const char *from = get(arg, "from"), *to = get(arg, "to"), *as_of = get(arg, "as_of"),
		   *by = get(arg, "group_by");
	char    today[11];
	int64_t d;
	int     i;

	today_str(today);
	snprintf(q->from, sizeof(q->from), "%.4s-01-01", today);
	snprintf(q->to, sizeof(q->to), "%.4s-12-31", today);
	snprintf(q->as_of, sizeof(q->as_of), "%s", today);
	snprintf(q->group_by, sizeof(q->group_by), "region");
	if (from != NULL && (!date_parse(from, &d) || strlen(from) != 10))
		jx_err(errs, "from", "应为日期 YYYY-MM-DD");
	else if (from != NULL)
		memcpy(q->from, from, 11);
	if (to != NULL && (!date_parse(to, &d) || strlen(to) != 10))
		jx_err(errs, "to", "应为日期 YYYY-MM-DD");
	else if (to != NULL)
		memcpy(q->to, to, 11);
	if (as_of != NULL && (!date_parse(as_of, &d) || strlen(as_of) != 10))
		jx_err(errs, "as_of", "应为日期 YYYY-MM-DD");
	else if (as_of != NULL)
		memcpy(q->as_of, as_of, 11);
	if (strcmp(q->from, q->to) > 0 && !jx_has_err(errs, "from") && !jx_has_err(errs, "to"))
		jx_err(errs, "to", "不能早于 from");
	if (by != NULL) {
		for (i = 0; group_bys[i] != NULL && strcmp(group_bys[i], by) != 0; i++)
			;
		if (group_bys[i] == NULL)
			jx_err(errs, "group_by", "应为 region、mode、month 或 provision");
		else
			snprintf(q->group_by, sizeof(q->group_by), "%s", by);
	}
	return json_array_size(errs) ? APP_EINVAL : APP_OK;
}

/*
 * Per group key: the cases (?5 from, ?6 to, ?7 as_of; ?1–?4 the scope), and the
 * penalties of decided cases by kind. The key expressions differ per grouping; the SQL
 * is static text (store_stmt caches by address), so one pair per grouping.
 */
#define CASES_WHERE \
	" FROM cases c INDEXED BY cases_filed WHERE c.filed_on >= ?5 AND c.filed_on <= ?6" \
	" AND c.status <> 'revoked' AND " SCOPE_PRED( \
	    "c.region_code", "c.sector", "c.enterprise_id")
#define CASE_COUNTS \
	" count(DISTINCT c.id), count(DISTINCT CASE WHEN c.status IN ('closed', 'not_penalized'," \
	" 'transferred') THEN c.id END), count(DISTINCT CASE WHEN c.status IN ('filed'," \
	" 'investigating', 'legal_review', 'notified', 'hearing') AND date(c.filed_on, '+' ||" \
	" (90 + c.extension_days) || ' days') < ?7 THEN c.id END)"
#define PENALTIES_FROM \
	" FROM cases c INDEXED BY cases_filed JOIN case_penalties p ON p.case_id = c.id" \
	" WHERE c.filed_on >= ?5 AND c.filed_on <= ?6 AND c.status IN ('decided', 'executing'," \
	" 'closed') AND " SCOPE_PRED("c.region_code", "c.sector", "c.enterprise_id")
#define PENALTY_SUMS " p.kind, count(*), sum(p.amount_fen), sum(coalesce(p.paid_fen, 0))"

static const char *const sql_cases[] = {
	"SELECT substr(c.region_code, 1, 6)," CASE_COUNTS CASES_WHERE " GROUP BY 1",
	"SELECT c.mode," CASE_COUNTS                      CASES_WHERE " GROUP BY 1",
	"SELECT substr(c.filed_on, 1, 7)," CASE_COUNTS    CASES_WHERE " GROUP BY 1",
};
/* By provision: the cases whose violations cite it. */
static const char sql_cases_provision[] =
    "SELECT v.provision_id," CASE_COUNTS
    " FROM cases c INDEXED BY cases_filed JOIN case_violations v ON v.case_id = c.id WHERE"
    " c.filed_on >= ?5 AND"
    " c.filed_on <= ?6 AND c.status <> 'revoked' AND " SCOPE_PRED(
	"c.region_code", "c.sector", "c.enterprise_id") " GROUP BY 1";
static const char *const sql_penalties[] = {
	"SELECT substr(c.region_code, 1, 6)," PENALTY_SUMS PENALTIES_FROM " GROUP BY 1, 2",
	"SELECT c.mode," PENALTY_SUMS                      PENALTIES_FROM " GROUP BY 1, 2",
	"SELECT substr(c.filed_on, 1, 7)," PENALTY_SUMS    PENALTIES_FROM " GROUP BY 1, 2",
	"SELECT p.provision_id," PENALTY_SUMS              PENALTIES_FROM " GROUP BY 1, 2",
};

static json_t *
new_group(const char *key, const char *label)
{
	json_t *pk = json_object();
	int     i;

	for (i = 0; kinds[i] != NULL; i++)
		json_object_set_new(pk, kinds[i], json_integer(0));
	return json_pack("{s:s, s:s, s:i, s:i, s:I, s:I, s:o, s:i}", "key", key, "label", label,
	    "cases_filed", 0, "cases_closed", 0, "fines_imposed_fen", (json_int_t)0,
	    "fines_collected_fen", (json_int_t)0, "penalties", pk, "decisions_overdue", 0);
}

static const char *
label_of(const char *by, const char *key)
{
	int i;

	if (strcmp(by, "region") == 0)
		return region_label(key);
	if (strcmp(by, "provision") == 0)
		return provision_title(key);
	if (strcmp(by, "mode") == 0)
		for (i = 0; mode_codes[i] != NULL; i++)
			if (strcmp(mode_codes[i], key) == 0)
				return mode_labels[i];
	return key;
}

static json_t *
group_for(json_t *groups, json_t *index, const char *by, const char *key)
{
	json_t *g = json_object_get(index, key);

	if (g == NULL) {
		g = new_group(key, label_of(by, key) ? label_of(by, key) : key);
		json_array_append_new(groups, g);
		json_object_set(index, key, g);
	}
	return g;
}

static void
add(json_t *g, const char *k, int64_t n)
{
	json_object_set_new(g, k, json_integer(json_integer_value(json_object_get(g, k)) + n));
}

static void
bind_q(struct stmt *st, const struct scope *sc, const struct case_stats_query *q, bool as_of)
{
	scope_bind(st, sc);
	stmt_bind_text(st, 5, q->from);
	stmt_bind_text(st, 6, q->to);
	if (as_of)
		stmt_bind_text(st, 7, q->as_of);
}

static int
cmp_key(const void *a, const void *b)
{
	return strcmp(json_string_value(json_object_get(*(json_t *const *)a, "key")),
	    json_string_value(json_object_get(*(json_t *const *)b, "key")));
}

enum app_err
case_stats(struct store *s, const struct scope *sc, const struct case_stats_query *q, json_t **out)
{
	json_t      *groups = json_array(), *index = json_object(), *total, *g, *sorted;
	struct stmt *st;
	enum app_err er;
	bool         row;
	int          gi;
	size_t       i, n;

	for (gi = 0; strcmp(group_bys[gi], q->group_by) != 0; gi++)
		;
	st = store_stmt(s, gi == 3 ? sql_cases_provision : sql_cases[gi]);
	bind_q(st, sc, q, true);
	while ((er = stmt_step(st, &row)) == APP_OK && row) {
		g = group_for(groups, index, q->group_by, stmt_text(st, 0));
		add(g, "cases_filed", stmt_i64(st, 1));
		add(g, "cases_closed", stmt_i64(st, 2));
		add(g, "decisions_overdue", stmt_i64(st, 3));
	}
	if (er != APP_OK)
		goto fail;
	st = store_stmt(s, sql_penalties[gi]);
	bind_q(st, sc, q, false);
	while ((er = stmt_step(st, &row)) == APP_OK && row) {
		json_t *pk;

		g = group_for(groups, index, q->group_by, stmt_text(st, 0));
		pk = json_object_get(g, "penalties");
		add(pk, stmt_text(st, 1), stmt_i64(st, 2));
		if (strcmp(stmt_text(st, 1), "fine") == 0) {
			add(g, "fines_imposed_fen", stmt_i64(st, 3));
			add(g, "fines_collected_fen", stmt_i64(st, 4));
		}
	}
	if (er != APP_OK)
		goto fail;
	/* The total is over cases, not a sum of groups: a case citing two provisions counts
	 * once (by provision the groups may add up to more). */
	total = new_group("total", "合计");
	if (gi == 3) {
		st = store_stmt(s, sql_cases[0]);
		bind_q(st, sc, q, true);
		while ((er = stmt_step(st, &row)) == APP_OK && row) {
			add(total, "cases_filed", stmt_i64(st, 1));
			add(total, "cases_closed", stmt_i64(st, 2));
			add(total, "decisions_overdue", stmt_i64(st, 3));
		}
		json_array_foreach(groups, i, g)
		{
			json_t     *pk = json_object_get(g, "penalties");
			const char *k;
			json_t     *v;

			add(total, "fines_imposed_fen",
			    json_integer_value(json_object_get(g, "fines_imposed_fen")));
			add(total, "fines_collected_fen",
			    json_integer_value(json_object_get(g, "fines_collected_fen")));
			json_object_foreach(pk, k, v)
			    add(json_object_get(total, "penalties"), k, json_integer_value(v));
		}
	} else {
		static const char *const sums[] = { "cases_filed", "cases_closed",
			"fines_imposed_fen", "fines_collected_fen", "decisions_overdue", NULL };

		json_array_foreach(groups, i, g)
		{
			const char *k;
			json_t     *v;
			int         m;

			for (m = 0; sums[m] != NULL; m++)
				add(total, sums[m],
				    json_integer_value(json_object_get(g, sums[m])));
			json_object_foreach(json_object_get(g, "penalties"), k, v)
			    add(json_object_get(total, "penalties"), k, json_integer_value(v));
		}
	}
	if (er != APP_OK) {
		json_decref(total);
		goto fail;
	}
	/* Groups in key order (region codes, modes, months, provision ids). */
	n = json_array_size(groups);
	{
		json_t *arr[n ? n : 1];

		for (i = 0; i < n; i++)
			arr[i] = json_array_get(groups, i);
		qsort(arr, n, sizeof(arr[0]), cmp_key);
		sorted = json_array();
		for (i = 0; i < n; i++)
			json_array_append(sorted, arr[i]);
	}
	*out = json_pack("{s:s, s:s, s:s, s:s, s:o, s:o}", "from", q->from, "to", q->to, "as_of",
	    q->as_of, "group_by", q->group_by, "groups", sorted, "total", total);
	json_decref(groups);
	json_decref(index);
	return APP_OK;
fail:
	json_decref(groups);
	json_decref(index);
	return er;
}

static const struct sheet_column columns[] = {
	{ "分组", 24, false },
	{ "立案数", 10, true },
	{ "结案数", 10, true },
	{ "罚款金额（元）", 16, true },
	{ "已缴罚款（元）", 16, true },
	{ "警告", 8, true },
	{ "罚款", 8, true },
	{ "没收违法所得", 12, true },
	{ "责令停产停业", 12, true },
	{ "暂扣或吊销证照", 14, true },
	{ "关闭", 8, true },
	{ "超期未决定", 12, true },
};
#define N_COLUMNS (sizeof(columns) / sizeof(columns[0]))

static void
yuan(char *buf, size_t sz, json_int_t fen)
{
	snprintf(buf, sz, "%lld.%02lld", (long long)(fen / 100), (long long)(fen % 100));
}

static void
stat_row(struct sheet *sh, json_t *g, bool bold)
{
	char        buf[N_COLUMNS][32];
	const char *cells[N_COLUMNS];
	json_t     *pk = json_object_get(g, "penalties");
	size_t      i;
	int         k;

	cells[0] = json_string_value(json_object_get(g, "label"));
	snprintf(
	    buf[1], 32, "%lld", (long long)json_integer_value(json_object_get(g, "cases_filed")));
	snprintf(
	    buf[2], 32, "%lld", (long long)json_integer_value(json_object_get(g, "cases_closed")));
	yuan(buf[3], 32, json_integer_value(json_object_get(g, "fines_imposed_fen")));
	yuan(buf[4], 32, json_integer_value(json_object_get(g, "fines_collected_fen")));
	for (k = 0; kinds[k] != NULL; k++)
		snprintf(buf[5 + k], 32, "%lld",
		    (long long)json_integer_value(json_object_get(pk, kinds[k])));
	snprintf(buf[11], 32, "%lld",
	    (long long)json_integer_value(json_object_get(g, "decisions_overdue")));
	for (i = 1; i < N_COLUMNS; i++)
		cells[i] = buf[i];
	sheet_row(sh, cells, bold);
}

enum app_err
case_stats_write(json_t *stats, enum sheet_format fmt, const char *path)
{
	struct sheet *sh;
	enum app_err  er;
	json_t       *g;
	size_t        i;
	char          title[200];

	snprintf(title, sizeof(title), "行政执法统计表（立案日期 %s 至 %s，截至 %s）",
	    json_string_value(json_object_get(stats, "from")),
	    json_string_value(json_object_get(stats, "to")),
	    json_string_value(json_object_get(stats, "as_of")));
	if ((er = sheet_open(path, fmt, "行政执法统计", title, columns, N_COLUMNS, &sh)) != APP_OK)
		return er;
	json_array_foreach(json_object_get(stats, "groups"), i, g) stat_row(sh, g, false);
	stat_row(sh, json_object_get(stats, "total"), true);
	return sheet_close(sh);
}
