/*
 * The accident register. Every figure below is from
 * ../shared/reference/law/accident_grades.json (生产安全事故报告和调查处理条例, 2007), cited
 * by article.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "accident/accident.h"
#include "attachment/attachment.h"
#include "audit/audit.h"
#include "auth/auth.h"
#include "auth/scope.h"
#include "core/arena.h"
#include "core/jsonx.h"
#include "core/timeutil.h"
#include "refdata/refdata.h"
#include "store/store.h"

#define HOUR_MS 3600000LL
#define DAY_MS (24 * HOUR_MS)

/*
 * 条例第三条 (grades[] of the reference): the lower bounds of 较大, 重大 and 特别重大; an
 * accident below every one is 一般. "以上" includes the figure, "以下" excludes it
 * (boundary_rule), so a bound is ">=". Loss in fen: 1000万元, 5000万元, 1亿元.
 */
static const struct {
	const char *code, *label, *report_to, *investigated_by;
	int64_t     deaths, injuries, loss_fen;
} grades[ACC_GRADE__MAX] = {
	[ACC_GENERAL] = { "general", "一般事故", "上报至设区的市级人民政府应急管理部门和有关部门",
	    "事故发生地县级人民政府", 0, 0, 0 },
	[ACC_LARGER] = { "larger", "较大事故",
	    "逐级上报至省、自治区、直辖市人民政府应急管理部门和有关部门",
	    "事故发生地设区的市级人民政府", 3, 10, 1000000000LL },
	[ACC_MAJOR] = { "major", "重大事故", "逐级上报至国务院应急管理部门和有关部门",
	    "事故发生地省级人民政府", 10, 50, 5000000000LL },
	[ACC_ESPECIALLY_MAJOR] = { "especially_major", "特别重大事故",
	    "逐级上报至国务院应急管理部门和有关部门", "国务院或者国务院授权有关部门", 30, 100,
	    10000000000LL },
};

/* GB 6441 的20类事故类别 (the list). */
static const char *const types[] = { "物体打击", "车辆伤害", "机械伤害", "起重伤害", "触电", "淹溺",
	"灼烫", "火灾", "高处坠落", "坍塌", "冒顶片帮", "透水", "放炮", "火药爆炸", "瓦斯爆炸",
	"锅炉爆炸", "容器爆炸", "其它爆炸", "中毒和窒息", "其它伤害", NULL };

/* 条例第九条: 单位负责人接到报告后, 应当于1小时内报告. */
#define REPORT_HOURS 1
/* 条例第十三条: 自事故发生之日起30日内 (道路交通、火灾 7日内) 伤亡人数发生变化的, 应当及时补报. */
#define UPDATE_DAYS 30
#define UPDATE_DAYS_ROAD_FIRE 7
/* 条例第二十九条: 自事故发生之日起60日内提交事故调查报告; 特殊情况下经批准可以延长, 最长不超过60日. */
#define INVESTIGATION_DAYS 60
#define EXTENSION_MAX_DAYS 60

#define STAFF ROLES_REGISTRY
#define HEADS (ROLE_BIT(ROLE_ADMIN) | ROLE_BIT(ROLE_CITY) | ROLE_BIT(ROLE_DISTRICT))

const char *
accident_grade_code(enum accident_grade g)
{
	return g < ACC_GRADE__MAX ? grades[g].code : NULL;
}

const char *
accident_grade_label(enum accident_grade g)
{
	return g < ACC_GRADE__MAX ? grades[g].label : NULL;
}

enum accident_grade
accident_grade_of(int64_t deaths, int64_t injuries, int64_t loss, const char **by)
{
	int g;

	/* The highest grade any criterion reaches (the reference: 取最高等级, an
	 * interpretation it marks; each grade's criteria are joined by 或者). */
	for (g = ACC_GRADE__MAX - 1; g > ACC_GENERAL; g--) {
		if (deaths >= grades[g].deaths) {
			*by = "deaths";
			return (enum accident_grade)g;
		}
		if (injuries >= grades[g].injuries) {
			*by = "serious_injuries";
			return (enum accident_grade)g;
		}
		if (loss >= grades[g].loss_fen) {
			*by = "direct_loss";
			return (enum accident_grade)g;
		}
	}
	*by = "none";
	return ACC_GENERAL;
}

static int
grade_index(const char *code)
{
	int g;

	for (g = 0; code != NULL && g < ACC_GRADE__MAX; g++)
		if (strcmp(grades[g].code, code) == 0)
			return g;
	return ACC_GENERAL;
}

