#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "accident/accident.h"
#include "activity/activity.h"
#include "auth/auth.h"
#include "auth/scope.h"
#include "core/arena.h"
#include "core/jsonx.h"
#include "core/timeutil.h"
#include "duty/duty.h"
#include "enforce/case_stats.h"
#include "enforce/supervision.h"
#include "hazard/stats.h"
#include "refdata/refdata.h"
#include "report/summary.h"
#include "store/store.h"

static const char *const modes[] = { "campaign", "concentrated", "joint", "routine", NULL };
static const char *const sup_kinds[] = { "listing", "interview", "warning", "notice", "inspection",
	NULL };
static const char *const target_types[] = { "region", "org", "enterprise", "hazard", "accident",
	NULL };
static const char *const grades[] = { "general", "larger", "major", "especially_major", NULL };

enum app_err
summary_query_init(
    struct summary_query *q, int year, const char *as_of, const char *region, json_t *errs)
{
	char    today[11];
	int64_t d, from;

	memset(q, 0, sizeof(*q));
	if (year < 2000 || year > 2100) {
		jx_err(errs, "year", "应为 2000–2100 的年份");
		return APP_EINVAL;
	}
	q->year = year;
	snprintf(q->from, sizeof(q->from), "%04d-01-01", year);
	snprintf(q->to, sizeof(q->to), "%04d-12-31", year);
	if (as_of != NULL) {
		if (!date_parse(as_of, &d) || !date_parse(q->from, &from) || d < from)
			jx_err(errs, "as_of", "应为 YYYY-MM-DD 日期，且不早于所统计年度的1月1日");
		else
			date_fmt(d, q->as_of);
	} else {
		today_str(today);
		snprintf(
		    q->as_of, sizeof(q->as_of), "%s", strcmp(today, q->to) < 0 ? today : q->to);
	}
	if (region != NULL && region[0] != '\0') {
		/* The names of the region tree are loaded at start (refdata_names_load). */
		if (strlen(region) >= sizeof(q->region) || region_label(region)[0] == '\0')
			jx_err(errs, "region", "未知的行政区划代码");
		else
			snprintf(q->region, sizeof(q->region), "%s", region);
	}
	return json_array_size(errs) > 0 ? APP_EINVAL : APP_OK;
}

enum app_err
summary_parse(summary_param_fn get, void *arg, struct summary_query *q, json_t *errs)
{
	const char *y = get(arg, "year");
	char       *end = NULL;
	long        year = y != NULL ? strtol(y, &end, 10) : 0;

	if (y == NULL || *y == '\0') {
		jx_err(errs, "year", "必填: 统计年度 (如 2024)");
		memset(q, 0, sizeof(*q));
		return APP_EINVAL;
	}
	if (*end != '\0')
		year = 0;
	return summary_query_init(q, (int)year, get(arg, "as_of"), get(arg, "region"), errs);
}

enum app_err
summary_scope(struct store *s, const struct actor *actor, const struct summary_query *q,
    struct scope *out, char *code_out, char *name_out, size_t name_size, json_t *errs)
{
	struct arena *a = arena_new(512);
	const char   *code = actor->region_code, *name = NULL;
	enum app_err  er = APP_OK;
	char          lo[16], hi[16];

	scope_of(actor, out);
	if (actor->role == ROLE_ENTERPRISE) {
		er = APP_EPERM;
		goto out;
	}
	if (q->region[0] != '\0') {
		if ((er = region_name(s, a, q->region, &name)) == APP_ENOENT) {
			jx_err(errs, "region", "未知的行政区划代码");
			er = APP_EINVAL;
		}
		if (er != APP_OK)
			goto out;
		if (!scope_narrow(out, q->region, lo, hi)) {
			er = APP_EPERM;
			goto out;
		}
		region_range(q->region, out->lo, out->hi);
		if (strcmp(lo, out->lo) == 0 && strcmp(hi, out->hi) == 0)
			code = q->region; /* else it holds the whole scope: the scope's own */
		memcpy(out->lo, lo, sizeof(lo));
		memcpy(out->hi, hi, sizeof(hi));
	}
	if (code == NULL || code[0] == '\0') {
		if ((er = refdata_city(s, a, &code)) != APP_OK)
			goto out;
	}
	if ((er = region_name(s, a, code, &name)) != APP_OK)
		goto out;
	snprintf(code_out, 16, "%s", code);
	snprintf(name_out, name_size, "%s", name);
out:
	arena_free(a);
	return er;
}

/* ---- helpers ---- */

