#include <jansson.h>
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "audit/audit.h"
#include "auth/auth.h"
#include "core/arena.h"
#include "core/log.h"
#include "core/text.h"
#include "store/store.h"

static const struct {
	const char *code;
	const char *label;
} roles[ROLE__MAX] = {
	[ROLE_ADMIN] = { "admin", "系统管理员" },
	[ROLE_CITY] = { "city", "市局" },
	[ROLE_DISTRICT] = { "district", "旗区局" },
	[ROLE_DEPARTMENT] = { "department", "行业部门" },
	[ROLE_INSPECTOR] = { "inspector", "执法人员" },
	[ROLE_REVIEWER] = { "reviewer", "法制审核" },
	[ROLE_ENTERPRISE] = { "enterprise", "企业" },
	[ROLE_VIEWER] = { "viewer", "领导查看" },
};

const char *
role_code(enum role r)
{
	return r >= 0 && r < ROLE__MAX ? roles[r].code : NULL;
}

const char *
role_label(enum role r)
{
	return r >= 0 && r < ROLE__MAX ? roles[r].label : NULL;
}

bool
role_parse(const char *s, enum role *r)
{
	int i;

	for (i = 0; s != NULL && i < ROLE__MAX; i++)
		if (strcmp(s, roles[i].code) == 0) {
			*r = (enum role)i;
			return true;
		}
	return false;
}

const char *
auth_password_problem(const char *username, const char *pw)
{
	if (pw == NULL || !utf8_valid(pw, strlen(pw)))
		return "密码须为有效文本";
	if (strlen(pw) > PASSWORD_MAX_BYTES)
		return "密码过长";
	if (utf8_chars(pw) < PASSWORD_MIN_CHARS)
		return "密码至少10个字符";
	if (username != NULL && username[0] != '\0' && strstr(pw, username) != NULL)
		return "密码不得包含用户名";
	return NULL;
}

enum app_err
auth_hash_password(const char *pw, char *out, size_t outsz)
{
	if (outsz < crypto_pwhash_STRBYTES)
		return APP_EINTERNAL;
	if (crypto_pwhash_str_alg(out, pw, strlen(pw), crypto_pwhash_OPSLIMIT_INTERACTIVE,
		crypto_pwhash_MEMLIMIT_INTERACTIVE, crypto_pwhash_ALG_ARGON2ID13) != 0) {
		log_error("auth: argon2id hashing failed (out of memory?)");
		return APP_EINTERNAL;
	}
	return APP_OK;
}

/* A hash to verify against when the username does not exist, so that the answer takes as
 * long as for a real account and does not reveal which usernames exist. */
static char           dummy_hash[crypto_pwhash_STRBYTES];
static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;

static void
dummy_init(void)
{
	unsigned char r[16];
	char          pw[33];

	randombytes_buf(r, sizeof(r));
	sodium_bin2hex(pw, sizeof(pw), r, sizeof(r));
	if (auth_hash_password(pw, dummy_hash, sizeof(dummy_hash)) != APP_OK)
		dummy_hash[0] = '\0';
}

static void
token_hash(const char *token, char out[TOKEN_HEX])
{
	unsigned char h[crypto_hash_sha256_BYTES];

	crypto_hash_sha256(h, (const unsigned char *)token, strlen(token));
	sodium_bin2hex(out, TOKEN_HEX, h, sizeof(h));
}

static const char sql_user_by_name[] =
    "SELECT id, password_hash, locked_until, admin_locked FROM users WHERE username = ?1";
static const char sql_fail[] =
    "UPDATE users SET failed_logins = failed_logins + 1, updated_at = ?2 WHERE id = ?1"
    " RETURNING failed_logins";
static const char sql_lock[] =
    "UPDATE users SET failed_logins = 0, locked_until = ?2 WHERE id = ?1";
static const char sql_ok[] =
    "UPDATE users SET failed_logins = 0, locked_until = 0, last_login_at = ?2 WHERE id = ?1";
