#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/scope.h"
#include "core/arena.h"
#include "core/jsonx.h"
#include "core/text.h"
#include "core/timeutil.h"
#include "hazard/hazard.h"
#include "hazard/stats.h"
#include "refdata/refdata.h"
#include "store/store.h"

static const char *const group_bys[] = { "region", "sector", "month", "level", "source", NULL };

enum app_err
hazard_stats_parse(stats_param_fn get, void *arg, struct hazard_stats_query *q, json_t *errs)
{
	const char *v;
	int64_t     d;
	size_t      i;

	memset(q, 0, sizeof(*q));
	today_str(q->as_of);
	if ((v = get(arg, "as_of")) != NULL) {
		if (!date_parse(v, &d))
			jx_err(errs, "as_of", "应为日期 YYYY-MM-DD");
		else
			snprintf(q->as_of, sizeof(q->as_of), "%s", v);
	}
	snprintf(q->from, sizeof(q->from), "%.4s-01-01", q->as_of);
	snprintf(q->to, sizeof(q->to), "%s", q->as_of);
	if ((v = get(arg, "from")) != NULL) {
		if (!date_parse(v, &d))
			jx_err(errs, "from", "应为日期 YYYY-MM-DD");
		else
			snprintf(q->from, sizeof(q->from), "%s", v);
	}
	if ((v = get(arg, "to")) != NULL) {
		if (!date_parse(v, &d))
			jx_err(errs, "to", "应为日期 YYYY-MM-DD");
		else
			snprintf(q->to, sizeof(q->to), "%s", v);
	}
	if (strcmp(q->to, q->from) < 0 && !jx_has_err(errs, "to"))
		jx_err(errs, "to", "结束日期不能早于开始日期");
	q->group_by = get(arg, "group_by") ? get(arg, "group_by") : "region";
	for (i = 0; group_bys[i] != NULL && strcmp(group_bys[i], q->group_by) != 0; i++)
		continue;
	if (group_bys[i] == NULL)
		jx_err(errs, "group_by", "应为 region、sector、month、level 或 source");
	else
		q->group_by = group_bys[i];
	return json_array_size(errs) > 0 ? APP_EINVAL : APP_OK;
}

/* ?5 group, ?6 region code length, ?7..?8 found range, ?9 end of as_of (ms), ?10 as_of. */
#define GROUP_EXPR(region, sector, date) \
	"CASE ?5 WHEN 'region' THEN substr(" region ", 1, ?6) WHEN 'sector' THEN " sector \
	" WHEN 'month' THEN substr(" date ", 1, 7)"
/*
 * The hazards found in the range, one row each, read from the covering index in found_on
 * order and counted here: SQLite's aggregate functions cost about 0.5 µs per row and value
 * (six sums over a year of a city's hazards took 200 ms before any grouping), and its
 * GROUP BY sorts every row; a loop over the rows with the group looked up in a short list
 * does the same in a third of the time. ?7..?8 found range.
 */
static const char sql_hazards[] =
    "SELECT h.region_code, h.sector, h.found_on, h.level, h.source, h.closed_at, h.deadline,"
    " h.funds_fen FROM hazards h INDEXED BY hazards_found WHERE h.found_on >= ?7"
    " AND h.found_on <= ?8 AND h.status <> 'voided' AND " SCOPE_PRED(
	"h.region_code", "h.sector", "h.enterprise_id");
/* Inspections have no level or source: grouped so, they count in the total only. */
static const char sql_inspections[] = "SELECT " GROUP_EXPR("i.region_code", "i.sector",
    "i.inspected_on") " END AS g, count(*),"
		      " count(DISTINCT i.enterprise_id) FROM inspections i INDEXED BY inspections_on"
		      " WHERE i.inspected_on >= ?7 AND i.inspected_on <= ?8 AND i.kind <> 'self' AND " SCOPE_PRED(
			  "i.region_code", "i.sector", "i.enterprise_id") " GROUP BY g";
static const char sql_regions[] =
    "SELECT code FROM regions WHERE code >= ?1 AND code < ?2 AND length(code) = ?3"
    " AND level <> 'city' ORDER BY sort";
static const char sql_sectors[] = "SELECT code FROM sectors ORDER BY sort";

static const char *const level_codes[] = { "general", "major", NULL };
static const char *const level_labels[] = { "一般隐患", "重大事故隐患", NULL };
static const char *const source_codes[] = { "self_inspection", "government_inspection", "complaint",
	"accident_investigation", "other", NULL };
