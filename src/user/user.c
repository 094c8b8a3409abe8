#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "audit/audit.h"
#include "auth/auth.h"
#include "core/arena.h"
#include "core/jsonx.h"
#include "core/timeutil.h"
#include "store/store.h"
#include "user/user.h"

static const char *const known[] = { "username", "display_name", "role", "org_id", "enterprise_id",
	"cert_no", "phone", "joined_on", "password", NULL };
static const char *const role_codes[] = { "admin", "city", "district", "department", "inspector",
	"reviewer", "enterprise", "viewer", NULL };

#define USER_SELECT \
	"SELECT u.id, u.username, u.display_name, u.role, u.org_id, o.name," \
	" u.enterprise_id, e.name, u.cert_no, u.phone, u.admin_locked, u.locked_until," \
	" u.last_login_at, u.created_at, u.updated_at, u.joined_on" \
	" FROM users u LEFT JOIN orgs o ON o.id = u.org_id" \
	" LEFT JOIN enterprises e ON e.id = u.enterprise_id"

#define USER_FILTER \
	" WHERE (?1 IS NULL OR instr(u.username, ?1) > 0 OR instr(u.display_name, ?1) > 0)" \
	" AND (?2 IS NULL OR u.role = ?2) AND (?3 IS NULL OR u.org_id = ?3)" \
	" AND (?4 IS NULL OR (?4 = 'locked') = (u.admin_locked = 1 OR u.locked_until > ?5))"

static const char sql_list[] =
    USER_SELECT   USER_FILTER " AND (?6 IS NULL OR u.id > ?6) ORDER BY u.id LIMIT ?7";
static const char sql_count[] = "SELECT count(*) FROM users u" USER_FILTER;
static const char sql_get[] = USER_SELECT " WHERE u.id = ?1";
static const char sql_by_name[] = "SELECT id FROM users WHERE username = ?1";
static const char sql_insert[] =
    "INSERT INTO users (username, display_name, role, org_id, enterprise_id, cert_no, phone,"
    " joined_on, password_hash, created_at, updated_at)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10)"
    " RETURNING id";
static const char sql_update[] =
    "UPDATE users SET display_name = ?2, role = ?3, org_id = ?4, enterprise_id = ?5,"
    " cert_no = ?6, phone = ?7, joined_on = ?8, updated_at = ?9 WHERE id = ?1";
static const char sql_set_hash[] =
    "UPDATE users SET password_hash = ?2, updated_at = ?3 WHERE id = ?1";
static const char sql_end_sessions[] = "DELETE FROM sessions WHERE user_id = ?1";
static const char sql_lock[] =
    "UPDATE users SET admin_locked = ?2, failed_logins = 0, locked_until = 0,"
    " updated_at = ?3 WHERE id = ?1";
static const char sql_org_exists[] = "SELECT 1 FROM orgs WHERE id = ?1";
static const char sql_ent_exists[] = "SELECT 1 FROM enterprises WHERE id = ?1";

static json_t *
opt_int(struct stmt *st, int col)
{
	return stmt_null(st, col) ? json_null() : json_integer(stmt_i64(st, col));
}

static json_t *
opt_text(struct stmt *st, int col)
{
	return stmt_null(st, col) ? json_null() : json_string(stmt_text(st, col));
}

static json_t *
opt_time(struct stmt *st, int col)
{
	char t[40];

	if (stmt_null(st, col) || stmt_i64(st, col) == 0)
		return json_null();
	time_fmt_rfc3339(stmt_i64(st, col), t, sizeof(t));
	return json_string(t);
}

