#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "activity/activity.h"
#include "activity/import.h"
#include "audit/audit.h"
#include "auth/auth.h"
#include "auth/scope.h"
#include "core/arena.h"
#include "core/csvtab.h"
#include "core/jsonx.h"
#include "core/mem.h"
#include "core/timeutil.h"
#include "core/uscc.h"
#include "store/store.h"

/* A register's descriptions run to 4000 characters (activity.c): 3 bytes each in UTF-8. */
#define ACTIVITY_MAX_CELL 16000
/* As activity.c's limits: links per activity; a count no register writes. */
#define MAX_LINKS 1000
#define MAX_COUNT 1000000000LL

static const char *read_kind(const struct csvtab_col *, const char *, json_t *);
static const char *read_target(const struct csvtab_col *, const char *, json_t *);
static const char *read_line(const struct csvtab_col *, const char *, json_t *);
static const char *read_count(const struct csvtab_col *, const char *, json_t *);
static const char *read_usccs(const struct csvtab_col *, const char *, json_t *);
static const char *read_ids(const struct csvtab_col *, const char *, json_t *);

enum acol {
	AC_KIND,
	AC_DATE,
	AC_REGION,
	AC_ORG,
	AC_TITLE,
	AC_SESSIONS,
	AC_PARTICIPANTS,
	AC_TARGET,
	AC_DESC,
	AC_ENTERPRISES,
	AC_INSPECTIONS,
	AC__MAX
};

/* Accepted headers: the API name, then Chinese labels (the first names it in reports). */
static const struct csvtab_col columns[AC__MAX] = {
	[AC_KIND] = { "kind", read_kind, { "活动类型", "类型" }, true },
	[AC_DATE] = { "date", csvtab_date, { "活动日期", "日期" }, true },
	[AC_REGION] = { "region_code", read_line, { "地区", "所属区域", "行政区划" } },
	[AC_ORG] = { "organiser", read_line, { "组织单位", "主办单位" }, true },
	[AC_TITLE] = { "title", read_line, { "活动名称", "标题", "主题" }, true },
	[AC_SESSIONS] = { "sessions", read_count, { "场次" } },
	[AC_PARTICIPANTS] = { "participants", read_count, { "人次", "参加人次" }, true },
	[AC_TARGET] = { "target", read_target, { "五进对象", "对象" } },
	[AC_DESC] = { "description", read_line, { "活动内容", "内容" } },
	[AC_ENTERPRISES] = { "enterprises", read_usccs, { "覆盖企业", "覆盖企业信用代码" } },
	[AC_INSPECTIONS] = { "inspections", read_ids, { "关联检查", "检查记录编号" } },
};
/* Columns a register or the list carries that are no input. */
static const char *const ignored[] = { "序号", "编号", "id", "region_name", "kind_label",
	"target_label", "备注", NULL };

static const struct csvtab table = { columns, AC__MAX, ignored, ACTIVITY_MAX_CELL, NULL };

/* ---- cells ---- */

static const char *
read_kind(const struct csvtab_col *c, const char *s, json_t *row)
{
	const char *code = activity_kind_code(s);

	if (code == NULL)
		return "应为活动类型：专题培训、安全生产宣讲、五进、重点领域企业负责人培训、"
		       "重大事故隐患判定标准宣贯解读、疏散逃生演练、农牧机械、沼气、自建房安全宣教、"
		       "进门入户送安全、校舍安全隐患排查、学校避险逃生培训和演练、"
		       "防灾减灾日、安全生产月、消防宣传月、技术服务、执法比武（或其代码）";
	json_object_set_new(row, c->field, json_string(code));
	return NULL;
}

static const char *
read_target(const struct csvtab_col *c, const char *s, json_t *row)
{
	const char *code = activity_target_code(s);

	if (code == NULL)
		return "应为 社区、企业、学校、农村、家庭、机关 或 公共场所（或其代码）";
	json_object_set_new(row, c->field, json_string(code));
	return NULL;
}

/* One line of text: each run of line breaks and tabs (Alt+Enter in Excel) is a space. */
static const char *
read_line(const struct csvtab_col *c, const char *s, json_t *row)
{
	char  *t = xmalloc(strlen(s) + 1);
	size_t n = 0;
	bool   gap = false;

	for (; *s != '\0'; s++) {
		if (*s == '\r' || *s == '\n' || *s == '\t') {
			gap = n > 0;
			continue;
		}
		if (gap)
			t[n++] = ' ';
		gap = false;
		t[n++] = *s;
	}
	t[n] = '\0';
	json_object_set_new(row, c->field, json_string(t));
	free(t);
	return NULL;
}