/* An RFC 3339 instant field: absent → NULL; never after now. */
static bool
instant_field(json_t *in, const char *key, int64_t now, int64_t *out, json_t *errs)
{
	json_t *v = json_object_get(in, key);

	if (v == NULL || json_is_null(v))
		return false;
	if (!json_is_string(v) || !instant_parse(json_string_value(v), out)) {
		jx_err(errs, key, "应为时刻 (RFC 3339), 如 2024-03-05T08:30:00+08:00");
		return false;
	}
	/* A minute of clock difference between the browser and the server is allowed. */
	if (*out > now + 60000) {
		jx_err(errs, key, "不能晚于现在");
		return false;
	}
	return true;
}

static const char sql_event[] =
    "INSERT INTO accident_events (accident_id, action, from_status, to_status, actor_id,"
    " actor_name, at, note, data) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)";

static const char sql_insert[] =
    "INSERT INTO accidents (occurred_at, occurred_on, region_code, sector, enterprise_id, type,"
    " road_traffic, location, description, deaths, serious_injuries, direct_loss_fen, grade,"
    " reported_at, attachments, created_by, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5,"
    " ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?17)";

/* The casualty figures of `in` (all three required on create). */
static void
decode_figures(json_t *in, int64_t *d, int64_t *i, int64_t *l, json_t *errs)
{
	if (jx_missing(jx_int(in, "deaths", 0, 100000, d, errs)) && !jx_has_err(errs, "deaths"))
		jx_err(errs, "deaths", "必填: 死亡人数 (0 或以上)");
	if (jx_missing(jx_int(in, "serious_injuries", 0, 100000, i, errs)) &&
	    !jx_has_err(errs, "serious_injuries"))
		jx_err(errs, "serious_injuries", "必填: 重伤人数 (含急性工业中毒, 0 或以上)");
	if (jx_missing(jx_int(in, "direct_loss_fen", 0, 100000000000000LL, l, errs)) &&
	    !jx_has_err(errs, "direct_loss_fen"))
		jx_err(errs, "direct_loss_fen", "必填: 直接经济损失 (分, 0 或以上)");
}