static json_t *
row_json(struct stmt *st)
{
	bool locked = stmt_i64(st, 10) != 0 || stmt_i64(st, 11) > now_ms();

	return json_pack("{s:I, s:s, s:s, s:s, s:o, s:o, s:o, s:o, s:s, s:s, s:o, s:s, s:o,"
			 " s:o, s:o, s:o}",
	    "id", (json_int_t)stmt_i64(st, 0), "username", stmt_text(st, 1), "display_name",
	    stmt_text(st, 2), "role", stmt_text(st, 3), "org_id", opt_int(st, 4), "org_name",
	    opt_text(st, 5), "enterprise_id", opt_int(st, 6), "enterprise_name", opt_text(st, 7),
	    "cert_no", stmt_text(st, 8), "phone", stmt_text(st, 9), "joined_on", opt_text(st, 15),
	    "status", locked ? "locked" : "active", "locked_until",
	    stmt_i64(st, 10) == 0 ? opt_time(st, 11) : json_null(), "last_login_at",
	    opt_time(st, 12), "created_at", opt_time(st, 13), "updated_at", opt_time(st, 14));
}

enum app_err
user_list(struct store *s, const struct user_filter *f, int64_t cursor, int limit, json_t **items,
    int64_t *total)
{
	struct stmt *st;
	enum app_err er;
	bool         row;
	int          pass;

	*items = json_array();
	*total = 0;
	for (pass = 0; pass < 2; pass++) {
		st = store_stmt(s, pass == 0 ? sql_count : sql_list);
		stmt_bind_text(st, 1, f->q);
		stmt_bind_text(st, 2, f->role);
		if (f->org_id > 0)
			stmt_bind_i64(st, 3, f->org_id);
		stmt_bind_text(st, 4, f->status);
		stmt_bind_i64(st, 5, now_ms());
		if (pass == 1) {
			if (cursor > 0)
				stmt_bind_i64(st, 6, cursor);
			stmt_bind_i64(st, 7, limit);
		}
		while ((er = stmt_step(st, &row)) == APP_OK && row) {
			if (pass == 0)
				*total = stmt_i64(st, 0);
			else
				json_array_append_new(*items, row_json(st));
		}
		stmt_reset(st);
		if (er != APP_OK)
			return er;
	}
	return APP_OK;
}

enum app_err
user_get(struct store *s, int64_t id, json_t **out)
{
	struct stmt *st = store_stmt(s, sql_get);

	stmt_bind_i64(st, 1, id);
	return stmt_one_json(st, row_json, out);
}

enum app_err
user_id_by_name(struct store *s, const char *username, int64_t *id)
{
	struct stmt *st = store_stmt(s, sql_by_name);

	stmt_bind_text(st, 1, username);
	return stmt_one_i64(st, id);
}

static enum app_err
exists(struct store *s, const char *sql, int64_t id, bool *found)
{
	struct stmt *st = store_stmt(s, sql);
	enum app_err er;

	stmt_bind_i64(st, 1, id);
	er = stmt_step(st, found);
	stmt_reset(st);
	return er;
}

static bool
username_valid(const char *u)
{
	size_t i, n = strlen(u);

	if (n < 3 || n > 32)
		return false;
	for (i = 0; i < n; i++)
		if (!((u[i] >= 'a' && u[i] <= 'z') || (u[i] >= '0' && u[i] <= '9') || u[i] == '_' ||
			u[i] == '.' || u[i] == '-'))
			return false;
	return true;
}

/*
 * Validates `in` over `row` (current values or empty) and checks references. The role
 * decides what else is required: an org for staff, an enterprise for enterprise users,
 * a certificate number for inspectors (执法证号).
 */
