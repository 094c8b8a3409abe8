#include <sodium.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/audit.h"
#include "auth/auth.h"
#include "core/timeutil.h"
#include "store/store.h"

#define HASH_HEX (crypto_hash_sha256_BYTES * 2 + 1)

static const char sql_head[] = "SELECT last_id, last_hash, count FROM audit_head WHERE one = 1";
static const char sql_insert[] =
    "INSERT INTO audit (id, at, actor_id, actor_name, action, entity, entity_id,"
    " changes, client, prev_hash, hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)";
static const char sql_set_head[] =
    "UPDATE audit_head SET last_id = ?1, last_hash = ?2, count = count + 1 WHERE one = 1";
static const char sql_walk[] =
    "SELECT id, at, actor_id, actor_name, action, entity, entity_id, changes, client,"
    " prev_hash, hash FROM audit ORDER BY id";

/*
 * The hash of a row: SHA-256 over its fields in a fixed order, each followed by a NUL
 * byte so that no two different rows can give the same input. NULL ids hash as "".
 */
static void
row_hash(int64_t id, int64_t at, int64_t actor_id, bool actor_null, const char *actor_name,
    const char *action, const char *entity, int64_t entity_id, bool entity_null,
    const char *changes, const char *client, const char *prev, char out[HASH_HEX])
{
	crypto_hash_sha256_state st;
	unsigned char            h[crypto_hash_sha256_BYTES];
	char                     num[32];
	const char *parts[7] = { actor_name, action, entity, changes, client, prev, NULL };
	size_t      i;

	crypto_hash_sha256_init(&st);
	snprintf(num, sizeof(num), "%lld", (long long)id);
	crypto_hash_sha256_update(&st, (const unsigned char *)num, strlen(num) + 1);
	snprintf(num, sizeof(num), "%lld", (long long)at);
	crypto_hash_sha256_update(&st, (const unsigned char *)num, strlen(num) + 1);
	if (actor_null)
		num[0] = '\0';
	else
		snprintf(num, sizeof(num), "%lld", (long long)actor_id);
	crypto_hash_sha256_update(&st, (const unsigned char *)num, strlen(num) + 1);
	if (entity_null)
		num[0] = '\0';
	else
		snprintf(num, sizeof(num), "%lld", (long long)entity_id);
	crypto_hash_sha256_update(&st, (const unsigned char *)num, strlen(num) + 1);
	for (i = 0; parts[i] != NULL; i++)
		crypto_hash_sha256_update(
		    &st, (const unsigned char *)parts[i], strlen(parts[i]) + 1);
	crypto_hash_sha256_final(&st, h);
	sodium_bin2hex(out, HASH_HEX, h, sizeof(h));
}

