/*
 * Tasks (任务) of a plan: an owner org (牵头单位) and co-owner orgs (配合单位), a due date, a
 * target or indicator (目标/指标) and a weight. States (DOMAIN.md): assigned → in_progress →
 * done; overdue is derived (not done and due before today, Asia/Shanghai). Progress reports
 * (percent, text, attachments) by the owner or a co-owner; the timeline in task_events; the
 * daily due-soon and overdue notifications; the board.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "attachment/attachment.h"
#include "audit/audit.h"
#include "auth/auth.h"
#include "core/arena.h"
#include "core/jsonx.h"
#include "core/text.h"
#include "core/timeutil.h"
#include "duty/duty_impl.h"
#include "store/store.h"

#define MAX_COOWNERS 20
/* A due date this close (due − today ≤ 3 days) is due soon, as for hazards and supervisions. */
#define DUE_SOON_DAYS 3
#define NOTIFY_BATCH 1000
/* The board shows at most this many tasks (the counts cover them all). */
#define BOARD_MAX 5000

static const char *const statuses[] = { "assigned", "in_progress", "done", NULL };
static const char *const status_labels[] = { "待启动", "进行中", "已完成", NULL };

/* Who may take a step, besides an admin (who always may). */
enum side {
	SIDE_OWNER = 1,   /* a user of the owner org */
	SIDE_COOWNER = 2, /* a user of a co-owner org */
	SIDE_ISSUER = 4,  /* a user of the plan's issuing org, or a city bureau user */
};

/*
 * The transition table (DOMAIN.md: assigned → in_progress → done). `report` keeps the
 * status (a report of 100 % does not complete the task); `complete` writes the final
 * report. The roles are those of the route (admin, city, district, department); the side
 * decides within them.
 */
static const struct {
	const char *name;
	const char *from;
	const char *to;
	unsigned    sides;
	const char *fields[4];
} trans[TA__MAX] = {
	[TA_START] = { "start", "assigned", "in_progress", SIDE_OWNER, { "note" } },
	[TA_REPORT] = { "report", "in_progress", "in_progress", SIDE_OWNER | SIDE_COOWNER,
	    { "percent", "text", "attachments" } },
	[TA_COMPLETE] = { "complete", "in_progress", "done", SIDE_OWNER,
	    { "text", "attachments", "done_on" } },
	[TA_REOPEN] = { "reopen", "done", "in_progress", SIDE_ISSUER, { "reason" } },
};

#define TASK_COLS \
	"t.id, t.plan_id, p.title AS plan_title, p.issuer_org_id AS plan_issuer_org_id, t.title," \
	" t.owner_org_id, o.name AS owner_org_name, (SELECT json_group_array(c.org_id) FROM" \
	" task_coowners c WHERE c.task_id = t.id) AS coowner_org_ids, t.region_code," \
	" r.name AS region_name, t.due_on, t.target, t.weight, t.description, t.status," \
	" t.percent, t.done_on, t.created_by, t.created_at, t.updated_at"
#define TASK_FROM \
	" FROM tasks t JOIN plans p ON p.id = t.plan_id JOIN orgs o ON o.id = t.owner_org_id" \
	" LEFT JOIN regions r ON r.code = t.region_code"

static const char       sql_one[] =
    "SELECT " TASK_COLS TASK_FROM " WHERE t.id = ?7 AND " TASK_PRED("t", "p");
static const char       sql_of_plan[] =
    "SELECT " TASK_COLS TASK_FROM
    " WHERE t.plan_id = ?7 AND " TASK_PRED("t", "p") " ORDER BY t.due_on, t.id";

static const char sql_event[] =
    "INSERT INTO task_events (task_id, action, from_status, to_status, actor_id, actor_name, at,"
    " note, data) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)";
static const char sql_note[] =
    "INSERT INTO notifications (kind, recipient, enterprise_id, region_code, sector, entity,"
    " entity_id, due_on, message, created_at) VALUES (?1, 'district', NULL, ?2, ?3, 'task', ?4,"
    " ?5, ?6, ?7) ON CONFLICT DO NOTHING";

static int64_t
day_of(const char *date)
{
	int64_t d = 0;

	date_parse(date, &d);
	return d;
}

/* Labels, instants, co-owners as an array, and the derived overdue and days_left. */
static void
decorate(json_t *o, const char *today)
{
	static const char *const instants[] = { "created_at", "updated_at", NULL };
	static const char *const arrays[] = { "coowner_org_ids", NULL };
	const char              *due = jx_str(o, "due_on");
	bool open = jx_str(o, "status") != NULL && strcmp(jx_str(o, "status"), "done") != 0;

	json_object_set_new(o, "status_label",
	    json_string(code_label(statuses, status_labels, jx_str(o, "status"))));
	duty_row_fix(o, instants, arrays, NULL);
	/* DOMAIN.md: overdue is derived — not done and the due date before today. */
	json_object_set_new(
	    o, "overdue", json_boolean(open && due != NULL && strcmp(due, today) < 0));
	json_object_set_new(o, "days_left",
	    open && due != NULL ? json_integer(day_of(due) - day_of(today)) : json_null());
}

