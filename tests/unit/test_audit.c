/*
 * The hash-chained audit log: rows appended inside write transactions verify; a row
 * changed, deleted or forged behind the program's back is found, and named.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <sodium.h>

#include "audit/audit.h"
#include "store/store.h"

#define NROWS 5

struct db {
	char          dir[64];
	char          path[96];
	struct store *s;
};

static struct db *
db_open(void)
{
	struct db *d = calloc(1, sizeof(*d));

	assert_non_null(d);
	snprintf(d->dir, sizeof(d->dir), "/tmp/anjian-test-audit-XXXXXX");
	assert_non_null(mkdtemp(d->dir));
	snprintf(d->path, sizeof(d->path), "%s/test.db", d->dir);
	assert_int_equal(store_open(d->path, STORE_CREATE, &d->s), APP_OK);
	assert_int_equal(store_migrate(d->s), APP_OK);
	return d;
}

static void
db_close(struct db *d)
{
	char p[128];

	store_close(d->s);
	unlink(d->path);
	snprintf(p, sizeof(p), "%s-wal", d->path);
	unlink(p);
	snprintf(p, sizeof(p), "%s-shm", d->path);
	unlink(p);
	rmdir(d->dir);
	free(d);
}

static int
setup(void **state)
{
	*state = db_open();
	return 0;
}

static int
teardown(void **state)
{
	db_close(*state);
	return 0;
}

/* Appends one row in its own write transaction, the way features do. */
static void
append(struct store *s, int64_t actor_id, const char *action, int64_t entity_id, json_t *changes)
{
	struct audit_who who = { actor_id, actor_id ? "张三" : "系统", "127.0.0.1" };

	assert_int_equal(store_begin(s, STORE_WRITE), APP_OK);
	assert_int_equal(audit_append(s, &who, action, "enterprise", entity_id, changes), APP_OK);
	assert_int_equal(store_commit(s), APP_OK);
}

/* NROWS rows: a mix of actors, entities and changes (row 2 has all fields set). */
static void
append_rows(struct store *s)
{
	json_t *ch;
	int     i;

	append(s, 0, "login_failed", 0, NULL);
	ch = json_pack("{s:[s,s], s:[n,i]}", "name", "旧名称", "新名称", "employees", 120);
	append(s, 7, "update", 12, ch);
	json_decref(ch);
	for (i = 3; i <= NROWS; i++) {
		ch = json_pack("{s:i}", "row", i);
		append(s, i, "create", i * 10, ch);
		json_decref(ch);
	}
}

static enum app_err
verify(struct store *s, int64_t *row_id, int64_t *checked)
{
	struct audit_problem p;
	enum app_err         er;

	memset(&p, 0xEE, sizeof(p));
	er = audit_verify(s, &p, checked);
	*row_id = p.row_id;
	if (er == APP_ECONFLICT)
		assert_true(p.what[0] != '\0' && strlen(p.what) < sizeof(p.what));
	return er;
}

static void
expect_conflict_at(struct store *s, int64_t want_row)
{
	int64_t      row_id, checked;
	enum app_err er = verify(s, &row_id, &checked);

	if (er != APP_ECONFLICT)
		fail_msg("audit_verify returned %d, want APP_ECONFLICT", (int)er);
	if (row_id != want_row)
		fail_msg("audit_verify reported row %lld, want row %lld", (long long)row_id,
		    (long long)want_row);
	assert_false(store_in_tx(s));
}

static void
audit_verify_accepts_empty_log(void **state)
{
	struct db *d = *state;
	int64_t    row_id, checked = -1;

	assert_int_equal(verify(d->s, &row_id, &checked), APP_OK);
	assert_int_equal(checked, 0);
}

static void
audit_verify_accepts_appended_rows_and_counts_them(void **state)
{
	struct db *d = *state;
	int64_t    row_id, checked = -1;

	append_rows(d->s);
	assert_int_equal(verify(d->s, &row_id, &checked), APP_OK);
	assert_int_equal(checked, NROWS);
	assert_int_equal(row_id, 0);
}

static void
audit_verify_leaves_no_transaction_open(void **state)
{
	struct db *d = *state;
	int64_t    row_id, checked;

	append_rows(d->s);
	assert_int_equal(verify(d->s, &row_id, &checked), APP_OK);
	assert_false(store_in_tx(d->s));
	append(d->s, 1, "logout", 0, NULL);
	assert_int_equal(verify(d->s, &row_id, &checked), APP_OK);
	assert_int_equal(checked, NROWS + 1);
}

