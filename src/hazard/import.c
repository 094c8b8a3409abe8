#include <stdio.h>
#include <stdlib.h>
#include <sodium.h>
#include <string.h>

#include "audit/audit.h"
#include "auth/auth.h"
#include "auth/scope.h"
#include "core/arena.h"
#include "core/csvtab.h"
#include "core/jsonx.h"
#include "core/mem.h"
#include "core/timeutil.h"
#include "core/uscc.h"
#include "hazard/hazard.h"
#include "hazard/import.h"
#include "store/store.h"

/* Money over this is surely a typing error (hazard_insert's limit, in yuan). */
#define MAX_YUAN 1000000000000LL
/* Measures and plans run to 2000 characters (hazard.c): 3 bytes each in UTF-8, and more. */
#define HAZARD_MAX_CELL 8000

static const char *read_text(const struct csvtab_col *, const char *, json_t *);
static const char *read_uscc(const struct csvtab_col *, const char *, json_t *);
static const char *read_item(const struct csvtab_col *, const char *, json_t *);
static const char *read_yuan(const struct csvtab_col *, const char *, json_t *);
static const char *read_status(const struct csvtab_col *, const char *, json_t *);
static const char *read_closed(const struct csvtab_col *, const char *, json_t *);

/* The labels of the ledger export (src/hazard/stats.c) and of the API. */
static const char *const source_pairs[] = { "self_inspection", "企业自查", "government_inspection",
	"政府检查", "complaint", "举报投诉", "accident_investigation", "事故调查", "other", "其他",
	NULL };
static const char *const level_pairs[] = { "general", "一般隐患", "general", "一般", "major",
	"重大事故隐患", "major", "重大", "major", "重大隐患", NULL };
static const char *const status_pairs[] = { "reported", "已登记", "rectifying", "整改中",
	"awaiting_acceptance", "待验收", "closed", "已销号", NULL };
static const struct csvtab_codes sources = { source_pairs,
	"应为 企业自查、政府检查、举报投诉、事故调查 或 其他" };
static const struct csvtab_codes levels = { level_pairs, "应为 一般隐患 或 重大事故隐患" };
static const struct csvtab_codes statuses = { status_pairs,
	"应为 已登记、整改中、待验收 或 已销号" };

enum hcol {
	HC_USCC,
	HC_NAME,
	HC_SOURCE,
	HC_FOUND,
	HC_DESC,
	HC_LOCATION,
	HC_CATEGORY,
	HC_LEVEL,
	HC_ITEM,
	HC_DEADLINE,
	HC_RESPONSIBLE,
	HC_MEASURES,
	HC_FUNDS,
	HC_CONTINGENCY,
	HC_STATUS,
	HC_CLOSED,
	HC__MAX
};

/*
 * Accepted headers: the API name, then Chinese labels (the first names the column in the
 * report). The enterprise is named by its credit code or, where the file has none (the
 * file has no such column), by its name. Money is in yuan as ledgers keep it: the column's
 * name is funds_yuan, the row's field funds_fen.
 */
