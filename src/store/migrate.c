/* Numbered migrations, applied in order, each inside its own transaction and recorded in
 * schema_migrations. The SQL files are compiled in (build/gen/migrations.c). */
#include <stdbool.h>

#include "core/log.h"
#include "core/timeutil.h"
#include "store/migrations.h"
#include "store/store.h"

static const char sql_create[] =
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    " version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)";
static const char sql_has[] = "SELECT 1 FROM schema_migrations WHERE version = ?1";
static const char sql_record[] =
    "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?1, ?2, ?3)";

enum app_err
store_migrate(struct store *s)
{
	const struct migration *m;
	struct stmt            *st;
	enum app_err            er;
	bool                    row;

	if ((er = store_exec(s, sql_create)) != APP_OK)
		return er;
	for (m = migrations; m->name != NULL; m++) {
		if ((er = store_begin(s, STORE_WRITE)) != APP_OK)
			return er;
		st = store_stmt(s, sql_has);
		stmt_bind_i64(st, 1, m->version);
		if ((er = stmt_step(st, &row)) != APP_OK)
			goto fail;
		stmt_reset(st);
		if (row) {
			store_rollback(s);
			continue;
		}
		if ((er = store_exec(s, m->sql)) != APP_OK)
			goto fail;
		st = store_stmt(s, sql_record);
		stmt_bind_i64(st, 1, m->version);
		stmt_bind_text(st, 2, m->name);
		stmt_bind_i64(st, 3, now_ms());
		if ((er = stmt_run(st)) != APP_OK)
			goto fail;
		if ((er = store_commit(s)) != APP_OK)
			goto fail;
		log_info("store: applied migration %04d %s", m->version, m->name);
	}
	return APP_OK;
fail:
	log_error("store: migration %04d %s failed", m->version, m->name);
	store_rollback(s);
	return er;
}