enum app_err
accident_create(struct store *s, struct arena *a, const struct actor *actor, const struct scope *sc,
    const struct audit_who *who, json_t *in, int64_t now, json_t *errs, int64_t *id)
{
	static const char *const known[] = { "occurred_at", "region_code", "enterprise_id", "type",
		"road_traffic", "location", "description", "deaths", "serious_injuries",
		"direct_loss_fen", "reported_at", "attachments", NULL };
	const char              *region = NULL, *type = NULL, *loc = NULL, *desc = NULL, *by;
	const char              *sector = "";
	int64_t                  occurred = 0, reported = 0, ent = 0, deaths = 0, inj = 0, loss = 0;
	bool                     road = false, have_occ, have_rep;
	json_t                  *att = NULL, *data = NULL, *v;
	char                     on[11], *atext = NULL;
	struct stmt             *st;
	enum accident_grade      g;
	enum app_err             er;
	bool                     row;
	size_t                   i;

	*id = 0;
	if (!((STAFF | ROLE_BIT(ROLE_ENTERPRISE)) & ROLE_BIT(actor->role)))
		return APP_EPERM;
	if (!json_is_object(in)) {
		jx_err(errs, "$", "应为 JSON 对象");
		return APP_EINVAL;
	}
	jx_unknown(in, known, errs);
	if (!(have_occ = instant_field(in, "occurred_at", now, &occurred, errs)) &&
	    !jx_has_err(errs, "occurred_at"))
		jx_err(errs, "occurred_at", "必填: 事故发生时刻");
	if (!(have_rep = instant_field(in, "reported_at", now, &reported, errs)) &&
	    !jx_has_err(errs, "reported_at"))
		jx_err(errs, "reported_at", "必填: 报告时刻");
	if (have_occ && have_rep && reported < occurred)
		jx_err(errs, "reported_at", "不能早于事故发生时刻");
	if (jx_missing(jx_enum(in, "type", types, &type, errs)) && !jx_has_err(errs, "type"))
		jx_err(errs, "type", "必填: 事故类别 (GB 6441 的20类之一)");
	jx_bool(in, "road_traffic", &road, errs);
	jx_string(a, in, "location", 0, 200, &loc, errs);
	jx_string(a, in, "description", 0, 5000, &desc, errs);
	decode_figures(in, &deaths, &inj, &loss, errs);
	jx_string(a, in, "region_code", 2, 12, &region, errs);
	jx_int(in, "enterprise_id", 1, INT64_MAX, &ent, errs);
	if ((v = json_object_get(in, "attachments")) != NULL && !json_is_null(v)) {
		if (!json_is_array(v) || json_array_size(v) > 20)
			jx_err(errs, "attachments", "应为附件编号的数组(最多20个)");
		else
			json_array_foreach(
			    v, i, att) if (!json_is_integer(att) || json_integer_value(att) <= 0)
			    jx_err(errs, "attachments", "应为附件编号的数组");
		att = json_array_size(v) ? v : NULL;
	} else
		att = NULL;
	if (actor->role == ROLE_ENTERPRISE) {
		/* An enterprise reports its own accidents (条例第九条: 单位负责人报告). */
		if (ent != 0 && ent != actor->enterprise_id)
			jx_err(errs, "enterprise_id", "企业只能报告本单位的事故");
		ent = actor->enterprise_id;
	}
	if ((er = store_begin(s, STORE_WRITE)) != APP_OK)
		return er;
	if (ent > 0) {
		st = store_stmt(s,
		    "SELECT region_code, sector FROM enterprises e WHERE id = ?5 AND " SCOPE_PRED(
			"e.region_code", "e.sector", "e.id"));
		scope_bind(st, sc);
		stmt_bind_i64(st, 5, ent);
		if ((er = stmt_step(st, &row)) != APP_OK)
			goto fail;
		if (!row)
			jx_err(errs, "enterprise_id", "企业不存在或不在您的管辖范围内");
		else {
			/* Where it happened may differ from where the enterprise is registered
			 * (条例第二十一条); the region given wins, else the enterprise's. */
			if (region == NULL)
				region = arena_strdup(a, stmt_text(st, 0));
			sector = arena_strdup(a, stmt_text(st, 1));
		}
		stmt_reset(st);
	}
	if (region == NULL && !jx_has_err(errs, "region_code") &&
	    !jx_has_err(errs, "enterprise_id"))
		jx_err(errs, "region_code", "必填: 事故发生地 (或给出事故单位)");
	if (region != NULL) {
		const char *rname;

		if ((er = region_name(s, a, region, &rname)) == APP_ENOENT)
			jx_err(errs, "region_code", "没有这个行政区划");
		else if (er != APP_OK)
			goto fail;
		/* The record must be one the caller sees: a department's scope is its
		 * sectors' enterprises, so it names the enterprise. */
		else if (!jx_has_err(errs, "enterprise_id") &&
		    !scope_contains(sc, region, sector, ent)) {
			if (sc->sectors != NULL && ent == 0)
				jx_err(errs, "enterprise_id",
				    "行业部门登记事故须给出本行业的事故单位");
			else
				jx_err(errs, "region_code", "不在您的管辖范围内");
		}
	}
	if (json_array_size(errs) > 0) {
		er = APP_EINVAL;
		goto fail;
	}
	g = accident_grade_of(deaths, inj, loss, &by);
	date_fmt(date_of_ms(occurred), on);
	atext = att ? json_dumps(att, JSON_COMPACT) : strdup("[]");
	st = store_stmt(s, sql_insert);
	stmt_bind_i64(st, 1, occurred);
	stmt_bind_text(st, 2, on);
	stmt_bind_text(st, 3, region);
	stmt_bind_text(st, 4, sector);
	if (ent > 0)
		stmt_bind_i64(st, 5, ent);
	stmt_bind_text(st, 6, type);
	stmt_bind_i64(st, 7, road);
	stmt_bind_text(st, 8, loc ? loc : "");
	stmt_bind_text(st, 9, desc ? desc : "");
	stmt_bind_i64(st, 10, deaths);
	stmt_bind_i64(st, 11, inj);
	stmt_bind_i64(st, 12, loss);
	stmt_bind_text(st, 13, grades[g].code);
	stmt_bind_i64(st, 14, reported);
	stmt_bind_text(st, 15, atext);
	stmt_bind_i64(st, 16, actor->user_id);
	stmt_bind_i64(st, 17, now);
	if ((er = stmt_run(st)) != APP_OK)
		goto fail;
	*id = store_last_id(s);
	if (att != NULL &&
	    (er = attachment_claim(s, actor, att, "accident", *id, false, "attachments", errs)) !=
		APP_OK)
		goto fail;
	if (json_array_size(errs) > 0) {
		er = APP_EINVAL;
		goto fail;
	}
	data = json_pack("{s:s, s:s, s:I, s:I, s:I, s:s, s:s, s:b}", "type", type, "region_code",
	    region, "deaths", (json_int_t)deaths, "serious_injuries", (json_int_t)inj,
	    "direct_loss_fen", (json_int_t)loss, "grade", grades[g].code, "grade_by", by,
	    "late_report", reported - occurred > REPORT_HOURS * HOUR_MS);
	if (ent > 0)
		json_object_set_new(data, "enterprise_id", json_integer(ent));
	if ((er = audit_event(s, sql_event, actor, who, *id, "report", NULL, grades[g].code, now,
		 NULL, data)) != APP_OK)
		goto fail;
	if ((er = audit_append(s, who, "create", "accident", *id, data)) != APP_OK)
		goto fail;
	er = store_commit(s);
	goto done;
fail:
	store_rollback(s);
	*id = 0;
done:
	free(atext);
	json_decref(data);
	return er;
}

/* ---- reading ---- */