static const char sql_session_new[] =
    "INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at, expires_at, client)"
    " VALUES (?1, ?2, ?3, ?3, ?4, ?5) RETURNING id";

struct user_row {
	int64_t id;
	char    hash[crypto_pwhash_STRBYTES];
	int64_t locked_until;
	bool    admin_locked;
};

static enum app_err
user_by_name(struct store *s, const char *username, struct user_row *u, bool *found)
{
	struct stmt *st = store_stmt(s, sql_user_by_name);
	enum app_err er;

	stmt_bind_text(st, 1, username);
	if ((er = stmt_step(st, found)) == APP_OK && *found) {
		u->id = stmt_i64(st, 0);
		snprintf(u->hash, sizeof(u->hash), "%s", stmt_text(st, 1));
		u->locked_until = stmt_i64(st, 2);
		u->admin_locked = stmt_i64(st, 3) != 0;
	}
	stmt_reset(st);
	return er;
}

/* Records a failed login; locks the account on the LOGIN_MAX_FAILURES-th in a row. */
static enum app_err
login_failed(struct store *s, const struct user_row *u, const char *username, const char *client,
    const char *reason, int64_t *locked_until)
{
	struct audit_who who = { u ? u->id : 0, username, client };
	struct stmt     *st;
	enum app_err     er;
	json_t          *ch;
	bool             row, locked = false;
	int64_t          now = now_ms();

	if ((er = store_begin(s, STORE_WRITE)) != APP_OK)
		return er;
	if (u != NULL && strcmp(reason, "wrong_password") == 0) {
		st = store_stmt(s, sql_fail);
		stmt_bind_i64(st, 1, u->id);
		stmt_bind_i64(st, 2, now);
		if ((er = stmt_step(st, &row)) != APP_OK)
			goto out;
		locked = row && stmt_i64(st, 0) >= LOGIN_MAX_FAILURES;
		stmt_reset(st);
		if (locked) {
			*locked_until = now + LOGIN_LOCK_MS;
			st = store_stmt(s, sql_lock);
			stmt_bind_i64(st, 1, u->id);
			stmt_bind_i64(st, 2, *locked_until);
			if ((er = stmt_run(st)) != APP_OK)
				goto out;
		}
	}
	ch = json_pack("{s:s, s:s}", "username", username, "reason", reason);
	er = audit_append(s, &who, "login_failed", "user", u ? u->id : 0, ch);
	json_decref(ch);
	if (er == APP_OK && locked) {
		ch = json_pack("{s:s, s:I}", "reason", "too_many_failures", "locked_minutes",
		    (json_int_t)(LOGIN_LOCK_MS / MS_PER_MIN));
		er = audit_append(s, &who, "lock", "user", u->id, ch);
		json_decref(ch);
	}
	if (er == APP_OK)
		er = store_commit(s);
out:
	if (er != APP_OK) {
		store_rollback(s);
		return er;
	}
	return locked ? APP_ELOCKED : APP_EAUTH;
}

enum app_err
auth_login(struct store *s, const char *username, const char *password, const char *client,
    struct login_result *res, int64_t *locked_until)
{
	struct user_row  u;
	struct audit_who who;
	struct stmt     *st;
	enum app_err     er;
	unsigned char    rnd[32];
	char             th[TOKEN_HEX];
	bool             found, row;
	int64_t          now = now_ms();
	json_t          *ch;

	memset(res, 0, sizeof(*res));
	*locked_until = 0;
	if ((er = user_by_name(s, username, &u, &found)) != APP_OK)
		return er;
	if (!found) {
		pthread_once(&dummy_once, dummy_init);
		if (crypto_pwhash_str_verify(dummy_hash, password, strlen(password)) == 0)
			log_warn("auth: a random password matched");
		return login_failed(s, NULL, username, client, "unknown_user", locked_until);
	}
	if (u.admin_locked || u.locked_until > now) {
		*locked_until = u.admin_locked ? 0 : u.locked_until;
		er = login_failed(s, &u, username, client, "locked", locked_until);
		return er == APP_EAUTH ? APP_ELOCKED : er;
	}
	/* The slow hash check runs outside any transaction so it never holds the write lock. */
	if (crypto_pwhash_str_verify(u.hash, password, strlen(password)) != 0)
		return login_failed(s, &u, username, client, "wrong_password", locked_until);