static void
audit_append_rolled_back_leaves_chain_intact(void **state)
{
	struct db       *d = *state;
	struct audit_who who = { 3, "李四", "10.0.0.8" };
	int64_t          row_id, checked;

	append_rows(d->s);
	assert_int_equal(store_begin(d->s, STORE_WRITE), APP_OK);
	assert_int_equal(audit_append(d->s, &who, "update", "enterprise", 1, NULL), APP_OK);
	store_rollback(d->s);
	append(d->s, 3, "update", 1, NULL);
	assert_int_equal(verify(d->s, &row_id, &checked), APP_OK);
	assert_int_equal(checked, NROWS + 1);
}

static void
audit_append_many_rows_in_one_transaction_verify(void **state)
{
	struct db       *d = *state;
	struct audit_who who = { 0, "cli", "cli" };
	int64_t          row_id, checked;
	int              i;

	assert_int_equal(store_begin(d->s, STORE_WRITE), APP_OK);
	for (i = 0; i < 50; i++)
		assert_int_equal(audit_append(d->s, &who, "import", "enterprise", 0, NULL), APP_OK);
	assert_int_equal(store_commit(d->s), APP_OK);
	assert_int_equal(verify(d->s, &row_id, &checked), APP_OK);
	assert_int_equal(checked, 50);
}

static void
audit_verify_finds_changed_actor_name_of_row_2(void **state)
{
	struct db *d = *state;

	append_rows(d->s);
	assert_int_equal(
	    store_exec(d->s, "UPDATE audit SET actor_name = '王五' WHERE id = 2"), APP_OK);
	expect_conflict_at(d->s, 2);
}

static void
audit_verify_finds_changed_changes_of_row_2(void **state)
{
	struct db *d = *state;

	append_rows(d->s);
	assert_int_equal(
	    store_exec(
		d->s, "UPDATE audit SET changes = replace(changes, '120', '12') WHERE id = 2"),
	    APP_OK);
	expect_conflict_at(d->s, 2);
}

/* Every column of row 2, one at a time, each in a fresh store. */
static void
audit_verify_finds_any_changed_column_of_row_2(void **state)
{
	static const char *const tamper[] = { "UPDATE audit SET at = at + 1 WHERE id = 2",
		"UPDATE audit SET actor_id = 8 WHERE id = 2",
		"UPDATE audit SET actor_id = NULL WHERE id = 2",
		"UPDATE audit SET actor_name = actor_name || ' ' WHERE id = 2",
		"UPDATE audit SET action = 'create' WHERE id = 2",
		"UPDATE audit SET entity = 'user' WHERE id = 2",
		"UPDATE audit SET entity_id = 13 WHERE id = 2",
		"UPDATE audit SET entity_id = NULL WHERE id = 2",
		"UPDATE audit SET changes = '{}' WHERE id = 2",
		"UPDATE audit SET client = '10.1.1.1' WHERE id = 2",
		"UPDATE audit SET prev_hash = hash WHERE id = 2",
		"UPDATE audit SET hash = prev_hash WHERE id = 2", NULL };
	size_t                   i;
	struct db               *d;

	(void)state;
	for (i = 0; tamper[i] != NULL; i++) {
		d = db_open();
		append_rows(d->s);
		assert_int_equal(store_exec(d->s, tamper[i]), APP_OK);
		assert_int_equal(store_changes(d->s), 1);
		expect_conflict_at(d->s, 2);
		db_close(d);
	}
}

static void
audit_verify_finds_null_actor_set_to_zero(void **state)
{
	struct db *d = *state;

	append_rows(d->s);
	/* Row 1 has no actor (NULL); 0 is a different value. */
	assert_int_equal(store_exec(d->s, "UPDATE audit SET actor_id = 0 WHERE id = 1"), APP_OK);
	expect_conflict_at(d->s, 1);
}

/* The first row found wrong is the one after the gap. */
static void
audit_verify_finds_deleted_middle_row(void **state)
{
	struct db *d = *state;

	append_rows(d->s);
	assert_int_equal(store_exec(d->s, "DELETE FROM audit WHERE id = 2"), APP_OK);
	expect_conflict_at(d->s, 3);
}