#define ACC_COLS \
	"a.id, a.occurred_at, a.occurred_on, a.region_code, r.name AS region_name, a.sector," \
	" a.enterprise_id, e.name AS enterprise_name, a.type, a.road_traffic, a.location," \
	" a.description, a.deaths, a.serious_injuries, a.direct_loss_fen, a.grade, a.reported_at," \
	" a.attachments, a.extension_days, a.extension_reason, a.report_submitted_on," \
	" a.created_at, a.updated_at"
#define ACC_FROM \
	" FROM accidents a LEFT JOIN regions r ON r.code = a.region_code LEFT JOIN enterprises e" \
	" ON e.id = a.enterprise_id"

static const char sql_one[] = "SELECT " ACC_COLS ACC_FROM " WHERE a.id = ?5 AND " SCOPE_PRED(
    "a.region_code", "a.sector", "a.enterprise_id");

static void
set_instant(json_t *o, const char *key)
{
	char t[40];

	time_fmt_rfc3339(jx_num(o, key), t, sizeof(t));
	json_object_set_new(o, key, json_string(t));
}

static void
set_day(json_t *o, const char *key, int64_t d)
{
	char t[11];

	date_fmt(d, t);
	json_object_set_new(o, key, json_string(t));
}

/* What follows from the grade and the times, as of `today`. */
static void
derive(json_t *x, const char *today)
{
	int     g = grade_index(jx_str(x, "grade"));
	int64_t occ = jx_num(x, "occurred_at"), rep = jx_num(x, "reported_at"), day, t = 0, late;
	const char *by;
	bool        road_fire = json_is_true(json_object_get(x, "road_traffic")) ||
	    jx_num(x, "road_traffic") != 0 || strcmp(jx_str(x, "type"), "火灾") == 0;

	date_parse(jx_str(x, "occurred_on"), &day);
	date_parse(today, &t);
	accident_grade_of(
	    jx_num(x, "deaths"), jx_num(x, "serious_injuries"), jx_num(x, "direct_loss_fen"), &by);
	json_object_set_new(x, "grade_label", json_string(grades[g].label));
	json_object_set_new(x, "grade_by", json_string(by));
	json_object_set_new(x, "road_traffic",
	    json_boolean(json_is_true(json_object_get(x, "road_traffic")) ||
		jx_num(x, "road_traffic") != 0));
	/* 条例第九条: within 1 hour of the accident. */
	late = rep - occ - REPORT_HOURS * HOUR_MS;
	json_object_set_new(x, "late_report", json_boolean(late > 0));
	json_object_set_new(
	    x, "late_report_minutes", json_integer(late > 0 ? (late + 59999) / 60000 : 0));
	json_object_set_new(x, "report_due_at", json_integer(occ + REPORT_HOURS * HOUR_MS));
	set_instant(x, "report_due_at");
	/* 条例第十条: how far up; 第十一条: each level at most 2 hours. */
	json_object_set_new(x, "report_to", json_string(grades[g].report_to));
	/* 条例第十九条 */
	json_object_set_new(x, "investigated_by", json_string(grades[g].investigated_by));
	/* 条例第二十九条 */
	set_day(x, "investigation_due", day + INVESTIGATION_DAYS + jx_num(x, "extension_days"));
	json_object_set_new(x, "investigation_overdue",
	    json_boolean(jx_str(x, "report_submitted_on") == NULL &&
		t > day + INVESTIGATION_DAYS + jx_num(x, "extension_days")));
	/* 条例第十三条 */
	set_day(x, "update_window_until", day + (road_fire ? UPDATE_DAYS_ROAD_FIRE : UPDATE_DAYS));
	set_instant(x, "occurred_at");
	set_instant(x, "reported_at");
}

enum app_err
accident_ref(struct store *s, const struct scope *sc, int64_t id, struct accident_ref *out)
{
	struct stmt *st = store_stmt(s,
	    "SELECT a.region_code, a.sector, a.enterprise_id, a.grade"
	    " FROM accidents a WHERE a.id = ?5 AND " SCOPE_PRED(
		"a.region_code", "a.sector", "a.enterprise_id"));
	enum app_err er;
	bool         row;

	scope_bind(st, sc);
	stmt_bind_i64(st, 5, id);
	if ((er = stmt_step(st, &row)) != APP_OK)
		return er;
	if (row && out != NULL) {
		snprintf(out->region_code, sizeof(out->region_code), "%s", stmt_text(st, 0));
		snprintf(out->sector, sizeof(out->sector), "%s", stmt_text(st, 1));
		out->enterprise_id = stmt_i64(st, 2);
		snprintf(out->grade, sizeof(out->grade), "%s", stmt_text(st, 3));
	}
	stmt_reset(st);
	return row ? APP_OK : APP_ENOENT;
}

