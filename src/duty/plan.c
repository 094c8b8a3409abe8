/*
 * Plans (方案): the multi-year action plan (治本攻坚三年行动方案 2024—2026) with its
 * department sub-plans hanging under it, annual task lists (年度任务清单) and special plans.
 * A plan is issued by an org (the caller's; an admin names it) for a period given as years
 * or dates. The public names carry duty_ because plan_ is the inspection plans'
 * (src/hazard/inspection.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "attachment/attachment.h"
#include "audit/audit.h"
#include "auth/auth.h"
#include "core/arena.h"
#include "core/jsonx.h"
#include "core/text.h"
#include "core/timeutil.h"
#include "duty/duty_impl.h"
#include "store/store.h"

/* Sub-plans below sub-plans: enough for 市方案 → 部门子方案 → 年度清单 and a margin. */
#define MAX_DEPTH 6

static const char *const kind_codes[] = { "action_plan", "annual_tasks", "special", NULL };
static const char *const kind_labels[] = { "行动方案", "年度任务清单", "专项方案", NULL };

#define PLANNER_ROLES \
	(ROLE_BIT(ROLE_ADMIN) | ROLE_BIT(ROLE_CITY) | ROLE_BIT(ROLE_DISTRICT) | \
	    ROLE_BIT(ROLE_DEPARTMENT))

#define PLAN_COLS \
	"p.id, p.kind, p.title, p.doc_no, p.issuer_org_id, o.name AS issuer_org_name," \
	" p.region_code, r.name AS region_name, p.parent_id, pp.title AS parent_title," \
	" p.period_from, p.period_to, p.description, p.attachments, (SELECT count(*) FROM" \
	" tasks t WHERE t.plan_id = p.id AND " TASK_PRED("t", \
	    "p") ") AS task_count," \
		 " (SELECT count(*) FROM plans c WHERE c.parent_id = p.id) AS sub_plan_count," \
		 " p.created_by, p.created_at, p.updated_at"
#define PLAN_FROM \
	" FROM plans p JOIN orgs o ON o.id = p.issuer_org_id LEFT JOIN regions r ON" \
	" r.code = p.region_code LEFT JOIN plans pp ON pp.id = p.parent_id"

static const char sql_one[] = "SELECT " PLAN_COLS PLAN_FROM " WHERE p.id = ?7 AND " PLAN_PRED("p");
static const char                                 sql_children[] =
    "SELECT " PLAN_COLS PLAN_FROM " WHERE p.parent_id = ?7 AND " PLAN_PRED("p") " ORDER BY p.id";

static void
decorate(json_t *o)
{
	static const char *const instants[] = { "created_at", "updated_at", NULL };
	static const char *const arrays[] = { "attachments", NULL };

	json_object_set_new(
	    o, "kind_label", json_string(code_label(kind_codes, kind_labels, jx_str(o, "kind"))));
	duty_row_fix(o, instants, arrays, NULL);
}

static enum app_err
load(struct store *s, const struct actor *actor, int64_t id, json_t **out)
{
	struct stmt *st = store_stmt(s, sql_one);
	enum app_err er;
	bool         row;

	*out = NULL;
	duty_scope_bind(st, actor);
	stmt_bind_i64(st, 7, id);
	if ((er = stmt_step(st, &row)) != APP_OK)
		return er;
	if (row)
		*out = stmt_row_json(st);
	stmt_reset(st);
	return row ? APP_OK : APP_ENOENT;
}