/* 场次, 人次: a positive integer, digits grouped by commas (1,200) or not. */
static const char *
read_count(const struct csvtab_col *c, const char *s, json_t *row)
{
	static const char bad[] = "应为正整数（至少为 1）";
	long long         v = 0;
	int               n = 0, group = -1;

	for (; *s != '\0'; s++) {
		if (*s == ',') {
			if (n == 0 || (group < 0 && n > 3) || (group >= 0 && group != 3))
				return bad;
			group = 0;
			continue;
		}
		if (*s < '0' || *s > '9')
			return bad;
		if (v > MAX_COUNT)
			return "数值过大";
		v = v * 10 + (*s - '0');
		n++;
		if (group >= 0)
			group++;
	}
	if (n == 0 || (group >= 0 && group != 3) || v <= 0)
		return bad;
	if (v > MAX_COUNT)
		return "数值过大";
	json_object_set_new(row, c->field, json_integer(v));
	return NULL;
}

/* The length of the separator at s (; , 、 ； ， or a blank), 0 when none. */
static size_t
sep_len(const char *s)
{
	static const char *const wide[] = { "；", "、", "，", NULL };
	size_t                   k;

	if (*s != '\0' && strchr(";, \t\r\n", *s) != NULL)
		return 1;
	for (k = 0; wide[k] != NULL; k++)
		if (strncmp(s, wide[k], strlen(wide[k])) == 0)
			return strlen(wide[k]);
	return 0;
}

/* The next item of a list cell into buf (n bytes with the NUL); its length, 0 at the end,
 * −1 when it does not fit. */
static int
next_item(const char **p, char *buf, size_t n)
{
	const char *s = *p;
	size_t      len = 0, k;

	while ((k = sep_len(s)) > 0)
		s += k;
	for (; *s != '\0' && sep_len(s) == 0; s++, len++)
		if (len < n - 1)
			buf[len] = *s;
	buf[len < n - 1 ? len : n - 1] = '\0';
	*p = s;
	return len > n - 1 ? -1 : (int)len;
}

static const char *
read_usccs(const struct csvtab_col *c, const char *s, json_t *row)
{
	json_t *arr = json_array();
	char    buf[24];
	int     len;
	size_t  i;

	while ((len = next_item(&s, buf, sizeof(buf))) != 0) {
		for (i = 0; buf[i] != '\0'; i++)
			if (buf[i] >= 'a' && buf[i] <= 'z')
				buf[i] = (char)(buf[i] - 'a' + 'A');
		if (len < 0 || !uscc_valid(buf)) {
			json_decref(arr);
			return "应为覆盖企业的统一社会信用代码（18 位，末位为校验码），以分号或顿号分隔";
		}
		if (json_array_size(arr) >= MAX_LINKS) {
			json_decref(arr);
			return "最多 1000 家企业";
		}
		json_array_append_new(arr, json_string(buf));
	}
	json_object_set_new(row, c->field, arr);
	return NULL;
}

static const char *
read_ids(const struct csvtab_col *c, const char *s, json_t *row)
{
	json_t   *arr = json_array();
	char      buf[16];
	int       len;
	long long v;
	size_t    i;

	while ((len = next_item(&s, buf, sizeof(buf))) != 0) {
		v = 0;
		for (i = 0; buf[i] >= '0' && buf[i] <= '9'; i++)
			v = v * 10 + (buf[i] - '0');
		if (len < 0 || buf[i] != '\0' || v <= 0) {
			json_decref(arr);
			return "应为检查记录的编号（正整数），以分号或顿号分隔";
		}
		if (json_array_size(arr) >= MAX_LINKS) {
			json_decref(arr);
			return "最多 1000 条检查记录";
		}
		json_array_append_new(arr, json_integer(v));
	}
	json_object_set_new(row, c->field, arr);
	return NULL;
}

/* ---- rows ---- */

struct parse {
	import_row_fn fn;
	void         *arg;
	json_t       *problems;
	const char   *today;
};