static enum app_err
load(struct store *s, const struct actor *actor, int64_t id, json_t **out)
{
	struct stmt *st = store_stmt(s, sql_one);
	enum app_err er;
	bool         row;

	*out = NULL;
	duty_scope_bind(st, actor);
	stmt_bind_i64(st, 7, id);
	if ((er = stmt_step(st, &row)) != APP_OK)
		return er;
	if (row) {
		*out = stmt_row_json(st);
		duty_row_fix(*out, NULL, (const char *const[]){ "coowner_org_ids", NULL }, NULL);
	}
	stmt_reset(st);
	return row ? APP_OK : APP_ENOENT;
}

enum app_err
duty_plan_tasks(
    struct store *s, const struct actor *actor, int64_t plan_id, const char *today, json_t *into)
{
	struct stmt *st = store_stmt(s, sql_of_plan);
	enum app_err er;
	bool         row;

	duty_scope_bind(st, actor);
	stmt_bind_i64(st, 7, plan_id);
	while ((er = stmt_step(st, &row)) == APP_OK && row) {
		json_t *o = stmt_row_json(st);

		decorate(o, today);
		json_array_append_new(into, o);
	}
	stmt_reset(st);
	return er;
}

/* ---- sides ---- */

static bool
is_coowner(const json_t *rec, int64_t org_id)
{
	json_t *v;
	size_t  i;

	json_array_foreach(json_object_get(rec, "coowner_org_ids"), i,
	    v) if (json_integer_value(v) == org_id) return true;
	return false;
}

static bool
may(const struct actor *actor, enum task_action a, const json_t *rec)
{
	unsigned sides = trans[a].sides;

	if (actor->role == ROLE_ADMIN)
		return true;
	if (actor->role == ROLE_ENTERPRISE || actor->org_id <= 0)
		return false;
	if ((sides & SIDE_OWNER) && actor->org_id == jx_num(rec, "owner_org_id"))
		return true;
	if ((sides & SIDE_COOWNER) && is_coowner(rec, actor->org_id))
		return true;
	return (sides & SIDE_ISSUER) &&
	    (actor->role == ROLE_CITY || actor->org_id == jx_num(rec, "plan_issuer_org_id"));
}

static json_t *
actions_for(const struct actor *actor, const json_t *rec)
{
	json_t *out = json_array();
	int     a;

	for (a = 0; a < TA__MAX; a++)
		if (strcmp(trans[a].from, jx_str(rec, "status")) == 0 && may(actor, a, rec))
			json_array_append_new(out, json_string(trans[a].name));
	return out;
}

/* ---- creating ---- */

static const char sql_insert[] =
    "INSERT INTO tasks (plan_id, title, owner_org_id, region_code, sector, due_on, target,"
    " weight, description, status, percent, created_by, created_at, updated_at) VALUES (?1, ?2,"
    " ?3, ?4, ?5, ?6, ?7, ?8, ?9, 'assigned', 0, ?10, ?11, ?11)";
static const char sql_coowner[] = "INSERT INTO task_coowners (task_id, org_id) VALUES (?1, ?2)";
static const char sql_plan[] =
    "SELECT p.id, p.title, p.issuer_org_id, p.region_code, p.period_from,"
    " p.period_to FROM plans p WHERE p.id = ?7 AND " PLAN_PRED("p");

/* The co-owners: distinct orgs within the plan's reach, not the owner. */
static json_t *
decode_coowners(struct store *s, struct arena *a, json_t *in, const char *plan_region,
    int64_t owner, json_t *errs, enum app_err *er)
{
	json_t         *v = json_object_get(in, "coowner_org_ids"), *e, *out = json_array();
	struct duty_org o;
	size_t          i, j;

	*er = APP_OK;
	if (v == NULL || json_is_null(v))
		return out;
	if (!json_is_array(v) || json_array_size(v) > MAX_COOWNERS) {
		jx_err(errs, "coowner_org_ids", "应为配合单位编号的数组(最多20个)");
		return out;
	}
	json_array_foreach(v, i, e)
	{
		int64_t id = json_integer_value(e);

		if (!json_is_integer(e) || id <= 0) {
			jx_err(errs, "coowner_org_ids", "应为配合单位编号的数组(最多20个)");
			break;
		}
		for (j = 0; j < i; j++)
			if (json_integer_value(json_array_get(v, j)) == id)
				break;
		if (j < i) {
			jx_err(errs, "coowner_org_ids", "配合单位重复");
			break;
		}
		if (id == owner) {
			jx_err(errs, "coowner_org_ids", "牵头单位不能同时是配合单位");
			break;
		}
		if ((*er = duty_org_load(s, a, id, &o)) == APP_ENOENT) {
			*er = APP_OK;
			jx_err(errs, "coowner_org_ids",
			    arena_printf(a, "没有编号为 %lld 的单位", (long long)id));
			break;
		}
		if (*er != APP_OK)
			break;
		if (plan_region != NULL && !duty_region_under(o.region, plan_region)) {
			jx_err(errs, "coowner_org_ids",
			    arena_printf(a, "%s不在方案印发单位的辖区内", o.name));
			break;
		}
		json_array_append_new(out, json_integer(id));
	}
	return out;
}