static json_t *
zeros(const char *const *keys)
{
	json_t *o = json_object();

	for (; *keys != NULL; keys++)
		json_object_set_new(o, *keys, json_integer(0));
	return o;
}

/* The group of `stats` whose key is `key`, or NULL. */
static json_t *
group(json_t *stats, const char *key)
{
	json_t *g;
	size_t  i;

	json_array_foreach(json_object_get(stats, "groups"), i, g)
	{
		if (strcmp(json_string_value(json_object_get(g, "key")), key) == 0)
			return g;
	}
	return NULL;
}

/* ---- the lines of work ---- */

static enum app_err
hazards(struct store *s, const struct scope *sc, const struct summary_query *q, json_t *out)
{
	struct hazard_stats_query hq = { .group_by = "level" };
	json_t                   *st, *t;
	enum app_err              er;

	memcpy(hq.from, q->from, sizeof(hq.from));
	memcpy(hq.to, q->to, sizeof(hq.to));
	memcpy(hq.as_of, q->as_of, sizeof(hq.as_of));
	if ((er = hazard_stats(s, sc, &hq, &st)) != APP_OK)
		return er;
	t = json_object_get(st, "total");
	json_object_set_new(out, "hazards",
	    json_pack("{s:I, s:I, s:I, s:I, s:O, s:I, s:I}", "found", jx_num(t, "found"),
		"rectified", jx_num(t, "rectified"), "major_found", jx_num(t, "major_found"),
		"major_rectified", jx_num(t, "major_rectified"), "rectification_rate",
		json_object_get(t, "rectification_rate"), "overdue", jx_num(t, "overdue"),
		"funds_fen", jx_num(t, "funds_fen")));
	json_decref(st);
	return APP_OK;
}

static enum app_err
enforcement(struct store *s, const struct scope *sc, const struct summary_query *q, json_t *out)
{
	struct case_stats_query cq;
	json_t                 *st, *t, *by_mode = zeros(modes), *fines = zeros(modes), *g;
	enum app_err            er;
	size_t                  i;

	memset(&cq, 0, sizeof(cq));
	memcpy(cq.from, q->from, sizeof(cq.from));
	memcpy(cq.to, q->to, sizeof(cq.to));
	memcpy(cq.as_of, q->as_of, sizeof(cq.as_of));
	snprintf(cq.group_by, sizeof(cq.group_by), "mode");
	if ((er = case_stats(s, sc, &cq, &st)) != APP_OK) {
		json_decref(by_mode);
		json_decref(fines);
		return er;
	}
	for (i = 0; modes[i] != NULL; i++) {
		if ((g = group(st, modes[i])) != NULL) {
			json_object_set_new(
			    by_mode, modes[i], json_integer(jx_num(g, "cases_filed")));
			json_object_set_new(
			    fines, modes[i], json_integer(jx_num(g, "fines_imposed_fen")));
		}
	}
	t = json_object_get(st, "total");
	json_object_set_new(out, "enforcement",
	    json_pack("{s:I, s:I, s:I, s:I, s:O, s:o, s:o}", "cases", jx_num(t, "cases_filed"),
		"closed", jx_num(t, "cases_closed"), "fines_fen", jx_num(t, "fines_imposed_fen"),
		"collected_fen", jx_num(t, "fines_collected_fen"), "penalties",
		json_object_get(t, "penalties"), "by_mode", by_mode, "fines_by_mode", fines));
	json_decref(st);
	return APP_OK;
}

/* The supervisions issued in the year by kind and target type (the same rows as
 * supervision_stats). */
static const char sql_sup_targets[] =
    "SELECT s.kind, s.target_type, count(*) FROM supervisions s INDEXED BY supervisions_issued"
    " WHERE s.issued_on >= ?5 AND s.issued_on <= ?6 AND " SCOPE_PRED(
	"s.region_code", "s.sector", "s.enterprise_id") " GROUP BY s.kind, s.target_type";