static json_t *
actions_for(const struct actor *actor, const json_t *x, const char *today)
{
	json_t *out = json_array();

	if (((STAFF | ROLE_BIT(ROLE_ENTERPRISE)) & ROLE_BIT(actor->role)) &&
	    strcmp(today, jx_str(x, "update_window_until")) <= 0)
		json_array_append_new(out, json_string("update_casualties"));
	if ((HEADS & ROLE_BIT(actor->role)) && jx_num(x, "extension_days") == 0 &&
	    jx_str(x, "report_submitted_on") == NULL)
		json_array_append_new(out, json_string("extend_investigation"));
	if ((HEADS & ROLE_BIT(actor->role)) && jx_str(x, "report_submitted_on") == NULL)
		json_array_append_new(out, json_string("submit_report"));
	return out;
}

enum app_err
accident_detail(struct store *s, const struct actor *actor, const struct scope *sc, int64_t id,
    const char *today, json_t **out)
{
	struct stmt *st = store_stmt(s, sql_one);
	enum app_err er;
	json_t      *x, *ev, *e, *v;
	bool         row;
	size_t       i;

	*out = NULL;
	scope_bind(st, sc);
	stmt_bind_i64(st, 5, id);
	if ((er = stmt_step(st, &row)) != APP_OK)
		return er;
	if (!row) {
		stmt_reset(st);
		return APP_ENOENT;
	}
	x = stmt_row_json(st);
	stmt_reset(st);
	v = json_loads(jx_str(x, "attachments"), 0, NULL);
	json_object_set_new(x, "attachments", v ? v : json_array());
	derive(x, today);
	set_instant(x, "created_at");
	set_instant(x, "updated_at");
	st = store_stmt(s,
	    "SELECT id, action, from_status, to_status, actor_name, at, note, data"
	    " FROM accident_events WHERE accident_id = ?1 ORDER BY id");
	stmt_bind_i64(st, 1, id);
	ev = json_array();
	while ((er = stmt_step(st, &row)) == APP_OK && row)
		json_array_append_new(ev, stmt_row_json(st));
	json_array_foreach(ev, i, e)
	{
		json_t *d = json_loads(jx_str(e, "data"), 0, NULL);

		set_instant(e, "at");
		json_object_set_new(e, "data", d ? d : json_object());
	}
	json_object_set_new(x, "events", ev);
	json_object_set_new(x, "actions", actions_for(actor, x, today));
	if (er != APP_OK) {
		json_decref(x);
		return er;
	}
	*out = x;
	return APP_OK;
}

/* ---- steps ---- */

