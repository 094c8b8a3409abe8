/*
 * Production-safety accidents (生产安全事故): the register, the grade computed from the
 * casualties and the loss (never entered), what follows from it (how far up it is reported,
 * who investigates, the report deadline), casualty updates within the 补报 window kept as
 * history, and the statistics. Rules: ../shared/reference/law/accident_grades.json.
 */
#ifndef ACCIDENT_ACCIDENT_H
#define ACCIDENT_ACCIDENT_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "core/err.h"

struct actor;
struct audit_who;
struct arena;
struct scope;
struct store;

enum accident_grade { ACC_GENERAL, ACC_LARGER, ACC_MAJOR, ACC_ESPECIALLY_MAJOR, ACC_GRADE__MAX };

/* general larger major especially_major; 一般事故 …; NULL for an unknown grade. */
const char *accident_grade_code(enum accident_grade);
const char *accident_grade_label(enum accident_grade);

/*
 * The grade of an accident (条例第三条): each criterion — deaths, serious injuries (acute
 * industrial poisoning included), direct loss — gives a grade, its lower bound inclusive
 * and its upper bound exclusive; the highest wins. *by names the criterion that decided
 * ("deaths", "serious_injuries", "direct_loss"; the first in that order on a tie, "none"
 * for a general accident that no criterion raised).
 */
enum accident_grade accident_grade_of(
    int64_t deaths, int64_t serious_injuries, int64_t direct_loss_fen, const char **by);

enum app_err accident_create(struct store *, struct arena *, const struct actor *,
    const struct scope *, const struct audit_who *, json_t *in, int64_t now, json_t *errs,
    int64_t *id);
/* With `grade_label`, `late_report`, `report_to`, `investigated_by`, `investigation_due`,
 * `update_window_until`, the history (`events`) and the caller's `actions`. */
enum app_err accident_detail(struct store *, const struct actor *, const struct scope *, int64_t id,
    const char *today, json_t **out);
/* update_casualties, extend_investigation, submit_report. */
enum app_err accident_transition(struct store *, struct arena *, const struct actor *,
    const struct scope *, const struct audit_who *, int64_t id, json_t *in, int64_t now,
    json_t *errs);
/* APP_OK when the accident is in the scope (attachments, links), else APP_ENOENT; the
 * region, sector, enterprise (0 when none) and grade code of it in `out` (may be NULL). */
struct accident_ref {
	char    region_code[16], sector[40], grade[20];
	int64_t enterprise_id;
};
enum app_err accident_ref(struct store *, const struct scope *, int64_t id, struct accident_ref *);

struct accident_filter {
	const char *region, *grade, *type, *from, *to;
	int64_t     enterprise_id;
};
typedef const char *(*accident_param_fn)(void *, const char *);
enum app_err accident_filter_parse(
    accident_param_fn, void *, struct accident_filter *, json_t *errs);
enum app_err accident_page(struct store *, const struct scope *, const struct accident_filter *,
    int64_t cursor, int limit, json_t **items, int64_t *total);

/* {from, to, group_by, groups: [{key, label, count, deaths, serious_injuries,
 * direct_loss_fen}], total}: accidents that occurred in [from, to]. */
enum app_err accident_stats(struct store *, const struct scope *, const char *from, const char *to,
    const char *group_by, json_t **out);

#endif