static enum app_err
user_apply(struct store *s, struct arena *a, json_t *in, json_t *row, bool create, json_t *errs)
{
	const char  *str, *role;
	int64_t      v;
	enum jx      r;
	enum app_err er;
	bool         found;

	jx_unknown(in, known, errs);
	if (!create && json_object_get(in, "username") != NULL)
		jx_err(errs, "username", "用户名创建后不能修改");
	if (create) {
		r = jx_string(a, in, "username", 1, 32, &str, errs);
		if (r == JX_SET && !username_valid(str))
			jx_err(errs, "username", "用户名为3到32位小写字母、数字、_ . -");
		else if (r == JX_SET)
			json_object_set_new(row, "username", json_string(str));
		else if (r != JX_BAD)
			jx_err(errs, "username", "必填");
	}
	r = jx_string(a, in, "display_name", 1, 40, &str, errs);
	if (r == JX_SET)
		json_object_set_new(row, "display_name", json_string(str));
	else if (create && r == JX_ABSENT)
		jx_err(errs, "display_name", "必填");
	r = jx_enum(in, "role", role_codes, &str, errs);
	if (r == JX_SET)
		json_object_set_new(row, "role", json_string(str));
	else if (create && (r == JX_ABSENT || r == JX_NULL))
		jx_err(errs, "role", "必填");
	if ((r = jx_int(in, "org_id", 1, INT64_MAX, &v, errs)) == JX_SET) {
		if ((er = exists(s, sql_org_exists, v, &found)) != APP_OK)
			return er;
		if (!found)
			jx_err(errs, "org_id", "没有这个单位");
		json_object_set_new(row, "org_id", json_integer(v));
	} else if (r == JX_NULL)
		json_object_set_new(row, "org_id", json_null());
	if ((r = jx_int(in, "enterprise_id", 1, INT64_MAX, &v, errs)) == JX_SET) {
		if ((er = exists(s, sql_ent_exists, v, &found)) != APP_OK)
			return er;
		if (!found)
			jx_err(errs, "enterprise_id", "没有这个企业");
		json_object_set_new(row, "enterprise_id", json_integer(v));
	} else if (r == JX_NULL)
		json_object_set_new(row, "enterprise_id", json_null());
	r = jx_string(a, in, "cert_no", 0, 40, &str, errs);
	if (r == JX_SET || r == JX_NULL)
		json_object_set_new(row, "cert_no", json_string(r == JX_SET ? str : ""));
	r = jx_string(a, in, "phone", 0, 20, &str, errs);
	if (r == JX_SET || r == JX_NULL)
		json_object_set_new(row, "phone", json_string(r == JX_SET ? str : ""));
	/* 到岗日期: a past or present day (Asia/Shanghai), or null when unknown. */
	r = jx_string(a, in, "joined_on", 0, 10, &str, errs);
	if (r == JX_SET) {
		int64_t d;
		char    today[11];

		today_str(today);
		if (!date_parse(str, &d))
			jx_err(errs, "joined_on", "应为日期 YYYY-MM-DD");
		else if (strcmp(str, today) > 0)
			jx_err(errs, "joined_on", "到岗日期不能晚于今天");
		else
			json_object_set_new(row, "joined_on", json_string(str));
	} else if (r == JX_NULL)
		json_object_set_new(row, "joined_on", json_null());

	role = json_string_value(json_object_get(row, "role"));
	if (role != NULL && json_array_size(errs) == 0) {
		bool        org = json_is_integer(json_object_get(row, "org_id"));
		bool        ent = json_is_integer(json_object_get(row, "enterprise_id"));
		const char *cert = json_string_value(json_object_get(row, "cert_no"));

		if (strcmp(role, "enterprise") == 0 && !ent)
			jx_err(errs, "enterprise_id", "企业用户须指定所属企业");
		if (strcmp(role, "enterprise") != 0 && ent)
			jx_err(errs, "enterprise_id", "只有企业用户属于企业");
		if (strcmp(role, "admin") != 0 && strcmp(role, "enterprise") != 0 && !org)
			jx_err(errs, "org_id", "须指定所属单位");
		if (strcmp(role, "inspector") == 0 && (cert == NULL || cert[0] == '\0'))
			jx_err(errs, "cert_no", "执法人员须填写执法证号");
	}
	return json_array_size(errs) > 0 ? APP_EINVAL : APP_OK;
}