static const char *const source_labels[] = { "企业自查", "政府检查", "举报投诉", "事故调查", "其他",
	NULL };

static const char *const metrics[] = { "found", "rectified", "major_found", "major_rectified",
	"overdue", "funds_fen", "inspections", "enterprises_inspected", NULL };

static json_t *
new_group(const char *key, const char *label)
{
	json_t *g = json_pack("{s:s, s:s}", "key", key, "label", label);
	size_t  i;

	for (i = 0; metrics[i] != NULL; i++)
		json_object_set_new(g, metrics[i], json_integer(0));
	return g;
}

static const char *
label_of(const char *by, const char *key)
{
	size_t i;

	if (strcmp(by, "region") == 0)
		return region_label(key);
	if (strcmp(by, "sector") == 0)
		return sector_label(key);
	if (strcmp(by, "level") == 0 || strcmp(by, "source") == 0) {
		const char *const *codes = by[0] == 'l' ? level_codes : source_codes;
		const char *const *labels = by[0] == 'l' ? level_labels : source_labels;

		for (i = 0; codes[i] != NULL; i++)
			if (strcmp(codes[i], key) == 0)
				return labels[i];
	}
	return key;
}

/* The groups a bureau expects to see even when empty, in their order. */
static enum app_err
seed_groups(struct store *s, const struct scope *sc, const struct hazard_stats_query *q,
    int region_len, json_t *groups, json_t *index)
{
	struct stmt *st;
	enum app_err er = APP_OK;
	bool         row;
	size_t       i;
	char         key[16];
	int64_t      d, end;
	int          y;
	unsigned     m, dd;

	if (strcmp(q->group_by, "region") == 0 || strcmp(q->group_by, "sector") == 0) {
		bool region = q->group_by[0] == 'r';

		st = store_stmt(s, region ? sql_regions : sql_sectors);
		if (region) {
			stmt_bind_text(st, 1, sc->lo);
			stmt_bind_text(st, 2, sc->hi);
			stmt_bind_i64(st, 3, region_len);
		}
		while ((er = stmt_step(st, &row)) == APP_OK && row) {
			const char *k = stmt_text(st, 0);

			if (!region && !scope_contains(sc, NULL, k, 0))
				continue;
			json_array_append_new(groups, new_group(k, label_of(q->group_by, k)));
			json_object_set(
			    index, k, json_array_get(groups, json_array_size(groups) - 1));
		}
		stmt_reset(st);
	} else if (strcmp(q->group_by, "month") == 0) {
		date_parse(q->from, &d);
		date_parse(q->to, &end);
		for (; d <= end;) {
			civil_from_days(d, &y, &m, &dd);
			snprintf(key, sizeof(key), "%04d-%02u", y, m);
			json_array_append_new(groups, new_group(key, key));
			json_object_set(
			    index, key, json_array_get(groups, json_array_size(groups) - 1));
			d = m == 12 ? days_from_civil(y + 1, 1, 1) : days_from_civil(y, m + 1, 1);
		}
	} else {
		const char *const *codes = q->group_by[0] == 'l' ? level_codes : source_codes;

		for (i = 0; codes[i] != NULL; i++) {
			json_array_append_new(
			    groups, new_group(codes[i], label_of(q->group_by, codes[i])));
			json_object_set(index, codes[i], json_array_get(groups, i));
		}
	}
	return er;
}

static json_t *
group_for(json_t *groups, json_t *index, const char *by, const char *key)
{
	json_t *g = json_object_get(index, key);

	if (g == NULL) {
		/* A code outside the seeded list (e.g. a region code of another level). */
		g = new_group(key, label_of(by, key));
		json_array_append_new(groups, g);
		json_object_set(index, key, g);
	}
	return g;
}

static void
add(json_t *g, const char *k, int64_t v)
{
	json_object_set_new(g, k, json_integer(json_integer_value(json_object_get(g, k)) + v));
}

static void
set_rate(json_t *g)
{
	int64_t found = json_integer_value(json_object_get(g, "found"));
	int64_t rect = json_integer_value(json_object_get(g, "rectified"));

	/* A ratio rounded to 4 places: 0.9418 is shown as 94.18%. */
	json_object_set_new(g, "rectification_rate",
	    json_real(found > 0 ? round((double)rect / (double)found * 10000.0) / 10000.0 : 0.0));
}