/* A period bound: a year (2024 or "2024") or a date; `end` takes 31 December of a year. */
static const char *
period_field(struct arena *a, json_t *in, const char *key, bool end, json_t *errs)
{
	json_t     *v = json_object_get(in, key);
	const char *s;
	int64_t     d, y = 0;

	if (v == NULL || json_is_null(v)) {
		jx_err(errs, key, "必填: 年份（如 2024）或日期 YYYY-MM-DD");
		return NULL;
	}
	if (json_is_integer(v))
		y = json_integer_value(v);
	else if (json_is_string(v)) {
		s = json_string_value(v);
		if (strlen(s) == 4 && strspn(s, "0123456789") == 4)
			y = atoi(s);
		else if (strlen(s) == 10 && date_parse(s, &d))
			return arena_strdup(a, s);
		else {
			jx_err(errs, key, "应为年份（如 2024）或日期 YYYY-MM-DD");
			return NULL;
		}
	} else {
		jx_err(errs, key, "应为年份（如 2024）或日期 YYYY-MM-DD");
		return NULL;
	}
	if (y < 2000 || y > 2100) {
		jx_err(errs, key, "年份应在 2000 到 2100 之间");
		return NULL;
	}
	return arena_printf(a, "%04d-%s", (int)y, end ? "12-31" : "01-01");
}

/* The issuing org: the caller's (an admin may name one). */
static enum app_err
decode_issuer(struct store *s, struct arena *a, const struct actor *actor, json_t *in,
    struct duty_org *o, json_t *errs)
{
	int64_t      id = actor->org_id;
	enum app_err er;

	memset(o, 0, sizeof(*o));
	if (actor->role == ROLE_ADMIN)
		jx_int(in, "issuer_org_id", 1, INT64_MAX, &id, errs);
	else if (json_object_get(in, "issuer_org_id") != NULL)
		jx_err(errs, "issuer_org_id", "方案由您所属的单位印发，不能指定");
	if (id <= 0) {
		if (!jx_has_err(errs, "issuer_org_id"))
			jx_err(errs, "issuer_org_id", "必填: 印发方案的单位");
		return APP_OK;
	}
	if ((er = duty_org_load(s, a, id, o)) == APP_ENOENT) {
		jx_err(errs, "issuer_org_id", "没有这个单位");
		return APP_OK;
	}
	return er;
}

static const char sql_insert[] =
    "INSERT INTO plans (kind, title, doc_no, issuer_org_id, region_code, region_lo, region_hi,"
    " parent_id, period_from, period_to, description, attachments, created_by, created_at,"
    " updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?14)";

