/*
 * Responsibility lists (职责清单): an org's duties under "管行业必须管安全、管业务必须管安全、
 * 管生产经营必须管安全" (安全生产法 第三条), each with its legal basis, and an enterprise's
 * full-staff responsibility system (全员安全生产责任制, 安全生产法 第二十二条) as duties per
 * post. A duty is retired, never deleted.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/audit.h"
#include "auth/auth.h"
#include "auth/scope.h"
#include "core/arena.h"
#include "core/jsonx.h"
#include "core/text.h"
#include "duty/duty_impl.h"
#include "store/store.h"

static const char *const kind_codes[] = { "industry", "business", "production", "post", NULL };
static const char *const kind_labels[] = { "管行业", "管业务", "管生产经营", "岗位职责", NULL };
static const char *const org_kinds[] = { "industry", "business", "production", NULL };

/* An org's duty: in the enterprise scope's region range (sector '' and no enterprise, so
 * not for departments or enterprises), or of the caller's own org. */
#define DUTY_PRED \
	"(" SCOPE_PRED( \
	    "d.region_code", "d.sector", "d.enterprise_id") " OR (?4 IS NULL AND d.org_id = ?5))"
#define DUTY_COLS \
	"d.id, d.org_id, o.name AS org_name, d.enterprise_id, e.name AS enterprise_name," \
	" d.region_code, d.sector, d.kind, d.post, d.content, d.legal_basis, d.sort, d.status," \
	" d.retired_reason, d.created_by, d.created_at, d.updated_at"
#define DUTY_FROM \
	" FROM duties d LEFT JOIN orgs o ON o.id = d.org_id LEFT JOIN enterprises e ON" \
	" e.id = d.enterprise_id"

static const char sql_one[] = "SELECT " DUTY_COLS DUTY_FROM " WHERE d.id = ?7 AND " DUTY_PRED;