	randombytes_buf(rnd, sizeof(rnd));
	sodium_bin2hex(res->token, sizeof(res->token), rnd, sizeof(rnd));
	token_hash(res->token, th);
	res->user_id = u.id;
	res->expires_at = now + SESSION_ABSOLUTE_MS;

	if ((er = store_begin(s, STORE_WRITE)) != APP_OK)
		return er;
	st = store_stmt(s, sql_ok);
	stmt_bind_i64(st, 1, u.id);
	stmt_bind_i64(st, 2, now);
	if ((er = stmt_run(st)) != APP_OK)
		goto out;
	st = store_stmt(s, sql_session_new);
	stmt_bind_text(st, 1, th);
	stmt_bind_i64(st, 2, u.id);
	stmt_bind_i64(st, 3, now);
	stmt_bind_i64(st, 4, res->expires_at);
	stmt_bind_text(st, 5, client);
	if ((er = stmt_step(st, &row)) != APP_OK)
		goto out;
	stmt_reset(st);
	who = (struct audit_who){ u.id, username, client };
	ch = json_pack("{s:s}", "username", username);
	er = audit_append(s, &who, "login", "user", u.id, ch);
	json_decref(ch);
	if (er == APP_OK)
		er = store_commit(s);
out:
	if (er != APP_OK) {
		store_rollback(s);
		memset(res, 0, sizeof(*res));
	}
	return er;
}

static const char sql_resolve[] =
    "SELECT s.id, s.last_seen_at, s.created_at, s.expires_at, u.id, u.username,"
    " u.display_name, u.role, coalesce(u.org_id, 0), coalesce(u.enterprise_id, 0),"
    " u.admin_locked, coalesce(o.region_code, ''), coalesce(o.sectors, '')"
    " FROM sessions s JOIN users u ON u.id = s.user_id"
    " LEFT JOIN orgs o ON o.id = u.org_id WHERE s.token_hash = ?1";
static const char sql_touch[] = "UPDATE sessions SET last_seen_at = ?2 WHERE id = ?1";

/*
 * Resolved sessions are kept per thread for a second, so that a burst of requests on one
 * session costs one lookup. Every change that can end a session or change what its user
 * may see (logout, lock, password, role, org) bumps sessions_gen, which empties every
 * thread's cache at once; only another process (the command line) can be up to
 * SESSION_CACHE_MS late.
 */
#define SESSION_CACHE 64
#define SESSION_CACHE_MS 1000

struct cached_session {
	char         hash[TOKEN_HEX];
	uint64_t     gen;
	int64_t      at, seen, created, expires;
	struct actor actor;
	char         username[64], display_name[160], region[16], sectors[400];
};

static _Atomic uint64_t               sessions_gen = 1;
static __thread struct cached_session session_cache[SESSION_CACHE];

void
auth_sessions_changed(void)
{
	sessions_gen++;
}

static bool
session_live(int64_t now, int64_t seen, int64_t created, int64_t expires)
{
	return now < expires && now - seen < SESSION_IDLE_MS && now - created < SESSION_ABSOLUTE_MS;
}

static void
copy_actor(struct arena *a, const struct actor *from, struct actor *to)
{
	*to = *from;
	to->username = arena_strdup(a, from->username);
	to->display_name = arena_strdup(a, from->display_name);
	to->region_code = arena_strdup(a, from->region_code);
	to->sectors = arena_strdup(a, from->sectors);
}