static const struct csvtab_col columns[HC__MAX] = {
	[HC_USCC] = { "uscc", read_uscc, { "统一社会信用代码", "信用代码" } },
	[HC_NAME] = { "enterprise_name", read_text, { "企业名称", "单位名称" } },
	[HC_SOURCE] = { "source", csvtab_code, { "隐患来源", "来源" }, true, &sources },
	[HC_FOUND] = { "found_on", csvtab_date, { "发现日期", "排查日期" }, true },
	[HC_DESC] = { "description", read_text, { "隐患描述", "隐患内容" }, true },
	[HC_LOCATION] = { "location", read_text, { "隐患部位", "部位" } },
	[HC_CATEGORY] = { "category", read_text, { "隐患类别", "类别" } },
	[HC_LEVEL] = { "level", csvtab_code, { "隐患等级", "隐患级别" }, true, &levels },
	[HC_ITEM] = { "standard_item_id", read_item, { "判定标准条目", "判定标准条目编号" } },
	[HC_DEADLINE] = { "deadline", csvtab_date, { "整改期限", "整改时限" } },
	[HC_RESPONSIBLE] = { "responsible", read_text, { "整改责任人", "责任人" } },
	[HC_MEASURES] = { "measures", read_text, { "整改措施" } },
	[HC_FUNDS] = { "funds_yuan", read_yuan, { "整改资金（元）", "整改资金(元)", "整改资金" } },
	[HC_CONTINGENCY] = { "contingency", read_text, { "应急预案" } },
	[HC_STATUS] = { "status", read_status, { "状态", "隐患状态", "整改状态" }, false,
	    &statuses },
	[HC_CLOSED] = { "closed_on", read_closed, { "销号日期", "销号时间" } },
};
/* Columns of the ledger export that carry no input (derived), and a row number column. */
static const char *const ignored[] = { "编号", "id", "序号", "所属区域", "region_name", "行业领域",
	"sector_name", "是否逾期", "overdue", NULL };

static void header_check(const bool *, json_t *, void *);

static const struct csvtab table = { columns, HC__MAX, ignored, HAZARD_MAX_CELL, header_check };

/* The report label of a field hazard_insert names. */
static const char *
label_of(const char *field, const char *enterprise_column)
{
	if (field != NULL && strcmp(field, "enterprise_id") == 0)
		return enterprise_column;
	if (field != NULL && strcmp(field, "funds_fen") == 0)
		return columns[HC_FUNDS].labels[0];
	return csvtab_label(&table, field);
}

/* ---- cells ---- */

/*
 * Free text. A cell may hold line breaks (Alt+Enter in Excel); the API takes one line
 * (hazard.c refuses control characters), so each run of line breaks and tabs becomes
 * one space.
 */
static const char *
read_text(const struct csvtab_col *c, const char *s, json_t *row)
{
	char  *t;
	size_t i, n = 0;

	if (strpbrk(s, "\r\n\t") == NULL) {
		json_object_set_new(row, c->field, json_string(s));
		return NULL;
	}
	t = xmalloc(strlen(s) + 1);
	for (i = 0; s[i] != '\0'; i++) {
		if (s[i] != '\r' && s[i] != '\n' && s[i] != '\t')
			t[n++] = s[i];
		else if (n > 0 && t[n - 1] != ' ')
			t[n++] = ' ';
	}
	while (n > 0 && t[n - 1] == ' ')
		n--;
	t[n] = '\0';
	json_object_set_new(row, c->field, json_string(t));
	free(t);
	return NULL;
}

static const char *
read_uscc(const struct csvtab_col *c, const char *s, json_t *row)
{
	char   buf[19];
	size_t i;

	/* Codes are upper case (GB 32100); people type them as they come. */
	for (i = 0; s[i] != '\0' && i < sizeof(buf) - 1; i++)
		buf[i] = s[i] >= 'a' && s[i] <= 'z' ? (char)(s[i] - 'a' + 'A') : s[i];
	buf[i] = '\0';
	if (s[i] != '\0' || !uscc_valid(buf))
		return "不是有效的统一社会信用代码（18 位，末位为校验码）";
	json_object_set_new(row, c->field, json_string(buf));
	return NULL;
}

/* 销号日期: the date, and the instant closed_at records (its start, or the time given). */
static const char *
read_closed(const struct csvtab_col *c, const char *s, json_t *row)
{
	int64_t days, ms;
	char    out[11];

	if (!csvtab_when(s, &days, &ms))
		return "应为日期，如 2024-03-05 或 2024/3/5";
	date_fmt(days, out);
	json_object_set_new(row, c->field, json_string(out));
	json_object_set_new(row, "closed_at", json_integer(ms));
	return NULL;
}