enum app_err
task_create(struct store *s, struct arena *a, const struct actor *actor,
    const struct audit_who *who, json_t *in, int64_t now, json_t *errs, int64_t *id)
{
	static const char *const known[] = { "plan_id", "title", "owner_org_id", "coowner_org_ids",
		"due_on", "target", "weight", "description", NULL };
	struct duty_org          owner = { 0 };
	const char  *title = NULL, *due = NULL, *target = NULL, *desc = NULL, *plan_region = NULL;
	const char  *pfrom = NULL, *pto = NULL, *ptitle = NULL;
	json_t      *coowners = NULL, *data = NULL, *v;
	int64_t      plan_id = 0, owner_id = 0, weight = 1, issuer = 0, notes = 0;
	struct stmt *st;
	enum app_err er;
	bool         row;
	size_t       i;

	*id = 0;
	if (!json_is_object(in)) {
		jx_err(errs, "$", "应为 JSON 对象");
		return APP_EINVAL;
	}
	jx_unknown(in, known, errs);
	if ((er = store_begin(s, STORE_WRITE)) != APP_OK)
		return er;
	if (jx_missing(jx_int(in, "plan_id", 1, INT64_MAX, &plan_id, errs))) {
		if (!jx_has_err(errs, "plan_id"))
			jx_err(errs, "plan_id", "必填: 所属方案");
	} else if (plan_id > 0) {
		st = store_stmt(s, sql_plan);
		duty_scope_bind(st, actor);
		stmt_bind_i64(st, 7, plan_id);
		if ((er = stmt_step(st, &row)) != APP_OK)
			goto fail;
		if (row) {
			ptitle = arena_strdup(a, stmt_text(st, 1));
			issuer = stmt_i64(st, 2);
			plan_region = arena_strdup(a, stmt_text(st, 3));
			pfrom = arena_strdup(a, stmt_text(st, 4));
			pto = arena_strdup(a, stmt_text(st, 5));
		}
		stmt_reset(st);
		if (!row)
			jx_err(errs, "plan_id", "方案不存在或不在您的范围内");
		/* The issuing side: a user of the plan's issuing org, a city bureau user, an
		 * admin. */
		else if (actor->role != ROLE_ADMIN && actor->role != ROLE_CITY &&
		    actor->org_id != issuer) {
			er = APP_EPERM;
			goto fail;
		}
	}
	if (jx_string(a, in, "title", 2, 200, &title, errs) == JX_ABSENT)
		jx_err(errs, "title", "必填: 任务名称");
	if (jx_missing(jx_int(in, "owner_org_id", 1, INT64_MAX, &owner_id, errs))) {
		if (!jx_has_err(errs, "owner_org_id"))
			jx_err(errs, "owner_org_id", "必填: 牵头单位");
		owner_id = 0;
	} else if (owner_id > 0) {
		if ((er = duty_org_load(s, a, owner_id, &owner)) == APP_ENOENT)
			jx_err(errs, "owner_org_id", "没有这个单位");
		else if (er != APP_OK)
			goto fail;
		else if (plan_region != NULL && !duty_region_under(owner.region, plan_region))
			jx_err(errs, "owner_org_id", "牵头单位不在方案印发单位的辖区内");
	}
	er = APP_OK;
	coowners = decode_coowners(s, a, in, plan_region, owner_id, errs, &er);
	if (er != APP_OK)
		goto fail;
	due = duty_date_field(a, in, "due_on", NULL, NULL, errs);
	if (due == NULL && !jx_has_err(errs, "due_on"))
		jx_err(errs, "due_on", "必填: 完成时限 YYYY-MM-DD");
	else if (due != NULL && pfrom != NULL && (strcmp(due, pfrom) < 0 || strcmp(due, pto) > 0))
		jx_err(errs, "due_on", arena_printf(a, "应在方案期限内（%s 至 %s）", pfrom, pto));
	jx_string(a, in, "target", 0, 1000, &target, errs);
	jx_string(a, in, "description", 0, 4000, &desc, errs);
	if (jx_int(in, "weight", 1, 100, &weight, errs) == JX_NULL)
		weight = 1;
	if (json_array_size(errs) > 0) {
		er = APP_EINVAL;
		goto fail;
	}
	st = store_stmt(s, sql_insert);
	stmt_bind_i64(st, 1, plan_id);
	stmt_bind_text(st, 2, title);
	stmt_bind_i64(st, 3, owner_id);
	stmt_bind_text(st, 4, owner.region);
	stmt_bind_text(st, 5,
	    strcmp(owner.kind, "department") == 0 ? duty_first_sector(a, owner.sectors) : "");
	stmt_bind_text(st, 6, due);
	stmt_bind_text(st, 7, target ? target : "");
	stmt_bind_i64(st, 8, weight);
	stmt_bind_text(st, 9, desc ? desc : "");
	duty_bind_id(st, 10, actor->user_id);
	stmt_bind_i64(st, 11, now);
	if ((er = stmt_run(st)) != APP_OK)
		goto fail;
	*id = store_last_id(s);
	json_array_foreach(coowners, i, v)
	{
		st = store_stmt(s, sql_coowner);
		stmt_bind_i64(st, 1, *id);
		stmt_bind_i64(st, 2, json_integer_value(v));
		if ((er = stmt_run(st)) != APP_OK)
			goto fail;
	}
	/* To the owner: the task is assigned (due_on its due date). */
	st = store_stmt(s, sql_note);
	stmt_bind_text(st, 1, "task_assigned");
	stmt_bind_text(st, 2, owner.region);
	stmt_bind_text(st, 3,
	    strcmp(owner.kind, "department") == 0 ? duty_first_sector(a, owner.sectors) : "");
	stmt_bind_i64(st, 4, *id);
	stmt_bind_text(st, 5, due);
	stmt_bind_text(st, 6,
	    arena_printf(a, "%s：新任务「%s」（%s），完成时限 %s", owner.name, title, ptitle, due));
	stmt_bind_i64(st, 7, now);
	if ((er = stmt_run(st)) != APP_OK)
		goto fail;
	notes = store_changes(s);
	data = json_pack("{s:I, s:s, s:I, s:O, s:s, s:s, s:I, s:s, s:I}", "plan_id",
	    (json_int_t)plan_id, "title", title, "owner_org_id", (json_int_t)owner_id,
	    "coowner_org_ids", coowners, "due_on", due, "target", target ? target : "", "weight",
	    (json_int_t)weight, "description", desc ? desc : "", "notifications",
	    (json_int_t)notes);
	if ((er = audit_event(s, sql_event, actor, who, *id, "assign", NULL, "assigned", now, NULL,
		 data)) != APP_OK)
		goto fail;
	if ((er = audit_append(s, who, "create", "task", *id, data)) != APP_OK)
		goto fail;
	er = store_commit(s);
	goto done;
fail:
	store_rollback(s);
	*id = 0;
done:
	json_decref(coowners);
	json_decref(data);
	return er;
}

