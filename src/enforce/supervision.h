/*
 * Supervision actions (督办问责): 挂牌督办, 约谈, 警示提醒, 考核通报, 督导检查 issued by a
 * bureau to a region, an org, an enterprise or a hazard; the target's response, the
 * issuer's return or closing (摘牌/销号), the automatic taking down of a hazard's listing
 * when the hazard is closed, the notifications and the statistics. States (DOMAIN.md):
 * issued → responded → closed; overdue is derived (not closed, deadline before today).
 * The transition table and the rules are in supervision.c and docs/api.md.
 */
#ifndef ENFORCE_SUPERVISION_H
#define ENFORCE_SUPERVISION_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "auth/auth.h"
#include "core/err.h"
#include "core/sheet.h"

struct arena;
struct audit_who;
struct scope;
struct store;

enum supervision_action { SA_RESPOND, SA_RETURN, SA_CLOSE, SA__MAX };
const char *supervision_action_name(enum supervision_action);

/*
 * Issues a supervision (roles admin, city, district; the issuer is the caller's org, an
 * admin gives issuer_org_id): validates every field (errors name them), checks the target
 * is in the caller's scope and the issuer's region, links the attachments, writes the
 * `issue` event, the audit row and the `supervision_issued` notifications. Own
 * transaction. APP_EPERM for another role.
 */
enum app_err supervision_create(struct store *, struct arena *, const struct actor *,
    const struct scope *, const struct audit_who *, json_t *in, int64_t now, json_t *errs,
    int64_t *id);

/* One supervision inside the scope (APP_ENOENT otherwise), as lists show it. */
enum app_err supervision_get(struct store *, const struct scope *, int64_t id, json_t **out);
/* The same with its events, `overdue` and `days_left` as of `today`, and the `actions`
 * the actor may take now. */
enum app_err supervision_detail(struct store *, const struct actor *, const struct scope *,
    int64_t id, const char *today, json_t **out);

/*
 * POST /supervisions/{id}/transitions: {action, …}. Own transaction. 403 wrong role (or
 * not the issuing side), 409 wrong state, 422 bad or missing fields.
 */
enum app_err supervision_transition(struct store *, struct arena *, const struct actor *,
    const struct scope *, const struct audit_who *, int64_t id, json_t *in, int64_t now,
    json_t *errs);

/*
 * The hazard `hazard_id` was closed (accepted) by `actor`: every open `listing` of it is
 * taken down — closed on the Asia/Shanghai date of `now`, delisted_auto, with a `delist`
 * event and an audit row. Runs inside the caller's write transaction (hazard_transition).
 */
enum app_err supervision_hazard_closed(
    struct store *, const struct actor *, const struct audit_who *, int64_t hazard_id, int64_t now);

/*
 * The daily deadline notifications due on `today`: for every open supervision with a
 * deadline within 3 days `supervision_due_soon`, past it `supervision_overdue` — once per
 * supervision, recipient and deadline — to the enterprise (when the target has one) and to
 * the district. Audited as one row when anything was written. Own transactions.
 */
enum app_err supervision_notify(
    struct store *, const struct audit_who *, const char *today, int64_t now, int64_t *written);

struct supervision_filter {
	const char *kind, *status, *target_type, *region, *issued_from, *issued_to;
	int64_t     enterprise_id, hazard_id, issuer_org_id;
	bool        overdue;
	const char *today;
};
typedef const char *(*supervision_param_fn)(void *, const char *);
enum app_err supervision_filter_parse(
    supervision_param_fn, void *, struct supervision_filter *, json_t *errs);
/* A page of supervisions, newest first, after `cursor` (an id; 0 for the first). */
enum app_err supervision_page(struct store *, const struct scope *,
    const struct supervision_filter *, int64_t cursor, int limit, json_t **items, int64_t *total);

/*
 * Statistics over the supervisions issued in [from, to], as of `as_of` (default today):
 *   issued     issued_on in [from, to]
 *   responded  of those, responded or closed by the end of as_of
 *   closed     of those, closed by the end of as_of
 *   overdue    of those, deadline before as_of and not closed by then
 */
struct supervision_stats_query {
	char        from[11], to[11], as_of[11];
	const char *group_by; /* kind, target_type, region */
};
/* from defaults to 1 January of as_of's year, to and as_of to today. */
enum app_err supervision_stats_parse(
    supervision_param_fn, void *, struct supervision_stats_query *, json_t *errs);
/* {from, to, as_of, group_by, groups: [{key, label, issued, responded, closed, overdue}],
 * total: {…}} */
enum app_err supervision_stats(
    struct store *, const struct scope *, const struct supervision_stats_query *, json_t **out);
/* The statistics sheet with a 合计 row. */
enum app_err supervision_stats_write(json_t *stats, enum sheet_format, const char *path);

#endif
