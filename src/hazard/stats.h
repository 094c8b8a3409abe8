/*
 * Hazard statistics (隐患排查治理统计) and the hazard ledger (隐患台账) as spreadsheets.
 *
 * Definitions (issue 3; the annual report counts with the same ones):
 *   found            non-voided hazards with found_on in [from, to]
 *   rectified        of those, closed before the end of as_of (Asia/Shanghai)
 *   major_found, major_rectified   the same for level major
 *   overdue          of those found, deadline before as_of and not closed by its end
 *   funds_fen        sum of the rectification funds of those found
 *   inspections      government inspections (every kind but self) with inspected_on in
 *                    [from, to]; enterprises_inspected the distinct enterprises they visited
 */
#ifndef HAZARD_STATS_H
#define HAZARD_STATS_H

#include <jansson.h>

#include "core/err.h"
#include "core/sheet.h"

struct scope;
struct store;
struct hazard_filter;

struct hazard_stats_query {
	char        from[11], to[11], as_of[11];
	const char *group_by; /* region, sector, month, level, source */
};
typedef const char *(*stats_param_fn)(void *, const char *);
/* from defaults to 1 January of as_of's year, to and as_of to today. */
enum app_err hazard_stats_parse(stats_param_fn, void *, struct hazard_stats_query *, json_t *errs);

/* {from, to, as_of, group_by, groups: [{key, label, found, …}], total: {…}} */
enum app_err hazard_stats(
    struct store *, const struct scope *, const struct hazard_stats_query *, json_t **out);
/* The same table as the statistics sheet bureaus file, with a 合计 row. */
enum app_err hazard_stats_write(json_t *stats, enum sheet_format, const char *path);

/* The hazard ledger: every hazard matching the filter. *rows counts them. */
enum app_err hazard_ledger_write(struct store *, const struct scope *, const struct hazard_filter *,
    enum sheet_format, const char *path, int64_t *rows);

#endif