/* ---- reading ---- */

enum app_err
task_detail(struct store *s, const struct actor *actor, int64_t id, const char *today, json_t **out)
{
	struct stmt *st;
	json_t      *o = NULL, *events = NULL, *progress = json_array(), *co = json_array();
	enum app_err er;
	bool         row;

	*out = NULL;
	if ((er = store_begin(s, STORE_READ)) != APP_OK) {
		json_decref(progress);
		json_decref(co);
		return er;
	}
	if ((er = load(s, actor, id, &o)) != APP_OK)
		goto done;
	st = store_stmt(s,
	    "SELECT o.id, o.name, o.kind, o.region_code FROM task_coowners c JOIN orgs o"
	    " ON o.id = c.org_id WHERE c.task_id = ?1 ORDER BY o.id");
	stmt_bind_i64(st, 1, id);
	while ((er = stmt_step(st, &row)) == APP_OK && row)
		json_array_append_new(co, stmt_row_json(st));
	if (er != APP_OK)
		goto done;
	st = store_stmt(s,
	    "SELECT g.id, g.org_id, o.name AS org_name, g.percent, g.text, g.attachments, g.final,"
	    " g.reported_by, g.reporter_name, g.at FROM task_progress g LEFT JOIN orgs o ON"
	    " o.id = g.org_id WHERE g.task_id = ?1 ORDER BY g.id");
	stmt_bind_i64(st, 1, id);
	while ((er = stmt_step(st, &row)) == APP_OK && row) {
		json_t *g = stmt_row_json(st);

		duty_row_fix(g, (const char *const[]){ "at", NULL },
		    (const char *const[]){ "attachments", NULL },
		    (const char *const[]){ "final", NULL });
		json_array_append_new(progress, g);
	}
	if (er != APP_OK)
		goto done;
	if ((er = duty_events(s,
		 "SELECT id, action, from_status, to_status, actor_id, actor_name, at, note, data"
		 " FROM task_events WHERE task_id = ?1 ORDER BY id",
		 id, &events)) != APP_OK)
		goto done;
	json_object_set_new(o, "actions", actions_for(actor, o));
	decorate(o, today);
	json_object_set(o, "coowners", co);
	json_object_set(o, "progress", progress);
	json_object_set(o, "events", events);
	*out = o;
	o = NULL;
done:
	store_rollback(s);
	json_decref(o);
	json_decref(events);
	json_decref(progress);
	json_decref(co);
	return er;
}

/* ---- the workflow ---- */

static const char sql_update[] = "UPDATE tasks SET status = ?2, percent = ?3, done_on = ?4,"
				 " updated_at = ?5 WHERE id = ?1 AND status = ?6";
static const char sql_progress[] =
    "INSERT INTO task_progress (task_id, org_id, percent, text, attachments, final, reported_by,"
    " reporter_name, at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)";

static bool
action_parse(const char *s, enum task_action *a)
{
	int i;

	for (i = 0; i < TA__MAX; i++)
		if (s != NULL && strcmp(trans[i].name, s) == 0) {
			*a = (enum task_action)i;
			return true;
		}
	return false;
}

