/*
 * The audit log: every write appends a row (actor, action, entity, id, changed fields,
 * time, client address) whose hash chains to the previous row's, so that a row changed,
 * inserted or deleted behind the program's back is found by audit_verify().
 */
#ifndef AUDIT_AUDIT_H
#define AUDIT_AUDIT_H

#include <jansson.h>
#include <stdint.h>

#include "core/err.h"

struct store;

struct audit_who {
	int64_t     actor_id; /* 0 when unknown (failed login of no user, CLI) */
	const char *actor_name;
	const char *client; /* "127.0.0.1", "cli" */
};

struct actor;

/*
 * One row of a record's timeline (hazard_events, case_events, supervision_events: what the
 * detail pages show), inside the caller's write transaction. `sql` is the static INSERT of
 * that table with ?1 the record, ?2 action, ?3 from state, ?4 to state, ?5 actor id, ?6
 * actor name, ?7 instant, ?8 note, ?9 data (JSON). The timeline shows people by their
 * display name; the audit log keeps the login name.
 */
enum app_err audit_event(struct store *, const char *sql, const struct actor *,
    const struct audit_who *, int64_t id, const char *action, const char *from, const char *to,
    int64_t now, const char *note, json_t *data);

/*
 * Appends one row. Must run inside the caller's write transaction, so the row commits or
 * rolls back with the change it records. `changes` is borrowed and may be NULL.
 */
enum app_err audit_append(struct store *, const struct audit_who *, const char *action,
    const char *entity, int64_t entity_id, json_t *changes);

struct audit_problem {
	int64_t row_id; /* the first row found wrong (0: the chain's head) */
	char    what[200];
};

/*
 * Walks the whole chain. APP_OK when intact; APP_ECONFLICT with *p describing the first
 * row that was changed, inserted or deleted; store errors otherwise. *checked counts
 * the rows verified.
 */
enum app_err audit_verify(struct store *, struct audit_problem *p, int64_t *checked);

struct audit_filter {
	int64_t     actor_id; /* 0: any */
	const char *action;
	const char *entity;
	int64_t     entity_id; /* 0: any */
	int64_t     from_ms;   /* 0: no bound */
	int64_t     to_ms;     /* exclusive; 0: no bound */
};

/* Audit rows, newest first, after `cursor` (0: from the newest). */
enum app_err audit_list(struct store *, const struct audit_filter *, int64_t cursor, int limit,
    json_t **items, int64_t *total);
#endif