enum app_err
accident_transition(struct store *s, struct arena *a, const struct actor *actor,
    const struct scope *sc, const struct audit_who *who, int64_t id, json_t *in, int64_t now,
    json_t *errs)
{
	static const char *const actions[] = { "update_casualties", "extend_investigation",
		"submit_report", NULL };
	static const char *const fields[][5] = {
		{ "deaths", "serious_injuries", "direct_loss_fen", "note", NULL },
		{ "days", "reason", NULL },
		{ "submitted_on", "note", NULL },
	};
	const char  *action = NULL, *note = NULL, *reason = NULL, *by, *k;
	json_t      *x = NULL, *data = json_object(), *v;
	char         today[11];
	struct stmt *st;
	enum app_err er;
	int          act, f;
	bool         ok;

	today_str(today);
	if (!json_is_object(in)) {
		jx_err(errs, "$", "应为 JSON 对象");
		json_decref(data);
		return APP_EINVAL;
	}
	if (jx_missing(jx_enum(in, "action", actions, &action, errs))) {
		if (!jx_has_err(errs, "action"))
			jx_err(errs, "action",
			    "必填: update_casualties、extend_investigation 或 submit_report");
		json_decref(data);
		return APP_EINVAL;
	}
	if (action == NULL) {
		json_decref(data);
		return APP_EINVAL;
	}
	for (act = 0; strcmp(actions[act], action) != 0; act++)
		;
	json_object_foreach(in, k, v)
	{
		ok = strcmp(k, "action") == 0;
		for (f = 0; !ok && fields[act][f] != NULL; f++)
			ok = strcmp(fields[act][f], k) == 0;
		if (!ok)
			jx_err(errs, k, "此操作不接受该字段");
	}
	if (act == 0 ? !((STAFF | ROLE_BIT(ROLE_ENTERPRISE)) & ROLE_BIT(actor->role))
		     : !(HEADS & ROLE_BIT(actor->role))) {
		json_decref(data);
		return APP_EPERM;
	}
	if ((er = store_begin(s, STORE_WRITE)) != APP_OK) {
		json_decref(data);
		return er;
	}
	if ((er = accident_detail(s, actor, sc, id, today, &x)) != APP_OK)
		goto fail;
	jx_string(a, in, "note", 0, 1000, &note, errs);
	if (act == 0) {
		int64_t d = jx_num(x, "deaths"), i = jx_num(x, "serious_injuries"),
			l = jx_num(x, "direct_loss_fen");
		enum accident_grade g;

		/* 条例第十三条: casualty changes within 30 days (7 for road traffic and fire). */
		if (strcmp(today, jx_str(x, "update_window_until")) > 0) {
			jx_err(errs, "action",
			    arena_printf(a,
				"补报期限已于 %s 届满(条例第十三条: 自事故发生之日起%d日内)",
				jx_str(x, "update_window_until"),
				json_is_true(json_object_get(x, "road_traffic")) ||
					strcmp(jx_str(x, "type"), "火灾") == 0
				    ? UPDATE_DAYS_ROAD_FIRE
				    : UPDATE_DAYS));
			er = APP_ECONFLICT;
			goto fail;
		}
		jx_int(in, "deaths", 0, 100000, &d, errs);
		jx_int(in, "serious_injuries", 0, 100000, &i, errs);
		jx_int(in, "direct_loss_fen", 0, 100000000000000LL, &l, errs);
		if (note == NULL && !jx_has_err(errs, "note"))
			jx_err(errs, "note", "必填: 补报的情况");
		if (json_object_get(in, "deaths") == NULL &&
		    json_object_get(in, "serious_injuries") == NULL &&
		    json_object_get(in, "direct_loss_fen") == NULL)
			jx_err(errs, "deaths",
			    "补报须给出死亡人数、重伤人数或直接经济损失中的至少一项");
		if (json_array_size(errs) > 0) {
			er = APP_EINVAL;
			goto fail;
		}
		g = accident_grade_of(d, i, l, &by);
		st = store_stmt(s,
		    "UPDATE accidents SET deaths = ?2, serious_injuries = ?3,"
		    " direct_loss_fen = ?4, grade = ?5, updated_at = ?6 WHERE id = ?1");
		stmt_bind_i64(st, 1, id);
		stmt_bind_i64(st, 2, d);
		stmt_bind_i64(st, 3, i);
		stmt_bind_i64(st, 4, l);
		stmt_bind_text(st, 5, grades[g].code);
		stmt_bind_i64(st, 6, now);
		if ((er = stmt_run(st)) != APP_OK)
			goto fail;
		json_object_set_new(data, "deaths", json_pack("[I, I]", jx_num(x, "deaths"), d));
		json_object_set_new(data, "serious_injuries",
		    json_pack("[I, I]", jx_num(x, "serious_injuries"), i));
		json_object_set_new(
		    data, "direct_loss_fen", json_pack("[I, I]", jx_num(x, "direct_loss_fen"), l));
		json_object_set_new(
		    data, "grade", json_pack("[s, s]", jx_str(x, "grade"), grades[g].code));
		er = audit_event(s, sql_event, actor, who, id, "update_casualties",
		    jx_str(x, "grade"), grades[g].code, now, note, data);
	} else if (act == 1) {
		int64_t days = 0;

		/* 条例第三十一条: the investigation ends when its report is submitted. */
		if (jx_str(x, "report_submitted_on") != NULL) {
			jx_err(errs, "action", "调查报告已提交, 调查工作已结束(条例第三十一条)");
			er = APP_ECONFLICT;
			goto fail;
		}
		if (jx_num(x, "extension_days") > 0) {
			jx_err(
			    errs, "action", "调查期限已延长过一次(条例第二十九条: 最长不超过60日)");
			er = APP_ECONFLICT;
			goto fail;
		}
		if (jx_missing(jx_int(in, "days", 1, EXTENSION_MAX_DAYS, &days, errs)) &&
		    !jx_has_err(errs, "days"))
			jx_err(errs, "days", "必填: 延长的天数 (1–60, 条例第二十九条)");
		if (jx_missing(jx_string(a, in, "reason", 1, 1000, &reason, errs)) &&
		    !jx_has_err(errs, "reason"))
			jx_err(errs, "reason", "必填: 延长的理由及批准情况");
		if (json_array_size(errs) > 0) {
			er = APP_EINVAL;
			goto fail;
		}
		st = store_stmt(s,
		    "UPDATE accidents SET extension_days = ?2, extension_reason = ?3,"
		    " updated_at = ?4 WHERE id = ?1");
		stmt_bind_i64(st, 1, id);
		stmt_bind_i64(st, 2, days);
		stmt_bind_text(st, 3, reason);
		stmt_bind_i64(st, 4, now);
		if ((er = stmt_run(st)) != APP_OK)
			goto fail;
		json_object_set_new(data, "days", json_integer(days));
		er = audit_event(s, sql_event, actor, who, id, "extend_investigation",
		    jx_str(x, "grade"), jx_str(x, "grade"), now, reason, data);
	} else {
		const char *on = NULL;
		int64_t     dd;

		if (jx_str(x, "report_submitted_on") != NULL) {
			jx_err(errs, "action", "调查报告已提交");
			er = APP_ECONFLICT;
			goto fail;
		}
		if (jx_missing(jx_string(a, in, "submitted_on", 10, 10, &on, errs)) &&
		    !jx_has_err(errs, "submitted_on"))
			on = today;
		if (on != NULL &&
		    (!date_parse(on, &dd) || strcmp(on, today) > 0 ||
			strcmp(on, jx_str(x, "occurred_on")) < 0))
			jx_err(errs, "submitted_on", "应为事故发生之日至今天之间的日期");
		if (json_array_size(errs) > 0) {
			er = APP_EINVAL;
			goto fail;
		}
		st = store_stmt(s,
		    "UPDATE accidents SET report_submitted_on = ?2, updated_at = ?3"
		    " WHERE id = ?1");
		stmt_bind_i64(st, 1, id);
		stmt_bind_text(st, 2, on);
		stmt_bind_i64(st, 3, now);
		if ((er = stmt_run(st)) != APP_OK)
			goto fail;
		json_object_set_new(data, "submitted_on", json_string(on));
		json_object_set_new(
		    data, "late", json_boolean(strcmp(on, jx_str(x, "investigation_due")) > 0));
		er = audit_event(s, sql_event, actor, who, id, "submit_report", jx_str(x, "grade"),
		    jx_str(x, "grade"), now, note, data);
	}
	if (er == APP_OK) {
		json_t *ch = json_pack("{s:s, s:O}", "action", action, "data", data);

		er = audit_append(s, who, "transition", "accident", id, ch);
		json_decref(ch);
	}
	if (er == APP_OK && (er = store_commit(s)) == APP_OK)
		goto out;
fail:
	store_rollback(s);
out:
	json_decref(x);
	json_decref(data);
	return er;
}