static enum app_err
add_progress(struct store *s, const struct actor *actor, int64_t id, int64_t percent,
    const char *text, json_t *atts, bool final, int64_t now)
{
	struct stmt *st = store_stmt(s, sql_progress);
	char        *t = atts != NULL ? json_dumps(atts, JSON_COMPACT) : NULL;
	enum app_err er;

	stmt_bind_i64(st, 1, id);
	duty_bind_id(st, 2, actor->org_id);
	stmt_bind_i64(st, 3, percent);
	stmt_bind_text(st, 4, text);
	stmt_bind_text(st, 5, t != NULL ? t : "[]");
	stmt_bind_i64(st, 6, final);
	duty_bind_id(st, 7, actor->user_id);
	stmt_bind_text(st, 8,
	    actor->display_name != NULL && actor->display_name[0] != '\0' ? actor->display_name
									  : actor->username);
	stmt_bind_i64(st, 9, now);
	er = stmt_run(st);
	free(t);
	return er;
}

enum app_err
task_transition(struct store *s, struct arena *a, const struct actor *actor,
    const struct audit_who *who, int64_t id, json_t *in, int64_t now, json_t *errs)
{
	enum task_action act;
	const char      *action = NULL, *status, *note = NULL, *text = NULL, *done_on = NULL, *k;
	json_t          *rec = NULL, *data = json_object(), *atts = NULL, *v, *ch;
	int64_t          percent = 0, new_percent;
	char             today[11];
	struct stmt     *st;
	enum app_err     er;
	size_t           i;

	today_str(today);
	if (!json_is_object(in)) {
		jx_err(errs, "$", "应为 JSON 对象");
		er = APP_EINVAL;
		goto out;
	}
	if (jx_string(a, in, "action", 1, 30, &action, errs) != JX_SET ||
	    !action_parse(action, &act)) {
		if (!jx_has_err(errs, "action"))
			jx_err(errs, "action", "应为 start、report、complete 或 reopen");
		er = APP_EINVAL;
		goto out;
	}
	json_object_foreach(in, k, v)
	{
		bool ok = strcmp(k, "action") == 0;

		for (i = 0; !ok && i < 4 && trans[act].fields[i] != NULL; i++)
			ok = strcmp(trans[act].fields[i], k) == 0;
		if (!ok)
			jx_err(errs, k, "此操作不接受该字段");
	}
	if ((er = store_begin(s, STORE_WRITE)) != APP_OK)
		goto out;
	if ((er = load(s, actor, id, &rec)) != APP_OK)
		goto fail;
	status = jx_str(rec, "status");
	if (!may(actor, act, rec)) {
		er = APP_EPERM;
		goto fail;
	}
	if (strcmp(trans[act].from, status) != 0) {
		jx_err(errs, "action",
		    arena_printf(a, "任务当前状态为 %s，不能执行 %s", status, trans[act].name));
		er = APP_ECONFLICT;
		goto fail;
	}
	new_percent = jx_num(rec, "percent");
	done_on = jx_str(rec, "done_on");
	switch (act) {
	case TA_START: jx_string(a, in, "note", 0, 1000, &note, errs); break;
	case TA_REPORT:
		if (jx_missing(jx_int(in, "percent", 0, 100, &percent, errs)) &&
		    !jx_has_err(errs, "percent"))
			jx_err(errs, "percent", "必填: 完成进度（0–100）");
		if (jx_string(a, in, "text", 2, 4000, &text, errs) == JX_ABSENT)
			jx_err(errs, "text", "必填: 进展情况");
		atts = duty_ids_field(in, "attachments", errs);
		new_percent = percent;
		note = text;
		break;
	case TA_COMPLETE:
		if (jx_string(a, in, "text", 2, 4000, &text, errs) == JX_ABSENT)
			jx_err(errs, "text", "必填: 完成情况（最终报告）");
		atts = duty_ids_field(in, "attachments", errs);
		done_on = duty_date_field(a, in, "done_on", today, today, errs);
		new_percent = 100;
		note = text;
		break;
	case TA_REOPEN:
		if (jx_string(a, in, "reason", 2, 1000, &note, errs) == JX_ABSENT)
			jx_err(errs, "reason", "必填: 退回重办的理由");
		done_on = NULL;
		break;
	case TA__MAX: break;
	}
	if (json_array_size(errs) > 0) {
		er = APP_EINVAL;
		goto fail;
	}
	if (atts != NULL &&
	    (er = attachment_claim(s, actor, atts, "task", id, false, "attachments", errs)) !=
		APP_OK)
		goto fail;
	if (json_array_size(errs) > 0) {
		er = APP_EINVAL;
		goto fail;
	}
	if ((act == TA_REPORT || act == TA_COMPLETE) &&
	    (er = add_progress(s, actor, id, new_percent, text, atts, act == TA_COMPLETE, now)) !=
		APP_OK)
		goto fail;
	st = store_stmt(s, sql_update);
	stmt_bind_i64(st, 1, id);
	stmt_bind_text(st, 2, trans[act].to);
	stmt_bind_i64(st, 3, new_percent);
	stmt_bind_text(st, 4, done_on);
	stmt_bind_i64(st, 5, now);
	stmt_bind_text(st, 6, status);
	if ((er = stmt_run(st)) != APP_OK)
		goto fail;
	if (store_changes(s) != 1) {
		er = APP_ECONFLICT;
		goto fail;
	}
	if (new_percent != jx_num(rec, "percent"))
		json_object_set_new(data, "percent",
		    json_pack(
			"[I, I]", (json_int_t)jx_num(rec, "percent"), (json_int_t)new_percent));
	if ((done_on == NULL) != (jx_str(rec, "done_on") == NULL))
		json_object_set_new(
		    data, "done_on", json_pack("[s?, s?]", jx_str(rec, "done_on"), done_on));
	if (atts != NULL)
		json_object_set(data, "attachments", atts);
	if ((er = audit_event(s, sql_event, actor, who, id, trans[act].name, status, trans[act].to,
		 now, note, data)) != APP_OK)
		goto fail;
	ch = json_pack("{s:s, s:[s, s], s:s?, s:O}", "action", trans[act].name, "status", status,
	    trans[act].to, "note", note, "data", data);
	er = audit_append(s, who, "transition", "task", id, ch);
	json_decref(ch);
	if (er != APP_OK)
		goto fail;
	if ((er = store_commit(s)) == APP_OK)
		goto out;
fail:
	store_rollback(s);
out:
	json_decref(rec);
	json_decref(data);
	return er;
}

