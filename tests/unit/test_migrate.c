/*
 * Migrations over a database made by an older build: 0005 rebuilds `notifications` (its
 * enterprise_id becomes nullable) while `notification_reads` references it. A database at
 * version 4 with notifications and reads keeps every row, the reference, the UNIQUE key
 * and the indexes, and then takes a notification without an enterprise.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "store/migrations.h"
#include "store/store.h"

struct db {
	char          dir[64];
	char          path[96];
	struct store *s;
};

static void
exec_ok(struct store *s, const char *sql)
{
	assert_int_equal(store_exec(s, sql), APP_OK);
}

/* One statement through the statement cache: a constraint violation is APP_ECONFLICT. */
static enum app_err
run(struct store *s, const char *sql)
{
	return stmt_run(store_stmt(s, sql));
}

static int64_t
one(struct store *s, const char *sql)
{
	int64_t v = -1;

	assert_int_equal(stmt_one_i64(store_stmt(s, sql), &v), APP_OK);
	return v;
}

/* Applies the migrations up to `version` the way store_migrate() does, and records them. */
static void
migrate_to(struct store *s, int version)
{
	const struct migration *m;
	struct stmt            *st;

	exec_ok(s,
	    "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY,"
	    " name TEXT NOT NULL, applied_at INTEGER NOT NULL)");
	for (m = migrations; m->name != NULL && m->version <= version; m++) {
		assert_int_equal(store_begin(s, STORE_WRITE), APP_OK);
		exec_ok(s, m->sql);
		st = store_stmt(s,
		    "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?1, ?2, 0)");
		stmt_bind_i64(st, 1, m->version);
		stmt_bind_text(st, 2, m->name);
		assert_int_equal(stmt_run(st), APP_OK);
		assert_int_equal(store_commit(s), APP_OK);
	}
}

/* What an older build wrote: an enterprise, a user, two notifications, two reads. */
static const char old_rows[] =
    "INSERT INTO regions (code, name, level, parent_code, sort) VALUES"
    " ('150600', '鄂尔多斯市', 'city', NULL, 1), ('150602', '东胜区', 'county', '150600', 2);"
    "INSERT INTO sectors (code, name, sort) VALUES ('chemical', '化工', 1);"
    "INSERT INTO orgs (id, name, kind, region_code, created_at, updated_at) VALUES"
    " (1, '东胜区应急管理局', 'district_bureau', '150602', 0, 0);"
    "INSERT INTO enterprises (id, name, uscc, region_code, sector, created_at, updated_at)"
    " VALUES (7, '测试化工有限公司', '91150602MA0000000X', '150602', 'chemical', 0, 0);"
    "INSERT INTO users (id, username, display_name, role, org_id, password_hash, created_at,"
    " updated_at) VALUES (3, 'dongsheng', '东胜区应急局', 'district', 1, 'x', 0, 0);"
    "INSERT INTO notifications (id, kind, recipient, enterprise_id, region_code, sector,"
    " entity, entity_id, due_on, message, created_at) VALUES"
    " (10, 'hazard_overdue', 'enterprise', 7, '150602', 'chemical', 'hazard', 5,"
    " '2024-03-01', '隐患已超过整改期限', 111),"
    " (11, 'hazard_overdue', 'district', 7, '150602', 'chemical', 'hazard', 5,"
    " '2024-03-01', '隐患已超过整改期限', 112);"
    "INSERT INTO notification_reads (notification_id, user_id, read_at) VALUES"
    " (11, 3, 222), (10, 3, 223);";

static int
setup(void **state)
{
	struct db *d = calloc(1, sizeof(*d));

	assert_non_null(d);
	snprintf(d->dir, sizeof(d->dir), "/tmp/anjian-test-migrate-XXXXXX");
	assert_non_null(mkdtemp(d->dir));
	snprintf(d->path, sizeof(d->path), "%s/test.db", d->dir);
	assert_int_equal(store_open(d->path, STORE_CREATE, &d->s), APP_OK);
	migrate_to(d->s, 4);
	exec_ok(d->s, old_rows);
	*state = d;
	return 0;
}

static int
teardown(void **state)
{
	struct db *d = *state;
	char       p[128];

	store_close(d->s);
	unlink(d->path);
	snprintf(p, sizeof(p), "%s-wal", d->path);
	unlink(p);
	snprintf(p, sizeof(p), "%s-shm", d->path);
	unlink(p);
	rmdir(d->dir);
	free(d);
	return 0;
}

static void
migrate_0005_is_pending_on_a_version_4_database(void **state)
{
	struct db *d = *state;

	assert_int_equal(one(d->s, "SELECT max(version) FROM schema_migrations"), 4);
	assert_int_equal(one(d->s,
			     "SELECT \"notnull\" FROM pragma_table_info('notifications')"
			     " WHERE name = 'enterprise_id'"),
	    1);
}

