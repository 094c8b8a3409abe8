/* User accounts, managed by the administrator: one role, one org (or one enterprise). */
#ifndef USER_USER_H
#define USER_USER_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "core/err.h"

struct arena;
struct audit_who;
struct store;

struct user_filter {
	const char *q; /* username or display name contains */
	const char *role;
	int64_t     org_id; /* 0: any */
	const char *status; /* "active", "locked" or NULL */
};

enum app_err user_list(struct store *, const struct user_filter *, int64_t cursor, int limit,
    json_t **items, int64_t *total);
enum app_err user_get(struct store *, int64_t id, json_t **out);
/* Create with a password (checked against the policy) and an optional joined_on (到岗日期,
 * YYYY-MM-DD, not after today); problems go to errs. */
enum app_err user_create(struct store *, struct arena *, const struct audit_who *, json_t *in,
    json_t *errs, int64_t *id);
/*
 * The same for many accounts with one password (the demo city's staff): `hash` is
 * auth_hash_password(password), made once by the caller, because argon2id takes tens of
 * milliseconds each time (verifying it would cost as much, so the caller answers for it).
 * The password is checked against the policy; `in` has no "password" member.
 */
enum app_err user_create_hashed(struct store *, struct arena *, const struct audit_who *,
    json_t *in, const char *password, const char *hash, json_t *errs, int64_t *id);
/* Update the given fields; a "password" member sets a new password. */
enum app_err user_update(
    struct store *, struct arena *, const struct audit_who *, int64_t id, json_t *in, json_t *errs);
/* Administrative lock (indefinite) or unlock (also clears a failed-login lock). */
enum app_err user_set_locked(
    struct store *, const struct audit_who *, int64_t id, bool locked, json_t *errs);
/* Looks a user up by name (for the command line). */
enum app_err user_id_by_name(struct store *, const char *username, int64_t *id);

#endif
