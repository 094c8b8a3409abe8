/*
 * Hazards (隐患) and their rectification (整改): create, read, list, the transitions of
 * ../shared/docs/DOMAIN.md (reported → rectifying → awaiting_acceptance → closed; reject
 * back to rectifying; void with a reason), the daily deadline notifications and the
 * statistics the annual report counts. Every function that writes takes the time `now`
 * from its caller, so that imports, the demo city and tests can set the clock.
 */
#ifndef HAZARD_HAZARD_H
#define HAZARD_HAZARD_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "auth/auth.h"
#include "core/err.h"

struct arena;
struct audit_who;
struct jw;
struct scope;
struct store;

enum hazard_action { HA_SUBMIT_PLAN, HA_SUBMIT_DONE, HA_ACCEPT, HA_REJECT, HA_VOID, HA__MAX };
const char *hazard_action_name(enum hazard_action);
bool        hazard_action_parse(const char *, enum hazard_action *);

/*
 * The transition table's answer: may a user of `role` take `action` on a hazard in
 * `status` of `level` and `source`? (Scope is checked separately.)
 */
bool hazard_may(
    enum role, enum hazard_action, const char *status, const char *level, const char *source);

/*
 * Creates a hazard from API fields inside the caller's write transaction: checks every
 * field (all problems to errs), the enterprise in scope, the cited standard item, links
 * the photos, writes the first event and the audit row. `inspection_id` (0: none) links
 * it to the inspection whose failed item it comes from. *id is the new row.
 */
enum app_err hazard_insert(struct store *, struct arena *, const struct actor *,
    const struct scope *, const struct audit_who *, json_t *in, int64_t inspection_id, int64_t now,
    json_t *errs, int64_t *id);
/*
 * The same with options, for ledger imports: the row is written at once in the ledger's
 * status (`closed` with closed_at), its first event has its own action and data, and
 * with no_audit the caller audits the whole import itself (one row naming the file's
 * SHA-256 and the ids it created).
 */
struct hazard_insert_opt {
	int64_t     inspection_id; /* 0: none */
	const char *status;        /* NULL: reported (closed when immediate) */
	int64_t     closed_at;     /* with status closed */
	const char *event_action;  /* NULL: create / create_closed */
	json_t     *event_data;    /* borrowed; with event_action */
	bool        no_audit;
};
enum app_err hazard_insert_opt(struct store *, struct arena *, const struct actor *,
    const struct scope *, const struct audit_who *, json_t *in, const struct hazard_insert_opt *,
    int64_t now, json_t *errs, int64_t *id);
/* The same in a transaction of its own. */
enum app_err hazard_create(struct store *, struct arena *, const struct actor *,
    const struct scope *, const struct audit_who *, json_t *in, int64_t now, json_t *errs,
    int64_t *id);

/* One hazard inside the scope (APP_ENOENT otherwise), as lists show it. */
enum app_err hazard_get(struct store *, const struct scope *, int64_t id, json_t **out);
/* The same with its cited item, its events and the actions `actor` may take next. */
enum app_err hazard_detail(
    struct store *, const struct actor *, const struct scope *, int64_t id, json_t **out);

/*
 * Takes `action` with its fields (`note`, `reason`, plan fields, `after_photos`) in a
 * transaction of its own. Not allowed for the role: APP_EPERM; not from the current
 * status: APP_ECONFLICT; missing or bad fields: APP_EINVAL with errs.
 */
enum app_err hazard_transition(struct store *, struct arena *, const struct actor *,
    const struct scope *, const struct audit_who *, int64_t id, json_t *in, int64_t now,
    json_t *errs);

struct hazard_filter {
	const char *region; /* subtree */
	int64_t     enterprise_id;
	const char *sector;
	const char *level;
	const char *status;  /* NULL: all but voided; "all"; "open"; or one status */
	int         overdue; /* -1 any, 0, 1 */
	const char *source;
	const char *found_from, *found_to;
	const char *q; /* description or location contains */
	char        today[11];
};
typedef const char *(*hazard_param_fn)(void *, const char *);
enum app_err hazard_filter_parse(hazard_param_fn, void *, struct hazard_filter *, json_t *errs);

/* A page of the list as JSON text into `w` (an open array), newest first. */
enum app_err hazard_page(struct store *, const struct scope *, const struct hazard_filter *,
    int64_t cursor, int limit, struct jw *w, int *n, int64_t *last_id, int64_t *total);
/* Every matching row, for the ledger export. */
enum app_err hazard_each(struct store *, const struct scope *, const struct hazard_filter *,
    void (*fn)(json_t *row, void *), void *arg);

/*
 * Writes the deadline notifications due on `today` (YYYY-MM-DD): for every open hazard
 * whose deadline is within 3 days, one "hazard_due_soon"; whose deadline has passed, one
 * "hazard_overdue" — each to the enterprise and to its district, once. Audited as one row
 * when anything was written. Own transaction.
 */
enum app_err hazard_notify(
    struct store *, const struct audit_who *, const char *today, int64_t now, int64_t *written);

#endif