static void
cache_put(struct cached_session *c, const char *th, uint64_t gen, int64_t now, int64_t seen,
    int64_t created, int64_t expires, const struct actor *a)
{
	if (strlen(a->username) >= sizeof(c->username) ||
	    strlen(a->display_name) >= sizeof(c->display_name) ||
	    strlen(a->region_code) >= sizeof(c->region) ||
	    strlen(a->sectors) >= sizeof(c->sectors)) {
		c->hash[0] = '\0';
		return;
	}
	memcpy(c->hash, th, TOKEN_HEX);
	c->gen = gen;
	c->at = now;
	c->seen = seen;
	c->created = created;
	c->expires = expires;
	c->actor = *a;
	c->actor.username = strcpy(c->username, a->username);
	c->actor.display_name = strcpy(c->display_name, a->display_name);
	c->actor.region_code = strcpy(c->region, a->region_code);
	c->actor.sectors = strcpy(c->sectors, a->sectors);
}

enum app_err
auth_resolve(struct store *s, struct arena *a, const char *token, struct actor *out)
{
	struct cached_session *c;
	struct stmt           *st;
	enum app_err           er;
	bool                   row, ok;
	char                   th[TOKEN_HEX];
	int64_t                now = now_ms(), seen, created, expires;
	uint64_t               gen = sessions_gen;

	memset(out, 0, sizeof(*out));
	if (token == NULL || strlen(token) != TOKEN_HEX - 1)
		return APP_EAUTH;
	token_hash(token, th);
	c = &session_cache[strtoul((char[3]){ th[0], th[1], '\0' }, NULL, 16) % SESSION_CACHE];
	if (strcmp(c->hash, th) == 0 && c->gen == gen && now - c->at < SESSION_CACHE_MS &&
	    session_live(now, c->seen, c->created, c->expires) &&
	    now - c->seen < SESSION_TOUCH_MS) {
		copy_actor(a, &c->actor, out);
		return APP_OK;
	}
	st = store_stmt(s, sql_resolve);
	stmt_bind_text(st, 1, th);
	if ((er = stmt_step(st, &row)) != APP_OK || !row) {
		stmt_reset(st);
		return er != APP_OK ? er : APP_EAUTH;
	}
	out->session_id = stmt_i64(st, 0);
	seen = stmt_i64(st, 1);
	created = stmt_i64(st, 2);
	expires = stmt_i64(st, 3);
	out->user_id = stmt_i64(st, 4);
	out->username = arena_strdup(a, stmt_text(st, 5));
	out->display_name = arena_strdup(a, stmt_text(st, 6));
	ok = role_parse(stmt_text(st, 7), &out->role);
	out->org_id = stmt_i64(st, 8);
	out->enterprise_id = stmt_i64(st, 9);
	ok = ok && stmt_i64(st, 10) == 0;
	out->region_code = arena_strdup(a, stmt_text(st, 11));
	out->sectors = arena_strdup(a, stmt_text(st, 12));
	stmt_reset(st);
	if (!ok || !session_live(now, seen, created, expires))
		return APP_EAUTH;
	if (now - seen >= SESSION_TOUCH_MS) {
		/* A lone UPDATE is its own short transaction; losing it only shortens idle. */
		st = store_stmt(s, sql_touch);
		stmt_bind_i64(st, 1, out->session_id);
		stmt_bind_i64(st, 2, now);
		if (stmt_run(st) == APP_OK)
			seen = now;
	}
	cache_put(c, th, gen, now, seen, created, expires, out);
	return APP_OK;
}

static const char sql_session_del[] = "DELETE FROM sessions WHERE id = ?1";

enum app_err
auth_logout(struct store *s, const struct actor *a, const char *client)
{
	struct audit_who who = { a->user_id, a->username, client };
	struct stmt     *st;
	enum app_err     er;

	if ((er = store_begin(s, STORE_WRITE)) != APP_OK)
		return er;
	st = store_stmt(s, sql_session_del);
	stmt_bind_i64(st, 1, a->session_id);
	if ((er = stmt_run(st)) == APP_OK)
		er = audit_append(s, &who, "logout", "user", a->user_id, NULL);
	if (er == APP_OK && (er = store_commit(s)) == APP_OK)
		auth_sessions_changed();
	if (er != APP_OK)
		store_rollback(s);
	return er;
}

