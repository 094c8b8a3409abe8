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

#include <jansson.h>

#include "core/err.h"

struct actor;
struct arena;
struct scope;
struct store;

#define TABLES_YEAR_MIN 2000
#define TABLES_YEAR_MAX 2100

struct tables_query {
	int  year;
	char from[11], to[11]; /* 1 January and 31 December of year */
	char as_of[11];        /* default: the earlier of today and 31 December */
	char region[16];       /* "" for the caller's whole scope */
};

typedef const char *(*tables_param_fn)(void *, const char *);

/*
 * Reads year (required, 2000–2100), as_of (a date, not before 1 January of the year) and
 * region (a region code of the city's tree) with get(arg, name); `today` is the default
 * as_of when the year is not over. APP_EINVAL with errs naming the parameter.
 */
enum app_err tables_parse(
    tables_param_fn, void *, const char *today, struct tables_query *, json_t *errs);

/*
 * The actor's data scope narrowed to q->region (the whole scope when ""), into *out; its
 * sectors point into the actor. APP_EPERM for an enterprise user or a region outside the
 * scope.
 */
enum app_err tables_scope(const struct actor *, const struct tables_query *, struct scope *out);

/*
 * The name of the region the workbook covers (q->region, else the actor's region, else the
 * city), e.g. "鄂尔多斯市"; an arena string ("" when unknown). Needs the region names
 * loaded (refdata_names_load).
 */
enum app_err tables_region_name(struct store *, struct arena *, const struct actor *,
    const struct tables_query *, const char **name);

/*
 * Writes the workbook to `path` in one read transaction: `sc` is the scope from
 * tables_scope(); `actor` reads the task board (its tasks, narrowed to q->region) and
 * names the filing unit (its org, else the region's bureau). On failure the file is
 * removed.
 */
enum app_err tables_write(struct store *, const struct actor *, const struct scope *,
    const struct tables_query *, const char *path);

#endif