static void
bind_common(struct stmt *st, json_t *row, int first)
{
	json_t *v;

	stmt_bind_text(st, first, json_string_value(json_object_get(row, "display_name")));
	stmt_bind_text(st, first + 1, json_string_value(json_object_get(row, "role")));
	if (json_is_integer(v = json_object_get(row, "org_id")))
		stmt_bind_i64(st, first + 2, json_integer_value(v));
	if (json_is_integer(v = json_object_get(row, "enterprise_id")))
		stmt_bind_i64(st, first + 3, json_integer_value(v));
	stmt_bind_text(st, first + 4, json_string_value(json_object_get(row, "cert_no")) ?: "");
	stmt_bind_text(st, first + 5, json_string_value(json_object_get(row, "phone")) ?: "");
	stmt_bind_text(st, first + 6, json_string_value(json_object_get(row, "joined_on")));
}

/* Reads, checks and hashes the password member; NULL when absent or invalid. */
static enum app_err
new_password(json_t *in, const char *username, bool required, char *hash, size_t hsz, bool *given,
    json_t *errs)
{
	json_t     *v = json_object_get(in, "password");
	const char *why;

	*given = false;
	if (v == NULL || json_is_null(v)) {
		if (required)
			jx_err(errs, "password", "必填");
		return APP_OK;
	}
	if (!json_is_string(v)) {
		jx_err(errs, "password", "应为文本");
		return APP_OK;
	}
	if ((why = auth_password_problem(username, json_string_value(v))) != NULL) {
		jx_err(errs, "password", why);
		return APP_OK;
	}
	*given = true;
	return auth_hash_password(json_string_value(v), hash, hsz);
}

/* The insert of user_create with the password's hash made (given: a password was valid). */
static enum app_err
create_hashed(struct store *s, struct arena *a, const struct audit_who *who, json_t *in,
    const char *hash, bool given, json_t *errs, int64_t *id)
{
	json_t      *row = json_object();
	struct stmt *st;
	enum app_err er;
	bool         got;

	*id = 0;
	if ((er = store_begin(s, STORE_WRITE)) != APP_OK)
		goto out;
	if ((er = user_apply(s, a, in, row, true, errs)) != APP_OK || !given) {
		er = er != APP_OK ? er : APP_EINVAL;
		goto out;
	}
	st = store_stmt(s, sql_insert);
	stmt_bind_text(st, 1, json_string_value(json_object_get(row, "username")));
	bind_common(st, row, 2);
	stmt_bind_text(st, 9, hash);
	stmt_bind_i64(st, 10, now_ms());
	er = stmt_step(st, &got);
	*id = got ? stmt_i64(st, 0) : 0;
	stmt_reset(st);
	if (er == APP_ECONFLICT)
		jx_err(errs, "username", "用户名已存在");
	if (er != APP_OK)
		goto out;
	if ((er = audit_append(s, who, "create", "user", *id, row)) == APP_OK)
		er = store_commit(s);
out:
	if (er != APP_OK)
		store_rollback(s);
	json_decref(row);
	return er;
}

enum app_err
user_create(struct store *s, struct arena *a, const struct audit_who *who, json_t *in, json_t *errs,
    int64_t *id)
{
	char         hash[crypto_pwhash_STRBYTES];
	const char  *uname;
	enum app_err er;
	bool         given;

	*id = 0;
	uname = json_string_value(json_object_get(in, "username"));
	/* Hash first (slow) so the write lock is not held meanwhile. */
	if ((er = new_password(in, uname, true, hash, sizeof(hash), &given, errs)) != APP_OK)
		return er;
	return create_hashed(s, a, who, in, hash, given, errs, id);
}