/* ---- the list ---- */

enum app_err
task_filter_parse(duty_param_fn get, void *arg, struct task_filter *f, json_t *errs)
{
	const char *v;
	int64_t     d;

	memset(f, 0, sizeof(*f));
	f->status = get(arg, "status");
	f->region = get(arg, "region");
	f->due_from = get(arg, "due_from");
	f->due_to = get(arg, "due_to");
	if (f->status != NULL && strcmp(f->status, "open") != 0 && strcmp(f->status, "all") != 0 &&
	    !duty_one_of(statuses, f->status))
		jx_err(errs, "status", "应为 assigned、in_progress、done、open 或 all");
	if (f->region != NULL &&
	    (strlen(f->region) < 2 || strlen(f->region) > 12 ||
		strspn(f->region, "0123456789") != strlen(f->region)))
		jx_err(errs, "region", "应为行政区划代码");
	if (f->due_from != NULL && !date_parse(f->due_from, &d))
		jx_err(errs, "due_from", "应为日期 YYYY-MM-DD");
	if (f->due_to != NULL && !date_parse(f->due_to, &d))
		jx_err(errs, "due_to", "应为日期 YYYY-MM-DD");
	duty_id_param(get, arg, "plan_id", &f->plan_id, errs);
	duty_id_param(get, arg, "owner_org_id", &f->owner_org_id, errs);
	duty_id_param(get, arg, "org_id", &f->org_id, errs);
	if ((v = get(arg, "overdue")) != NULL) {
		if (strcmp(v, "true") == 0)
			f->overdue = true;
		else if (strcmp(v, "false") != 0)
			jx_err(errs, "overdue", "应为 true 或 false");
	}
	return json_array_size(errs) > 0 ? APP_EINVAL : APP_OK;
}

/* ?1–?6 the scope, then the filters. */
#define LIST_WHERE \
	" WHERE " TASK_PRED("t", \
	    "p") " AND (?7 IS NULL OR ?7 = 'all' OR t.status = ?7 OR" \
		 " (?7 = 'open' AND t.status <> 'done')) AND (?8 IS NULL OR t.plan_id = ?8) AND" \
		 " (?9 IS NULL OR t.owner_org_id = ?9) AND (?10 IS NULL OR t.owner_org_id = ?10 OR EXISTS" \
		 " (SELECT 1 FROM task_coowners c2 WHERE c2.task_id = t.id AND c2.org_id = ?10)) AND" \
		 " (?11 IS NULL OR (t.status <> 'done' AND t.due_on < ?11)) AND (?12 IS NULL OR" \
		 " t.due_on >= ?12) AND (?13 IS NULL OR t.due_on <= ?13) AND (?14 IS NULL OR" \
		 " (t.region_code >= ?14 AND t.region_code < ?15))"
static const char sql_list[] = "SELECT " TASK_COLS TASK_FROM LIST_WHERE
			       " AND (?16 = 0 OR t.id < ?16) ORDER BY t.id DESC LIMIT ?17";
static const char sql_count[] =
    "SELECT count(*) FROM tasks t JOIN plans p ON p.id = t.plan_id" LIST_WHERE;

static void
bind_filter(struct stmt *st, const struct actor *actor, const struct task_filter *f)
{
	duty_scope_bind(st, actor);
	stmt_bind_text(st, 7, f->status);
	duty_bind_id(st, 8, f->plan_id);
	duty_bind_id(st, 9, f->owner_org_id);
	duty_bind_id(st, 10, f->org_id);
	stmt_bind_text(st, 11, f->overdue ? f->today : NULL);
	stmt_bind_text(st, 12, f->due_from);
	stmt_bind_text(st, 13, f->due_to);
	if (f->region != NULL) {
		char lo[16], hi[16];

		region_range(f->region, lo, hi);
		stmt_bind_text(st, 14, lo);
		stmt_bind_text(st, 15, hi);
	}
}