/* ---- the list ---- */

enum app_err
accident_filter_parse(accident_param_fn get, void *arg, struct accident_filter *f, json_t *errs)
{
	const char *v;
	int64_t     d;
	int         i;

	memset(f, 0, sizeof(*f));
	f->region = get(arg, "region");
	f->grade = get(arg, "grade");
	f->type = get(arg, "type");
	f->from = get(arg, "from");
	f->to = get(arg, "to");
	if (f->grade != NULL) {
		for (i = 0; i < ACC_GRADE__MAX && strcmp(grades[i].code, f->grade) != 0; i++)
			;
		if (i == ACC_GRADE__MAX)
			jx_err(errs, "grade", "应为 general、larger、major 或 especially_major");
	}
	if (f->type != NULL) {
		for (i = 0; types[i] != NULL && strcmp(types[i], f->type) != 0; i++)
			;
		if (types[i] == NULL)
			jx_err(errs, "type", "应为 GB 6441 的20类事故类别之一");
	}
	if (f->from != NULL && !date_parse(f->from, &d))
		jx_err(errs, "from", "应为日期 YYYY-MM-DD");
	if (f->to != NULL && !date_parse(f->to, &d))
		jx_err(errs, "to", "应为日期 YYYY-MM-DD");
	if (f->region != NULL &&
	    (strlen(f->region) < 2 || strlen(f->region) > 12 ||
		strspn(f->region, "0123456789") != strlen(f->region)))
		jx_err(errs, "region", "应为行政区划代码");
	if ((v = get(arg, "enterprise_id")) != NULL &&
	    (f->enterprise_id = strtoll(v, NULL, 10)) <= 0)
		jx_err(errs, "enterprise_id", "应为正整数");
	return json_array_size(errs) ? APP_EINVAL : APP_OK;
}

#define LIST_WHERE \
	" WHERE " SCOPE_PRED("a.region_code", "a.sector", \
	    "a.enterprise_id") " AND (?5 IS NULL OR a.grade = ?5) AND (?6 IS NULL OR a.type = ?6)" \
			       " AND (?7 IS NULL OR a.occurred_on >= ?7) AND (?8 IS NULL OR a.occurred_on <= ?8)" \
			       " AND (?9 IS NULL OR a.enterprise_id = ?9)"
static const char sql_list[] = "SELECT " ACC_COLS ACC_FROM LIST_WHERE
			       " AND (?10 = 0 OR a.id < ?10) ORDER BY a.id DESC LIMIT ?11";
static const char sql_count[] = "SELECT count(*) FROM accidents a" LIST_WHERE;

static bool
bind_filter(struct stmt *st, const struct scope *sc, const struct accident_filter *f)
{
	char lo[16], hi[16];

	if (f->region != NULL) {
		if (!scope_narrow(sc, f->region, lo, hi))
			return false;
		scope_bind_range(st, sc, lo, hi);
	} else
		scope_bind(st, sc);
	stmt_bind_text(st, 5, f->grade);
	stmt_bind_text(st, 6, f->type);
	stmt_bind_text(st, 7, f->from);
	stmt_bind_text(st, 8, f->to);
	if (f->enterprise_id > 0)
		stmt_bind_i64(st, 9, f->enterprise_id);
	return true;
}