/* What a row says must agree: the kind and its target and inspections, the date. */
static bool
row_agrees(struct parse *p, json_t *row, int64_t line)
{
	const char *kind = jx_str(row, "kind"), *date = jx_str(row, "date");
	size_t      before = json_array_size(p->problems);
	bool        five = kind != NULL && strcmp(kind, "five_into") == 0;

	if (date != NULL && strcmp(date, p->today) > 0)
		csvtab_problem(
		    p->problems, line, columns[AC_DATE].labels[0], "不能晚于今天：活动办过才登记");
	if (five && json_object_get(row, "target") == NULL)
		csvtab_problem(p->problems, line, columns[AC_TARGET].labels[0], "五进活动必填");
	else if (kind != NULL && !five && json_object_get(row, "target") != NULL)
		csvtab_problem(
		    p->problems, line, columns[AC_TARGET].labels[0], "只有五进活动填写对象");
	if (kind != NULL && strcmp(kind, "door_to_door") != 0 &&
	    json_array_size(json_object_get(row, "inspections")) > 0)
		csvtab_problem(p->problems, line, columns[AC_INSPECTIONS].labels[0],
		    "只有进门入户送安全活动关联检查记录");
	return json_array_size(p->problems) == before;
}

static void
parse_row(json_t *row, int64_t line, void *arg)
{
	struct parse *p = arg;

	if (row_agrees(p, row, line))
		p->fn(row, line, p->arg);
}

enum app_err
activity_csv_parse(
    const char *data, size_t len, const char *today, import_row_fn fn, void *arg, json_t *problems)
{
	struct parse p = { fn, arg, problems, today };

	return csvtab_parse(&table, data, len, parse_row, &p, problems);
}

/* ---- the import ---- */

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
	json_t                 *regions; /* region name → code ("" when two share it) */
	int64_t                 first_id, last_id;
	int64_t                 sessions, participants;
};

static const char sql_regions[] = "SELECT code, name FROM regions";
static const char sql_org_by_name[] = "SELECT id FROM orgs WHERE name = ?1";
static const char sql_by_uscc[] = "SELECT id FROM enterprises WHERE uscc = ?1";

static enum app_err
load_regions(struct import_ctx *x)
{
	struct stmt *st = store_stmt(x->store, sql_regions);
	enum app_err er;
	bool         row;
	const char  *name;

	x->regions = json_object();
	while ((er = stmt_step(st, &row)) == APP_OK && row) {
		name = stmt_text(st, 1);
		json_object_set_new(x->regions, name,
		    json_string(json_object_get(x->regions, name) ? "" : stmt_text(st, 0)));
	}
	stmt_reset(st);
	return er;
}