enum app_err
user_create_hashed(struct store *s, struct arena *a, const struct audit_who *who, json_t *in,
    const char *password, const char *hash, json_t *errs, int64_t *id)
{
	const char *why;

	*id = 0;
	if (json_object_get(in, "password") != NULL) {
		jx_err(errs, "password", "已另行给出");
		return APP_EINVAL;
	}
	why = auth_password_problem(json_string_value(json_object_get(in, "username")), password);
	if (why != NULL)
		jx_err(errs, "password", why);
	return create_hashed(s, a, who, in, hash, why == NULL, errs, id);
}

enum app_err
user_update(struct store *s, struct arena *a, const struct audit_who *who, int64_t id, json_t *in,
    json_t *errs)
{
	json_t      *before = NULL, *row = NULL, *diff = NULL;
	char         hash[crypto_pwhash_STRBYTES];
	struct stmt *st;
	enum app_err er;
	bool         given = false;

	if ((er = user_get(s, id, &before)) != APP_OK)
		return er;
	er = new_password(in, json_string_value(json_object_get(before, "username")), false, hash,
	    sizeof(hash), &given, errs);
	if (er != APP_OK)
		goto out;
	if ((er = store_begin(s, STORE_WRITE)) != APP_OK)
		goto out;
	json_decref(before);
	if ((er = user_get(s, id, &before)) != APP_OK)
		goto out;
	row = json_deep_copy(before);
	if ((er = user_apply(s, a, in, row, false, errs)) != APP_OK)
		goto out;
	diff = jx_diff(before, row);
	st = store_stmt(s, sql_update);
	stmt_bind_i64(st, 1, id);
	bind_common(st, row, 2);
	stmt_bind_i64(st, 9, now_ms());
	if ((er = stmt_run(st)) != APP_OK)
		goto out;
	if (given) {
		st = store_stmt(s, sql_set_hash);
		stmt_bind_i64(st, 1, id);
		stmt_bind_text(st, 2, hash);
		stmt_bind_i64(st, 3, now_ms());
		if ((er = stmt_run(st)) != APP_OK)
			goto out;
		/* A password reset ends the user's sessions. */
		st = store_stmt(s, sql_end_sessions);
		stmt_bind_i64(st, 1, id);
		if ((er = stmt_run(st)) != APP_OK)
			goto out;
		json_object_set_new(diff, "password", json_string("reset"));
	}
	if (json_object_size(diff) > 0 &&
	    (er = audit_append(s, who, "update", "user", id, diff)) != APP_OK)
		goto out;
	if ((er = store_commit(s)) == APP_OK)
		auth_sessions_changed(); /* role, org or password may have changed */
out:
	if (er != APP_OK)
		store_rollback(s);
	json_decref(before);
	json_decref(row);
	json_decref(diff);
	return er;
}

enum app_err
user_set_locked(struct store *s, const struct audit_who *who, int64_t id, bool locked, json_t *errs)
{
	json_t      *u = NULL;
	struct stmt *st;
	enum app_err er;

	if (locked && id == who->actor_id) {
		jx_err(errs, "action", "不能锁定自己的账户");
		return APP_EINVAL;
	}
	if ((er = store_begin(s, STORE_WRITE)) != APP_OK)
		return er;
	if ((er = user_get(s, id, &u)) != APP_OK)
		goto out;
	st = store_stmt(s, sql_lock);
	stmt_bind_i64(st, 1, id);
	stmt_bind_i64(st, 2, locked);
	stmt_bind_i64(st, 3, now_ms());
	if ((er = stmt_run(st)) != APP_OK)
		goto out;
	if (locked) {
		st = store_stmt(s, sql_end_sessions);
		stmt_bind_i64(st, 1, id);
		if ((er = stmt_run(st)) != APP_OK)
			goto out;
	}
	if ((er = audit_append(s, who, locked ? "lock" : "unlock", "user", id, NULL)) == APP_OK &&
	    (er = store_commit(s)) == APP_OK)
		auth_sessions_changed();
out:
	if (er != APP_OK)
		store_rollback(s);
	json_decref(u);
	return er;
}
