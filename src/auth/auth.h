/*
 * Accounts, passwords, sessions and roles. Passwords are argon2id hashes (libsodium);
 * session tokens are 256-bit random, stored only as their SHA-256.
 */
#ifndef AUTH_AUTH_H
#define AUTH_AUTH_H

#include <stdbool.h>
#include <stdint.h>

#include "core/err.h"
#include "core/timeutil.h"

struct arena;
struct store;

enum role {
	ROLE_ADMIN,
	ROLE_CITY,
	ROLE_DISTRICT,
	ROLE_DEPARTMENT,
	ROLE_INSPECTOR,
	ROLE_REVIEWER,
	ROLE_ENTERPRISE,
	ROLE_VIEWER,
	ROLE__MAX
};

#define ROLE_BIT(r) (1u << (r))
#define ROLES_ANY ((1u << ROLE__MAX) - 1)
/* Government staff who record and change enterprise data. */
#define ROLES_REGISTRY \
	(ROLE_BIT(ROLE_ADMIN) | ROLE_BIT(ROLE_CITY) | ROLE_BIT(ROLE_DISTRICT) | \
	    ROLE_BIT(ROLE_DEPARTMENT) | ROLE_BIT(ROLE_INSPECTOR))

/* "admin", "city" …; NULL outside the enum. */
const char *role_code(enum role);
/* 系统管理员, 市局 … */
const char *role_label(enum role);
bool        role_parse(const char *, enum role *);

/* Login policy (issue 2): 5 failures in a row lock the account for 15 minutes. */
#define LOGIN_MAX_FAILURES 5
#define LOGIN_LOCK_MS (15 * MS_PER_MIN)
/* Sessions end after 2 hours idle or 12 hours in all, whichever is first. */
#define SESSION_IDLE_MS (2 * MS_PER_HOUR)
#define SESSION_ABSOLUTE_MS (12 * MS_PER_HOUR)
/* last_seen_at is written at most this often, so reads stay reads. */
#define SESSION_TOUCH_MS MS_PER_MIN
#define PASSWORD_MIN_CHARS 10
#define PASSWORD_MAX_BYTES 256
#define TOKEN_HEX 65 /* 32 random bytes as hex, with NUL */

/* The authenticated caller of a request. Strings live in the request's arena. */
struct actor {
	int64_t     user_id;
	int64_t     session_id;
	const char *username;
	const char *display_name;
	enum role   role;
	int64_t     org_id;        /* 0: none */
	int64_t     enterprise_id; /* role enterprise only */
	const char *region_code;   /* the org's region ("" when none) */
	const char *sectors;       /* the org's sectors as ",a,b," ("" when none) */
};

/*
 * Why a password is refused (a Chinese message), or NULL when it is acceptable:
 * at least PASSWORD_MIN_CHARS characters, valid UTF-8, not containing the username.
 */
const char *auth_password_problem(const char *username, const char *password);
/* argon2id hash string of a password (crypto_pwhash_STRBYTES bytes). */
enum app_err auth_hash_password(const char *password, char *out, size_t outsz);

struct login_result {
	char    token[TOKEN_HEX];
	int64_t user_id;
	int64_t expires_at;
};

/*
 * Checks the password and opens a session; audits success and failure in the same
 * transaction as the counters. A wrong username or password is APP_EAUTH (the same
 * for both); a locked account is APP_ELOCKED, with *locked_until set.
 */
enum app_err auth_login(struct store *, const char *username, const char *password,
    const char *client, struct login_result *, int64_t *locked_until);
/*
 * The actor behind a token, or APP_EAUTH when the token is unknown, expired or its user
 * is locked. Strings are copied into the arena.
 */
enum app_err auth_resolve(struct store *, struct arena *, const char *token, struct actor *);
/*
 * Tells every thread's session cache that sessions ended or users changed (role, org,
 * lock, password): call after committing such a change.
 */
void auth_sessions_changed(void);
/* Ends the session of the actor; audited. */
enum app_err auth_logout(struct store *, const struct actor *, const char *client);
/* Changes the actor's own password after checking the old one; ends other sessions. */
enum app_err auth_change_password(struct store *, const struct actor *, const char *old_pw,
    const char *new_pw, const char *client, const char **problem);
/* Active (unexpired) sessions, for /metrics. */
enum app_err auth_count_sessions(struct store *, int64_t *n);
/* Deletes expired sessions; returns how many were removed in *n. */
enum app_err auth_purge_sessions(struct store *, int64_t *n);

#endif