enum app_err
accident_page(struct store *s, const struct scope *sc, const struct accident_filter *f,
    int64_t cursor, int limit, json_t **items, int64_t *total)
{
	struct stmt *st = store_stmt(s, sql_count);
	enum app_err er;
	bool         row;
	char         today[11];

	*items = json_array();
	*total = 0;
	today_str(today);
	if (!bind_filter(st, sc, f)) {
		stmt_reset(st);
		return APP_OK;
	}
	if ((er = stmt_one_i64(st, total)) != APP_OK)
		return er;
	st = store_stmt(s, sql_list);
	bind_filter(st, sc, f);
	stmt_bind_i64(st, 10, cursor);
	stmt_bind_i64(st, 11, limit);
	while ((er = stmt_step(st, &row)) == APP_OK && row) {
		json_t *x = stmt_row_json(st), *v = json_loads(jx_str(x, "attachments"), 0, NULL);

		json_object_set_new(x, "attachments", v ? v : json_array());
		derive(x, today);
		set_instant(x, "created_at");
		set_instant(x, "updated_at");
		json_array_append_new(*items, x);
	}
	return er;
}

/* ---- statistics ---- */

#define STATS_WHERE \
	" FROM accidents a INDEXED BY accidents_on WHERE a.occurred_on >= ?5 AND" \
	" a.occurred_on <= ?6 AND " SCOPE_PRED("a.region_code", "a.sector", "a.enterprise_id")
#define STATS_SUMS \
	" count(*), sum(a.deaths), sum(a.serious_injuries), sum(a.direct_loss_fen)" STATS_WHERE
static const char *const group_bys[] = { "grade", "type", "region", "month", NULL };
static const char *const sql_stats[] = {
	"SELECT a.grade," STATS_SUMS " GROUP BY 1",
	"SELECT a.type," STATS_SUMS " GROUP BY 1",
	"SELECT substr(a.region_code, 1, 6)," STATS_SUMS " GROUP BY 1",
	"SELECT substr(a.occurred_on, 1, 7)," STATS_SUMS " GROUP BY 1",
};

static json_t *
stat_group(const char *key, const char *label)
{
	return json_pack("{s:s, s:s, s:i, s:i, s:i, s:I}", "key", key, "label", label, "count", 0,
	    "deaths", 0, "serious_injuries", 0, "direct_loss_fen", (json_int_t)0);
}

static void
stat_add(json_t *g, const char *k, int64_t n)
{
	json_object_set_new(g, k, json_integer(jx_num(g, k) + n));
}

enum app_err
accident_stats(struct store *s, const struct scope *sc, const char *from, const char *to,
    const char *group_by, json_t **out)
{
	json_t      *groups = json_array(), *total = stat_group("total", "合计"), *g;
	struct stmt *st;
	enum app_err er;
	bool         row;
	int          gi, i;

	for (gi = 0; strcmp(group_bys[gi], group_by) != 0; gi++)
		;
	/* By grade every grade is listed, in order, even when none occurred. */
	if (gi == 0)
		for (i = 0; i < ACC_GRADE__MAX; i++)
			json_array_append_new(groups, stat_group(grades[i].code, grades[i].label));
	st = store_stmt(s, sql_stats[gi]);
	scope_bind(st, sc);
	stmt_bind_text(st, 5, from);
	stmt_bind_text(st, 6, to);
	while ((er = stmt_step(st, &row)) == APP_OK && row) {
		const char *key = stmt_text(st, 0);

		if (gi == 0)
			g = json_array_get(groups, (size_t)grade_index(key));
		else {
			g = stat_group(key, gi == 2 ? region_label(key) : key);
			json_array_append_new(groups, g);
		}
		stat_add(g, "count", stmt_i64(st, 1));
		stat_add(g, "deaths", stmt_i64(st, 2));
		stat_add(g, "serious_injuries", stmt_i64(st, 3));
		stat_add(g, "direct_loss_fen", stmt_i64(st, 4));
		stat_add(total, "count", stmt_i64(st, 1));
		stat_add(total, "deaths", stmt_i64(st, 2));
		stat_add(total, "serious_injuries", stmt_i64(st, 3));
		stat_add(total, "direct_loss_fen", stmt_i64(st, 4));
	}
	if (er != APP_OK) {
		json_decref(groups);
		json_decref(total);
		return er;
	}
	*out = json_pack("{s:s, s:s, s:s, s:o, s:o}", "from", from, "to", to, "group_by", group_by,
	    "groups", groups, "total", total);
	return APP_OK;
}