static const char sql_user_hash[] = "SELECT password_hash FROM users WHERE id = ?1";
static const char sql_set_hash[] =
    "UPDATE users SET password_hash = ?2, updated_at = ?3 WHERE id = ?1";
static const char sql_other_sessions_del[] = "DELETE FROM sessions WHERE user_id = ?1 AND id <> ?2";

enum app_err
auth_change_password(struct store *s, const struct actor *a, const char *old_pw, const char *new_pw,
    const char *client, const char **problem)
{
	struct audit_who who = { a->user_id, a->username, client };
	struct stmt     *st;
	enum app_err     er;
	char             hash[crypto_pwhash_STRBYTES], nh[crypto_pwhash_STRBYTES];
	bool             row;
	json_t          *ch;

	*problem = NULL;
	st = store_stmt(s, sql_user_hash);
	stmt_bind_i64(st, 1, a->user_id);
	if ((er = stmt_step(st, &row)) != APP_OK || !row) {
		stmt_reset(st);
		return er != APP_OK ? er : APP_ENOENT;
	}
	snprintf(hash, sizeof(hash), "%s", stmt_text(st, 0));
	stmt_reset(st);
	if (crypto_pwhash_str_verify(hash, old_pw, strlen(old_pw)) != 0) {
		*problem = "原密码不正确";
		return APP_EINVAL;
	}
	if ((*problem = auth_password_problem(a->username, new_pw)) != NULL)
		return APP_EINVAL;
	if ((er = auth_hash_password(new_pw, nh, sizeof(nh))) != APP_OK)
		return er;
	if ((er = store_begin(s, STORE_WRITE)) != APP_OK)
		return er;
	st = store_stmt(s, sql_set_hash);
	stmt_bind_i64(st, 1, a->user_id);
	stmt_bind_text(st, 2, nh);
	stmt_bind_i64(st, 3, now_ms());
	if ((er = stmt_run(st)) != APP_OK)
		goto out;
	st = store_stmt(s, sql_other_sessions_del);
	stmt_bind_i64(st, 1, a->user_id);
	stmt_bind_i64(st, 2, a->session_id);
	if ((er = stmt_run(st)) != APP_OK)
		goto out;
	ch = json_pack("{s:s}", "password", "changed");
	er = audit_append(s, &who, "update", "user", a->user_id, ch);
	json_decref(ch);
	if (er == APP_OK && (er = store_commit(s)) == APP_OK)
		auth_sessions_changed();
out:
	if (er != APP_OK)
		store_rollback(s);
	return er;
}

static const char sql_count_sessions[] =
    "SELECT count(*) FROM sessions WHERE expires_at > ?1 AND last_seen_at > ?2";
static const char sql_purge_sessions[] =
    "DELETE FROM sessions WHERE expires_at <= ?1 OR last_seen_at <= ?2";

enum app_err
auth_count_sessions(struct store *s, int64_t *n)
{
	struct stmt *st = store_stmt(s, sql_count_sessions);
	enum app_err er;
	bool         row;
	int64_t      now = now_ms();

	stmt_bind_i64(st, 1, now);
	stmt_bind_i64(st, 2, now - SESSION_IDLE_MS);
	er = stmt_step(st, &row);
	*n = (er == APP_OK && row) ? stmt_i64(st, 0) : 0;
	stmt_reset(st);
	return er;
}

enum app_err
auth_purge_sessions(struct store *s, int64_t *n)
{
	struct stmt *st = store_stmt(s, sql_purge_sessions);
	enum app_err er;
	int64_t      now = now_ms();

	stmt_bind_i64(st, 1, now);
	stmt_bind_i64(st, 2, now - SESSION_IDLE_MS);
	er = stmt_run(st);
	*n = er == APP_OK ? store_changes(s) : 0;
	return er;
}