static const char *
read_item(const struct csvtab_col *c, const char *s, json_t *row)
{
	const char *p = s;
	int64_t     n = 0;

	for (; *p >= '0' && *p <= '9' && n < 1000000000000LL; p++)
		n = n * 10 + (*p - '0');
	if (p == s || *p != '\0' || n <= 0)
		return "应为判定标准条目的编号（正整数）";
	json_object_set_new(row, c->field, json_integer(n));
	return NULL;
}

/* Yuan with up to two decimals (more only if zeros), digits grouped by commas or not. */
static const char *
read_yuan(const struct csvtab_col *c, const char *s, json_t *row)
{
	static const char bad[] = "应为金额（元），最多两位小数，如 12000 或 12000.50";
	const char       *p = s;
	int64_t           yuan = 0, fen = 0;
	int               n = 0, group = -1, dec = 0;

	(void)c;
	if (*p == '-')
		return "整改资金不能为负数";
	for (; (*p >= '0' && *p <= '9') || *p == ','; p++) {
		if (*p == ',') {
			/* 12,000: the first group 1–3 digits, then groups of 3. */
			if (n == 0 || (group < 0 && n > 3) || (group >= 0 && group != 3))
				return bad;
			group = 0;
			continue;
		}
		if (yuan > MAX_YUAN)
			return "金额过大";
		yuan = yuan * 10 + (*p - '0');
		n++;
		if (group >= 0)
			group++;
	}
	if (n == 0 || (group >= 0 && group != 3))
		return bad;
	if (*p == '.') {
		for (p++; *p >= '0' && *p <= '9'; p++, dec++)
			if (dec < 2)
				fen = fen * 10 + (*p - '0');
			else if (*p != '0')
				return bad;
		if (dec == 0)
			return bad;
		if (dec == 1)
			fen *= 10;
	}
	if (*p != '\0')
		return bad;
	if (yuan > MAX_YUAN)
		return "金额过大";
	json_object_set_new(row, "funds_fen", json_integer(yuan * 100 + fen));
	return NULL;
}

static const char *
read_status(const struct csvtab_col *c, const char *s, json_t *row)
{
	if (strcmp(s, "已作废") == 0 || strcmp(s, "voided") == 0)
		return "已作废的隐患不导入（请从表中删去该行）";
	return csvtab_code(c, s, row);
}

/* ---- rows ---- */

struct parse {
	import_row_fn fn;
	void         *arg;
	json_t       *problems;
	const char   *today;
	bool          complete; /* the header has every column a row needs */
};

static void
header_check(const bool *present, json_t *problems, void *arg)
{
	struct parse *p = arg;
	int           k;

	p->complete = present[HC_USCC] || present[HC_NAME];
	if (!p->complete)
		csvtab_problem(problems, 1, columns[HC_USCC].labels[0],
		    "缺少必需的列（或以 企业名称 列标明企业）");
	for (k = 0; k < HC__MAX; k++)
		if (columns[k].required && !present[k])
			p->complete = false;
}

/*
 * What a row says must agree: 销号日期 goes with 已销号, after the hazard was found and
 * not after today; a major hazard past 已登记 had its plan submitted, and the API only
 * takes a plan with all five parts (五落实, as submit_plan checks them in hazard.c).
 */