enum app_err
audit_append(struct store *s, const struct audit_who *who, const char *action, const char *entity,
    int64_t entity_id, json_t *changes)
{
	struct stmt *st;
	enum app_err er;
	bool         row;
	int64_t      id, at = now_ms();
	char         prev[HASH_HEX], hash[HASH_HEX], *ch;

	st = store_stmt(s, sql_head);
	if ((er = stmt_step(st, &row)) != APP_OK)
		return er;
	if (!row) {
		stmt_reset(st);
		return APP_EDB;
	}
	id = stmt_i64(st, 0) + 1;
	snprintf(prev, sizeof(prev), "%s", stmt_text(st, 1));
	stmt_reset(st);

	ch = changes != NULL ? json_dumps(changes, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	row_hash(id, at, who->actor_id, who->actor_id == 0, who->actor_name, action, entity,
	    entity_id, entity_id == 0, ch ? ch : "{}", who->client, prev, hash);

	st = store_stmt(s, sql_insert);
	stmt_bind_i64(st, 1, id);
	stmt_bind_i64(st, 2, at);
	if (who->actor_id != 0)
		stmt_bind_i64(st, 3, who->actor_id);
	stmt_bind_text(st, 4, who->actor_name);
	stmt_bind_text(st, 5, action);
	stmt_bind_text(st, 6, entity);
	if (entity_id != 0)
		stmt_bind_i64(st, 7, entity_id);
	stmt_bind_text(st, 8, ch ? ch : "{}");
	stmt_bind_text(st, 9, who->client);
	stmt_bind_text(st, 10, prev);
	stmt_bind_text(st, 11, hash);
	er = stmt_run(st);
	free(ch);
	if (er != APP_OK)
		return er;
	st = store_stmt(s, sql_set_head);
	stmt_bind_i64(st, 1, id);
	stmt_bind_text(st, 2, hash);
	return stmt_run(st);
}

enum app_err
audit_verify(struct store *s, struct audit_problem *p, int64_t *checked)
{
	struct stmt *st;
	enum app_err er;
	bool         row;
	int64_t      id, last_id = 0, n = 0, head_id, head_count;
	char         expect_prev[HASH_HEX] = "", hash[HASH_HEX], head_hash[HASH_HEX];

	memset(p, 0, sizeof(*p));
	*checked = 0;
	if ((er = store_begin(s, STORE_READ)) != APP_OK)
		return er;
	st = store_stmt(s, sql_walk);
	for (;;) {
		if ((er = stmt_step(st, &row)) != APP_OK)
			goto out;
		if (!row)
			break;
		id = stmt_i64(st, 0);
		if (id != last_id + 1) {
			p->row_id = id;
			snprintf(p->what, sizeof(p->what),
			    "row %lld follows row %lld: "
			    "rows between them were deleted, or this row was inserted",
			    (long long)id, (long long)last_id);
			er = APP_ECONFLICT;
			goto out;
		}
		if (strcmp(stmt_text(st, 9), expect_prev) != 0) {
			p->row_id = id;
			snprintf(p->what, sizeof(p->what),
			    "row %lld does not chain to the row "
			    "before it: a row was inserted or deleted here",
			    (long long)id);
			er = APP_ECONFLICT;
			goto out;
		}
		row_hash(id, stmt_i64(st, 1), stmt_i64(st, 2), stmt_null(st, 2), stmt_text(st, 3),
		    stmt_text(st, 4), stmt_text(st, 5), stmt_i64(st, 6), stmt_null(st, 6),
		    stmt_text(st, 7), stmt_text(st, 8), stmt_text(st, 9), hash);
		if (strcmp(hash, stmt_text(st, 10)) != 0) {
			p->row_id = id;
			snprintf(p->what, sizeof(p->what),
			    "row %lld was changed: its content "
			    "does not match its hash",
			    (long long)id);
			er = APP_ECONFLICT;
			goto out;
		}
		snprintf(expect_prev, sizeof(expect_prev), "%s", hash);
		last_id = id;
		n++;
	}
	stmt_reset(st);
	st = store_stmt(s, sql_head);
	if ((er = stmt_step(st, &row)) != APP_OK || !row) {
		er = er != APP_OK ? er : APP_EDB;
		goto out;
	}
	head_id = stmt_i64(st, 0);
	snprintf(head_hash, sizeof(head_hash), "%s", stmt_text(st, 1));
	head_count = stmt_i64(st, 2);
	if (head_id != last_id || head_count != n || strcmp(head_hash, expect_prev) != 0) {
		if (last_id > head_id) {
			/* Rows past the last one the program wrote: appended behind its back. */
			p->row_id = head_id + 1;
			snprintf(p->what, sizeof(p->what),
			    "rows %lld to %lld were added after the last row the program wrote "
			    "(%lld)",
			    (long long)head_id + 1, (long long)last_id, (long long)head_id);
		} else {
			p->row_id = last_id + 1;
			snprintf(p->what, sizeof(p->what),
			    "the chain ends at row %lld but %lld rows were written (last id "
			    "%lld): the newest rows were deleted or replaced",
			    (long long)last_id, (long long)head_count, (long long)head_id);
		}
		er = APP_ECONFLICT;
		goto out;
	}
	*checked = n;
out:
	stmt_reset(st);
	store_rollback(s);
	return er;
}

#define AUDIT_FILTER \
	" WHERE (?1 IS NULL OR actor_id = ?1) AND (?2 IS NULL OR action = ?2)" \
	" AND (?3 IS NULL OR entity = ?3) AND (?4 IS NULL OR entity_id = ?4)" \
	" AND (?5 IS NULL OR at >= ?5) AND (?6 IS NULL OR at < ?6)"

static const char sql_list[] =
    "SELECT id, at, actor_id, actor_name, action, entity, entity_id, changes, client, hash"
    " FROM audit" AUDIT_FILTER " AND (?7 IS NULL OR id < ?7) ORDER BY id DESC LIMIT ?8";
static const char sql_count[] = "SELECT count(*) FROM audit" AUDIT_FILTER;

static void
bind_audit_filter(struct stmt *st, const struct audit_filter *f)
{
	if (f->actor_id > 0)
		stmt_bind_i64(st, 1, f->actor_id);
	stmt_bind_text(st, 2, f->action);
	stmt_bind_text(st, 3, f->entity);
	if (f->entity_id > 0)
		stmt_bind_i64(st, 4, f->entity_id);
	if (f->from_ms > 0)
		stmt_bind_i64(st, 5, f->from_ms);
	if (f->to_ms > 0)
		stmt_bind_i64(st, 6, f->to_ms);
}

enum app_err
audit_list(struct store *s, const struct audit_filter *f, int64_t cursor, int limit, json_t **items,
    int64_t *total)
{
	struct stmt *st;
	enum app_err er;
	bool         row;
	json_t      *ch;
	char         at[40];

	*items = json_array();
	*total = 0;
	if ((er = store_begin(s, STORE_READ)) != APP_OK)
		return er;
	st = store_stmt(s, sql_count);
	bind_audit_filter(st, f);
	if ((er = stmt_step(st, &row)) == APP_OK && row)
		*total = stmt_i64(st, 0);
	stmt_reset(st);
	st = store_stmt(s, sql_list);
	bind_audit_filter(st, f);
	if (cursor > 0)
		stmt_bind_i64(st, 7, cursor);
	stmt_bind_i64(st, 8, limit);
	while (er == APP_OK && (er = stmt_step(st, &row)) == APP_OK && row) {
		time_fmt_rfc3339(stmt_i64(st, 1), at, sizeof(at));
		ch = json_loads(stmt_text(st, 7), 0, NULL);
		json_array_append_new(*items,
		    json_pack("{s:I, s:s, s:o, s:s, s:s, s:s, s:o,"
			      " s:o, s:s, s:s}",
			"id", (json_int_t)stmt_i64(st, 0), "at", at, "actor_id",
			stmt_null(st, 2) ? json_null() : json_integer(stmt_i64(st, 2)),
			"actor_name", stmt_text(st, 3), "action", stmt_text(st, 4), "entity",
			stmt_text(st, 5), "entity_id",
			stmt_null(st, 6) ? json_null() : json_integer(stmt_i64(st, 6)), "changes",
			ch ? ch : json_string(stmt_text(st, 7)), "client", stmt_text(st, 8), "hash",
			stmt_text(st, 9)));
	}
	stmt_reset(st);
	store_rollback(s);
	return er;
}

enum app_err
audit_event(struct store *s, const char *sql, const struct actor *actor,
    const struct audit_who *who, int64_t id, const char *action, const char *from, const char *to,
    int64_t now, const char *note, json_t *data)
{
	struct stmt *st = store_stmt(s, sql);
	char        *d = data != NULL ? json_dumps(data, JSON_COMPACT) : NULL;
	enum app_err er;

	stmt_bind_i64(st, 1, id);
	stmt_bind_text(st, 2, action);
	stmt_bind_text(st, 3, from);
	stmt_bind_text(st, 4, to);
	if (who->actor_id > 0)
		stmt_bind_i64(st, 5, who->actor_id);
	stmt_bind_text(st, 6,
	    actor != NULL && actor->display_name != NULL && actor->display_name[0] != '\0'
		? actor->display_name
		: who->actor_name);
	stmt_bind_i64(st, 7, now);
	stmt_bind_text(st, 8, note ? note : "");
	stmt_bind_text(st, 9, d ? d : "{}");
	er = stmt_run(st);
	free(d);
	return er;
}
