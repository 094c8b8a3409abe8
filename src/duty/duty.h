/*
 * The responsibility system (责任体系): plans (行动方案 with department sub-plans, 年度任务清单)
 * and their tasks (assigned → in_progress → done, overdue derived), responsibility lists
 * (职责清单) of orgs and enterprises, and the yearly assessments (考核) of orgs. The rules
 * and the transition tables are in plan.c, task.c, duty.c and assessment.c, and in
 * docs/api.md ("Responsibilities and tasks").
 *
 * Who sees what (the caller's scope, src/auth/scope.h, applied to org records):
 *   - a plan: staff whose region range holds the issuing org's region (not departments),
 *     staff whose own region lies under the plan's (the city plan is seen by every
 *     district and department of the city), and the issuing org itself;
 *   - a task: staff whose region range holds the owner org's region (not departments),
 *     the owner, the co-owners and the plan's issuing org;
 *   - an assessment: as a task, with the assessed and the assessing org;
 *   - a duty: an org's as a task (its org); an enterprise's by the enterprise scope
 *     (region, sector, enterprise).
 * Enterprise users see their own enterprise's duties and nothing else here.
 *
 * Every function that writes runs its own transaction, writes an audit row (and an event
 * for tasks) and answers APP_EPERM for a wrong role or side, APP_ECONFLICT for a wrong
 * state, APP_EINVAL with field errors in `errs`, APP_ENOENT outside the scope. Returned
 * JSON is owned by the caller.
 */
#ifndef DUTY_DUTY_H
#define DUTY_DUTY_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "core/err.h"

struct actor;
struct arena;
struct audit_who;
struct store;

typedef const char *(*duty_param_fn)(void *, const char *);

/* ---- plans (plan.c) ---- */

enum app_err duty_plan_create(struct store *, struct arena *, const struct actor *,
    const struct audit_who *, json_t *in, int64_t now, json_t *errs, int64_t *id);
struct duty_plan_filter {
	const char *kind;
	int64_t     issuer_org_id, parent_id, year;
	bool        top; /* only plans without a parent */
};
enum app_err duty_plan_filter_parse(duty_param_fn, void *, struct duty_plan_filter *, json_t *errs);
enum app_err duty_plan_page(struct store *, const struct actor *, const struct duty_plan_filter *,
    int64_t cursor, int limit, json_t **items, int64_t *total);
/* One plan with its `tasks` (those the caller sees, with overdue as of `today`) and its
 * `children`, the sub-plans as a tree (each with its tasks). */
enum app_err duty_plan_detail(
    struct store *, const struct actor *, int64_t id, const char *today, json_t **out);

/* ---- tasks (task.c) ---- */

enum task_action { TA_START, TA_REPORT, TA_COMPLETE, TA_REOPEN, TA__MAX };

enum app_err task_create(struct store *, struct arena *, const struct actor *,
    const struct audit_who *, json_t *in, int64_t now, json_t *errs, int64_t *id);
/* A task with `coowners`, `progress`, `events`, `overdue`, `days_left` and the `actions`
 * the caller may take now. */
enum app_err task_detail(
    struct store *, const struct actor *, int64_t id, const char *today, json_t **out);
enum app_err task_transition(struct store *, struct arena *, const struct actor *,
    const struct audit_who *, int64_t id, json_t *in, int64_t now, json_t *errs);

struct task_filter {
	const char *status, *region, *due_from, *due_to, *today;
	int64_t     plan_id, owner_org_id, org_id;
	bool        overdue;
};
enum app_err task_filter_parse(duty_param_fn, void *, struct task_filter *, json_t *errs);
enum app_err task_page(struct store *, const struct actor *, const struct task_filter *,
    int64_t cursor, int limit, json_t **items, int64_t *total);
/*
 * The board: the caller's tasks of plan_id (and its sub-plans; 0: every plan) owned by
 * org_id (0: any) in columns by status, overdue first, then by due date; and per owner org
 * {total, in_progress, done, overdue}. {columns: [{status, label, count, tasks}], orgs,
 * total}.
 */