static void
audit_verify_finds_deleted_row_with_later_rows_renumbered(void **state)
{
	struct db *d = *state;

	append_rows(d->s);
	assert_int_equal(store_exec(d->s,
			     "DELETE FROM audit WHERE id = 2;"
			     "UPDATE audit SET id = -id WHERE id > 2;"
			     "UPDATE audit SET id = -id - 1 WHERE id < 0;"
			     "UPDATE audit_head SET last_id = last_id - 1, count = count - 1"),
	    APP_OK);
	expect_conflict_at(d->s, 2);
}

static void
audit_verify_finds_deleted_first_row(void **state)
{
	struct db *d = *state;

	append_rows(d->s);
	assert_int_equal(store_exec(d->s, "DELETE FROM audit WHERE id = 1"), APP_OK);
	expect_conflict_at(d->s, 2);
}

static void
audit_verify_finds_deleted_last_row(void **state)
{
	struct db *d = *state;

	append_rows(d->s);
	assert_int_equal(store_exec(d->s, "DELETE FROM audit WHERE id = 5"), APP_OK);
	expect_conflict_at(d->s, 5);
}

static void
audit_verify_finds_every_row_deleted(void **state)
{
	struct db *d = *state;

	append_rows(d->s);
	assert_int_equal(store_exec(d->s, "DELETE FROM audit"), APP_OK);
	expect_conflict_at(d->s, 1);
}

static void
audit_verify_finds_forged_row_with_wrong_prev_hash(void **state)
{
	struct db *d = *state;

	append_rows(d->s);
	assert_int_equal(
	    store_exec(d->s,
		"INSERT INTO audit (id, at, actor_id, actor_name,"
		" action, entity, entity_id, changes, client, prev_hash, hash) VALUES (6, 1, 1,"
		" 'admin', 'update', 'enterprise', 1, '{}', 'cli', 'forged', 'forged')"),
	    APP_OK);
	expect_conflict_at(d->s, 6);
}

static void
audit_verify_finds_forged_row_with_right_prev_and_wrong_hash(void **state)
{
	struct db *d = *state;

	append_rows(d->s);
	assert_int_equal(
	    store_exec(d->s,
		"INSERT INTO audit (id, at, actor_id, actor_name,"
		" action, entity, entity_id, changes, client, prev_hash, hash) SELECT 6, at + 1,"
		" actor_id, actor_name, action, entity, entity_id, changes, client, hash, hash"
		" FROM audit WHERE id = 5"),
	    APP_OK);
	expect_conflict_at(d->s, 6);
}

static void
audit_verify_finds_forged_row_after_a_gap(void **state)
{
	struct db *d = *state;

	append_rows(d->s);
	assert_int_equal(
	    store_exec(d->s,
		"INSERT INTO audit (id, at, actor_id, actor_name,"
		" action, entity, entity_id, changes, client, prev_hash, hash) SELECT 100, at + 1,"
		" actor_id, actor_name, action, entity, entity_id, changes, client, hash, hash"
		" FROM audit WHERE id = 5"),
	    APP_OK);
	expect_conflict_at(d->s, 100);
}

static void
audit_verify_finds_forged_row_copied_into_middle(void **state)
{
	struct db *d = *state;

	append_rows(d->s);
	/* Replace row 3 by a copy of row 4 (the content of another valid row). */
	assert_int_equal(
	    store_exec(d->s,
		"UPDATE audit SET (at, actor_id, actor_name, action,"
		" entity, entity_id, changes, client, prev_hash, hash) = (SELECT at, actor_id,"
		" actor_name, action, entity, entity_id, changes, client, prev_hash, hash FROM"
		" audit WHERE id = 4) WHERE id = 3"),
	    APP_OK);
	expect_conflict_at(d->s, 3);
}