static enum app_err
supervision(struct store *s, const struct scope *sc, const struct summary_query *q, json_t *out)
{
	struct supervision_stats_query sq = { .group_by = "kind" };
	json_t                        *st, *o = zeros(sup_kinds), *by = json_object(), *g;
	struct stmt                   *x;
	enum app_err                   er;
	bool                           row;
	size_t                         i;

	memcpy(sq.from, q->from, sizeof(sq.from));
	memcpy(sq.to, q->to, sizeof(sq.to));
	memcpy(sq.as_of, q->as_of, sizeof(sq.as_of));
	for (i = 0; sup_kinds[i] != NULL; i++)
		json_object_set_new(by, sup_kinds[i], zeros(target_types));
	json_object_set_new(o, "by_target", by);
	json_object_set_new(out, "supervision", o);
	if ((er = supervision_stats(s, sc, &sq, &st)) != APP_OK)
		return er;
	for (i = 0; sup_kinds[i] != NULL; i++) {
		if ((g = group(st, sup_kinds[i])) != NULL)
			json_object_set_new(o, sup_kinds[i], json_integer(jx_num(g, "issued")));
	}
	g = json_object_get(st, "total");
	json_object_set_new(o, "issued", json_integer(jx_num(g, "issued")));
	json_object_set_new(o, "closed", json_integer(jx_num(g, "closed")));
	json_object_set_new(o, "overdue", json_integer(jx_num(g, "overdue")));
	json_decref(st);

	x = store_stmt(s, sql_sup_targets);
	scope_bind(x, sc);
	stmt_bind_text(x, 5, q->from);
	stmt_bind_text(x, 6, q->to);
	while ((er = stmt_step(x, &row)) == APP_OK && row) {
		json_t *k = json_object_get(by, stmt_text(x, 0));

		if (k != NULL)
			json_object_set_new(k, stmt_text(x, 1), json_integer(stmt_i64(x, 2)));
	}
	stmt_reset(x);
	return er;
}

/*
 * Per kind: the distinct banners/districts (the first six digits of the region) the
 * activities were held in, and the distinct covered enterprises by their sector — the
 * same rows as activity_stats (dated in the year, not voided, in the region range; an
 * activity has no sector nor enterprise of its own).
 */
static const char sql_act_regions[] =
    "SELECT a.kind, count(DISTINCT substr(a.region_code, 1, 6)) FROM activities a INDEXED BY"
    " activities_date WHERE a.activity_date >= ?5 AND a.activity_date <= ?6 AND a.voided = 0"
    " AND " SCOPE_PRED("a.region_code", "''", "NULL") " GROUP BY a.kind";
static const char sql_act_sectors[] =
    "SELECT a.kind, e.sector, count(DISTINCT x.enterprise_id) FROM activities a INDEXED BY"
    " activities_date JOIN activity_enterprises x ON x.activity_id = a.id JOIN enterprises e ON"
    " e.id = x.enterprise_id WHERE a.activity_date >= ?5 AND a.activity_date <= ?6 AND"
    " a.voided = 0 AND " SCOPE_PRED("a.region_code", "''", "NULL") " GROUP BY a.kind, e.sector";
static const char sql_sectors[] = "SELECT code FROM sectors ORDER BY code";

static enum app_err
activities(struct store *s, const struct scope *sc, const struct summary_query *q, json_t *out)
{
	struct activity_stats_query aq = { .group_by = "kind" };
	struct scope                rs = *sc;
	json_t                     *st, *o = json_object(), *sectors = json_object(), *g, *k;
	struct stmt                *x;
	enum app_err                er;
	bool                        row;
	size_t                      i;

	json_object_set_new(out, "activities", o);
	memcpy(aq.from, q->from, sizeof(aq.from));
	memcpy(aq.to, q->to, sizeof(aq.to));
	if ((er = activity_stats(s, sc, &aq, &st)) != APP_OK) {
		json_decref(sectors);
		return er;
	}
	x = store_stmt(s, sql_sectors);
	while ((er = stmt_step(x, &row)) == APP_OK && row)
		json_object_set_new(sectors, stmt_text(x, 0), json_integer(0));
	stmt_reset(x);
	json_array_foreach(json_object_get(st, "groups"), i, g)
	{
		json_object_set_new(o, json_string_value(json_object_get(g, "key")),
		    json_pack("{s:O, s:I, s:I, s:I, s:I, s:I, s:i, s:o}", "label",
			json_object_get(g, "label"), "activities", jx_num(g, "activities"),
			"sessions", jx_num(g, "sessions"), "participants",
			jx_num(g, "participants"), "enterprises", jx_num(g, "enterprises"),
			"inspections", jx_num(g, "inspections"), "regions", 0,
			"enterprises_by_sector", json_deep_copy(sectors)));
	}
	json_decref(sectors);
	json_decref(st);
	if (er != APP_OK)
		return er;

	/* An enterprise user's scope sees no activities (activity_stats does the same). */
	rs.sectors = NULL;
	rs.enterprise_id = 0;
	if (sc->enterprise_id != 0) {
		snprintf(rs.lo, sizeof(rs.lo), "~");
		snprintf(rs.hi, sizeof(rs.hi), "~");
	}
	x = store_stmt(s, sql_act_regions);
	scope_bind(x, &rs);
	stmt_bind_text(x, 5, q->from);
	stmt_bind_text(x, 6, q->to);
	while ((er = stmt_step(x, &row)) == APP_OK && row) {
		if ((k = json_object_get(o, stmt_text(x, 0))) != NULL)
			json_object_set_new(k, "regions", json_integer(stmt_i64(x, 1)));
	}
	stmt_reset(x);
	if (er != APP_OK)
		return er;
	x = store_stmt(s, sql_act_sectors);
	scope_bind(x, &rs);
	stmt_bind_text(x, 5, q->from);
	stmt_bind_text(x, 6, q->to);
	while ((er = stmt_step(x, &row)) == APP_OK && row) {
		if ((k = json_object_get(o, stmt_text(x, 0))) != NULL)
			json_object_set_new(json_object_get(k, "enterprises_by_sector"),
			    stmt_text(x, 1), json_integer(stmt_i64(x, 2)));
	}
	stmt_reset(x);
	return er;
}

