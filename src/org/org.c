#include <stdio.h>
#include <string.h>

#include "audit/audit.h"
#include "auth/auth.h"
#include "core/arena.h"
#include "core/jsonx.h"
#include "core/timeutil.h"
#include "org/org.h"
#include "refdata/refdata.h"
#include "store/store.h"

static const char *const kinds[] = { "city_bureau", "district_bureau", "department", "legal_office",
	NULL };
static const char *const known[] = { "name", "abbr", "kind", "region_code", "sectors", "parent_id",
	NULL };

#define ORG_SELECT \
	"SELECT o.id, o.name, o.abbr, o.kind, o.region_code, coalesce(r.name, '')," \
	" o.sectors, o.parent_id, o.created_at, o.updated_at" \
	" FROM orgs o LEFT JOIN regions r ON r.code = o.region_code"

static const char sql_list[] = ORG_SELECT
    " WHERE (?1 IS NULL OR o.kind = ?1) ORDER BY CASE o.kind WHEN 'city_bureau' THEN 0"
    " WHEN 'district_bureau' THEN 1 WHEN 'legal_office' THEN 2 ELSE 3 END, o.region_code, o.id";
static const char sql_get[] = ORG_SELECT " WHERE o.id = ?1";
static const char sql_insert[] =
    "INSERT INTO orgs (name, abbr, kind, region_code, sectors, parent_id, created_at,"
    " updated_at) VALUES (?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8) RETURNING id";
static const char sql_update[] =
    "UPDATE orgs SET name = ?2, abbr = ?3, kind = ?4, region_code = ?5, sectors = ?6,"
    " parent_id = ?7, updated_at = ?8 WHERE id = ?1";
static const char sql_exists[] = "SELECT 1 FROM orgs WHERE id = ?1";

/* ",a,b," → ["a","b"] */
static json_t *
sectors_array(const char *s)
{
	json_t     *a = json_array();
	const char *p, *e;

	for (p = s; *p != '\0'; p = e) {
		if (*p == ',') {
			e = p + 1;
			continue;
		}
		e = strchr(p, ',');
		if (e == NULL)
			e = p + strlen(p);
		json_array_append_new(a, json_stringn(p, (size_t)(e - p)));
	}
	return a;
}

static json_t *
row_json(struct stmt *st)
{
	char c[40], u[40];

	time_fmt_rfc3339(stmt_i64(st, 8), c, sizeof(c));
	time_fmt_rfc3339(stmt_i64(st, 9), u, sizeof(u));
	return json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:o, s:o, s:s, s:s}", "id",
	    (json_int_t)stmt_i64(st, 0), "name", stmt_text(st, 1), "abbr", stmt_text(st, 2), "kind",
	    stmt_text(st, 3), "region_code", stmt_text(st, 4), "region_name", stmt_text(st, 5),
	    "sectors", sectors_array(stmt_text(st, 6)), "parent_id",
	    stmt_null(st, 7) ? json_null() : json_integer(stmt_i64(st, 7)), "created_at", c,
	    "updated_at", u);
}

enum app_err
org_list(struct store *s, const char *kind, json_t **out)
{
	struct stmt *st = store_stmt(s, sql_list);
	enum app_err er;
	bool         row;

	*out = json_array();
	stmt_bind_text(st, 1, kind);
	while ((er = stmt_step(st, &row)) == APP_OK && row)
		json_array_append_new(*out, row_json(st));
	stmt_reset(st);
	return er;
}

enum app_err
org_get(struct store *s, int64_t id, json_t **out)
{
	struct stmt *st = store_stmt(s, sql_get);

	stmt_bind_i64(st, 1, id);
	return stmt_one_json(st, row_json, out);
}

