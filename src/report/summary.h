/*
 * The annual summary (GET /stats/summary): one object with the year's figures of every
 * line of work, as the dashboard shows them and the annual report (述法报告) writes them.
 *
 * Each figure is taken from the statistics of its own line of work over 1 January – 31
 * December of the year, so the summary and the per-line statistics cannot disagree:
 *   hazards       hazard_stats (found in the year, rectified by the end of as_of …)
 *   enforcement   case_stats by mode (cases filed in the year and not revoked, fines of
 *                 the decided ones)
 *   supervision   supervision_stats by kind (issued in the year), and by kind and target
 *   activities    activity_stats by kind (dated in the year, not voided), with the
 *                 distinct regions (banners/districts) and the covered enterprises by
 *                 sector of each kind
 *   accidents     accident_stats by grade (occurred in the year)
 *   tasks         the task list's tasks due in the year (summary_tasks); sub_plans =
 *                 plans under another plan, issued in the region range, whose period
 *                 meets the year
 *   staff         active users of the city and district bureaus who joined in the year
 *   enterprises   active enterprises in scope
 * as_of defaults to the earlier of today and 31 December of the year (Asia/Shanghai).
 * Every key is present even when its count is 0 (the report template relies on it).
 */
#ifndef REPORT_SUMMARY_H
#define REPORT_SUMMARY_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

struct actor;
struct scope;
struct store;

struct summary_query {
	int  year;
	char from[11], to[11], as_of[11];
	char region[16]; /* "" for the caller's whole scope */
};

typedef const char *(*summary_param_fn)(void *, const char *);

/* year (required, 2000–2100), as_of (a date not before 1 January of the year), region.
 * Errors name the parameter. */
enum app_err summary_parse(summary_param_fn, void *, struct summary_query *, json_t *errs);
/* The same from values (year; as_of and region may be NULL). */
enum app_err summary_query_init(
    struct summary_query *, int year, const char *as_of, const char *region, json_t *errs);

/*
 * Narrows the actor's scope to q->region: APP_EINVAL with errs naming `region` for an
 * unknown code, APP_EPERM when it lies outside the scope (or for an enterprise user). A
 * region holding the whole scope (the city, for a district user) narrows nothing. The
 * code and name of the region covered go to region_code (16 bytes) and region_name.
 */
enum app_err summary_scope(struct store *, const struct actor *, const struct summary_query *,
    struct scope *out, char *region_code, char *region_name, size_t name_size, json_t *errs);

/*
 * The tasks due in the year (narrowed to q->region) that `actor` sees in the task list
 * (duty/duty.h task_page), owned by `org` (0: any), counted into g: total, assigned,
 * in_progress, done (their status now) and overdue (due before as_of, not done).
 */
enum app_err summary_tasks(
    struct store *, const struct actor *, const struct summary_query *, int64_t org, json_t *g);

/* The summary object (see above) for the scope. */
enum app_err summary_build(struct store *, const struct actor *, const struct scope *,
    const struct summary_query *, const char *region_code, const char *region_name, json_t **out);

#endif