static enum app_err
accidents(struct store *s, const struct scope *sc, const struct summary_query *q, json_t *out)
{
	json_t      *st, *o = zeros(grades), *g, *t;
	enum app_err er;
	size_t       i;

	json_object_set_new(out, "accidents", o);
	if ((er = accident_stats(s, sc, q->from, q->to, "grade", &st)) != APP_OK)
		return er;
	for (i = 0; grades[i] != NULL; i++) {
		if ((g = group(st, grades[i])) != NULL)
			json_object_set_new(o, grades[i], json_integer(jx_num(g, "count")));
	}
	t = json_object_get(st, "total");
	json_object_set_new(o, "total", json_integer(jx_num(t, "count")));
	json_object_set_new(o, "deaths", json_integer(jx_num(t, "deaths")));
	json_object_set_new(o, "serious_injuries", json_integer(jx_num(t, "serious_injuries")));
	json_object_set_new(o, "direct_loss_fen", json_integer(jx_num(t, "direct_loss_fen")));
	json_decref(st);
	return APP_OK;
}

enum app_err
summary_tasks(
    struct store *s, const struct actor *a, const struct summary_query *q, int64_t org, json_t *g)
{
	static const char *const statuses[] = { "all", "assigned", "in_progress", "done", "all" };
	static const char *const names[] = { "total", "assigned", "in_progress", "done",
		"overdue" };
	struct task_filter       f = { 0 };
	enum app_err             er = APP_OK;
	json_t                  *items;
	int64_t                  n;
	size_t                   i;

	f.region = q->region[0] != '\0' ? q->region : NULL;
	f.due_from = q->from;
	f.due_to = q->to;
	f.today = q->as_of;
	f.owner_org_id = org;
	for (i = 0; i < sizeof(names) / sizeof(names[0]) && er == APP_OK; i++) {
		f.status = statuses[i];
		f.overdue = strcmp(names[i], "overdue") == 0;
		if ((er = task_page(s, a, &f, 0, 0, &items, &n)) == APP_OK)
			json_object_set_new(g, names[i], json_integer(n));
		json_decref(items);
	}
	return er;
}

/* Sub-plans: plans under another plan, issued in the region range, whose period meets the
 * year (a department: its own). */
static const char sql_sub_plans[] =
    "SELECT count(*) FROM plans p WHERE p.parent_id IS NOT NULL AND p.period_from <= ?5 AND"
    " p.period_to >= ?4 AND p.region_code >= ?1 AND p.region_code < ?2 AND"
    " (?6 = 0 OR p.issuer_org_id = ?6)";

static enum app_err
tasks(struct store *s, const struct actor *actor, const struct scope *sc,
    const struct summary_query *q, json_t *out)
{
	json_t      *g = json_object();
	struct stmt *x;
	int64_t      subs = 0;
	enum app_err er;

	json_object_set_new(out, "tasks", g);
	if ((er = summary_tasks(s, actor, q, 0, g)) != APP_OK)
		return er;
	x = store_stmt(s, sql_sub_plans);
	stmt_bind_text(x, 1, sc->lo);
	stmt_bind_text(x, 2, sc->hi);
	stmt_bind_text(x, 4, q->from);
	stmt_bind_text(x, 5, q->to);
	stmt_bind_i64(x, 6, actor->role == ROLE_DEPARTMENT ? actor->org_id : 0);
	er = stmt_one_i64(x, &subs);
	json_object_set_new(g, "sub_plans", json_integer(subs));
	return er;
}