static bool
row_agrees(struct parse *p, json_t *row, int64_t line)
{
	static const int plan[] = { HC_RESPONSIBLE, HC_MEASURES, HC_DEADLINE, HC_CONTINGENCY };
	const char      *status = jx_str(row, "status"), *closed = jx_str(row, "closed_on");
	const char      *found = jx_str(row, "found_on"), *level = jx_str(row, "level"), *v;
	const char      *col = columns[HC_CLOSED].labels[0];
	size_t           i, before = json_array_size(p->problems);

	if (strcmp(status, "closed") == 0 && closed == NULL)
		csvtab_problem(p->problems, line, col, "状态为 已销号 时必填");
	else if (strcmp(status, "closed") != 0 && closed != NULL)
		csvtab_problem(p->problems, line, col, "状态不是 已销号，不应有销号日期");
	else if (closed != NULL && found != NULL && strcmp(closed, found) < 0)
		csvtab_problem(p->problems, line, col, "销号日期不能早于发现日期");
	else if (closed != NULL && strcmp(closed, p->today) > 0)
		csvtab_problem(p->problems, line, col, "销号日期不能晚于今天");
	if (level != NULL && strcmp(level, "major") == 0 && strcmp(status, "reported") != 0) {
		for (i = 0; i < sizeof(plan) / sizeof(plan[0]); i++)
			if ((v = jx_str(row, columns[plan[i]].field)) == NULL || v[0] == '\0')
				csvtab_problem(p->problems, line, columns[plan[i]].labels[0],
				    "重大事故隐患已进入整改，治理方案须落实责任、措施、资金、时限和"
				    "预案：必填");
		if (json_integer_value(json_object_get(row, "funds_fen")) <= 0)
			csvtab_problem(p->problems, line, columns[HC_FUNDS].labels[0],
			    "重大事故隐患治理方案须落实整改资金（大于0）");
	}
	return json_array_size(p->problems) == before;
}

static void
parse_row(json_t *row, int64_t line, void *arg)
{
	struct parse *p = arg;

	if (json_object_get(row, "status") == NULL)
		json_object_set_new(row, "status", json_string("reported"));
	if (row_agrees(p, row, line) && p->complete)
		p->fn(row, line, p->arg);
}

enum app_err
hazard_csv_parse(
    const char *data, size_t len, const char *today, import_row_fn fn, void *arg, json_t *problems)
{
	struct parse p = { fn, arg, problems, today, false };

	return csvtab_parse(&table, data, len, parse_row, &p, problems);
}

/* ---- the import ---- */

enum { LS_REPORTED, LS_RECTIFYING, LS_AWAITING, LS_CLOSED, LS__MAX };

struct import_ctx {
	struct store           *store;
	struct arena           *arena;
	const struct audit_who *who;
	struct actor            admin;
	struct scope            scope;
	struct import_result   *res;
	enum app_err            fatal;
	import_progress_fn      progress;
	void                   *parg;
	int64_t                 total; /* an estimate, for the progress bar */
	int64_t                 now;
	json_t                 *names; /* enterprise name → id (0: more than one) */
	int64_t                 counts[LS__MAX];
	int64_t                 first_id, last_id; /* the hazards this import created */
};

static const char sql_by_uscc[] = "SELECT id FROM enterprises WHERE uscc = ?1";
static const char sql_names[] = "SELECT id, name FROM enterprises WHERE status = 'active'";
/* Names have no index: read them all once, when a file names enterprises so. */
static enum app_err
load_names(struct import_ctx *x)
{
	struct stmt *st = store_stmt(x->store, sql_names);
	enum app_err er;
	bool         row;
	const char  *name;

	x->names = json_object();
	while ((er = stmt_step(st, &row)) == APP_OK && row) {
		name = stmt_text(st, 1);
		json_object_set_new(x->names, name,
		    json_integer(json_object_get(x->names, name) ? 0 : stmt_i64(st, 0)));
	}
	stmt_reset(st);
	return er;
}

/*
 * The enterprise the row names, or 0 with a problem under `*column`. Lookup failures of
 * the store are APP_EDB and the like.
 */
