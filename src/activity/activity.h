/*
 * Publicity and training (宣传培训): the activities the annual report counts in 场次 and 人次
 * — 专题培训, 宣讲, 五进, enterprise-principal training, standard briefings, drills,
 * door-to-door visits with their inspections, school checks and drills, campaign days,
 * expert services, competitions (kinds: ../shared/docs/DOMAIN.md). Recording, correcting
 * (PATCH, organiser side), voiding (a voided activity leaves every count), the list and
 * the statistics. Rules: docs/api.md, "Publicity and training".
 *
 * Scope: an activity is seen by the staff whose region range holds its region_code;
 * activities have no sector nor enterprise of their own, so a department sees those of
 * its region and an enterprise user none. The enterprises and inspections it links are
 * checked against the caller's full scope.
 */
#ifndef ACTIVITY_ACTIVITY_H
#define ACTIVITY_ACTIVITY_H

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

/* Who records and corrects activities: the bureaus and the departments. */
#define ACTIVITY_WRITERS \
	(ROLE_BIT(ROLE_ADMIN) | ROLE_BIT(ROLE_CITY) | ROLE_BIT(ROLE_DISTRICT) | \
	    ROLE_BIT(ROLE_DEPARTMENT))
/* Who reads them: every role but the enterprise. */
#define ACTIVITY_READERS (ROLES_ANY & ~ROLE_BIT(ROLE_ENTERPRISE))

/* The label of a kind or a 五进 target code ("" for NULL, the code when unknown). */
const char *activity_kind_label(const char *kind);
const char *activity_target_label(const char *target);
/* The code of a kind or target written as its code, its label or a common other name
 * (宣讲, 进社区 …); NULL when it is none. */
const char *activity_kind_code(const char *s);
const char *activity_target_code(const char *s);

/*
 * Validates `in` (the POST body; errors name the fields) and writes the activity, its
 * covered enterprises, its inspections and its attachments inside the caller's write
 * transaction; with `audit` one audit row "create". APP_EINVAL with errs filled,
 * APP_EPERM for a role that does not record activities.
 */
enum app_err activity_insert(struct store *, struct arena *, const struct actor *,
    const struct scope *, const struct audit_who *, json_t *in, bool audit, int64_t now,
    json_t *errs, int64_t *id);
/* The same in a transaction of its own. */
enum app_err activity_create(struct store *, struct arena *, const struct actor *,
    const struct scope *, const struct audit_who *, json_t *in, int64_t now, json_t *errs,
    int64_t *id);

/* One activity inside the scope (APP_ENOENT otherwise), as lists show it. */
enum app_err activity_get(struct store *, const struct scope *, int64_t id, json_t **out);
/* The same with `enterprises`, `inspections` and the `actions` the actor may take. */
enum app_err activity_detail(
    struct store *, const struct actor *, const struct scope *, int64_t id, json_t **out);

/*
 * PATCH: the fields given replace the stored ones (null clears an optional one;
 * `enterprises` and `inspections` are replaced as a whole, `attachments` are added) and
 * the result is validated as a new record would be. Organiser side only (admin; city;
 * users of the organising org): APP_EPERM otherwise; APP_ECONFLICT when voided. One audit
 * row "update" with the changes. Own transaction.
 */
enum app_err activity_update(struct store *, struct arena *, const struct actor *,
    const struct scope *, const struct audit_who *, int64_t id, json_t *in, int64_t now,
    json_t *errs);

/*
 * POST /activities/{id}/transitions {"action":"void","reason"}: voids it (作废). Organiser
 * side; APP_ECONFLICT when voided already. Audited. Own transaction.
 */
enum app_err activity_transition(struct store *, struct arena *, const struct actor *,
    const struct scope *, const struct audit_who *, int64_t id, json_t *in, int64_t now,
    json_t *errs);

typedef const char *(*activity_param_fn)(void *, const char *);

struct activity_filter {
	const char *kind, *target, *region, *from, *to, *q, *voided;
	int64_t     organiser_org_id;
};
enum app_err activity_filter_parse(
    activity_param_fn, void *, struct activity_filter *, json_t *errs);
/* A page of activities, newest first, after `cursor` (an id; 0 for the first). */
enum app_err activity_page(struct store *, const struct scope *, const struct activity_filter *,
    int64_t cursor, int limit, json_t **items, int64_t *total);

/*
 * Statistics over the activities dated in [from, to] that are not voided, per group and in
 * total: activities (records), sessions (场次), participants (人次), enterprises (distinct
 * enterprises covered; the total counts each once), inspections (linked inspections).
 */
struct activity_stats_query {
	char        from[11], to[11];
	const char *group_by; /* kind, region, month */
};
/* from defaults to 1 January of this year, to to today. Errors name the parameter. */
enum app_err activity_stats_parse(
    activity_param_fn, void *, struct activity_stats_query *, json_t *errs);
/* {from, to, group_by, groups: [{key, label, activities, sessions, participants,
 * enterprises, inspections}], total: {…}} */
enum app_err activity_stats(
    struct store *, const struct scope *, const struct activity_stats_query *, json_t **out);
/* 宣传培训统计表 with a 合计 row. */
enum app_err activity_stats_write(json_t *stats, enum sheet_format, const char *path);

#endif
