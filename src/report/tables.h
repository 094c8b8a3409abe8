/*
 * The statistics workbook (安全生产统计报表): one .xlsx with a sheet per line of work, in
 * the layout bureaus file upward — a title, the unit and the period, header rows, a row per
 * region (or kind, grade, owner org) and a bold 合计 row, numbers as numbers, A4 landscape
 * fitted to the width.
 *
 * The numbers are those of the per-line statistics (hazard/stats.h, enforce/case_stats.h,
 * enforce/supervision.h, activity/activity.h, accident/accident.h, duty/duty.h) over the
 * year's 1 January – 31 December as of `as_of`; this module only lays them out. Sheets and
 * definitions: docs/api.md, "Reports".
 */
#ifndef REPORT_TABLES_H
#define REPORT_TABLES_H

#include "core/err.h"

struct actor;
struct scope;
struct store;
struct summary_query;

/*
 * Writes the workbook to `path` in one read transaction for the query and the scope of
 * summary_parse()/summary_scope() (report/summary.h): `actor` reads the tasks (those it
 * sees, narrowed to q->region) and names the filing unit (its org, else the region's
 * bureau); `region_name` heads the sheets. On failure the file is removed.
 */
enum app_err tables_write(struct store *, const struct actor *, const struct scope *,
    const struct summary_query *, const char *region_name, const char *path);

#endif