static void
bind_query(struct stmt *st, const struct scope *sc, const struct hazard_stats_query *q,
    const char *group, int region_len, int64_t end_ms)
{
	scope_bind(st, sc);
	stmt_bind_text(st, 5, group);
	stmt_bind_i64(st, 6, region_len);
	stmt_bind_text(st, 7, q->from);
	stmt_bind_text(st, 8, q->to);
	stmt_bind_i64(st, 9, end_ms);
	stmt_bind_text(st, 10, q->as_of);
}

/* One group's counters while the rows are read. */
struct tally {
	char    key[48];
	json_t *group;
	int64_t found, rectified, major, major_rectified, overdue, funds;
};

static void
tally_add(struct tally *t, bool rectified, bool major, bool overdue, int64_t funds)
{
	t->found++;
	t->rectified += rectified;
	t->major += major;
	t->major_rectified += major && rectified;
	t->overdue += overdue;
	t->funds += funds;
}

static void
tally_store(const struct tally *t, json_t *g)
{
	add(g, "found", t->found);
	add(g, "rectified", t->rectified);
	add(g, "major_found", t->major);
	add(g, "major_rectified", t->major_rectified);
	add(g, "overdue", t->overdue);
	add(g, "funds_fen", t->funds);
}

#define TALLY_MAX 512

static enum app_err
count_hazards(struct store *s, const struct scope *sc, const struct hazard_stats_query *q,
    int region_len, int64_t end_ms, json_t *groups, json_t *index, json_t *total)
{
	struct tally *tl = calloc(TALLY_MAX, sizeof(*tl)), all = { 0 }, *t;
	struct stmt  *st = store_stmt(s, sql_hazards);
	enum app_err  er;
	const char   *v, *deadline;
	char          key[48];
	size_t        n = 0, i, last = 0, klen;
	bool          row, rectified, major;
	int           col;

	if (tl == NULL)
		abort();
	bind_query(st, sc, q, q->group_by, region_len, end_ms);
	/* The column of the group, and how much of it makes the key. */
	switch (q->group_by[0]) {
	case 'r': col = 0, klen = (size_t)region_len; break;
	case 's': col = q->group_by[1] == 'e' ? 1 : 4, klen = sizeof(key) - 1; break;
	case 'm': col = 2, klen = 7; break;
	default: col = 3, klen = sizeof(key) - 1; break;
	}
	while ((er = stmt_step(st, &row)) == APP_OK && row) {
		v = stmt_text(st, col);
		snprintf(key, sizeof(key), "%.*s", (int)klen, v);
		/* Rows come in found_on order: the group of the last row is the likeliest. */
		if (n > 0 && strcmp(tl[last].key, key) == 0)
			t = &tl[last];
		else {
			for (i = 0; i < n && strcmp(tl[i].key, key) != 0; i++)
				continue;
			if (i == n) {
				if (n == TALLY_MAX) {
					er = APP_EINTERNAL; /* more groups than any city has */
					break;
				}
				memcpy(tl[n].key, key, sizeof(key));
				n++;
			}
			t = &tl[last = i];
		}
		rectified = !stmt_null(st, 5) && stmt_i64(st, 5) < end_ms;
		major = strcmp(stmt_text(st, 3), "major") == 0;
		deadline = stmt_text_or_null(st, 6);
		tally_add(t, rectified, major,
		    deadline != NULL && strcmp(deadline, q->as_of) < 0 && !rectified,
		    stmt_i64(st, 7));
	}
	stmt_reset(st);
	for (i = 0; er == APP_OK && i < n; i++) {
		tally_store(&tl[i], group_for(groups, index, q->group_by, tl[i].key));
		all.found += tl[i].found;
		all.rectified += tl[i].rectified;
		all.major += tl[i].major;
		all.major_rectified += tl[i].major_rectified;
		all.overdue += tl[i].overdue;
		all.funds += tl[i].funds;
	}
	if (er == APP_OK)
		tally_store(&all, total);
	free(tl);
	return er;
}

enum app_err
hazard_stats(
    struct store *s, const struct scope *sc, const struct hazard_stats_query *q, json_t **out)
{
	json_t      *groups = json_array(), *index = json_object(), *total, *g, *v;
	struct stmt *st;
	enum app_err er;
	bool         row;
	int64_t      d, end_ms;
	int          region_len = strlen(sc->lo) <= 4 ? 6 : 9;
	size_t       i;

