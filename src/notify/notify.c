#include <string.h>

#include "audit/audit.h"
#include "auth/auth.h"
#include "auth/scope.h"
#include "core/timeutil.h"
#include "notify/notify.h"
#include "store/store.h"

/*
 * ?1..?4 the scope; ?5 'enterprise' or 'district' (the recipient the actor reads as);
 * ?6 the user; ?7 unread only.
 */
#define NOTE_WHERE \
	" FROM notifications n WHERE n.recipient = ?5 AND " SCOPE_PRED("n.region_code", \
	    "n.sector", \
	    "n.enterprise_id") " AND (?7 = 0 OR NOT EXISTS (SELECT 1 FROM notification_reads r WHERE" \
			       " r.notification_id = n.id AND r.user_id = ?6))"
static const char sql_list[] =
    "SELECT n.id, n.kind, n.entity, n.entity_id, n.enterprise_id, n.region_code, n.due_on,"
    " n.message, n.created_at, EXISTS (SELECT 1 FROM notification_reads r WHERE"
    " r.notification_id = n.id AND r.user_id = ?6)" NOTE_WHERE
    " AND (?8 IS NULL OR n.id < ?8) ORDER BY n.id DESC LIMIT ?9";
static const char sql_count[] = "SELECT count(*)" NOTE_WHERE;
static const char sql_one[] = "SELECT n.id" NOTE_WHERE " AND n.id = ?8";
static const char sql_read[] = "INSERT OR IGNORE INTO notification_reads (notification_id,"
			       " user_id, read_at) VALUES (?1, ?2, ?3)";

static void
bind_who(struct stmt *st, const struct actor *a, int unread)
{
	struct scope sc;

	scope_of(a, &sc);
	scope_bind(st, &sc);
	stmt_bind_text(st, 5, a->role == ROLE_ENTERPRISE ? "enterprise" : "district");
	stmt_bind_i64(st, 6, a->user_id);
	stmt_bind_i64(st, 7, unread);
}

enum app_err
notify_list(struct store *s, const struct actor *a, bool unread_only, int64_t cursor, int limit,
    json_t **items, int64_t *total, int64_t *unread)
{
	struct stmt *st = store_stmt(s, sql_list);
	enum app_err er;
	bool         row;
	char         t[40];

	*items = json_array();
	bind_who(st, a, unread_only);
	if (cursor > 0)
		stmt_bind_i64(st, 8, cursor);
	stmt_bind_i64(st, 9, limit > 0 ? limit : -1);
	while ((er = stmt_step(st, &row)) == APP_OK && row) {
		time_fmt_rfc3339(stmt_i64(st, 8), t, sizeof(t));
		/* A notification to a region or an org (supervisions) has no enterprise. */
		json_array_append_new(*items,
		    json_pack("{s:I, s:s, s:s, s:I, s:o, s:s, s:s, s:s, s:s, s:b}", "id",
			(json_int_t)stmt_i64(st, 0), "kind", stmt_text(st, 1), "entity",
			stmt_text(st, 2), "entity_id", (json_int_t)stmt_i64(st, 3), "enterprise_id",
			stmt_null(st, 4) ? json_null() : json_integer(stmt_i64(st, 4)),
			"region_code", stmt_text(st, 5), "due_on", stmt_text(st, 6), "message",
			stmt_text(st, 7), "created_at", t, "read", (int)stmt_i64(st, 9)));
	}
	stmt_reset(st);
	if (er != APP_OK)
		return er;
	st = store_stmt(s, sql_count);
	bind_who(st, a, unread_only);
	if ((er = stmt_one_i64(st, total)) != APP_OK)
		return er;
	st = store_stmt(s, sql_count);
	bind_who(st, a, 1);
	return stmt_one_i64(st, unread);
}

enum app_err
notify_read(
    struct store *s, const struct actor *a, const struct audit_who *who, int64_t id, int64_t now)
{
	struct stmt *st;
	enum app_err er;
	int64_t      found;

	if ((er = store_begin(s, STORE_WRITE)) != APP_OK)
		return er;
	st = store_stmt(s, sql_one);
	bind_who(st, a, 0);
	stmt_bind_i64(st, 8, id);
	if ((er = stmt_one_i64(st, &found)) == APP_OK) {
		st = store_stmt(s, sql_read);
		stmt_bind_i64(st, 1, id);
		stmt_bind_i64(st, 2, a->user_id);
		stmt_bind_i64(st, 3, now);
		er = stmt_run(st);
	}
	if (er == APP_OK && store_changes(s) > 0)
		er = audit_append(s, who, "read", "notification", id, NULL);
	if (er == APP_OK)
		er = store_commit(s);
	if (er != APP_OK)
		store_rollback(s);
	return er;
}