enum app_err task_board(struct store *, const struct actor *, int64_t plan_id, int64_t org_id,
    const char *today, json_t **out);
/*
 * The daily notifications due on `today`: for every task not done with a due date within
 * 3 days `task_due_soon`, past it `task_overdue`, once per task and due date, to the owner
 * org (recipient district, the task's region; sector the owner department's first sector,
 * else ''). Audited as one row when anything was written. Own transactions.
 */
enum app_err task_notify(
    struct store *, const struct audit_who *, const char *today, int64_t now, int64_t *written);
/* The tasks owned by org_id due in `year`, and of those the ones done on or before their
 * due date (for an assessment's task item). Inside the caller's transaction. */
enum app_err task_completion(
    struct store *, int64_t org_id, int year, int64_t *on_time, int64_t *total);

/* ---- duties (duty.c) ---- */

enum app_err duty_create(struct store *, struct arena *, const struct actor *,
    const struct audit_who *, json_t *in, int64_t now, json_t *errs, int64_t *id);
enum app_err duty_update(struct store *, struct arena *, const struct actor *,
    const struct audit_who *, int64_t id, json_t *in, int64_t now, json_t *errs);
/* {action: "retire", reason} */
enum app_err duty_transition(struct store *, struct arena *, const struct actor *,
    const struct audit_who *, int64_t id, json_t *in, int64_t now, json_t *errs);
enum app_err duty_get(struct store *, const struct actor *, int64_t id, json_t **out);
struct duty_filter {
	const char *kind, *status;
	int64_t     org_id, enterprise_id;
};
enum app_err duty_filter_parse(duty_param_fn, void *, struct duty_filter *, json_t *errs);
/* In the order recorded (by id); `sort` orders them for printing. */
enum app_err duty_page(struct store *, const struct actor *, const struct duty_filter *,
    int64_t cursor, int limit, json_t **items, int64_t *total);

/* ---- assessments (assessment.c) ---- */

enum assessment_grade { AG_EXCELLENT, AG_PASS, AG_FAIL, AG__MAX };
#define ASSESSMENT_EXCELLENT_MIN_C 9000 /* 优秀 ≥ 90 */
#define ASSESSMENT_PASS_MIN_C 7000      /* 合格 ≥ 70 */
/*
 * The grade of a total (in hundredths of a point): 优秀 at or above excellent_min_c, 合格
 * at or above pass_min_c, else 不合格; a failed veto item (一票否决) makes it 不合格
 * whatever the total. Pure.
 */
enum assessment_grade assessment_grade(
    int64_t total_c, bool vetoed, int64_t excellent_min_c, int64_t pass_min_c);
const char *assessment_grade_code(enum assessment_grade);  /* excellent, pass, fail */
const char *assessment_grade_label(enum assessment_grade); /* 优秀, 合格, 不合格 */
/* The task item's score in hundredths: weight × on_time / total, rounded half up; the whole
 * weight when no task was due. Pure. */
int64_t assessment_task_score(int64_t weight, int64_t on_time, int64_t total);

enum app_err assessment_create(struct store *, struct arena *, const struct actor *,
    const struct audit_who *, json_t *in, int64_t now, json_t *errs, int64_t *id);
enum app_err assessment_update(struct store *, struct arena *, const struct actor *,
    const struct audit_who *, int64_t id, json_t *in, int64_t now, json_t *errs);
/* {action: "compute_task_item" | "finalize"} */
enum app_err assessment_transition(struct store *, struct arena *, const struct actor *,
    const struct audit_who *, int64_t id, json_t *in, int64_t now, json_t *errs);
enum app_err assessment_get(struct store *, const struct actor *, int64_t id, json_t **out);
struct assessment_filter {
	const char *status, *grade;
	int64_t     year, org_id;
};
enum app_err assessment_filter_parse(
    duty_param_fn, void *, struct assessment_filter *, json_t *errs);
enum app_err assessment_page(struct store *, const struct actor *, const struct assessment_filter *,
    int64_t cursor, int limit, json_t **items, int64_t *total);

#endif
