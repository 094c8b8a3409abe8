/*
 * Enforcement statistics (执法统计): cases filed in a period, grouped by region, mode,
 * month or cited provision, with fines imposed and collected and penalties by kind.
 */
#ifndef ENFORCE_CASE_STATS_H
#define ENFORCE_CASE_STATS_H

#include <jansson.h>

#include "core/err.h"
#include "core/sheet.h"

struct scope;
struct store;

struct case_stats_query {
	char from[11], to[11], as_of[11];
	char group_by[12]; /* region mode month provision */
};
typedef const char *(*case_stats_param_fn)(void *, const char *);
/* from/to default to this year; as_of to today. Errors name the parameter. */
enum app_err case_stats_parse(case_stats_param_fn, void *, struct case_stats_query *, json_t *errs);

/*
 * {from, to, as_of, group_by, groups: [{key, label, cases_filed, cases_closed,
 * fines_imposed_fen, fines_collected_fen, penalties: {kind: n}, decisions_overdue}],
 * total: {…}}. Definitions (docs/api.md): the cases filed in [from, to] and not revoked;
 * closed = closed, not_penalized or transferred; fines imposed = the fines of decided
 * cases; collected = what was paid on them; penalties = those of decided cases;
 * decisions overdue = not decided and past the 90 days (+ extensions) on as_of.
 */
enum app_err case_stats(
    struct store *, const struct scope *, const struct case_stats_query *, json_t **out);
enum app_err case_stats_write(json_t *stats, enum sheet_format, const char *path);

#endif
