/* The SQLite back-end of the store. */
#include <pthread.h>
#include <sqlite3.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/log.h"
#include "core/mem.h"
#include "store/store.h"

/* The page cache of a connection, and of one doing a bulk write (store_bulk). */
#define CACHE_KIB "-16000"
#define BULK_CACHE_KIB "-262144"

#define STMT_CACHE 512 /* power of two; more distinct statements than this abort */

struct stmt_slot {
	const char   *sql;
	sqlite3_stmt *st;
};

struct store {
	sqlite3         *db;
	uint64_t         serial;
	bool             in_tx;
	bool             batch;   /* inside store_batch_begin(): transactions are savepoints */
	bool             sp_open; /* a write's savepoint is open inside the batch */
	int              depth;   /* store_begin() calls open (nested ones are savepoints) */
	struct stmt_slot cache[STMT_CACHE];
};

static _Atomic uint64_t store_serials;

/* Store errors over every connection of the process, for /metrics. */
static _Atomic uint64_t store_error_count;

/* A `struct stmt *` is the sqlite3_stmt itself; the store never hands out anything else. */
#define ST(s) ((sqlite3_stmt *)(void *)(s))

static enum app_err
map_rc(sqlite3 *db, int rc, const char *what)
{
	switch (rc & 0xff) {
	case SQLITE_OK:
	case SQLITE_ROW:
	case SQLITE_DONE: return APP_OK;
	case SQLITE_CONSTRAINT: return APP_ECONFLICT;
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		store_error_count++;
		log_warn("store: busy during %s", what);
		return APP_EBUSY;
	default:
		store_error_count++;
		log_error("store: %s: %s (%d)", what, sqlite3_errmsg(db), rc);
		return APP_EDB;
	}
}

static pthread_once_t sqlite_once = PTHREAD_ONCE_INIT;

/* Process-wide settings, before SQLite starts: no memory statistics (they take a global
 * mutex on every allocation, and connections here are never shared between threads). */
static void
sqlite_setup(void)
{
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
	sqlite3_initialize();
}

enum app_err
store_open(const char *path, int flags, struct store **out)
{
	struct store            *s;
	int                      oflags, rc;
	static const char *const pragmas[] = {
		"PRAGMA journal_mode=WAL",
		"PRAGMA foreign_keys=ON",
		/* These are legal records: an acknowledged write survives power loss. */
		"PRAGMA synchronous=FULL",
		"PRAGMA busy_timeout=5000",
		"PRAGMA temp_store=MEMORY",
		"PRAGMA cache_size=" CACHE_KIB,
	};
	size_t i;

	*out = NULL;
	pthread_once(&sqlite_once, sqlite_setup);
	oflags = (flags & STORE_READONLY)
	    ? SQLITE_OPEN_READONLY
	    : SQLITE_OPEN_READWRITE | ((flags & STORE_CREATE) ? SQLITE_OPEN_CREATE : 0);
	oflags |= SQLITE_OPEN_NOMUTEX; /* one connection per thread */
	s = xcalloc(1, sizeof(*s));
	if ((rc = sqlite3_open_v2(path, &s->db, oflags, NULL)) != SQLITE_OK) {
		log_error("store: cannot open %s: %s", path,
		    s->db ? sqlite3_errmsg(s->db) : sqlite3_errstr(rc));
		sqlite3_close(s->db);
		free(s);
		return APP_EDB;
	}
	sqlite3_extended_result_codes(s->db, 1);
	s->serial = ++store_serials;
	for (i = 0; i < sizeof(pragmas) / sizeof(pragmas[0]); i++) {
		if ((flags & STORE_READONLY) && i == 0)
			continue;
		if (store_exec(s, pragmas[i]) != APP_OK) {
			store_close(s);
			return APP_EDB;
		}
	}
	*out = s;
	return APP_OK;
}

void
store_close(struct store *s)
{
	size_t i;

	if (s == NULL)
		return;
	for (i = 0; i < STMT_CACHE; i++)
		sqlite3_finalize(s->cache[i].st);
	sqlite3_close(s->db);
	free(s);
}

enum app_err
store_exec(struct store *s, const char *sql)
{
	char *msg = NULL;
	int   rc;

	if ((rc = sqlite3_exec(s->db, sql, NULL, NULL, &msg)) != SQLITE_OK) {
		store_error_count++;
		log_error("store: exec failed: %s: %.200s", msg ? msg : "?", sql);
		sqlite3_free(msg);
		return (rc & 0xff) == SQLITE_BUSY ? APP_EBUSY : APP_EDB;
	}
	return APP_OK;
}