static enum app_err
find_enterprise(struct import_ctx *x, json_t *row, int64_t line, const char **column, int64_t *id)
{
	const char  *uscc = jx_str(row, "uscc"), *name = jx_str(row, "enterprise_name");
	struct stmt *st;
	enum app_err er;
	json_t      *v;

	*id = 0;
	*column = columns[HC_USCC].labels[0];
	if (uscc != NULL) {
		st = store_stmt(x->store, sql_by_uscc);
		stmt_bind_text(st, 1, uscc);
		if ((er = stmt_one_i64(st, id)) == APP_ENOENT)
			csvtab_problem(
			    x->res->problems, line, *column, "没有该统一社会信用代码的企业");
		return er == APP_ENOENT ? APP_OK : er;
	}
	if (name == NULL) {
		csvtab_problem(x->res->problems, line, *column, "必填（或填写企业名称）");
		return APP_OK;
	}
	*column = columns[HC_NAME].labels[0];
	if (x->names == NULL && (er = load_names(x)) != APP_OK)
		return er;
	if ((v = json_object_get(x->names, name)) == NULL)
		csvtab_problem(x->res->problems, line, *column,
		    "没有该名称的在册企业（可改用统一社会信用代码）");
	else if ((*id = json_integer_value(v)) == 0)
		csvtab_problem(
		    x->res->problems, line, *column, "有多家企业同名，请改用统一社会信用代码");
	return APP_OK;
}

/* True when this row's problems (from index `first` on) name `column` already. */
static bool
reported(json_t *problems, size_t first, int64_t line, const char *column)
{
	size_t i;

	for (i = first; i < json_array_size(problems); i++) {
		json_t *p = json_array_get(problems, i);

		if (json_integer_value(json_object_get(p, "row")) == line &&
		    strcmp(json_string_value(json_object_get(p, "column")), column) == 0)
			return true;
	}
	return false;
}

static void
import_row(json_t *row, int64_t line, void *arg)
{
	static const char *const ls[LS__MAX] = { "reported", "rectifying", "awaiting_acceptance",
		"closed" };
	static const char *const not_insert[] = { "uscc", "enterprise_name", "status", "closed_on",
		"closed_at" };
	struct import_ctx       *x = arg;
	struct hazard_insert_opt opt = { 0 };
	json_t                  *errs, *e;
	const char              *status, *closed_on, *ecol, *col;
	enum app_err             er;
	int64_t                  id, ent, closed_at;
	size_t                   i, first = json_array_size(x->res->problems);
	int                      k;

	x->res->rows++;
	if (x->fatal != APP_OK)
		return;
	arena_reset(x->arena);
	status = jx_str(row, "status");
	for (k = 0; k < LS__MAX && strcmp(ls[k], status) != 0; k++)
		continue;
	if (k < LS__MAX)
		x->counts[k]++;
	if ((er = find_enterprise(x, row, line, &ecol, &ent)) != APP_OK) {
		x->fatal = er;
		return;
	}
	closed_at = json_integer_value(json_object_get(row, "closed_at"));
	if (closed_at > x->now)
		csvtab_problem(
		    x->res->problems, line, columns[HC_CLOSED].labels[0], "销号时间不能晚于现在");
	/* What is not hazard_insert's is kept here and taken out of its input. */
	status = arena_strdup(x->arena, status);
	closed_on =
	    jx_str(row, "closed_on") ? arena_strdup(x->arena, jx_str(row, "closed_on")) : NULL;
	for (k = 0; k < (int)(sizeof(not_insert) / sizeof(not_insert[0])); k++)
		json_object_del(row, not_insert[k]);
	if (ent > 0)
		json_object_set_new(row, "enterprise_id", json_integer(ent));
	errs = json_array();
	/* Written at once in the ledger's status; its first event says it came from the
	 * ledger; the import as a whole is audited once, naming the file (hazard_import). */
	opt.status = status;
	opt.closed_at = closed_at;
	opt.event_action = "import";
	opt.event_data = json_pack("{s:s}", "ledger_status", status);
	if (closed_on != NULL)
		json_object_set_new(opt.event_data, "closed_on", json_string(closed_on));
	opt.no_audit = true;
	er = hazard_insert_opt(
	    x->store, x->arena, &x->admin, &x->scope, x->who, row, &opt, x->now, errs, &id);
	json_decref(opt.event_data);
	if (er == APP_OK) {
		if (x->first_id == 0)
			x->first_id = id;
		x->last_id = id;
	}
	json_array_foreach(errs, i, e)
	{
		col = label_of(jx_str(e, "field"), ecol);
		if (!reported(x->res->problems, first, line, col))
			csvtab_problem(x->res->problems, line, col, jx_str(e, "message"));
	}
	json_decref(errs);
	if (er != APP_OK && er != APP_EINVAL && er != APP_ECONFLICT)
		x->fatal = er;
	/* A row refused without a field named (a constraint of the database) still fails
	 * the import: it must not be left out quietly. */
	else if (er != APP_OK && json_array_size(x->res->problems) == first)
		csvtab_problem(x->res->problems, line, "", app_err_message(er));
	if (x->progress != NULL && x->res->rows % 1000 == 0)
		x->progress(x->res->rows, x->total >= x->res->rows ? x->total : 0, x->parg);
}