	date_parse(q->as_of, &d);
	end_ms = date_start_ms(d + 1); /* the end of as_of in Asia/Shanghai */
	total = new_group("total", "合计");
	if ((er = store_begin(s, STORE_READ)) != APP_OK)
		goto out;
	if ((er = seed_groups(s, sc, q, region_len, groups, index)) != APP_OK)
		goto out;
	if ((er = count_hazards(s, sc, q, region_len, end_ms, groups, index, total)) != APP_OK)
		goto out;
	/* Inspections per group (region, sector, month), then once for the total. */
	for (i = 0; i < 2; i++) {
		const char *by = i == 0 ? q->group_by : "total";

		if (i == 0 && (strcmp(by, "level") == 0 || strcmp(by, "source") == 0))
			continue;
		st = store_stmt(s, sql_inspections);
		bind_query(st, sc, q, by, region_len, end_ms);
		while ((er = stmt_step(st, &row)) == APP_OK && row) {
			g = i == 1 ? total : group_for(groups, index, by, stmt_text(st, 0));
			add(g, "inspections", stmt_i64(st, 1));
			add(g, "enterprises_inspected", stmt_i64(st, 2));
		}
		stmt_reset(st);
		if (er != APP_OK)
			goto out;
	}
	json_array_foreach(groups, i, v)
	{
		set_rate(v);
		if (strcmp(q->group_by, "level") == 0 || strcmp(q->group_by, "source") == 0) {
			json_object_set_new(v, "inspections", json_null());
			json_object_set_new(v, "enterprises_inspected", json_null());
		}
	}
	set_rate(total);
	*out = json_pack("{s:s, s:s, s:s, s:s, s:O, s:O}", "from", q->from, "to", q->to, "as_of",
	    q->as_of, "group_by", q->group_by, "groups", groups, "total", total);
out:
	store_rollback(s);
	json_decref(groups);
	json_decref(index);
	json_decref(total);
	return er;
}

static const struct sheet_column stat_columns[] = {
	{ "统计单元", 24, false },
	{ "排查隐患（项）", 12, true },
	{ "已整改（项）", 12, true },
	{ "整改率（%）", 10, true },
	{ "重大事故隐患（项）", 14, true },
	{ "重大隐患已整改（项）", 16, true },
	{ "逾期未整改（项）", 14, true },
	{ "整改资金（元）", 14, true },
	{ "检查企业（家）", 12, true },
	{ "检查（次）", 10, true },
};
#define N_STAT (sizeof(stat_columns) / sizeof(stat_columns[0]))

static void
stat_row(struct sheet *sh, json_t *g, bool bold)
{
	char                     buf[N_STAT][40];
	const char              *cells[N_STAT];
	size_t                   i;
	json_t                  *v;
	static const char *const keys[] = { NULL, "found", "rectified", NULL, "major_found",
		"major_rectified", "overdue", NULL, "enterprises_inspected", "inspections" };

	for (i = 0; i < N_STAT; i++) {
		cells[i] = buf[i];
		buf[i][0] = '\0';
		if (keys[i] != NULL && json_is_integer(v = json_object_get(g, keys[i])))
			snprintf(buf[i], sizeof(buf[i]), "%lld", (long long)json_integer_value(v));
	}
	cells[0] = json_string_value(json_object_get(g, "label"));
	snprintf(buf[3], sizeof(buf[3]), "%.2f",
	    json_real_value(json_object_get(g, "rectification_rate")) * 100.0);
	v = json_object_get(g, "funds_fen");
	snprintf(buf[7], sizeof(buf[7]), "%lld.%02lld", (long long)(json_integer_value(v) / 100),
	    (long long)(json_integer_value(v) % 100));
	sheet_row(sh, cells, bold);
}

enum app_err
hazard_stats_write(json_t *stats, enum sheet_format fmt, const char *path)
{
	struct sheet *sh;
	enum app_err  er;
	json_t       *g;
	size_t        i;
	char          title[200];

	snprintf(title, sizeof(title), "隐患排查治理统计表（%s 至 %s，整改情况截至 %s）",
	    json_string_value(json_object_get(stats, "from")),
	    json_string_value(json_object_get(stats, "to")),
	    json_string_value(json_object_get(stats, "as_of")));
	if ((er = sheet_open(path, fmt, "隐患排查治理统计", title, stat_columns, N_STAT, &sh)) !=
	    APP_OK)
		return er;
	json_array_foreach(json_object_get(stats, "groups"), i, g) stat_row(sh, g, false);
	stat_row(sh, json_object_get(stats, "total"), true);
	return sheet_close(sh);
}

