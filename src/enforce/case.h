/*
 * Law-enforcement cases (执法办案): filing with a number, the workflow of 行政处罚法 with
 * its deadlines, violations citing provisions, penalties checked against their ranges.
 * The transition table and the rules are in case.c and docs/api.md.
 */
#ifndef ENFORCE_CASE_H
#define ENFORCE_CASE_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "auth/auth.h"
#include "core/err.h"

struct arena;
struct audit_who;
struct scope;
struct store;

enum case_action {
	CA_UPDATE,
	CA_INVESTIGATE,
	CA_SUBMIT_REVIEW,
	CA_REVIEW_APPROVE,
	CA_REVIEW_RETURN,
	CA_NOTIFY,
	CA_WAIVE,
	CA_REQUEST_HEARING,
	CA_SCHEDULE_HEARING,
	CA_RECORD_HEARING,
	CA_EXTEND,
	CA_DECIDE,
	CA_SERVE,
	CA_EXECUTE,
	CA_CLOSE,
	CA_NOT_PENALIZE,
	CA_TRANSFER,
	CA_REVOKE,
	CA__MAX
};

const char *case_action_name(enum case_action);

/* The numbering and review settings of an org (defaults when none are stored). */
struct case_settings {
	char    number_pattern[200];
	int64_t large_fine_unit_fen;   /* 较大数额: a unit's fine from this amount up */
	int64_t large_fine_person_fen; /* … a person's */
	bool    stored;
};
enum app_err case_settings_get(struct store *, int64_t org_id, struct case_settings *);
/* The settings as JSON, with where the defaults come from. */
json_t *case_settings_json(int64_t org_id, const struct case_settings *);
/* Replaces an org's settings (admin, city; district for its own org), audited. */
enum app_err case_settings_put(struct store *, struct arena *, const struct actor *,
    const struct audit_who *, int64_t org_id, json_t *in, int64_t now, json_t *errs);

/*
 * Files a case: validates every field (errors name them), assigns the number of the
 * caller's org for the filing year, records the `file` event, audits. Runs in the
 * caller's write transaction (or its own).
 */
enum app_err case_create(struct store *, struct arena *, const struct actor *, const struct scope *,
    const struct audit_who *, json_t *in, int64_t now, json_t *errs, int64_t *id);

/* One case as the actor sees it: party, links, violations, penalties (with their allowed
 * ranges and late fees), deadlines as of `today`, events, documents, and `actions`. */
enum app_err case_detail(struct store *, const struct actor *, const struct scope *, int64_t id,
    const char *today, json_t **out);

/* APP_OK when the case exists in the scope, APP_ENOENT otherwise (attachments). */
enum app_err case_visible(struct store *, const struct scope *, int64_t id);

/* POST /cases/{id}/transitions: {action, …}. 403 wrong role, 409 wrong state, 422 bad or
 * missing fields or a legal rule not met (the message names it). */
enum app_err case_transition(struct store *, struct arena *, const struct actor *,
    const struct scope *, const struct audit_who *, int64_t id, json_t *in, int64_t now,
    json_t *errs);

struct case_filter {
	const char *region, *status, *mode, *source, *filed_from, *filed_to, *q;
	int64_t     enterprise_id, org_id;
	bool        overdue; /* decision past due, not decided */
	const char *today;
};
typedef const char *(*case_param_fn)(void *, const char *);
enum app_err case_filter_parse(case_param_fn, void *, struct case_filter *, json_t *errs);
/* A page of case summaries, newest first, after `cursor` (an id; 0 for the first). */
enum app_err case_page(struct store *, const struct scope *, const struct case_filter *,
    int64_t cursor, int limit, json_t **items, int64_t *total);

/* The late fee of a fine (行政处罚法第72条) as of `as_of`: 3 % of the fine a day from the
 * day after payment_due, never more than the fine. 0 when not late. */
int64_t case_late_fee(
    int64_t amount_fen, const char *payment_due, const char *as_of, int64_t *days_late);

/* Whether the penalties need 法制审核 and may be heard (较大数额 fines and confiscations,
 * suspension, licence, closure; 行政处罚法第58条、第63条). */
bool case_penalties_heavy(json_t *penalties, const struct case_settings *, const char *party_type);

#endif