enum app_err
duty_plan_create(struct store *s, struct arena *a, const struct actor *actor,
    const struct audit_who *who, json_t *in, int64_t now, json_t *errs, int64_t *id)
{
	static const char *const known[] = { "kind", "title", "doc_no", "issuer_org_id",
		"parent_id", "period_from", "period_to", "description", "attachments", NULL };
	struct duty_org          is;
	const char  *kind = NULL, *title = NULL, *doc_no = NULL, *from, *to, *desc = NULL;
	json_t      *atts, *parent = NULL, *data = NULL;
	int64_t      parent_id = 0;
	char         lo[16], hi[16], *atext = NULL;
	struct stmt *st;
	enum app_err er;

	*id = 0;
	if (!(PLANNER_ROLES & ROLE_BIT(actor->role)))
		return APP_EPERM;
	if (!json_is_object(in)) {
		jx_err(errs, "$", "应为 JSON 对象");
		return APP_EINVAL;
	}
	jx_unknown(in, known, errs);
	if ((er = store_begin(s, STORE_WRITE)) != APP_OK)
		return er;
	if ((er = decode_issuer(s, a, actor, in, &is, errs)) != APP_OK)
		goto fail;
	if (jx_missing(jx_enum(in, "kind", kind_codes, &kind, errs)) && !jx_has_err(errs, "kind"))
		jx_err(errs, "kind",
		    "必填: 方案类型 — 行动方案 action_plan、年度任务清单 annual_tasks 或专项方案 special");
	if (jx_string(a, in, "title", 2, 200, &title, errs) == JX_ABSENT)
		jx_err(errs, "title", "必填: 方案名称");
	jx_string(a, in, "doc_no", 0, 60, &doc_no, errs);
	jx_string(a, in, "description", 0, 4000, &desc, errs);
	from = period_field(a, in, "period_from", false, errs);
	to = period_field(a, in, "period_to", true, errs);
	if (from != NULL && to != NULL && strcmp(to, from) < 0)
		jx_err(errs, "period_to", "结束不能早于开始");
	atts = duty_ids_field(in, "attachments", errs);
	if (!jx_missing(jx_int(in, "parent_id", 1, INT64_MAX, &parent_id, errs))) {
		if ((er = load(s, actor, parent_id, &parent)) == APP_ENOENT)
			jx_err(errs, "parent_id", "上级方案不存在或不在您的范围内");
		else if (er != APP_OK)
			goto fail;
		else if (is.region != NULL &&
		    !duty_region_under(is.region, jx_str(parent, "region_code")))
			jx_err(errs, "parent_id", "印发单位不在上级方案的范围内");
	} else
		parent_id = 0;
	if (json_array_size(errs) > 0) {
		er = APP_EINVAL;
		goto fail;
	}
	region_range(is.region, lo, hi);
	atext = atts != NULL ? json_dumps(atts, JSON_COMPACT) : strdup("[]");
	st = store_stmt(s, sql_insert);
	stmt_bind_text(st, 1, kind);
	stmt_bind_text(st, 2, title);
	stmt_bind_text(st, 3, doc_no ? doc_no : "");
	stmt_bind_i64(st, 4, is.id);
	stmt_bind_text(st, 5, is.region);
	stmt_bind_text(st, 6, lo);
	stmt_bind_text(st, 7, hi);
	duty_bind_id(st, 8, parent_id);
	stmt_bind_text(st, 9, from);
	stmt_bind_text(st, 10, to);
	stmt_bind_text(st, 11, desc ? desc : "");
	stmt_bind_text(st, 12, atext);
	duty_bind_id(st, 13, actor->user_id);
	stmt_bind_i64(st, 14, now);
	if ((er = stmt_run(st)) != APP_OK)
		goto fail;
	*id = store_last_id(s);
	if (atts != NULL &&
	    (er = attachment_claim(s, actor, atts, "plan", *id, false, "attachments", errs)) !=
		APP_OK)
		goto fail;
	if (json_array_size(errs) > 0) {
		er = APP_EINVAL;
		goto fail;
	}
	data = json_pack("{s:s, s:s, s:s, s:I, s:s, s:s, s:s}", "kind", kind, "title", title,
	    "doc_no", doc_no ? doc_no : "", "issuer_org_id", (json_int_t)is.id, "period_from", from,
	    "period_to", to, "description", desc ? desc : "");
	if (parent_id > 0)
		json_object_set_new(data, "parent_id", json_integer(parent_id));
	if (atts != NULL)
		json_object_set(data, "attachments", atts);
	if ((er = audit_append(s, who, "create", "plan", *id, data)) != APP_OK)
		goto fail;
	er = store_commit(s);
	goto done;
fail:
	store_rollback(s);
	*id = 0;
done:
	free(atext);
	json_decref(parent);
	json_decref(data);
	return er;
}

/* ---- reading ---- */

static enum app_err
children_of(struct store *s, const struct actor *actor, json_t *plan, const char *today, int depth)
{
	struct stmt *st;
	json_t      *kids = json_array(), *tasks = json_array(), *k;
	enum app_err er;
	bool         row;
	size_t       i;

	er = duty_plan_tasks(s, actor, jx_num(plan, "id"), today, tasks);
	json_object_set_new(plan, "tasks", tasks);
	if (er != APP_OK) {
		json_decref(kids);
		return er;
	}
	st = store_stmt(s, sql_children);
	duty_scope_bind(st, actor);
	stmt_bind_i64(st, 7, jx_num(plan, "id"));
	while ((er = stmt_step(st, &row)) == APP_OK && row)
		json_array_append_new(kids, stmt_row_json(st));
	stmt_reset(st);
	json_array_foreach(kids, i, k)
	{
		decorate(k);
		if (er == APP_OK && depth < MAX_DEPTH)
			er = children_of(s, actor, k, today, depth + 1);
	}
	json_object_set_new(plan, "children", kids);
	return er;
}