static void
decorate(json_t *o)
{
	static const char *const instants[] = { "created_at", "updated_at", NULL };

	json_object_set_new(
	    o, "kind_label", json_string(code_label(kind_codes, kind_labels, jx_str(o, "kind"))));
	duty_row_fix(o, instants, NULL, NULL);
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

enum app_err
duty_get(struct store *s, const struct actor *actor, int64_t id, json_t **out)
{
	enum app_err er = load(s, actor, id, out);

	if (er == APP_OK)
		decorate(*out);
	return er;
}

/*
 * Who writes a duty the caller sees: an org's — an admin, a user of that org, a city or
 * district bureau user whose region holds it; an enterprise's — the enterprise's own user
 * and government staff who keep enterprise records (admin, city, district, department,
 * inspector).
 */
static bool
may_write(const struct actor *actor, int64_t org_id, bool enterprise)
{
	if (actor->role == ROLE_ADMIN)
		return true;
	if (enterprise)
		return (ROLES_REGISTRY | ROLE_BIT(ROLE_ENTERPRISE)) & ROLE_BIT(actor->role);
	return (actor->org_id > 0 && actor->org_id == org_id && actor->role != ROLE_ENTERPRISE &&
		   actor->role != ROLE_VIEWER && actor->role != ROLE_INSPECTOR &&
		   actor->role != ROLE_REVIEWER) ||
	    actor->role == ROLE_CITY || actor->role == ROLE_DISTRICT;
}

/* The fields a create and an update share, into `row` ({kind, post, content, legal_basis,
 * sort}); `creating` requires content. */
static void
decode_fields(
    struct arena *a, json_t *in, bool enterprise, bool creating, json_t *row, json_t *errs)
{
	const char *v = NULL;
	int64_t     n;
	enum jx     r;

	r = jx_enum(in, "kind", kind_codes, &v, errs);
	if (r == JX_SET) {
		if (enterprise && strcmp(v, "post") != 0)
			jx_err(errs, "kind", "企业的职责按岗位（post）登记");
		else if (!enterprise && !duty_one_of(org_kinds, v))
			jx_err(errs, "kind",
			    "应为 管行业 industry、管业务 business 或 管生产经营 production");
		else
			json_object_set_new(row, "kind", json_string(v));
	} else if (r == JX_NULL || (r == JX_ABSENT && creating)) {
		if (enterprise)
			json_object_set_new(row, "kind", json_string("post"));
		else if (!jx_has_err(errs, "kind"))
			jx_err(errs, "kind",
			    "必填: 职责类别 — 管行业 industry、管业务 business 或 管生产经营 production");
	}
	r = jx_string(a, in, "post", enterprise ? 1 : 0, 60, &v, errs);
	if (r == JX_SET || r == JX_NULL)
		json_object_set_new(row, "post", json_string(r == JX_SET ? v : ""));
	if (enterprise && (r == JX_NULL || (r == JX_ABSENT && creating)) &&
	    !jx_has_err(errs, "post"))
		jx_err(errs, "post", "必填: 岗位（如 主要负责人、安全管理人员、班组长）");
	r = jx_string(a, in, "content", 2, 2000, &v, errs);
	if (r == JX_SET)
		json_object_set_new(row, "content", json_string(v));
	else if ((r == JX_ABSENT && creating) || r == JX_NULL)
		jx_err(errs, "content", "必填: 职责内容");
	r = jx_string(a, in, "legal_basis", 0, 1000, &v, errs);
	if (r == JX_SET || r == JX_NULL)
		json_object_set_new(row, "legal_basis", json_string(r == JX_SET ? v : ""));
	r = jx_int(in, "sort", 0, 9999, &n, errs);
	if (r == JX_SET || r == JX_NULL)
		json_object_set_new(row, "sort", json_integer(r == JX_SET ? n : 0));
}

static const char sql_enterprise[] =
    "SELECT region_code, sector, status FROM enterprises e WHERE id = ?5 AND " SCOPE_PRED(
	"e.region_code", "e.sector", "e.id");
static const char sql_insert[] =
    "INSERT INTO duties (org_id, enterprise_id, region_code, sector, kind, post, content,"
    " legal_basis, sort, status, created_by, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5,"
    " ?6, ?7, ?8, ?9, 'active', ?10, ?11, ?11)";

enum app_err
duty_create(struct store *s, struct arena *a, const struct actor *actor,
    const struct audit_who *who, json_t *in, int64_t now, json_t *errs, int64_t *id)
{
	static const char *const known[] = { "org_id", "enterprise_id", "kind", "post", "content",
		"legal_basis", "sort", NULL };
	struct scope             sc;
	struct duty_org          org = { 0 };
	json_t                  *row = json_object();
	int64_t                  org_id = 0, ent_id = 0;
	const char              *region = NULL, *sector = "";
	struct stmt             *st;
	enum app_err             er;
	bool                     found, enterprise;

	*id = 0;
	if (!json_is_object(in)) {
		jx_err(errs, "$", "应为 JSON 对象");
		json_decref(row);
		return APP_EINVAL;
	}
	jx_unknown(in, known, errs);
	scope_of(actor, &sc);
	if ((er = store_begin(s, STORE_WRITE)) != APP_OK) {
		json_decref(row);
		return er;
	}
	if (jx_missing(jx_int(in, "org_id", 1, INT64_MAX, &org_id, errs)))
		org_id = 0;
	if (jx_missing(jx_int(in, "enterprise_id", 1, INT64_MAX, &ent_id, errs)))
		ent_id = 0;
	if (org_id > 0 && ent_id > 0)
		jx_err(errs, "enterprise_id",
		    "职责属于一个单位（org_id）或一个企业（enterprise_id），不能同时指定");
	else if (org_id == 0 && ent_id == 0 && !jx_has_err(errs, "org_id") &&
	    !jx_has_err(errs, "enterprise_id"))
		jx_err(errs, "org_id", "必填: 职责所属的单位（org_id）或企业（enterprise_id）");
	enterprise = org_id == 0 && (ent_id > 0 || actor->role == ROLE_ENTERPRISE);
	if (!may_write(actor, org_id, enterprise)) {
		er = APP_EPERM;
		goto fail;
	}
	if (org_id > 0 && ent_id == 0) {
		if ((er = duty_org_load(s, a, org_id, &org)) == APP_ENOENT)
			jx_err(errs, "org_id", "没有这个单位");
		else if (er != APP_OK)
			goto fail;
		else if (org_id != actor->org_id && actor->role != ROLE_ADMIN &&
		    (!scope_contains(&sc, org.region, NULL, 0) || actor->role == ROLE_DEPARTMENT))
			jx_err(errs, "org_id", "该单位不在您的管辖范围内");
		region = org.region;
	} else if (ent_id > 0) {
		st = store_stmt(s, sql_enterprise);
		scope_bind(st, &sc);
		stmt_bind_i64(st, 5, ent_id);
		if ((er = stmt_step(st, &found)) != APP_OK)
			goto fail;
		if (found) {
			region = arena_strdup(a, stmt_text(st, 0));
			sector = arena_strdup(a, stmt_text(st, 1));
			if (strcmp(stmt_text(st, 2), "voided") == 0)
				jx_err(errs, "enterprise_id", "企业已作废");
		}
		stmt_reset(st);
		if (!found)
			jx_err(errs, "enterprise_id", "企业不存在或不在您的管辖范围内");
	}
	decode_fields(a, in, enterprise, true, row, errs);
	if (json_array_size(errs) > 0) {
		er = APP_EINVAL;
		goto fail;
	}
	st = store_stmt(s, sql_insert);
	duty_bind_id(st, 1, ent_id > 0 ? 0 : org_id);
	duty_bind_id(st, 2, ent_id);
	stmt_bind_text(st, 3, region);
	stmt_bind_text(st, 4, sector);
	stmt_bind_text(st, 5, jx_str(row, "kind"));
	stmt_bind_text(st, 6, jx_str(row, "post") ? jx_str(row, "post") : "");
	stmt_bind_text(st, 7, jx_str(row, "content"));
	stmt_bind_text(st, 8, jx_str(row, "legal_basis") ? jx_str(row, "legal_basis") : "");
	stmt_bind_i64(st, 9, jx_num(row, "sort"));
	duty_bind_id(st, 10, actor->user_id);
	stmt_bind_i64(st, 11, now);
	if ((er = stmt_run(st)) != APP_OK)
		goto fail;
	*id = store_last_id(s);
	if (ent_id > 0)
		json_object_set_new(row, "enterprise_id", json_integer(ent_id));
	else
		json_object_set_new(row, "org_id", json_integer(org_id));
	if ((er = audit_append(s, who, "create", "duty", *id, row)) != APP_OK)
		goto fail;
	er = store_commit(s);
	goto done;
fail:
	store_rollback(s);
	*id = 0;
done:
	json_decref(row);
	return er;
}

static const char sql_update[] = "UPDATE duties SET kind = ?2, post = ?3, content = ?4,"
				 " legal_basis = ?5, sort = ?6, updated_at = ?7 WHERE id = ?1";

enum app_err
duty_update(struct store *s, struct arena *a, const struct actor *actor,
    const struct audit_who *who, int64_t id, json_t *in, int64_t now, json_t *errs)
{
	static const char *const known[] = { "kind", "post", "content", "legal_basis", "sort",
		NULL };
	static const char *const cols[] = { "kind", "post", "content", "legal_basis", "sort",
		NULL };
	json_t                  *rec = NULL, *before = json_object(), *after, *ch = NULL;
	struct stmt             *st;
	enum app_err             er;
	size_t                   i;

	if (!json_is_object(in)) {
		jx_err(errs, "$", "应为 JSON 对象");
		json_decref(before);
		return APP_EINVAL;
	}
	jx_unknown(in, known, errs);
	if ((er = store_begin(s, STORE_WRITE)) != APP_OK) {
		json_decref(before);
		return er;
	}
	if ((er = load(s, actor, id, &rec)) != APP_OK)
		goto fail;
	if (!may_write(actor, jx_num(rec, "org_id"), jx_num(rec, "enterprise_id") > 0)) {
		er = APP_EPERM;
		goto fail;
	}
	if (strcmp(jx_str(rec, "status"), "active") != 0) {
		jx_err(errs, "status", "职责已废止，不能修改");
		er = APP_ECONFLICT;
		goto fail;
	}
	for (i = 0; cols[i] != NULL; i++)
		json_object_set(before, cols[i], json_object_get(rec, cols[i]));
	after = json_deep_copy(before);
	decode_fields(a, in, jx_num(rec, "enterprise_id") > 0, false, after, errs);
	ch = jx_diff(before, after);
	if (json_array_size(errs) > 0) {
		json_decref(after);
		er = APP_EINVAL;
		goto fail;
	}
	st = store_stmt(s, sql_update);
	stmt_bind_i64(st, 1, id);
	stmt_bind_text(st, 2, jx_str(after, "kind"));
	stmt_bind_text(st, 3, jx_str(after, "post"));
	stmt_bind_text(st, 4, jx_str(after, "content"));
	stmt_bind_text(st, 5, jx_str(after, "legal_basis"));
	stmt_bind_i64(st, 6, jx_num(after, "sort"));
	stmt_bind_i64(st, 7, now);
	json_decref(after);
	if ((er = stmt_run(st)) != APP_OK)
		goto fail;
	if ((er = audit_append(s, who, "update", "duty", id, ch)) != APP_OK)
		goto fail;
	er = store_commit(s);
	goto done;
fail:
	store_rollback(s);
done:
	json_decref(rec);
	json_decref(before);
	json_decref(ch);
	return er;
}

enum app_err
duty_transition(struct store *s, struct arena *a, const struct actor *actor,
    const struct audit_who *who, int64_t id, json_t *in, int64_t now, json_t *errs)
{
	static const char *const known[] = { "action", "reason", NULL };
	static const char *const actions[] = { "retire", NULL };
	const char              *action = NULL, *reason = NULL;
	json_t                  *rec = NULL, *ch;
	struct stmt             *st;
	enum app_err             er;

	if (!json_is_object(in)) {
		jx_err(errs, "$", "应为 JSON 对象");
		return APP_EINVAL;
	}
	if (jx_missing(jx_enum(in, "action", actions, &action, errs))) {
		if (!jx_has_err(errs, "action"))
			jx_err(errs, "action", "应为 retire");
		return APP_EINVAL;
	}
	if (action == NULL)
		return APP_EINVAL;
	jx_unknown(in, known, errs);
	if (jx_string(a, in, "reason", 2, 1000, &reason, errs) == JX_ABSENT)
		jx_err(errs, "reason", "必填: 废止理由");
	if ((er = store_begin(s, STORE_WRITE)) != APP_OK)
		return er;
	if ((er = load(s, actor, id, &rec)) != APP_OK)
		goto fail;
	if (!may_write(actor, jx_num(rec, "org_id"), jx_num(rec, "enterprise_id") > 0)) {
		er = APP_EPERM;
		goto fail;
	}
	if (strcmp(jx_str(rec, "status"), "active") != 0) {
		jx_err(errs, "action", "职责已废止");
		er = APP_ECONFLICT;
		goto fail;
	}
	if (json_array_size(errs) > 0) {
		er = APP_EINVAL;
		goto fail;
	}
	st = store_stmt(s,
	    "UPDATE duties SET status = 'retired', retired_reason = ?2, updated_at = ?3"
	    " WHERE id = ?1 AND status = 'active'");
	stmt_bind_i64(st, 1, id);
	stmt_bind_text(st, 2, reason);
	stmt_bind_i64(st, 3, now);
	if ((er = stmt_run(st)) != APP_OK)
		goto fail;
	ch = json_pack("{s:s, s:[s, s], s:s}", "action", "retire", "status", "active", "retired",
	    "note", reason);
	er = audit_append(s, who, "transition", "duty", id, ch);
	json_decref(ch);
	if (er != APP_OK)
		goto fail;
	er = store_commit(s);
	goto done;
fail:
	store_rollback(s);
done:
	json_decref(rec);
	return er;
}

/* ---- the list ---- */

enum app_err
duty_filter_parse(duty_param_fn get, void *arg, struct duty_filter *f, json_t *errs)
{
	memset(f, 0, sizeof(*f));
	f->kind = get(arg, "kind");
	f->status = get(arg, "status");
	if (f->kind != NULL && !duty_one_of(kind_codes, f->kind))
		jx_err(errs, "kind", "应为 industry、business、production 或 post");
	if (f->status != NULL && strcmp(f->status, "active") != 0 &&
	    strcmp(f->status, "retired") != 0 && strcmp(f->status, "all") != 0)
		jx_err(errs, "status", "应为 active、retired 或 all");
	duty_id_param(get, arg, "org_id", &f->org_id, errs);
	duty_id_param(get, arg, "enterprise_id", &f->enterprise_id, errs);
	return json_array_size(errs) > 0 ? APP_EINVAL : APP_OK;
}

#define LIST_WHERE \
	" WHERE " DUTY_PRED " AND (?7 IS NULL OR d.kind = ?7) AND (coalesce(?8, 'active') = 'all'" \
	" OR d.status = coalesce(?8, 'active')) AND (?9 IS NULL OR d.org_id = ?9) AND" \
	" (?10 IS NULL OR d.enterprise_id = ?10)"
static const char                 sql_list[] =
    "SELECT " DUTY_COLS DUTY_FROM LIST_WHERE " AND (?11 = 0 OR d.id > ?11) ORDER BY d.id LIMIT ?12";
static const char                 sql_count[] = "SELECT count(*) FROM duties d" LIST_WHERE;

static void
bind_filter(struct stmt *st, const struct actor *actor, const struct duty_filter *f)
{
	duty_scope_bind(st, actor);
	stmt_bind_text(st, 7, f->kind);
	stmt_bind_text(st, 8, f->status);
	duty_bind_id(st, 9, f->org_id);
	duty_bind_id(st, 10, f->enterprise_id);
}

enum app_err
duty_page(struct store *s, const struct actor *actor, const struct duty_filter *f, int64_t cursor,
    int limit, json_t **items, int64_t *total)
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
	stmt_bind_i64(st, 11, cursor);
	stmt_bind_i64(st, 12, limit);
	while ((er = stmt_step(st, &row)) == APP_OK && row) {
		json_t *o = stmt_row_json(st);

		decorate(o);
		json_array_append_new(*items, o);
	}
	stmt_reset(st);
	return er;
}
