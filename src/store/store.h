/*
 * The store: one interface over the database back-ends (SQLite now, PostgreSQL later).
 * One `struct store` is one connection, used by one thread. SQL text is portable and
 * uses numbered placeholders ?1 ?2 …; a back-end that needs another syntax rewrites them.
 * Statements are prepared once per connection: store_stmt() caches them by the address
 * of their (static) SQL text, so callers pass string literals or static tables only.
 */
#ifndef STORE_STORE_H
#define STORE_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "core/err.h"

struct store;
struct stmt;

enum store_tx {
	STORE_READ, /* a consistent snapshot for several reads */
	STORE_WRITE /* takes the write lock at once (SQLite: BEGIN IMMEDIATE) */
};

/* Opens (creating when asked) the database at path. */
#define STORE_CREATE 0x01
#define STORE_READONLY 0x02
enum app_err store_open(const char *path, int flags, struct store **out);
/* Closes the connection and its prepared statements. store_close(NULL) is a no-op. */
void store_close(struct store *);
/* Applies every migration not yet in schema_migrations, each in its own transaction. */
enum app_err store_migrate(struct store *);

enum app_err store_begin(struct store *, enum store_tx);
enum app_err store_commit(struct store *);
/* Safe to call when no transaction is open. */
void store_rollback(struct store *);
bool store_in_tx(const struct store *);

/*
 * Group commit: between store_batch_begin() and store_batch_end() the connection holds one
 * write transaction, and each store_begin()/store_commit()/store_rollback() of the code
 * running in it is a savepoint of its own — so writes are undone one by one, and made
 * durable together by one COMMIT (one fsync for many writes). store_batch_alive() is false
 * when an error made SQLite abandon the whole transaction (then nothing in it was kept).
 */
enum app_err store_batch_begin(struct store *);
bool         store_batch_alive(const struct store *);
/* Commits (or, with commit false, rolls back) the batch. */
enum app_err store_batch_end(struct store *, bool commit);

/*
 * The prepared statement for `sql` on this connection, reset and with cleared bindings.
 * The SQL must be static text (it is cached by address). A statement that fails to
 * prepare is a programming error: it is logged and the process aborts.
 */
struct stmt *store_stmt(struct store *, const char *sql);
/* Runs SQL that has no parameters and returns no rows (DDL, pragmas). */
enum app_err store_exec(struct store *, const char *sql);
/*
 * For caches of query results: a number that changes whenever another connection (of
 * this or another process) commits to the database (SQLite: PRAGMA data_version; this
 * connection's own commits do not change it), and a serial that tells connections apart.
 */
enum app_err store_data_version(struct store *, int64_t *);
uint64_t     store_serial(const struct store *);
/* Number of rows changed by the last statement. */
int64_t store_changes(struct store *);
/*
 * A bulk write (an import of many rows) touches every index of its table: with `on` the
 * connection keeps far more of them in memory (SQLite: a 256 MiB page cache, which halves
 * the time of a 100,000-row import); off returns to the normal size.
 */
void store_bulk(struct store *, bool on);
/* The id (INTEGER PRIMARY KEY) of the row the last INSERT on this connection added. */
int64_t store_last_id(struct store *);
/* Copies the database to `path` while others may read and write it. */
enum app_err store_backup(
    struct store *, const char *path, void (*progress)(int done, int total, void *), void *arg);
/* Store errors (failures and busy time-outs) over all connections, for /metrics. */
uint64_t store_errors(void);

void stmt_bind_i64(struct stmt *, int idx, int64_t);
void stmt_bind_double(struct stmt *, int idx, double);
/* Binds a copy of the text; NULL binds SQL NULL. */
void stmt_bind_text(struct stmt *, int idx, const char *);
void stmt_bind_blob(struct stmt *, int idx, const void *, size_t);
void stmt_bind_null(struct stmt *, int idx);
/*
 * Steps the statement: *row is true when a row is available, false when done.
 * A unique or check violation is APP_ECONFLICT, busy is APP_EBUSY, others APP_EDB.
 */
enum app_err stmt_step(struct stmt *, bool *row);
/* Runs a statement that returns no rows (or ignores them) and resets it. */
enum app_err stmt_run(struct stmt *);
bool         stmt_null(struct stmt *, int col);
int64_t      stmt_i64(struct stmt *, int col);
double       stmt_double(struct stmt *, int col);
/* Valid until the next step or reset of this statement; "" for NULL. */
const char *stmt_text(struct stmt *, int col);
/* NULL for SQL NULL. */
const char *stmt_text_or_null(struct stmt *, int col);
const void *stmt_blob(struct stmt *, int col, size_t *len);
/* The current row as a new JSON object keyed by column name (NULL → null). */
json_t *stmt_row_json(struct stmt *);
/*
 * For a statement that gives at most one row (store.c, over any back-end): the row made
 * into JSON by fn, or APP_ENOENT when there is none. stmt_one_i64 takes the first
 * column. Both reset the statement.
 */
enum app_err stmt_one_json(struct stmt *, json_t *(*fn)(struct stmt *), json_t **out);
enum app_err stmt_one_i64(struct stmt *, int64_t *out);
/* Resets the statement and clears its bindings (store_stmt() does this too). */
void stmt_reset(struct stmt *);

#endif