enum app_err
task_page(struct store *s, const struct actor *actor, const struct task_filter *f, int64_t cursor,
    int limit, json_t **items, int64_t *total)
{
	struct stmt *st;
	enum app_err er;
	bool         row;

	*items = json_array();
	st = store_stmt(s, sql_count);
	bind_filter(st, actor, f);
	if ((er = stmt_one_i64(st, total)) != APP_OK)
		return er;
	st = store_stmt(s, sql_list);
	bind_filter(st, actor, f);
	stmt_bind_i64(st, 16, cursor);
	stmt_bind_i64(st, 17, limit);
	while ((er = stmt_step(st, &row)) == APP_OK && row) {
		json_t *o = stmt_row_json(st);

		decorate(o, f->today);
		json_array_append_new(*items, o);
	}
	stmt_reset(st);
	return er;
}

/* ---- the board ---- */

/* ?7 the plan (with its sub-plans), ?8 the owner org, ?9 today. */
#define BOARD_WITH \
	"WITH RECURSIVE sub(id) AS (SELECT ?7 UNION SELECT c.id FROM plans c JOIN sub ON" \
	" c.parent_id = sub.id) "
#define BOARD_WHERE \
	" WHERE " TASK_PRED("t", "p") " AND (?7 IS NULL OR t.plan_id IN (SELECT id FROM sub))" \
				      " AND (?8 IS NULL OR t.owner_org_id = ?8)"
static const char                 sql_board[] = BOARD_WITH
    "SELECT " TASK_COLS TASK_FROM BOARD_WHERE
    " ORDER BY CASE t.status WHEN 'assigned' THEN 0 WHEN 'in_progress' THEN 1 ELSE 2 END,"
    " (t.status <> 'done' AND t.due_on < ?9) DESC, t.due_on, t.id LIMIT ?10";
static const char sql_board_orgs[] = BOARD_WITH
    "SELECT t.owner_org_id AS org_id, o.name AS org_name, count(*) AS total,"
    " sum(t.status = 'assigned') AS assigned, sum(t.status = 'in_progress') AS in_progress,"
    " sum(t.status = 'done') AS done, sum(t.status <> 'done' AND t.due_on < ?9) AS overdue" TASK_FROM
	BOARD_WHERE " GROUP BY t.owner_org_id ORDER BY t.owner_org_id";

static void
bind_board(
    struct stmt *st, const struct actor *actor, int64_t plan_id, int64_t org_id, const char *today)
{
	duty_scope_bind(st, actor);
	duty_bind_id(st, 7, plan_id);
	duty_bind_id(st, 8, org_id);
	stmt_bind_text(st, 9, today);
}

enum app_err
task_board(struct store *s, const struct actor *actor, int64_t plan_id, int64_t org_id,
    const char *today, json_t **out)
{
	static const char *const metrics[] = { "total", "assigned", "in_progress", "done",
		"overdue", NULL };
	json_t      *cols = json_array(), *orgs = json_array(), *total = json_object(), *c;
	struct stmt *st;
	enum app_err er;
	bool         row, truncated = false;
	size_t       i, n = 0;

	*out = NULL;
	for (i = 0; statuses[i] != NULL; i++)
		json_array_append_new(cols,
		    json_pack("{s:s, s:s, s:i, s:i, s:[]}", "status", statuses[i], "label",
			status_labels[i], "count", 0, "overdue", 0, "tasks"));
	for (i = 0; metrics[i] != NULL; i++)
		json_object_set_new(total, metrics[i], json_integer(0));
	if ((er = store_begin(s, STORE_READ)) != APP_OK) {
		json_decref(cols);
		json_decref(orgs);
		json_decref(total);
		return er;
	}
	st = store_stmt(s, sql_board);
	bind_board(st, actor, plan_id, org_id, today);
	stmt_bind_i64(st, 10, BOARD_MAX + 1);
	while ((er = stmt_step(st, &row)) == APP_OK && row) {
		json_t *o;

		if (n++ == BOARD_MAX) {
			truncated = true;
			break;
		}
		o = stmt_row_json(st);
		decorate(o, today);
		for (i = 0; statuses[i] != NULL; i++)
			if (strcmp(statuses[i], jx_str(o, "status")) == 0)
				break;
		c = json_array_get(cols, i < 3 ? i : 0);
		json_array_append_new(json_object_get(c, "tasks"), o);
	}
	stmt_reset(st);
	if (er != APP_OK)
		goto out;
	st = store_stmt(s, sql_board_orgs);
	bind_board(st, actor, plan_id, org_id, today);
	while ((er = stmt_step(st, &row)) == APP_OK && row) {
		json_t *o = stmt_row_json(st);

		for (i = 0; metrics[i] != NULL; i++)
			json_object_set_new(total, metrics[i],
			    json_integer(jx_num(total, metrics[i]) + jx_num(o, metrics[i])));
		json_array_append_new(orgs, o);
	}
	stmt_reset(st);
	if (er != APP_OK)
		goto out;
	/* The column counts come from the totals (the shown tasks may be truncated). */
	json_array_foreach(cols, i, c)
	{
		json_object_set_new(c, "count", json_integer(jx_num(total, statuses[i])));
		if (i < 2) {
			int64_t late = 0;
			size_t  j;
			json_t *t;

			json_array_foreach(json_object_get(c, "tasks"), j, t) late +=
			    json_is_true(json_object_get(t, "overdue"));
			json_object_set_new(c, "overdue", json_integer(late));
		}
	}
	*out = json_pack("{s:s, s:O, s:O, s:O, s:b}", "as_of", today, "columns", cols, "orgs", orgs,
	    "total", total, "truncated", truncated);
out:
	store_rollback(s);
	json_decref(cols);
	json_decref(orgs);
	json_decref(total);
	return er;
}