/* Data rows, roughly (a cell may hold a line break): for the progress bar. */
static int64_t
count_lines(const char *data, size_t len)
{
	const char *p = data, *end = data + len;
	int64_t     n = 0;

	while (p < end && (p = memchr(p, '\n', (size_t)(end - p))) != NULL) {
		n++;
		p++;
	}
	if (len > 0 && data[len - 1] != '\n')
		n++;
	return n > 1 ? n - 1 : 0;
}

enum app_err
hazard_import(struct store *s, const struct audit_who *who, const char *data, size_t len,
    bool dry_run, import_progress_fn progress, void *parg, struct import_result *res)
{
	struct import_ctx x = {
		.store = s, .who = who, .res = res, .progress = progress, .parg = parg
	};
	enum app_err  er;
	json_t       *ch;
	char          today[11], hex[crypto_hash_sha256_BYTES * 2 + 1];
	unsigned char digest[crypto_hash_sha256_BYTES];

	memset(res, 0, sizeof(*res));
	res->problems = json_array();
	/* The command line acts for the administrator: the whole city. */
	x.admin.role = ROLE_ADMIN;
	scope_of(&x.admin, &x.scope);
	x.now = now_ms();
	date_fmt(date_of_ms(x.now), today);
	x.total = count_lines(data, len);
	x.arena = arena_new(8192);
	store_bulk(s, true);
	if ((er = store_begin(s, STORE_WRITE)) != APP_OK)
		goto out;
	er = hazard_csv_parse(data, len, today, import_row, &x, res->problems);
	if (er == APP_OK)
		er = x.fatal;
	if (er == APP_OK && json_array_size(res->problems) > 0)
		er = APP_EINVAL;
	if (er != APP_OK || dry_run)
		goto out;
	/*
	 * One audit row for the import, in its transaction: the file's SHA-256 (so that the
	 * ledger file a bureau keeps proves what each created row was made from), the ids
	 * created (consecutive: one transaction on one connection) and the status counts.
	 * Each hazard's own history starts with its "import" event.
	 */
	crypto_hash_sha256(digest, (const unsigned char *)data, len);
	sodium_bin2hex(hex, sizeof(hex), digest, sizeof(digest));
	ch = json_pack("{s:s, s:I, s:I, s:I, s:{s:I, s:I, s:I, s:I}}", "file_sha256", hex, "rows",
	    (json_int_t)res->rows, "first_id", (json_int_t)x.first_id, "last_id",
	    (json_int_t)x.last_id, "statuses", "reported", (json_int_t)x.counts[LS_REPORTED],
	    "rectifying", (json_int_t)x.counts[LS_RECTIFYING], "awaiting_acceptance",
	    (json_int_t)x.counts[LS_AWAITING], "closed", (json_int_t)x.counts[LS_CLOSED]);
	er = audit_append(s, who, "import", "hazard", 0, ch);
	json_decref(ch);
	if (er == APP_OK && (er = store_commit(s)) == APP_OK)
		res->imported = res->rows;
out:
	store_rollback(s);
	store_bulk(s, false);
	if (progress != NULL)
		progress(res->rows, res->rows, parg);
	json_decref(x.names);
	arena_free(x.arena);
	return er;
}