/* The row hash as audit.c documents it: SHA-256 over the fields, each NUL-terminated. */
static void
forge_hash(int64_t id, int64_t at, const char *actor_id, const char *entity_id,
    const char *const text[6], char out[65])
{
	crypto_hash_sha256_state st;
	unsigned char            h[crypto_hash_sha256_BYTES];
	char                     num[32];
	int                      i;

	crypto_hash_sha256_init(&st);
	snprintf(num, sizeof(num), "%lld", (long long)id);
	crypto_hash_sha256_update(&st, (const unsigned char *)num, strlen(num) + 1);
	snprintf(num, sizeof(num), "%lld", (long long)at);
	crypto_hash_sha256_update(&st, (const unsigned char *)num, strlen(num) + 1);
	crypto_hash_sha256_update(&st, (const unsigned char *)actor_id, strlen(actor_id) + 1);
	crypto_hash_sha256_update(&st, (const unsigned char *)entity_id, strlen(entity_id) + 1);
	for (i = 0; i < 6; i++)
		crypto_hash_sha256_update(&st, (const unsigned char *)text[i], strlen(text[i]) + 1);
	crypto_hash_sha256_final(&st, h);
	sodium_bin2hex(out, 65, h, sizeof(h));
}

static const char sql_last_hash[] = "SELECT hash, at FROM audit ORDER BY id DESC LIMIT 1";
static const char sql_forge[] =
    "INSERT INTO audit (id, at, actor_id, actor_name, action, entity, entity_id, changes,"
    " client, prev_hash, hash) VALUES (?1, ?2, 1, ?3, ?4, ?5, 1, ?6, ?7, ?8, ?9)";

/*
 * A row appended with a correct hash behind the program's back: the chain of rows holds,
 * but the head (written with every real row) does not know it. The forged row, 6, is the
 * first row found wrong.
 */
static void
audit_verify_finds_forged_row_with_valid_hash_appended(void **state)
{
	struct db   *d = *state;
	struct stmt *st;
	char         prev[65], hash[65];
	const char  *text[6] = { "admin", "update", "enterprise", "{}", "cli", prev };
	int64_t      at;
	bool         row;

	append_rows(d->s);
	st = store_stmt(d->s, sql_last_hash);
	assert_int_equal(stmt_step(st, &row), APP_OK);
	assert_true(row);
	snprintf(prev, sizeof(prev), "%s", stmt_text(st, 0));
	at = stmt_i64(st, 1) + 1;
	stmt_reset(st);
	forge_hash(6, at, "1", "1", text, hash);
	st = store_stmt(d->s, sql_forge);
	stmt_bind_i64(st, 1, 6);
	stmt_bind_i64(st, 2, at);
	stmt_bind_text(st, 3, text[0]);
	stmt_bind_text(st, 4, text[1]);
	stmt_bind_text(st, 5, text[2]);
	stmt_bind_text(st, 6, text[3]);
	stmt_bind_text(st, 7, text[4]);
	stmt_bind_text(st, 8, prev);
	stmt_bind_text(st, 9, hash);
	assert_int_equal(stmt_run(st), APP_OK);
	expect_conflict_at(d->s, 6);
}

static void
audit_verify_finds_head_count_changed(void **state)
{
	struct db *d = *state;
	int64_t    row_id, checked;

	append_rows(d->s);
	assert_int_equal(store_exec(d->s, "UPDATE audit_head SET count = count + 1"), APP_OK);
	assert_int_equal(verify(d->s, &row_id, &checked), APP_ECONFLICT);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(audit_verify_accepts_empty_log, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    audit_verify_accepts_appended_rows_and_counts_them, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    audit_verify_leaves_no_transaction_open, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    audit_append_rolled_back_leaves_chain_intact, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    audit_append_many_rows_in_one_transaction_verify, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    audit_verify_finds_changed_actor_name_of_row_2, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    audit_verify_finds_changed_changes_of_row_2, setup, teardown),
		cmocka_unit_test(audit_verify_finds_any_changed_column_of_row_2),
		cmocka_unit_test_setup_teardown(
		    audit_verify_finds_null_actor_set_to_zero, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    audit_verify_finds_deleted_middle_row, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    audit_verify_finds_deleted_row_with_later_rows_renumbered, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    audit_verify_finds_deleted_first_row, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    audit_verify_finds_deleted_last_row, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    audit_verify_finds_every_row_deleted, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    audit_verify_finds_forged_row_with_wrong_prev_hash, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    audit_verify_finds_forged_row_with_right_prev_and_wrong_hash, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    audit_verify_finds_forged_row_after_a_gap, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    audit_verify_finds_forged_row_copied_into_middle, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    audit_verify_finds_forged_row_with_valid_hash_appended, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    audit_verify_finds_head_count_changed, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