enum app_err
store_begin(struct store *s, enum store_tx mode)
{
	enum app_err er;

	/* A begin inside an open transaction (a feature calling another that writes, e.g.
	 * attachment_add) is a savepoint of it: undone alone, kept with the outer one. */
	if (s->depth > 0 && !sqlite3_get_autocommit(s->db)) {
		if ((er = store_exec(s, "SAVEPOINT nested")) == APP_OK)
			s->depth++;
		return er;
	}
	s->depth = 0;
	if (s->batch) {
		/* One write of a group commit: its own savepoint inside the common transaction. */
		if (s->sp_open || sqlite3_get_autocommit(s->db))
			return APP_EINTERNAL;
		if ((er = store_exec(s, "SAVEPOINT w")) == APP_OK) {
			s->sp_open = true;
			s->depth = 1;
		}
		return er;
	}
	er = store_exec(s, mode == STORE_WRITE ? "BEGIN IMMEDIATE" : "BEGIN DEFERRED");
	if (er == APP_OK) {
		s->in_tx = true;
		s->depth = 1;
	}
	return er;
}

enum app_err
store_commit(struct store *s)
{
	enum app_err er;

	if (s->depth > 1) {
		if ((er = store_exec(s, "RELEASE nested")) == APP_OK)
			s->depth--;
		return er;
	}
	if (s->batch) {
		if (!s->sp_open)
			return APP_EINTERNAL;
		er = store_exec(s, "RELEASE w");
		s->sp_open = false;
		s->depth = 0;
		return er;
	}
	if ((er = store_exec(s, "COMMIT")) == APP_OK) {
		s->in_tx = false;
		s->depth = 0;
	}
	return er;
}

void
store_rollback(struct store *s)
{
	if (s->depth > 1 && !sqlite3_get_autocommit(s->db)) {
		sqlite3_exec(s->db, "ROLLBACK TO nested; RELEASE nested", NULL, NULL, NULL);
		s->depth--;
		return;
	}
	s->depth = 0;
	if (s->batch) {
		/* Undoes this write only; a rollback with no savepoint open changes nothing. */
		if (s->sp_open && !sqlite3_get_autocommit(s->db))
			sqlite3_exec(s->db, "ROLLBACK TO w; RELEASE w", NULL, NULL, NULL);
		s->sp_open = false;
		return;
	}
	if (!sqlite3_get_autocommit(s->db))
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	s->in_tx = false;
}

bool
store_in_tx(const struct store *s)
{
	if (s->batch)
		return s->sp_open;
	return !sqlite3_get_autocommit(s->db);
}

enum app_err
store_batch_begin(struct store *s)
{
	enum app_err er;

	if (s->batch || !sqlite3_get_autocommit(s->db))
		return APP_EINTERNAL;
	if ((er = store_exec(s, "BEGIN IMMEDIATE")) == APP_OK) {
		s->batch = true;
		s->sp_open = false;
	}
	return er;
}

bool
store_batch_alive(const struct store *s)
{
	return s->batch && !sqlite3_get_autocommit(s->db);
}

enum app_err
store_batch_end(struct store *s, bool commit)
{
	enum app_err er = APP_OK;

	if (!s->batch)
		return APP_EINTERNAL;
	if (s->sp_open)
		store_rollback(s);
	s->batch = false;
	if (sqlite3_get_autocommit(s->db))
		return commit ? APP_EDB : APP_OK; /* the transaction was lost on the way */
	if (commit)
		er = store_exec(s, "COMMIT");
	if (!commit || er != APP_OK)
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	return er;
}

struct stmt *
store_stmt(struct store *s, const char *sql)
{
	uintptr_t h = (uintptr_t)sql;
	size_t    i, n;
	int       rc;

	h ^= h >> 17;
	h *= 0x9E3779B97F4A7C15ull;
	for (n = 0, i = (h >> 32) & (STMT_CACHE - 1); n < STMT_CACHE;
	     n++, i = (i + 1) & (STMT_CACHE - 1)) {
		if (s->cache[i].sql == sql) {
			sqlite3_reset(s->cache[i].st);
			sqlite3_clear_bindings(s->cache[i].st);
			return (struct stmt *)(void *)s->cache[i].st;
		}
		if (s->cache[i].sql == NULL)
			break;
	}
	if (n == STMT_CACHE) {
		log_error("store: statement cache full");
		abort();
	}
	rc = sqlite3_prepare_v3(s->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &s->cache[i].st, NULL);
	if (rc != SQLITE_OK) {
		log_error("store: prepare failed: %s: %.300s", sqlite3_errmsg(s->db), sql);
		abort();
	}
	s->cache[i].sql = sql;
	return (struct stmt *)(void *)s->cache[i].st;
}

int64_t
store_changes(struct store *s)
{
	return sqlite3_changes64(s->db);
}

void
store_bulk(struct store *s, bool on)
{
	(void)store_exec(
	    s, on ? "PRAGMA cache_size=" BULK_CACHE_KIB : "PRAGMA cache_size=" CACHE_KIB);
}

int64_t
store_last_id(struct store *s)
{
	return sqlite3_last_insert_rowid(s->db);
}

uint64_t
store_errors(void)
{
	return store_error_count;
}