/* ---- the ledger ---- */

static const struct sheet_column ledger_columns[] = {
	{ "编号", 7, true },
	{ "企业名称", 30, false },
	{ "统一社会信用代码", 21, false },
	{ "所属区域", 18, false },
	{ "行业领域", 14, false },
	{ "隐患来源", 10, false },
	{ "发现日期", 11, false },
	{ "隐患描述", 40, false },
	{ "隐患部位", 16, false },
	{ "隐患类别", 12, false },
	{ "隐患等级", 10, false },
	{ "判定标准条目", 10, true },
	{ "整改期限", 11, false },
	{ "是否逾期", 8, false },
	{ "整改责任人", 10, false },
	{ "整改措施", 30, false },
	{ "应急预案", 20, false },
	{ "整改资金（元）", 12, true },
	{ "状态", 10, false },
	{ "销号时间", 20, false },
};
#define N_LEDGER (sizeof(ledger_columns) / sizeof(ledger_columns[0]))

static const char *const status_codes[] = { "reported", "rectifying", "awaiting_acceptance",
	"closed", "voided", NULL };
static const char *const status_labels[] = { "已登记", "整改中", "待验收", "已销号", "已作废",
	NULL };

struct ledger_ctx {
	struct sheet *sh;
	int64_t       rows;
};

static void
ledger_row(json_t *h, void *arg)
{
	struct ledger_ctx *x = arg;
	const char        *cells[N_LEDGER];
	char               id[24], item[24], funds[40];
	json_t            *v;

	snprintf(id, sizeof(id), "%lld", (long long)json_integer_value(json_object_get(h, "id")));
	v = json_object_get(h, "standard_item_id");
	item[0] = '\0';
	if (json_is_integer(v))
		snprintf(item, sizeof(item), "%lld", (long long)json_integer_value(v));
	v = json_object_get(h, "funds_fen");
	snprintf(funds, sizeof(funds), "%lld.%02lld", (long long)(json_integer_value(v) / 100),
	    (long long)(json_integer_value(v) % 100));
	cells[0] = id;
	cells[1] = json_string_value(json_object_get(h, "enterprise_name"));
	cells[2] = json_string_value(json_object_get(h, "enterprise_uscc"));
	cells[3] = json_string_value(json_object_get(h, "region_name"));
	cells[4] = json_string_value(json_object_get(h, "sector_name"));
	cells[5] = code_label(
	    source_codes, source_labels, json_string_value(json_object_get(h, "source")));
	cells[6] = json_string_value(json_object_get(h, "found_on"));
	cells[7] = json_string_value(json_object_get(h, "description"));
	cells[8] = json_string_value(json_object_get(h, "location"));
	cells[9] = json_string_value(json_object_get(h, "category"));
	cells[10] =
	    code_label(level_codes, level_labels, json_string_value(json_object_get(h, "level")));
	cells[11] = item;
	cells[12] = json_string_value(json_object_get(h, "deadline"));
	cells[13] = json_is_true(json_object_get(h, "overdue")) ? "是" : "否";
	cells[14] = json_string_value(json_object_get(h, "responsible"));
	cells[15] = json_string_value(json_object_get(h, "measures"));
	cells[16] = json_string_value(json_object_get(h, "contingency"));
	cells[17] = funds;
	cells[18] = code_label(
	    status_codes, status_labels, json_string_value(json_object_get(h, "status")));
	cells[19] = json_string_value(json_object_get(h, "closed_at"));
	sheet_row(x->sh, cells, false);
	x->rows++;
}

enum app_err
hazard_ledger_write(struct store *s, const struct scope *sc, const struct hazard_filter *f,
    enum sheet_format fmt, const char *path, int64_t *rows)
{
	struct ledger_ctx x = { 0 };
	enum app_err      er;

	*rows = 0;
	if ((er = sheet_open(path, fmt, "隐患台账", NULL, ledger_columns, N_LEDGER, &x.sh)) !=
	    APP_OK)
		return er;
	if ((er = store_begin(s, STORE_READ)) == APP_OK)
		er = hazard_each(s, sc, f, ledger_row, &x);
	store_rollback(s);
	if (er != APP_OK) {
		sheet_abort(x.sh);
		return er;
	}
	*rows = x.rows;
	return sheet_close(x.sh);
}