/* The report label of a field activity_insert names ("enterprises[2]" → 覆盖企业). */
static const char *
label_of(struct arena *a, const char *field)
{
	const char *b = field != NULL ? strchr(field, '[') : NULL;

	if (b != NULL)
		field = arena_strndup(a, field, (size_t)(b - field));
	if (field != NULL && strcmp(field, "organiser_org_id") == 0)
		return columns[AC_ORG].labels[0];
	return csvtab_label(&table, field);
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

/* Names to ids: the region (a name), the organiser, the covered enterprises. */
static enum app_err
resolve(struct import_ctx *x, json_t *row, int64_t line)
{
	const char  *region = jx_str(row, "region_code"), *org = jx_str(row, "organiser");
	json_t      *usccs = json_object_get(row, "enterprises"), *ids, *v, *e;
	struct stmt *st;
	enum app_err er;
	int64_t      id;
	size_t       i;

	if (region != NULL && strspn(region, "0123456789") != strlen(region)) {
		if (x->regions == NULL && (er = load_regions(x)) != APP_OK)
			return er;
		if ((v = json_object_get(x->regions, region)) == NULL)
			csvtab_problem(x->res->problems, line, columns[AC_REGION].labels[0],
			    "没有该名称的地区（也可填写行政区划代码）");
		else if (json_string_value(v)[0] == '\0')
			csvtab_problem(x->res->problems, line, columns[AC_REGION].labels[0],
			    "有多个同名地区，请填写行政区划代码");
		else
			json_object_set(row, "region_code", v);
	}
	if (org != NULL) {
		st = store_stmt(x->store, sql_org_by_name);
		stmt_bind_text(st, 1, org);
		if ((er = stmt_one_i64(st, &id)) == APP_OK)
			json_object_set_new(row, "organiser_org_id", json_integer(id));
		else if (er == APP_ENOENT)
			csvtab_problem(
			    x->res->problems, line, columns[AC_ORG].labels[0], "没有该名称的机关");
		else
			return er;
		json_object_del(row, "organiser");
	}
	if (usccs != NULL) {
		ids = json_array();
		json_array_foreach(usccs, i, e)
		{
			st = store_stmt(x->store, sql_by_uscc);
			stmt_bind_text(st, 1, json_string_value(e));
			if ((er = stmt_one_i64(st, &id)) == APP_OK)
				json_array_append_new(ids, json_integer(id));
			else if (er == APP_ENOENT)
				csvtab_problem(x->res->problems, line,
				    columns[AC_ENTERPRISES].labels[0],
				    arena_printf(x->arena, "没有统一社会信用代码为 %s 的企业",
					json_string_value(e)));
			else {
				json_decref(ids);
				return er;
			}
		}
		json_object_set_new(row, "enterprises", ids);
	}
	return APP_OK;
}

static void
import_row(json_t *row, int64_t line, void *arg)
{
	struct import_ctx *x = arg;
	json_t            *errs, *e;
	const char        *col;
	enum app_err       er;
	int64_t            id;
	size_t             i, first = json_array_size(x->res->problems);

	x->res->rows++;
	if (x->fatal != APP_OK)
		return;
	arena_reset(x->arena);
	if ((er = resolve(x, row, line)) != APP_OK) {
		x->fatal = er;
		return;
	}
	if (json_array_size(x->res->problems) > first)
		goto done;
	errs = json_array();
	/* Audited as a whole (activity_import), naming the file. */
	er = activity_insert(
	    x->store, x->arena, &x->admin, &x->scope, x->who, row, false, x->now, errs, &id);
	if (er == APP_OK) {
		if (x->first_id == 0)
			x->first_id = id;
		x->last_id = id;
		x->sessions += json_integer_value(json_object_get(row, "sessions"));
		x->participants += json_integer_value(json_object_get(row, "participants"));
		if (json_object_get(row, "sessions") == NULL)
			x->sessions++;
	}
	json_array_foreach(errs, i, e)
	{
		col = label_of(x->arena, jx_str(e, "field"));
		if (!reported(x->res->problems, first, line, col))
			csvtab_problem(x->res->problems, line, col, jx_str(e, "message"));
	}
	json_decref(errs);
	if (er != APP_OK && er != APP_EINVAL && er != APP_ECONFLICT)
		x->fatal = er;
	/* A row refused without a field named still fails the import. */
	else if (er != APP_OK && json_array_size(x->res->problems) == first)
		csvtab_problem(x->res->problems, line, "", app_err_message(er));
done:
	if (x->progress != NULL && x->res->rows % 1000 == 0)
		x->progress(x->res->rows, x->total >= x->res->rows ? x->total : 0, x->parg);
}

/* Data rows, roughly (a cell may hold a line break): for the progress bar. */
static int64_t
count_lines(const char *data, size_t len)
{
	int64_t n = 0;
	size_t  i;

	for (i = 0; i < len; i++)
		n += data[i] == '\n';
	if (len > 0 && data[len - 1] != '\n')
		n++;
	return n > 1 ? n - 1 : 0;
}

enum app_err
activity_import(struct store *s, const struct audit_who *who, const char *data, size_t len,
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
	er = activity_csv_parse(data, len, today, import_row, &x, res->problems);
	if (er == APP_OK)
		er = x.fatal;
	if (er == APP_OK && json_array_size(res->problems) > 0)
		er = APP_EINVAL;
	if (er != APP_OK || dry_run)
		goto out;
	/*
	 * One audit row for the import, in its transaction: the file's SHA-256 (the register
	 * a bureau keeps proves what each row was made from), the ids created (consecutive:
	 * one transaction on one connection) and what they add up to.
	 */
	crypto_hash_sha256(digest, (const unsigned char *)data, len);
	sodium_bin2hex(hex, sizeof(hex), digest, sizeof(digest));
	ch = json_pack("{s:s, s:I, s:I, s:I, s:I, s:I}", "file_sha256", hex, "rows",
	    (json_int_t)res->rows, "first_id", (json_int_t)x.first_id, "last_id",
	    (json_int_t)x.last_id, "sessions", (json_int_t)x.sessions, "participants",
	    (json_int_t)x.participants);
	er = audit_append(s, who, "import", "activity", 0, ch);
	json_decref(ch);
	if (er == APP_OK && (er = store_commit(s)) == APP_OK)
		res->imported = res->rows;
out:
	store_rollback(s);
	store_bulk(s, false);
	if (progress != NULL)
		progress(res->rows, res->rows, parg);
	json_decref(x.regions);
	arena_free(x.arena);
	return er;
}