enum app_err
store_backup(struct store *s, const char *path, void (*progress)(int, int, void *), void *arg)
{
	sqlite3        *dst;
	sqlite3_backup *b;
	int             rc;

	if (sqlite3_open_v2(path, &dst, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) !=
	    SQLITE_OK) {
		log_error("backup: cannot create %s: %s", path, sqlite3_errmsg(dst));
		sqlite3_close(dst);
		return APP_EDB;
	}
	if ((b = sqlite3_backup_init(dst, "main", s->db, "main")) == NULL) {
		log_error("backup: %s", sqlite3_errmsg(dst));
		sqlite3_close(dst);
		return APP_EDB;
	}
	/* Copy in steps so writers are not held off for the whole copy; a write by another
	 * connection restarts the copy, which sqlite handles. */
	do {
		rc = sqlite3_backup_step(b, 256);
		if (progress != NULL)
			progress(sqlite3_backup_pagecount(b) - sqlite3_backup_remaining(b),
			    sqlite3_backup_pagecount(b), arg);
		if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
			sqlite3_sleep(20);
	} while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
	sqlite3_backup_finish(b);
	if (rc != SQLITE_DONE) {
		log_error("backup: %s", sqlite3_errstr(rc));
		sqlite3_close(dst);
		return APP_EDB;
	}
	rc = sqlite3_exec(dst, "PRAGMA journal_mode=DELETE", NULL, NULL, NULL);
	sqlite3_close(dst);
	return rc == SQLITE_OK ? APP_OK : APP_EDB;
}

void
stmt_bind_i64(struct stmt *st, int idx, int64_t v)
{
	sqlite3_bind_int64(ST(st), idx, v);
}

void
stmt_bind_double(struct stmt *st, int idx, double v)
{
	sqlite3_bind_double(ST(st), idx, v);
}

void
stmt_bind_text(struct stmt *st, int idx, const char *v)
{
	if (v == NULL)
		sqlite3_bind_null(ST(st), idx);
	else
		sqlite3_bind_text(ST(st), idx, v, -1, SQLITE_TRANSIENT);
}

void
stmt_bind_blob(struct stmt *st, int idx, const void *v, size_t n)
{
	sqlite3_bind_blob64(ST(st), idx, v, n, SQLITE_TRANSIENT);
}

void
stmt_bind_null(struct stmt *st, int idx)
{
	sqlite3_bind_null(ST(st), idx);
}

enum app_err
stmt_step(struct stmt *st, bool *row)
{
	int rc = sqlite3_step(ST(st));

	*row = rc == SQLITE_ROW;
	return map_rc(sqlite3_db_handle(ST(st)), rc, "step");
}

enum app_err
stmt_run(struct stmt *st)
{
	bool         row;
	enum app_err er;

	do {
		er = stmt_step(st, &row);
	} while (er == APP_OK && row);
	sqlite3_reset(ST(st));
	return er;
}

bool
stmt_null(struct stmt *st, int col)
{
	return sqlite3_column_type(ST(st), col) == SQLITE_NULL;
}

int64_t
stmt_i64(struct stmt *st, int col)
{
	return sqlite3_column_int64(ST(st), col);
}

double
stmt_double(struct stmt *st, int col)
{
	return sqlite3_column_double(ST(st), col);
}

const char *
stmt_text(struct stmt *st, int col)
{
	const unsigned char *t = sqlite3_column_text(ST(st), col);

	return t ? (const char *)t : "";
}

const char *
stmt_text_or_null(struct stmt *st, int col)
{
	return (const char *)sqlite3_column_text(ST(st), col);
}

/* The current row as an object keyed by column name: integers, reals, text; NULL → null. */
json_t *
stmt_row_json(struct stmt *st)
{
	json_t *o = json_object();
	int     i, n = sqlite3_column_count(ST(st));

	for (i = 0; i < n; i++) {
		const char *name = sqlite3_column_name(ST(st), i);
		json_t     *v;

		switch (sqlite3_column_type(ST(st), i)) {
		case SQLITE_INTEGER: v = json_integer(sqlite3_column_int64(ST(st), i)); break;
		case SQLITE_FLOAT: v = json_real(sqlite3_column_double(ST(st), i)); break;
		case SQLITE_NULL: v = json_null(); break;
		default: v = json_string((const char *)sqlite3_column_text(ST(st), i)); break;
		}
		json_object_set_new(o, name, v ? v : json_null());
	}
	return o;
}

const void *
stmt_blob(struct stmt *st, int col, size_t *len)
{
	const void *p = sqlite3_column_blob(ST(st), col);

	*len = (size_t)sqlite3_column_bytes(ST(st), col);
	return p;
}

void
stmt_reset(struct stmt *st)
{
	sqlite3_reset(ST(st));
	sqlite3_clear_bindings(ST(st));
}

static const char sql_data_version[] = "PRAGMA data_version";

enum app_err
store_data_version(struct store *s, int64_t *v)
{
	return stmt_one_i64(store_stmt(s, sql_data_version), v);
}

uint64_t
store_serial(const struct store *s)
{
	return s->serial;
}