/* Validates `in` over `row` (the current values, or an empty object); checks references. */
static enum app_err
org_apply(struct store *s, struct arena *a, int64_t id, json_t *in, json_t *row, json_t *errs)
{
	const char  *str, *name;
	json_t      *v, *e;
	int64_t      pid;
	size_t       i;
	enum jx      r;
	enum app_err er;
	struct stmt *st;
	bool         found;

	jx_unknown(in, known, errs);
	if (jx_string(a, in, "name", 2, 60, &str, errs) == JX_SET)
		json_object_set_new(row, "name", json_string(str));
	r = jx_string(a, in, "abbr", 0, 20, &str, errs);
	if (r == JX_SET || r == JX_NULL)
		json_object_set_new(row, "abbr", json_string(r == JX_SET ? str : ""));
	if (jx_enum(in, "kind", kinds, &str, errs) == JX_SET)
		json_object_set_new(row, "kind", json_string(str));
	if (jx_string(a, in, "region_code", 1, 9, &str, errs) == JX_SET) {
		if ((er = region_name(s, a, str, &name)) == APP_ENOENT)
			jx_err(errs, "region_code", "没有这个行政区划");
		else if (er != APP_OK)
			return er;
		json_object_set_new(row, "region_code", json_string(str));
	}
	if ((v = json_object_get(in, "sectors")) != NULL) {
		if (!json_is_array(v))
			jx_err(errs, "sectors", "应为行业领域代码的列表");
		else {
			json_t *list = json_array();

			json_array_foreach(v, i, e)
			{
				if (!json_is_string(e) ||
				    sector_name(s, a, json_string_value(e), &name) != APP_OK) {
					jx_err(errs, "sectors", "含有不存在的行业领域");
					break;
				}
				json_array_append(list, e);
			}
			json_object_set_new(row, "sectors", list);
		}
	}
	r = jx_int(in, "parent_id", 1, INT64_MAX, &pid, errs);
	if (r == JX_SET) {
		st = store_stmt(s, sql_exists);
		stmt_bind_i64(st, 1, pid);
		er = stmt_step(st, &found);
		stmt_reset(st);
		if (er != APP_OK)
			return er;
		if (!found || pid == id)
			jx_err(errs, "parent_id", "上级单位不存在");
		json_object_set_new(row, "parent_id", json_integer(pid));
	} else if (r == JX_NULL)
		json_object_set_new(row, "parent_id", json_null());
	for (i = 0; i < 4; i++) {
		static const char *const req[] = { "name", "kind", "region_code", "sectors" };

		if (json_object_get(row, req[i]) == NULL && !jx_has_err(errs, req[i])) {
			if (i == 3)
				json_object_set_new(row, "sectors", json_array());
			else
				jx_err(errs, req[i], "必填");
		}
	}
	if (json_array_size(errs) == 0 &&
	    strcmp(json_string_value(json_object_get(row, "kind")), "department") == 0 &&
	    json_array_size(json_object_get(row, "sectors")) == 0)
		jx_err(errs, "sectors", "行业主管部门须至少选择一个行业领域");
	return json_array_size(errs) > 0 ? APP_EINVAL : APP_OK;
}

static void
bind_row(struct arena *a, struct stmt *st, json_t *row)
{
	json_t *v;
	size_t  i;
	char   *sec = arena_strdup(a, ",");

	json_array_foreach(json_object_get(row, "sectors"), i, v) sec =
	    arena_printf(a, "%s%s,", sec, json_string_value(v));
	stmt_bind_text(st, 2, json_string_value(json_object_get(row, "name")));
	stmt_bind_text(st, 3, json_string_value(json_object_get(row, "abbr")) ?: "");
	stmt_bind_text(st, 4, json_string_value(json_object_get(row, "kind")));
	stmt_bind_text(st, 5, json_string_value(json_object_get(row, "region_code")));
	stmt_bind_text(st, 6, strcmp(sec, ",") == 0 ? "" : sec);
	v = json_object_get(row, "parent_id");
	if (json_is_integer(v))
		stmt_bind_i64(st, 7, json_integer_value(v));
	stmt_bind_i64(st, 8, now_ms());
}

static enum app_err
name_conflict(json_t *errs)
{
	jx_err(errs, "name", "已有同名单位");
	return APP_ECONFLICT;
}

enum app_err
org_create(struct store *s, struct arena *a, const struct audit_who *who, json_t *in, json_t *errs,
    int64_t *id)
{
	json_t      *row = json_object();
	struct stmt *st;
	enum app_err er;
	bool         got;

	*id = 0;
	if ((er = store_begin(s, STORE_WRITE)) != APP_OK)
		goto out;
	if ((er = org_apply(s, a, 0, in, row, errs)) != APP_OK)
		goto out;
	st = store_stmt(s, sql_insert);
	bind_row(a, st, row);
	er = stmt_step(st, &got);
	*id = got ? stmt_i64(st, 0) : 0;
	stmt_reset(st);
	if (er == APP_ECONFLICT)
		er = name_conflict(errs);
	if (er != APP_OK)
		goto out;
	if ((er = audit_append(s, who, "create", "org", *id, row)) == APP_OK)
		er = store_commit(s);
out:
	if (er != APP_OK)
		store_rollback(s);
	json_decref(row);
	return er;
}

enum app_err
org_update(struct store *s, struct arena *a, const struct audit_who *who, int64_t id, json_t *in,
    json_t *errs)
{
	json_t      *before = NULL, *row = NULL, *diff = NULL;
	struct stmt *st;
	enum app_err er;

	if ((er = store_begin(s, STORE_WRITE)) != APP_OK)
		return er;
	if ((er = org_get(s, id, &before)) != APP_OK)
		goto out;
	row = json_deep_copy(before);
	if ((er = org_apply(s, a, id, in, row, errs)) != APP_OK)
		goto out;
	diff = jx_diff(before, row);
	if (json_object_size(diff) == 0)
		goto out;
	st = store_stmt(s, sql_update);
	stmt_bind_i64(st, 1, id);
	bind_row(a, st, row);
	if ((er = stmt_run(st)) == APP_ECONFLICT)
		er = name_conflict(errs);
	if (er != APP_OK)
		goto out;
	if ((er = audit_append(s, who, "update", "org", id, diff)) == APP_OK &&
	    (er = store_commit(s)) == APP_OK)
		auth_sessions_changed(); /* its users' region or sectors changed */
out:
	store_rollback(s);
	json_decref(before);
	json_decref(row);
	json_decref(diff);
	return er;
}