/* Staff added: active users of the city and district bureaus who joined in the year, in
 * the region range (the city bureau's own in added_city). */
static const char sql_staff[] =
    "SELECT count(*), coalesce(sum(o.kind = 'city_bureau'), 0) FROM users u JOIN orgs o ON"
    " o.id = u.org_id WHERE u.joined_on >= ?3 AND u.joined_on <= ?4 AND u.admin_locked = 0 AND"
    " o.kind IN ('city_bureau', 'district_bureau') AND o.region_code >= ?1 AND"
    " o.region_code < ?2";

static enum app_err
staff(struct store *s, const struct scope *sc, const struct summary_query *q, json_t *out)
{
	struct stmt *x = store_stmt(s, sql_staff);
	enum app_err er;
	bool         row;

	stmt_bind_text(x, 1, sc->lo);
	stmt_bind_text(x, 2, sc->hi);
	stmt_bind_text(x, 3, q->from);
	stmt_bind_text(x, 4, q->to);
	if ((er = stmt_step(x, &row)) == APP_OK && row)
		json_object_set_new(out, "staff",
		    json_pack("{s:I, s:I}", "added", stmt_i64(x, 0), "added_city", stmt_i64(x, 1)));
	stmt_reset(x);
	return er;
}

static const char sql_enterprises[] =
    "SELECT count(*) FROM enterprises e WHERE e.status = 'active' AND " SCOPE_PRED(
	"e.region_code", "e.sector", "e.id");
/* The years of the first and the last hazard and activity of the whole database (the
 * dashboard's year picker offers the years between them; no count is read from it). */
static const char sql_years[] =
    "SELECT y FROM (SELECT substr(min(found_on), 1, 4) AS y FROM hazards UNION"
    " SELECT substr(max(found_on), 1, 4) FROM hazards UNION"
    " SELECT substr(min(activity_date), 1, 4) FROM activities UNION"
    " SELECT substr(max(activity_date), 1, 4) FROM activities) WHERE y IS NOT NULL"
    " ORDER BY y DESC";

static enum app_err
extent(struct store *s, const struct scope *sc, json_t *out)
{
	struct stmt *x = store_stmt(s, sql_enterprises);
	json_t      *years = json_array();
	int64_t      n = 0, lo = 0, hi = 0, y;
	enum app_err er;
	bool         row;

	scope_bind(x, sc);
	er = stmt_one_i64(x, &n);
	json_object_set_new(out, "enterprises", json_pack("{s:I}", "total", n));
	json_object_set_new(out, "years", years);
	if (er != APP_OK)
		return er;
	/* Every year between the first and the last record. */
	x = store_stmt(s, sql_years);
	while ((er = stmt_step(x, &row)) == APP_OK && row) {
		y = atoi(stmt_text(x, 0));
		if (hi == 0 || y > hi)
			hi = y;
		if (lo == 0 || y < lo)
			lo = y;
	}
	stmt_reset(x);
	for (y = hi; y >= lo && y > 0; y--)
		json_array_append_new(years, json_integer(y));
	return er;
}

enum app_err
summary_build(struct store *s, const struct actor *actor, const struct scope *sc,
    const struct summary_query *q, const char *region_code, const char *region_name, json_t **out)
{
	json_t      *o;
	enum app_err er;

	*out = NULL;
	o = json_pack("{s:i, s:s, s:s, s:s, s:s, s:s}", "year", q->year, "as_of", q->as_of, "from",
	    q->from, "to", q->to, "region", region_code, "region_name", region_name);
	/* One snapshot for every figure. */
	if ((er = store_begin(s, STORE_READ)) != APP_OK)
		goto fail;
	if ((er = hazards(s, sc, q, o)) == APP_OK && (er = enforcement(s, sc, q, o)) == APP_OK &&
	    (er = supervision(s, sc, q, o)) == APP_OK && (er = activities(s, sc, q, o)) == APP_OK &&
	    (er = accidents(s, sc, q, o)) == APP_OK && (er = tasks(s, actor, sc, q, o)) == APP_OK &&
	    (er = staff(s, sc, q, o)) == APP_OK)
		er = extent(s, sc, o);
	store_rollback(s);
	if (er != APP_OK)
		goto fail;
	*out = o;
	return APP_OK;
fail:
	json_decref(o);
	return er;
}