static void
migrate_0005_keeps_notifications_and_reads(void **state)
{
	struct db *d = *state;

	assert_int_equal(store_migrate(d->s), APP_OK);
	assert_true(one(d->s, "SELECT max(version) FROM schema_migrations") >= 5);
	assert_int_equal(one(d->s, "SELECT count(*) FROM notifications"), 2);
	assert_int_equal(one(d->s,
			     "SELECT count(*) FROM notifications WHERE id = 10 AND kind ="
			     " 'hazard_overdue' AND recipient = 'enterprise' AND enterprise_id = 7"
			     " AND region_code = '150602' AND sector = 'chemical' AND entity ="
			     " 'hazard' AND entity_id = 5 AND due_on = '2024-03-01' AND message ="
			     " '隐患已超过整改期限' AND created_at = 111"),
	    1);
	assert_int_equal(one(d->s,
			     "SELECT count(*) FROM notifications WHERE id = 11 AND"
			     " recipient = 'district' AND created_at = 112"),
	    1);
	assert_int_equal(one(d->s, "SELECT count(*) FROM notification_reads"), 2);
	assert_int_equal(one(d->s,
			     "SELECT read_at FROM notification_reads WHERE"
			     " notification_id = 10 AND user_id = 3"),
	    223);
	assert_int_equal(one(d->s,
			     "SELECT read_at FROM notification_reads WHERE"
			     " notification_id = 11 AND user_id = 3"),
	    222);
}

static void
migrate_0005_makes_enterprise_id_nullable(void **state)
{
	struct db *d = *state;

	assert_int_equal(store_migrate(d->s), APP_OK);
	assert_int_equal(one(d->s,
			     "SELECT \"notnull\" FROM pragma_table_info('notifications')"
			     " WHERE name = 'enterprise_id'"),
	    0);
	exec_ok(d->s,
	    "INSERT INTO notifications (kind, recipient, enterprise_id, region_code,"
	    " sector, entity, entity_id, due_on, message, created_at) VALUES"
	    " ('supervision_issued', 'district', NULL, '150602', '', 'supervision', 1,"
	    " '2024-05-01', '督办', 1)");
	/* An enterprise recipient still needs its enterprise. */
	assert_int_equal(run(d->s,
			     "INSERT INTO notifications (kind, recipient, enterprise_id,"
			     " region_code, sector, entity, entity_id, due_on, message, created_at)"
			     " VALUES ('supervision_issued', 'enterprise', NULL, '150602', '',"
			     " 'supervision', 2, '2024-05-01', '督办', 1)"),
	    APP_ECONFLICT);
}

static void
migrate_0005_keeps_the_unique_key_and_indexes(void **state)
{
	struct db *d = *state;

	assert_int_equal(store_migrate(d->s), APP_OK);
	/* The same (kind, entity, entity_id, recipient, due_on) as row 10. */
	assert_int_equal(run(d->s,
			     "INSERT INTO notifications (kind, recipient, enterprise_id,"
			     " region_code, sector, entity, entity_id, due_on, message, created_at)"
			     " VALUES ('hazard_overdue', 'enterprise', 7, '150602', 'chemical',"
			     " 'hazard', 5, '2024-03-01', '又一条', 1)"),
	    APP_ECONFLICT);
	assert_int_equal(one(d->s,
			     "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND"
			     " tbl_name = 'notifications' AND name IN"
			     " ('notifications_enterprise', 'notifications_region')"),
	    2);
	assert_int_equal(one(d->s,
			     "SELECT count(*) FROM pragma_index_list('notifications')"
			     " WHERE \"unique\" = 1 AND origin = 'u'"),
	    1);
	assert_int_equal(
	    one(d->s,
		"SELECT count(*) FROM sqlite_master WHERE name LIKE '%\\_new%' ESCAPE '\\'"
		" OR sql LIKE '%notifications\\_new%' ESCAPE '\\'"),
	    0);
}

static void
migrate_0005_points_reads_at_the_new_notifications(void **state)
{
	struct db *d = *state;

	assert_int_equal(store_migrate(d->s), APP_OK);
	assert_int_equal(one(d->s,
			     "SELECT count(*) FROM pragma_foreign_key_list("
			     "'notification_reads') WHERE \"table\" = 'notifications' AND"
			     " \"from\" = 'notification_id'"),
	    1);
	assert_int_equal(one(d->s, "SELECT count(*) FROM pragma_foreign_key_check"), 0);
	/* A read of no notification is refused (foreign_keys is on). */
	assert_int_equal(run(d->s,
			     "INSERT INTO notification_reads (notification_id,"
			     " user_id, read_at) VALUES (999, 3, 1)"),
	    APP_ECONFLICT);
	/* A notification that is read cannot be deleted from under its read. */
	assert_int_equal(run(d->s, "DELETE FROM notifications WHERE id = 10"), APP_ECONFLICT);
}

static void
migrate_0005_then_store_migrate_is_a_no_op(void **state)
{
	struct db *d = *state;
	int64_t    n;

	assert_int_equal(store_migrate(d->s), APP_OK);
	n = one(d->s, "SELECT count(*) FROM schema_migrations");
	assert_int_equal(store_migrate(d->s), APP_OK);
	assert_int_equal(one(d->s, "SELECT count(*) FROM schema_migrations"), n);
	assert_int_equal(one(d->s, "SELECT count(*) FROM notifications"), 2);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
		    migrate_0005_is_pending_on_a_version_4_database, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    migrate_0005_keeps_notifications_and_reads, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    migrate_0005_makes_enterprise_id_nullable, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    migrate_0005_keeps_the_unique_key_and_indexes, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    migrate_0005_points_reads_at_the_new_notifications, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    migrate_0005_then_store_migrate_is_a_no_op, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