/* ---- the daily deadline notifications ---- */

/* Open tasks due on or before ?2 (today + 3) still missing the notification of their kind
 * for their due date; at most ?3. */
static const char sql_due[] =
    "SELECT k.id, k.title, k.region_code, k.sector, k.due_on, k.owner, k.note FROM (SELECT t.id,"
    " t.title, t.region_code, t.sector, t.due_on, o.name AS owner, CASE WHEN t.due_on < ?1 THEN"
    " 'task_overdue' ELSE 'task_due_soon' END AS note FROM tasks t JOIN orgs o ON"
    " o.id = t.owner_org_id WHERE t.status <> 'done' AND t.due_on <= ?2) AS k WHERE NOT EXISTS"
    " (SELECT 1 FROM notifications n WHERE n.kind = k.note AND n.entity = 'task' AND"
    " n.entity_id = k.id AND n.recipient = 'district' AND n.due_on = k.due_on) ORDER BY k.id"
    " LIMIT ?3";

enum app_err
task_notify(
    struct store *s, const struct audit_who *who, const char *today, int64_t now, int64_t *written)
{
	struct stmt *st;
	enum app_err er = APP_OK;
	int64_t      d, n;
	size_t       batch, i;
	json_t      *due, *x, *ch;
	char         soon[11], msg[600];
	bool         row;

	*written = 0;
	if (!date_parse(today, &d))
		return APP_EINVAL;
	date_fmt(d + DUE_SOON_DAYS, soon);
	do {
		n = 0;
		due = json_array();
		if ((er = store_begin(s, STORE_WRITE)) != APP_OK) {
			json_decref(due);
			return er;
		}
		/* Read the batch first: the inserts below change what its NOT EXISTS reads. */
		st = store_stmt(s, sql_due);
		stmt_bind_text(st, 1, today);
		stmt_bind_text(st, 2, soon);
		stmt_bind_i64(st, 3, NOTIFY_BATCH);
		while ((er = stmt_step(st, &row)) == APP_OK && row)
			json_array_append_new(due, stmt_row_json(st));
		batch = json_array_size(due);
		json_array_foreach(due, i, x)
		{
			bool late = strcmp(jx_str(x, "note"), "task_overdue") == 0;

			if (er != APP_OK)
				break;
			snprintf(msg, sizeof(msg), "%s（%s）：%s — %s",
			    late ? "任务已超过完成时限" : "任务完成时限将至", jx_str(x, "due_on"),
			    jx_str(x, "title"), jx_str(x, "owner"));
			st = store_stmt(s, sql_note);
			stmt_bind_text(st, 1, jx_str(x, "note"));
			stmt_bind_text(st, 2, jx_str(x, "region_code"));
			stmt_bind_text(st, 3, jx_str(x, "sector"));
			stmt_bind_i64(st, 4, jx_num(x, "id"));
			stmt_bind_text(st, 5, jx_str(x, "due_on"));
			stmt_bind_text(st, 6, msg);
			stmt_bind_i64(st, 7, now);
			if ((er = stmt_run(st)) == APP_OK)
				n += store_changes(s);
		}
		json_decref(due);
		if (er == APP_OK && n > 0) {
			ch = json_pack("{s:s, s:s, s:I}", "today", today, "entity", "task",
			    "written", (json_int_t)n);
			er = audit_append(s, who, "notify", "notification", 0, ch);
			json_decref(ch);
		}
		if (er == APP_OK)
			er = store_commit(s);
		if (er != APP_OK)
			store_rollback(s);
		else
			*written += n;
	} while (er == APP_OK && batch == NOTIFY_BATCH);
	return er;
}

/* ---- for assessments ---- */

enum app_err
task_completion(struct store *s, int64_t org_id, int year, int64_t *on_time, int64_t *total)
{
	struct stmt *st = store_stmt(s,
	    "SELECT count(*), coalesce(sum(status = 'done' AND done_on <= due_on), 0) FROM tasks"
	    " WHERE owner_org_id = ?1 AND due_on >= ?2 AND due_on <= ?3");
	enum app_err er;
	bool         row;
	char         from[16], to[16];

	snprintf(from, sizeof(from), "%04d-01-01", year);
	snprintf(to, sizeof(to), "%04d-12-31", year);
	*on_time = *total = 0;
	stmt_bind_i64(st, 1, org_id);
	stmt_bind_text(st, 2, from);
	stmt_bind_text(st, 3, to);
	if ((er = stmt_step(st, &row)) == APP_OK && row) {
		*total = stmt_i64(st, 0);
		*on_time = stmt_i64(st, 1);
	}
	stmt_reset(st);
	return er;
}