enum app_err
duty_plan_detail(
    struct store *s, const struct actor *actor, int64_t id, const char *today, json_t **out)
{
	json_t      *o = NULL;
	enum app_err er;

	*out = NULL;
	if ((er = store_begin(s, STORE_READ)) != APP_OK)
		return er;
	if ((er = load(s, actor, id, &o)) == APP_OK) {
		decorate(o);
		er = children_of(s, actor, o, today, 1);
	}
	store_rollback(s);
	if (er != APP_OK)
		json_decref(o);
	else
		*out = o;
	return er;
}

enum app_err
duty_plan_filter_parse(duty_param_fn get, void *arg, struct duty_plan_filter *f, json_t *errs)
{
	const char *v;

	memset(f, 0, sizeof(*f));
	f->kind = get(arg, "kind");
	if (f->kind != NULL && !duty_one_of(kind_codes, f->kind))
		jx_err(errs, "kind", "应为 action_plan、annual_tasks 或 special");
	duty_id_param(get, arg, "issuer_org_id", &f->issuer_org_id, errs);
	duty_id_param(get, arg, "parent_id", &f->parent_id, errs);
	if ((v = get(arg, "year")) != NULL) {
		f->year = strlen(v) == 4 && strspn(v, "0123456789") == 4 ? atoi(v) : 0;
		if (f->year < 2000 || f->year > 2100)
			jx_err(errs, "year", "应为年份，如 2024");
	}
	if ((v = get(arg, "top")) != NULL) {
		if (strcmp(v, "true") == 0)
			f->top = true;
		else if (strcmp(v, "false") != 0)
			jx_err(errs, "top", "应为 true 或 false");
	}
	return json_array_size(errs) > 0 ? APP_EINVAL : APP_OK;
}

/* ?1–?6 the scope, then the filters. */
#define LIST_WHERE \
	" WHERE " PLAN_PRED( \
	    "p") " AND (?7 IS NULL OR p.kind = ?7) AND (?8 IS NULL OR" \
		 " p.issuer_org_id = ?8) AND (?9 IS NULL OR p.parent_id = ?9) AND (?10 = 0 OR" \
		 " p.parent_id IS NULL) AND (?11 IS NULL OR (p.period_from <= ?11 || '-12-31' AND" \
		 " p.period_to >= ?11 || '-01-01'))"
static const char sql_list[] = "SELECT " PLAN_COLS PLAN_FROM LIST_WHERE
			       " AND (?12 = 0 OR p.id < ?12) ORDER BY p.id DESC LIMIT ?13";
static const char sql_count[] = "SELECT count(*) FROM plans p" LIST_WHERE;

static void
bind_filter(struct stmt *st, const struct actor *actor, const struct duty_plan_filter *f)
{
	duty_scope_bind(st, actor);
	stmt_bind_text(st, 7, f->kind);
	duty_bind_id(st, 8, f->issuer_org_id);
	duty_bind_id(st, 9, f->parent_id);
	stmt_bind_i64(st, 10, f->top);
	if (f->year > 0) {
		char y[8];

		snprintf(y, sizeof(y), "%04d", (int)f->year);
		stmt_bind_text(st, 11, y);
	}
}

enum app_err
duty_plan_page(struct store *s, const struct actor *actor, const struct duty_plan_filter *f,
    int64_t cursor, int limit, json_t **items, int64_t *total)
{
	struct stmt *st;
	enum app_err er;
	bool         row;

	*items = json_array();
	st = store_stmt(s, sql_count);
	bind_filter(st, actor, f);
	if ((er = stmt_one_i64(st, total)) != APP_OK)
		return er;
	st = store_stmt(s, sql_list);
	bind_filter(st, actor, f);
	stmt_bind_i64(st, 12, cursor);
	stmt_bind_i64(st, 13, limit);
	while ((er = stmt_step(st, &row)) == APP_OK && row) {
		json_t *o = stmt_row_json(st);

		decorate(o);
		json_array_append_new(*items, o);
	}
	stmt_reset(st);
	return er;
}
