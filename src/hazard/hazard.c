#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "attachment/attachment.h"
#include "audit/audit.h"
#include "auth/scope.h"
#include "core/arena.h"
#include "core/jsonx.h"
#include "core/jw.h"
#include "core/mem.h"
#include "core/timeutil.h"
#include "enforce/supervision.h"
#include "enterprise/enterprise.h"
#include "hazard/hazard.h"
#include "refdata/refdata.h"
#include "standard/standard.h"
#include "store/count_cache.h"
#include "store/store.h"

#define MAX_PHOTOS 20

/* Bumped by every write of this process: cached list counts are stale after it. */
static _Atomic uint64_t hazard_gen = 1;
#define OPEN_STATUSES "('reported', 'rectifying', 'awaiting_acceptance')"

static const char *const sources[] = { "self_inspection", "government_inspection", "complaint",
	"accident_investigation", "other", NULL };
static const char *const levels[] = { "general", "major", NULL };
static const char *const statuses[] = { "reported", "rectifying", "awaiting_acceptance", "closed",
	"voided", NULL };

/* Government staff who supervise enterprises and may record on their behalf. */
#define STAFF \
	(ROLE_BIT(ROLE_ADMIN) | ROLE_BIT(ROLE_CITY) | ROLE_BIT(ROLE_DISTRICT) | \
	    ROLE_BIT(ROLE_DEPARTMENT) | ROLE_BIT(ROLE_INSPECTOR))
#define ENTERPRISE ROLE_BIT(ROLE_ENTERPRISE)
#define VOIDERS (ROLE_BIT(ROLE_ADMIN) | ROLE_BIT(ROLE_CITY) | ROLE_BIT(ROLE_DISTRICT))

/*
 * The transition table. The enterprise rectifies (plan, completion); government staff may
 * record both for enterprises that have no account. Acceptance (验收) is the supervisors'
 * — except that an enterprise accepts its own general hazards found in self-inspection
 * (自查自改). Voiding is for the bureaus only, with a reason.
 */
static const struct {
	const char *name;
	const char *from[4];
	const char *to;
	unsigned    roles;
	bool        self_general_enterprise; /* the enterprise too, for its own general ones */
	const char *fields[8];               /* accepted input besides "action" */
} trans[HA__MAX] = {
	[HA_SUBMIT_PLAN] = { "submit_plan", { "reported" }, "rectifying", STAFF | ENTERPRISE, false,
	    { "responsible", "measures", "funds_fen", "deadline", "contingency", "note" } },
	[HA_SUBMIT_DONE] = { "submit_done", { "rectifying" }, "awaiting_acceptance",
	    STAFF | ENTERPRISE, false, { "after_photos", "note" } },
	[HA_ACCEPT] = { "accept", { "awaiting_acceptance" }, "closed", STAFF, true, { "note" } },
	[HA_REJECT] = { "reject", { "awaiting_acceptance" }, "rectifying", STAFF, true,
	    { "reason" } },
	[HA_VOID] = { "void", { "reported", "rectifying", "awaiting_acceptance", "closed" },
	    "voided", VOIDERS, false, { "reason" } },
};

const char *
hazard_action_name(enum hazard_action a)
{
	return trans[a].name;
}

bool
hazard_action_parse(const char *s, enum hazard_action *a)
{
	int i;

	for (i = 0; i < HA__MAX; i++)
		if (s != NULL && strcmp(trans[i].name, s) == 0) {
			*a = (enum hazard_action)i;
			return true;
		}
	return false;
}

static bool
from_ok(enum hazard_action a, const char *status)
{
	int i;

	for (i = 0; i < 4 && trans[a].from[i] != NULL; i++)
		if (strcmp(trans[a].from[i], status) == 0)
			return true;
	return false;
}

static bool
role_ok(enum role r, enum hazard_action a, const char *level, const char *source)
{
	if (trans[a].roles & ROLE_BIT(r))
		return true;
	return r == ROLE_ENTERPRISE && trans[a].self_general_enterprise &&
	    strcmp(level, "general") == 0 && strcmp(source, "self_inspection") == 0;
}

bool
hazard_may(
    enum role r, enum hazard_action a, const char *status, const char *level, const char *source)
{
	return from_ok(a, status) && role_ok(r, a, level, source);
}

/* A found_on value: a date, or an instant whose Asia/Shanghai date is taken. */
static bool
found_date(const char *s, char out[11])
{
	int64_t d, ms;

	if (date_parse(s, &d)) {
		memcpy(out, s, 11);
		return true;
	}
	if (instant_parse(s, &ms)) {
		date_fmt(date_of_ms(ms), out);
		return true;
	}
	return false;
}

static enum jx
jx_date(struct arena *a, json_t *in, const char *key, const char **out, json_t *errs)
{
	int64_t d;
	enum jx r = jx_string(a, in, key, 0, 10, out, errs);

	if (r == JX_SET && !date_parse(*out, &d)) {
		jx_err(errs, key, "应为日期 YYYY-MM-DD");
		return JX_BAD;
	}
	return r;
}

/* A list of attachment ids. */
static enum jx
jx_ids(json_t *in, const char *key, json_t **out, json_t *errs)
{
	json_t *v = json_object_get(in, key), *e;
	size_t  i;

	*out = NULL;
	if (v == NULL)
		return JX_ABSENT;
	if (json_is_null(v))
		return JX_NULL;
	if (!json_is_array(v) || json_array_size(v) > MAX_PHOTOS) {
		jx_err(errs, key, "应为附件编号的数组（最多20个）");
		return JX_BAD;
	}
	json_array_foreach(v, i, e)
	{
		if (!json_is_integer(e) || json_integer_value(e) <= 0) {
			jx_err(errs, key, "应为附件编号的数组（最多20个）");
			return JX_BAD;
		}
	}
	if (json_array_size(v) == 0)
		return JX_NULL;
	*out = v;
	return JX_SET;
}

/* The plan fields (create and submit_plan), normalised into `clean`. */
static void
decode_plan(struct arena *a, json_t *in, json_t *clean, json_t *errs)
{
	const char *s;
	int64_t     fen;
	enum jx     r;

	if ((r = jx_string(a, in, "responsible", 0, 50, &s, errs)) == JX_SET || r == JX_NULL)
		json_object_set_new(clean, "responsible", json_string(r == JX_SET ? s : ""));
	if ((r = jx_string(a, in, "measures", 0, 2000, &s, errs)) == JX_SET || r == JX_NULL)
		json_object_set_new(clean, "measures", json_string(r == JX_SET ? s : ""));
	if ((r = jx_string(a, in, "contingency", 0, 2000, &s, errs)) == JX_SET || r == JX_NULL)
		json_object_set_new(clean, "contingency", json_string(r == JX_SET ? s : ""));
	if ((r = jx_int(in, "funds_fen", 0, 100000000000000LL, &fen, errs)) == JX_SET)
		json_object_set_new(clean, "funds_fen", json_integer(fen));
	else if (r == JX_NULL)
		json_object_set_new(clean, "funds_fen", json_integer(0));
	if ((r = jx_date(a, in, "deadline", &s, errs)) == JX_SET)
		json_object_set_new(clean, "deadline", json_string(s));
	else if (r == JX_NULL)
		json_object_set_new(clean, "deadline", json_null());
}

/* The 五落实 plan of a major hazard, or measures and deadline of a general one. */
static void
plan_complete(json_t *h, bool major, json_t *errs)
{
	static const char *const texts[] = { "responsible", "measures", "contingency" };
	size_t                   i;

	for (i = 0; i < 3; i++) {
		const char *v = jx_str(h, texts[i]);

		if ((major || i == 1) && (v == NULL || v[0] == '\0'))
			jx_err(errs, texts[i],
			    major ? "重大事故隐患治理方案须落实责任、措施、资金、时限和预案：必填"
				  : "必填");
	}
	if (json_is_null(json_object_get(h, "deadline")) || jx_str(h, "deadline") == NULL)
		jx_err(errs, "deadline",
		    major ? "重大事故隐患治理方案须落实责任、措施、资金、时限和预案：必填"
			  : "必填");
	if (major && json_integer_value(json_object_get(h, "funds_fen")) <= 0)
		jx_err(errs, "funds_fen", "重大事故隐患治理方案须落实整改资金（大于0）");
}

static const char sql_insert[] =
    "INSERT INTO hazards (enterprise_id, region_code, sector, source, inspection_id, found_on,"
    " description, location, category, level, standard_item_id, deadline, responsible,"
    " measures, funds_fen, contingency, photos, after_photos, immediate, status, closed_at,"
    " created_by, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10,"
    " ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?23)";
static const char sql_event[] =
    "INSERT INTO hazard_events (hazard_id, action, from_status, to_status, actor_id,"
    " actor_name, at, note, data) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)";

static char *
ids_text(json_t *ids)
{
	return ids ? json_dumps(ids, JSON_COMPACT) : strdup("[]");
}

enum app_err
hazard_insert(struct store *s, struct arena *a, const struct actor *actor, const struct scope *sc,
    const struct audit_who *who, json_t *in, int64_t inspection_id, int64_t now, json_t *errs,
    int64_t *id)
{
	const struct hazard_insert_opt opt = { .inspection_id = inspection_id };

	return hazard_insert_opt(s, a, actor, sc, who, in, &opt, now, errs, id);
}

enum app_err
hazard_insert_opt(struct store *s, struct arena *a, const struct actor *actor,
    const struct scope *sc, const struct audit_who *who, json_t *in,
    const struct hazard_insert_opt *opt, int64_t now, json_t *errs, int64_t *id)
{
	int64_t                  inspection_id = opt->inspection_id;
	const char              *status;
	static const char *const known[] = { "enterprise_id", "source", "found_on", "description",
		"location", "category", "level", "standard_item_id", "photos", "deadline",
		"responsible", "measures", "funds_fen", "contingency", "immediate", "after_photos",
		"note", NULL };
	json_t                  *clean = json_object(), *photos = NULL, *after = NULL, *ch;
	const char *source = NULL, *level = NULL, *desc = NULL, *loc = NULL, *cat = NULL,
		   *found_in = NULL, *note = NULL, *why;
	const char  *region = NULL, *sector = NULL;
	char         found[11] = "", today[11], *p1 = NULL, *p2 = NULL;
	int64_t      ent = 0, item = 0;
	bool         immediate = false, major;
	struct stmt *st;
	enum app_err er = APP_OK;

	*id = 0;
	if (!json_is_object(in)) {
		jx_err(errs, "$", "应为 JSON 对象");
		er = APP_EINVAL;
		goto out;
	}
	date_fmt(date_of_ms(now), today);
	jx_unknown(in, known, errs);
	if (jx_int(in, "enterprise_id", 1, INT64_MAX, &ent, errs) == JX_ABSENT)
		jx_err(errs, "enterprise_id", "必填");
	if (jx_enum(in, "source", sources, &source, errs) == JX_ABSENT)
		jx_err(errs, "source", "必填");
	if (source != NULL && actor->role == ROLE_ENTERPRISE &&
	    strcmp(source, "self_inspection") != 0)
		jx_err(errs, "source", "企业用户登记的隐患来源应为 self_inspection（企业自查）");
	switch (jx_string(a, in, "found_on", 1, 40, &found_in, errs)) {
	case JX_SET:
		if (!found_date(found_in, found))
			jx_err(errs, "found_on", "应为日期 YYYY-MM-DD 或带时区的时间");
		else if (strcmp(found, today) > 0)
			jx_err(errs, "found_on", "发现日期不能晚于今天");
		break;
	case JX_ABSENT: jx_err(errs, "found_on", "必填"); break;
	default: break;
	}
	if (jx_string(a, in, "description", 2, 1000, &desc, errs) == JX_ABSENT)
		jx_err(errs, "description", "必填");
	jx_string(a, in, "location", 0, 200, &loc, errs);
	jx_string(a, in, "category", 0, 50, &cat, errs);
	if (jx_enum(in, "level", levels, &level, errs) == JX_ABSENT)
		jx_err(errs, "level", "必填：general 或 major");
	jx_int(in, "standard_item_id", 1, INT64_MAX, &item, errs);
	jx_ids(in, "photos", &photos, errs);
	jx_ids(in, "after_photos", &after, errs);
	jx_bool(in, "immediate", &immediate, errs);
	jx_string(a, in, "note", 0, 1000, &note, errs);
	decode_plan(a, in, clean, errs);
	major = level != NULL && strcmp(level, "major") == 0;
	if (major && item == 0 && !jx_has_err(errs, "standard_item_id"))
		jx_err(errs, "standard_item_id", "重大事故隐患须引用判定标准条目");
	else if (level != NULL && !major && item > 0)
		jx_err(errs, "standard_item_id",
		    "符合重大事故隐患判定标准条目的隐患应判定为重大（level 应为 major）");
	else if (item > 0 && found[0] != '\0' && !jx_has_err(errs, "standard_item_id")) {
		if ((er = standard_item_citable(s, a, item, found, &why)) == APP_EINVAL)
			jx_err(errs, "standard_item_id", why);
		else if (er != APP_OK)
			goto out;
		er = APP_OK;
	}
	if (jx_str(clean, "deadline") != NULL && found[0] != '\0' &&
	    strcmp(jx_str(clean, "deadline"), found) < 0)
		jx_err(errs, "deadline", "整改期限不能早于发现日期");
	if (immediate) {
		if (major)
			jx_err(errs, "immediate", "重大事故隐患须制定治理方案，不能即查即改");
		if (after == NULL && !jx_has_err(errs, "after_photos"))
			jx_err(errs, "after_photos", "即查即改须上传整改后照片");
	} else if (after != NULL)
		jx_err(errs, "after_photos", "整改后照片在提交整改完成时上传");

	if (ent > 0 && !jx_has_err(errs, "enterprise_id")) {
		struct enterprise_ref ref;

		if ((er = enterprise_ref(s, a, sc, ent, "enterprise_id", errs, &ref)) != APP_OK)
			goto out;
		region = ref.region_code;
		sector = ref.sector;
	}
	if (json_array_size(errs) > 0) {
		er = APP_EINVAL;
		goto out;
	}

	status = opt->status != NULL ? opt->status : immediate ? "closed" : "reported";
	p1 = ids_text(photos);
	p2 = ids_text(after);
	st = store_stmt(s, sql_insert);
	stmt_bind_i64(st, 1, ent);
	stmt_bind_text(st, 2, region);
	stmt_bind_text(st, 3, sector);
	stmt_bind_text(st, 4, source);
	if (inspection_id > 0)
		stmt_bind_i64(st, 5, inspection_id);
	stmt_bind_text(st, 6, found);
	stmt_bind_text(st, 7, desc);
	stmt_bind_text(st, 8, loc ? loc : "");
	stmt_bind_text(st, 9, cat ? cat : "");
	stmt_bind_text(st, 10, level);
	if (item > 0)
		stmt_bind_i64(st, 11, item);
	stmt_bind_text(st, 12, jx_str(clean, "deadline"));
	stmt_bind_text(st, 13, jx_str(clean, "responsible") ? jx_str(clean, "responsible") : "");
	stmt_bind_text(st, 14, jx_str(clean, "measures") ? jx_str(clean, "measures") : "");
	stmt_bind_i64(st, 15, json_integer_value(json_object_get(clean, "funds_fen")));
	stmt_bind_text(st, 16, jx_str(clean, "contingency") ? jx_str(clean, "contingency") : "");
	stmt_bind_text(st, 17, p1);
	stmt_bind_text(st, 18, p2);
	stmt_bind_i64(st, 19, immediate);
	stmt_bind_text(st, 20, status);
	if (strcmp(status, "closed") == 0)
		stmt_bind_i64(st, 21, opt->status != NULL ? opt->closed_at : now);
	if (who->actor_id > 0)
		stmt_bind_i64(st, 22, who->actor_id);
	stmt_bind_i64(st, 23, now);
	if ((er = stmt_run(st)) != APP_OK)
		goto out;
	*id = store_last_id(s);
	if (photos != NULL &&
	    (er = attachment_claim(s, actor, photos, "hazard", *id, true, "photos", errs)) !=
		APP_OK)
		goto out;
	if (after != NULL &&
	    (er = attachment_claim(s, actor, after, "hazard", *id, true, "after_photos", errs)) !=
		APP_OK)
		goto out;
	if (json_array_size(errs) > 0) {
		er = APP_EINVAL;
		goto out;
	}
	if (opt->event_action != NULL) {
		er = audit_event(s, sql_event, actor, who, *id, opt->event_action, NULL, status,
		    now, note, opt->event_data);
		if (er != APP_OK || opt->no_audit)
			goto out;
	}
	/* The audit row (and the first event of a hazard fixed on the spot) keep the input
	 * as given, with what the server decided. */
	ch = json_deep_copy(in);
	json_object_set_new(ch, "found_on", json_string(found));
	json_object_set_new(ch, "status", json_string(status));
	if (inspection_id > 0)
		json_object_set_new(ch, "inspection_id", json_integer(inspection_id));
	if (opt->event_action == NULL) {
		json_t *d = immediate ? json_incref(ch) : json_object();

		er = audit_event(s, sql_event, actor, who, *id,
		    immediate ? "create_closed" : "create", NULL, status, now, note, d);
		json_decref(d);
	}
	if (er == APP_OK && !opt->no_audit)
		er = audit_append(s, who, "create", "hazard", *id, ch);
	json_decref(ch);
out:
	if (er == APP_OK)
		hazard_gen++;
	free(p1);
	free(p2);
	json_decref(clean);
	return er;
}

enum app_err
hazard_create(struct store *s, struct arena *a, const struct actor *actor, const struct scope *sc,
    const struct audit_who *who, json_t *in, int64_t now, json_t *errs, int64_t *id)
{
	enum app_err er;

	if ((er = store_begin(s, STORE_WRITE)) != APP_OK)
		return er;
	er = hazard_insert(s, a, actor, sc, who, in, 0, now, errs, id);
	if (er == APP_OK)
		er = store_commit(s);
	if (er != APP_OK)
		store_rollback(s);
	return er;
}

/* The columns every read uses, in the order row_write() reads them. */
#define HZ_COLUMNS \
	"SELECT h.id, h.enterprise_id, e.name, h.region_code, h.sector, h.source," \
	" h.inspection_id, h.found_on, h.description, h.location, h.category, h.level," \
	" h.standard_item_id, h.deadline, h.responsible, h.measures, h.funds_fen," \
	" h.contingency, h.photos, h.after_photos, h.immediate, h.status, h.status_reason," \
	" h.closed_at, h.created_at, h.updated_at, e.uscc"
#define HZ_JOIN " JOIN enterprises e ON e.id = h.enterprise_id"

static bool
is_open(const char *status)
{
	return strcmp(status, "reported") == 0 || strcmp(status, "rectifying") == 0 ||
	    strcmp(status, "awaiting_acceptance") == 0;
}

static void
write_ids(struct jw *w, const char *json_text)
{
	/* The stored id arrays ("[12,13]", written by ids_text) are read without building a
	 * JSON value: this runs twice for every row of every list page. */
	const char *p = json_text;
	char       *end;
	long long   id;

	jw_arr(w);
	while (*p != '\0') {
		if (*p >= '0' && *p <= '9') {
			id = strtoll(p, &end, 10);
			jw_int(w, id);
			p = end;
		} else
			p++;
	}
	jw_arr_end(w);
}

static void
opt_text(struct jw *w, struct stmt *st, int c)
{
	if (stmt_null(st, c))
		jw_null(w);
	else
		jw_str(w, stmt_text(st, c));
}

static void
opt_int(struct jw *w, struct stmt *st, int c)
{
	if (stmt_null(st, c))
		jw_null(w);
	else
		jw_int(w, stmt_i64(st, c));
}

static void
opt_time(struct jw *w, struct stmt *st, int c)
{
	char t[40];

	if (stmt_null(st, c)) {
		jw_null(w);
		return;
	}
	time_fmt_rfc3339(stmt_i64(st, c), t, sizeof(t));
	jw_str(w, t);
}

static void
row_write(struct stmt *st, struct jw *w, const char *today)
{
	const char *status = stmt_text(st, 21);
	const char *deadline = stmt_text_or_null(st, 13);

	jw_obj(w);
	jw_key(w, "id");
	jw_int(w, stmt_i64(st, 0));
	jw_key(w, "enterprise_id");
	jw_int(w, stmt_i64(st, 1));
	jw_key(w, "enterprise_name");
	jw_str(w, stmt_text(st, 2));
	jw_key(w, "enterprise_uscc");
	jw_str(w, stmt_text(st, 26));
	jw_key(w, "region_code");
	jw_str(w, stmt_text(st, 3));
	jw_key(w, "region_name");
	jw_str(w, region_label(stmt_text(st, 3)));
	jw_key(w, "sector");
	jw_str(w, stmt_text(st, 4));
	jw_key(w, "sector_name");
	jw_str(w, sector_label(stmt_text(st, 4)));
	jw_key(w, "source");
	jw_str(w, stmt_text(st, 5));
	jw_key(w, "inspection_id");
	opt_int(w, st, 6);
	jw_key(w, "found_on");
	jw_str(w, stmt_text(st, 7));
	jw_key(w, "description");
	jw_str(w, stmt_text(st, 8));
	jw_key(w, "location");
	jw_str(w, stmt_text(st, 9));
	jw_key(w, "category");
	jw_str(w, stmt_text(st, 10));
	jw_key(w, "level");
	jw_str(w, stmt_text(st, 11));
	jw_key(w, "standard_item_id");
	opt_int(w, st, 12);
	jw_key(w, "deadline");
	opt_text(w, st, 13);
	jw_key(w, "overdue");
	jw_bool(w, deadline != NULL && strcmp(deadline, today) < 0 && is_open(status));
	jw_key(w, "responsible");
	jw_str(w, stmt_text(st, 14));
	jw_key(w, "measures");
	jw_str(w, stmt_text(st, 15));
	jw_key(w, "funds_fen");
	jw_int(w, stmt_i64(st, 16));
	jw_key(w, "contingency");
	jw_str(w, stmt_text(st, 17));
	jw_key(w, "photos");
	write_ids(w, stmt_text(st, 18));
	jw_key(w, "after_photos");
	write_ids(w, stmt_text(st, 19));
	jw_key(w, "immediate");
	jw_bool(w, stmt_i64(st, 20) != 0);
	jw_key(w, "status");
	jw_str(w, status);
	jw_key(w, "status_reason");
	opt_text(w, st, 22);
	jw_key(w, "closed_at");
	opt_time(w, st, 23);
	jw_key(w, "created_at");
	opt_time(w, st, 24);
	jw_key(w, "updated_at");
	opt_time(w, st, 25);
	jw_obj_end(w);
}

static json_t *
row_json(struct stmt *st, const char *today)
{
	struct jw w;
	char     *text;
	json_t   *j;
	size_t    len;

	jw_init(&w);
	row_write(st, &w, today);
	text = jw_take(&w, &len);
	j = json_loadb(text, len, 0, NULL);
	free(text);
	return j;
}

static const char sql_get[] =
    HZ_COLUMNS " FROM hazards h" HZ_JOIN
	       " WHERE h.id = ?5 AND " SCOPE_PRED("h.region_code", "h.sector", "h.enterprise_id");

enum app_err
hazard_get(struct store *s, const struct scope *sc, int64_t id, json_t **out)
{
	struct stmt *st = store_stmt(s, sql_get);
	enum app_err er;
	bool         row;
	char         today[11];

	*out = NULL;
	today_str(today);
	scope_bind(st, sc);
	stmt_bind_i64(st, 5, id);
	if ((er = stmt_step(st, &row)) == APP_OK && row)
		*out = row_json(st, today);
	stmt_reset(st);
	return er != APP_OK ? er : *out ? APP_OK : APP_ENOENT;
}

static const char sql_item[] =
    "SELECT i.id, i.no, i.heading, i.text, s.id, s.name, s.doc_no FROM standard_items i"
    " JOIN standards s ON s.id = i.standard_id WHERE i.id = ?1";
static const char sql_events[] =
    "SELECT id, action, from_status, to_status, actor_id, actor_name, at, note, data"
    " FROM hazard_events WHERE hazard_id = ?1 ORDER BY id";

enum app_err
hazard_detail(
    struct store *s, const struct actor *a, const struct scope *sc, int64_t id, json_t **out)
{
	struct stmt *st;
	enum app_err er;
	json_t      *events, *actions, *ev, *data;
	bool         row;
	int          i;
	char         t[40];
	const char  *status, *level, *source;

	if ((er = hazard_get(s, sc, id, out)) != APP_OK)
		return er;
	if (json_is_integer(json_object_get(*out, "standard_item_id"))) {
		st = store_stmt(s, sql_item);
		stmt_bind_i64(st, 1, json_integer_value(json_object_get(*out, "standard_item_id")));
		if ((er = stmt_step(st, &row)) == APP_OK && row)
			json_object_set_new(*out, "standard_item",
			    json_pack("{s:I, s:s, s:s, s:s, s:I, s:s, s:s}", "id",
				(json_int_t)stmt_i64(st, 0), "no", stmt_text(st, 1), "heading",
				stmt_text(st, 2), "text", stmt_text(st, 3), "standard_id",
				(json_int_t)stmt_i64(st, 4), "standard_name", stmt_text(st, 5),
				"doc_no", stmt_text(st, 6)));
		stmt_reset(st);
	}
	events = json_array();
	st = store_stmt(s, sql_events);
	stmt_bind_i64(st, 1, id);
	while (er == APP_OK && (er = stmt_step(st, &row)) == APP_OK && row) {
		time_fmt_rfc3339(stmt_i64(st, 6), t, sizeof(t));
		data = json_loads(stmt_text(st, 8), 0, NULL);
		ev = json_pack("{s:I, s:s, s:s?, s:s, s:o, s:s, s:s, s:s, s:o}", "id",
		    (json_int_t)stmt_i64(st, 0), "action", stmt_text(st, 1), "from_status",
		    stmt_text_or_null(st, 2), "to_status", stmt_text(st, 3), "actor_id",
		    stmt_null(st, 4) ? json_null() : json_integer(stmt_i64(st, 4)), "actor_name",
		    stmt_text(st, 5), "at", t, "note", stmt_text(st, 7), "data",
		    data ? data : json_object());
		json_array_append_new(events, ev);
	}
	stmt_reset(st);
	json_object_set_new(*out, "events", events);
	status = jx_str(*out, "status");
	level = jx_str(*out, "level");
	source = jx_str(*out, "source");
	actions = json_array();
	for (i = 0; i < HA__MAX; i++)
		if (hazard_may(a->role, (enum hazard_action)i, status, level, source))
			json_array_append_new(actions, json_string(trans[i].name));
	json_object_set_new(*out, "actions", actions);
	if (er != APP_OK) {
		json_decref(*out);
		*out = NULL;
	}
	return er;
}

static const char sql_state[] =
    "SELECT status, level, source, found_on, responsible, measures, funds_fen, deadline,"
    " contingency, after_photos FROM hazards h WHERE h.id = ?5 AND " SCOPE_PRED(
	"h.region_code", "h.sector", "h.enterprise_id");
static const char sql_set_plan[] =
    "UPDATE hazards SET status = ?2, responsible = ?3, measures = ?4, funds_fen = ?5,"
    " deadline = ?6, contingency = ?7, updated_at = ?8 WHERE id = ?1 AND status = ?9";
static const char sql_set_done[] =
    "UPDATE hazards SET status = ?2, after_photos = ?3, updated_at = ?4 WHERE id = ?1"
    " AND status = ?5";
static const char sql_set_status[] =
    "UPDATE hazards SET status = ?2, status_reason = ?3, closed_at = CASE WHEN ?2 = 'closed'"
    " THEN ?4 ELSE closed_at END, updated_at = ?4 WHERE id = ?1 AND status = ?5";

enum app_err
hazard_transition(struct store *s, struct arena *a, const struct actor *actor,
    const struct scope *sc, const struct audit_who *who, int64_t id, json_t *in, int64_t now,
    json_t *errs)
{
	enum hazard_action act;
	const char        *action = NULL, *note = NULL, *reason = NULL, *found;
	const char        *status, *level, *source;
	json_t *h = NULL, *clean = json_object(), *after = NULL, *data = json_object(), *old_after,
	       *ch, *v;
	const char  *k;
	struct stmt *st;
	enum app_err er;
	bool         row, major;
	char        *ptext = NULL;
	size_t       i;

	if (!json_is_object(in)) {
		jx_err(errs, "$", "应为 JSON 对象");
		er = APP_EINVAL;
		goto done;
	}
	if (jx_string(a, in, "action", 1, 30, &action, errs) != JX_SET ||
	    !hazard_action_parse(action, &act)) {
		if (!jx_has_err(errs, "action"))
			jx_err(errs, "action",
			    "应为 submit_plan、submit_done、accept、reject 或 void");
		er = APP_EINVAL;
		goto done;
	}
	json_object_foreach(in, k, v)
	{
		bool ok = strcmp(k, "action") == 0;

		for (i = 0; !ok && i < 8 && trans[act].fields[i] != NULL; i++)
			ok = strcmp(trans[act].fields[i], k) == 0;
		if (!ok)
			jx_err(errs, k, "此操作不接受该字段");
	}
	if ((er = store_begin(s, STORE_WRITE)) != APP_OK)
		goto done;
	st = store_stmt(s, sql_state);
	scope_bind(st, sc);
	stmt_bind_i64(st, 5, id);
	if ((er = stmt_step(st, &row)) != APP_OK)
		goto done;
	if (!row) {
		stmt_reset(st);
		er = APP_ENOENT;
		goto done;
	}
	h = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:I, s:s?, s:s, s:s}", "status",
	    stmt_text(st, 0), "level", stmt_text(st, 1), "source", stmt_text(st, 2), "found_on",
	    stmt_text(st, 3), "responsible", stmt_text(st, 4), "measures", stmt_text(st, 5),
	    "funds_fen", (json_int_t)stmt_i64(st, 6), "deadline", stmt_text_or_null(st, 7),
	    "contingency", stmt_text(st, 8), "after_photos", stmt_text(st, 9));
	stmt_reset(st);
	status = jx_str(h, "status");
	level = jx_str(h, "level");
	source = jx_str(h, "source");
	found = jx_str(h, "found_on");
	major = strcmp(level, "major") == 0;
	if (!role_ok(actor->role, act, level, source)) {
		er = APP_EPERM;
		goto done;
	}
	if (!from_ok(act, status)) {
		jx_err(errs, "action",
		    arena_printf(a, "隐患当前状态为 %s，不能执行 %s", status, trans[act].name));
		er = APP_ECONFLICT;
		goto done;
	}
	jx_string(a, in, "note", 0, 1000, &note, errs);
	jx_string(a, in, "reason", 0, 500, &reason, errs);
	switch (act) {
	case HA_SUBMIT_PLAN:
		decode_plan(a, in, clean, errs);
		/* The plan as it will be: what is given over what was recorded at creation. */
		json_object_foreach(clean, k, v) json_object_set(h, k, v);
		if (jx_str(h, "deadline") != NULL && strcmp(jx_str(h, "deadline"), found) < 0)
			jx_err(errs, "deadline", "整改期限不能早于发现日期");
		if (!jx_has_err(errs, "deadline"))
			plan_complete(h, major, errs);
		break;
	case HA_SUBMIT_DONE:
		if (jx_ids(in, "after_photos", &after, errs) != JX_SET &&
		    !jx_has_err(errs, "after_photos"))
			jx_err(errs, "after_photos", "须上传整改后照片");
		if (note == NULL && !jx_has_err(errs, "note"))
			jx_err(errs, "note", "必填：整改完成情况");
		break;
	case HA_REJECT:
	case HA_VOID:
		if (reason == NULL && !jx_has_err(errs, "reason"))
			jx_err(errs, "reason", "必填");
		break;
	default: break;
	}
	if (json_array_size(errs) > 0) {
		er = APP_EINVAL;
		goto done;
	}

	switch (act) {
	case HA_SUBMIT_PLAN:
		st = store_stmt(s, sql_set_plan);
		stmt_bind_i64(st, 1, id);
		stmt_bind_text(st, 2, trans[act].to);
		stmt_bind_text(st, 3, jx_str(h, "responsible"));
		stmt_bind_text(st, 4, jx_str(h, "measures"));
		stmt_bind_i64(st, 5, json_integer_value(json_object_get(h, "funds_fen")));
		stmt_bind_text(st, 6, jx_str(h, "deadline"));
		stmt_bind_text(st, 7, jx_str(h, "contingency"));
		stmt_bind_i64(st, 8, now);
		stmt_bind_text(st, 9, status);
		json_object_update(data, clean);
		break;
	case HA_SUBMIT_DONE:
		if ((er = attachment_claim(
			 s, actor, after, "hazard", id, true, "after_photos", errs)) != APP_OK)
			goto done;
		if (json_array_size(errs) > 0) {
			er = APP_EINVAL;
			goto done;
		}
		/* Photos of earlier rounds are kept; this round's come after them. */
		old_after = json_loads(jx_str(h, "after_photos"), 0, NULL);
		if (!json_is_array(old_after)) {
			json_decref(old_after);
			old_after = json_array();
		}
		json_array_extend(old_after, after);
		ptext = json_dumps(old_after, JSON_COMPACT);
		json_decref(old_after);
		st = store_stmt(s, sql_set_done);
		stmt_bind_i64(st, 1, id);
		stmt_bind_text(st, 2, trans[act].to);
		stmt_bind_text(st, 3, ptext);
		stmt_bind_i64(st, 4, now);
		stmt_bind_text(st, 5, status);
		json_object_set(data, "after_photos", after);
		break;
	default:
		st = store_stmt(s, sql_set_status);
		stmt_bind_i64(st, 1, id);
		stmt_bind_text(st, 2, trans[act].to);
		stmt_bind_text(st, 3, reason);
		stmt_bind_i64(st, 4, now);
		stmt_bind_text(st, 5, status);
		break;
	}
	if ((er = stmt_run(st)) != APP_OK)
		goto done;
	if (store_changes(s) != 1) {
		er = APP_ECONFLICT;
		goto done;
	}
	er = audit_event(s, sql_event, actor, who, id, trans[act].name, status, trans[act].to, now,
	    reason != NULL ? reason : note, data);
	if (er == APP_OK) {
		ch = json_pack("{s:s, s:[s, s], s:s?, s:O}", "action", trans[act].name, "status",
		    status, trans[act].to, "note", reason != NULL ? reason : note, "data", data);
		er = audit_append(s, who, "transition", "hazard", id, ch);
		json_decref(ch);
	}
	/* A listed major hazard accepted: its listing is taken down (摘牌) with it. */
	if (er == APP_OK && act == HA_ACCEPT)
		er = supervision_hazard_closed(s, actor, who, id, now);
	if (er == APP_OK)
		er = store_commit(s);
	hazard_gen++;
done:
	if (er != APP_OK)
		store_rollback(s);
	free(ptext);
	json_decref(h);
	json_decref(clean);
	json_decref(data);
	return er;
}

/* ---- the list ---- */

enum app_err
hazard_filter_parse(hazard_param_fn get, void *arg, struct hazard_filter *f, json_t *errs)
{
	const char *v;
	int64_t     d;
	char       *end;
	size_t      i;

	memset(f, 0, sizeof(*f));
	f->overdue = -1;
	today_str(f->today);
	if ((f->region = get(arg, "region")) != NULL &&
	    (((i = strlen(f->region)) != 6 && i != 9) || strspn(f->region, "0123456789") != i))
		jx_err(errs, "region", "区划代码应为6位或9位数字");
	if ((v = get(arg, "enterprise_id")) != NULL) {
		f->enterprise_id = strtoll(v, &end, 10);
		if (*end != '\0' || f->enterprise_id <= 0)
			jx_err(errs, "enterprise_id", "应为企业编号");
	}
	f->sector = get(arg, "sector");
	if ((f->level = get(arg, "level")) != NULL && strcmp(f->level, "general") != 0 &&
	    strcmp(f->level, "major") != 0)
		jx_err(errs, "level", "应为 general 或 major");
	if ((f->status = get(arg, "status")) != NULL && strcmp(f->status, "all") != 0 &&
	    strcmp(f->status, "open") != 0) {
		for (i = 0; statuses[i] != NULL && strcmp(statuses[i], f->status) != 0; i++)
			continue;
		if (statuses[i] == NULL)
			jx_err(errs, "status",
			    "应为 reported、rectifying、awaiting_acceptance、closed、voided、open 或 all");
	}
	if ((v = get(arg, "overdue")) != NULL) {
		if (strcmp(v, "true") == 0)
			f->overdue = 1;
		else if (strcmp(v, "false") == 0)
			f->overdue = 0;
		else
			jx_err(errs, "overdue", "应为 true 或 false");
	}
	if ((f->source = get(arg, "source")) != NULL) {
		for (i = 0; sources[i] != NULL && strcmp(sources[i], f->source) != 0; i++)
			continue;
		if (sources[i] == NULL)
			jx_err(errs, "source", "来源代码不正确");
	}
	if ((f->found_from = get(arg, "found_from")) != NULL && !date_parse(f->found_from, &d))
		jx_err(errs, "found_from", "应为日期 YYYY-MM-DD");
	if ((f->found_to = get(arg, "found_to")) != NULL && !date_parse(f->found_to, &d))
		jx_err(errs, "found_to", "应为日期 YYYY-MM-DD");
	f->q = get(arg, "q");
	return json_array_size(errs) > 0 ? APP_EINVAL : APP_OK;
}

/*
 * The WHERE clause. Status and level are always bound as IN lists so that the index
 * hazards_region (status, level, region_code, found_on, sector, source, enterprise_id,
 * deadline) is sought for every combination and the other filters are read from it: the
 * page picks its ids without reading a single row of the table. The one filter on columns
 * that index lacks, the text search `q`, is only in the variants for it (a condition
 * merely naming such a column makes SQLite fetch every candidate row). One enterprise (a
 * filter, or the scope of an enterprise user) has a variant that seeks hazards_enterprise;
 * a wide unfiltered list walks ids from the newest and stops after a page.
 */
#define HZ_WHERE(scope_pred, ent, q) \
	" WHERE " scope_pred " AND h.status IN (?5, ?6, ?7, ?8, ?21) AND h.level IN (?9, ?10)" \
	" AND h.found_on >= ?11 AND h.found_on <= ?12" ent \
	" AND (?14 IS NULL OR h.sector = ?14) AND (?15 IS NULL OR h.source = ?15)" \
	" AND (?16 IS NULL OR ?16 = (h.deadline IS NOT NULL AND h.deadline < ?17" \
	" AND h.status IN " OPEN_STATUSES "))" q
#define HZ_SCOPE SCOPE_PRED("h.region_code", "h.sector", "h.enterprise_id")
/*
 * The same scope with the region range written as the list of region codes inside it:
 * SQLite then seeks each code of hazards_region and, within it, the found_on range —
 * where a range over region_code leaves it reading every year of the region to keep one.
 * (Every hazard's region_code is a row of regions.)
 */
#define HZ_SCOPE_CODES \
	"(h.region_code IN (SELECT code FROM regions WHERE code >= ?1 AND code < ?2)" \
	" AND (?3 IS NULL OR instr(?3, ',' || h.sector || ',') > 0)" \
	" AND (?4 IS NULL OR h.enterprise_id = ?4))"
#define HZ_ENT " AND h.enterprise_id = ?13"
#define HZ_Q " AND (instr(h.description, ?18) > 0 OR instr(h.location, ?18) > 0)"
#define HZ_PAGE(from, where) \
	HZ_COLUMNS \
	" FROM (SELECT h.id FROM " from where " AND (?19 IS NULL OR h.id < ?19)" \
	" ORDER BY h.id DESC LIMIT ?20) AS page JOIN hazards h ON h.id = page.id" HZ_JOIN \
	" ORDER BY h.id DESC"
#define HZ_FROM_ENT "hazards h INDEXED BY hazards_enterprise"

enum { V_ENT = 1, V_WIDE = 2, V_Q = 4 };
static const char *const page_sql[8] = {
	HZ_PAGE("hazards h", HZ_WHERE(HZ_SCOPE_CODES, "", "")),
	HZ_PAGE(HZ_FROM_ENT, HZ_WHERE(HZ_SCOPE, HZ_ENT, "")),
	HZ_PAGE("hazards h NOT INDEXED", HZ_WHERE(HZ_SCOPE, "", "")),
	HZ_PAGE(HZ_FROM_ENT, HZ_WHERE(HZ_SCOPE, HZ_ENT, "")),
	HZ_PAGE("hazards h", HZ_WHERE(HZ_SCOPE_CODES, "", HZ_Q)),
	HZ_PAGE(HZ_FROM_ENT, HZ_WHERE(HZ_SCOPE, HZ_ENT, HZ_Q)),
	HZ_PAGE("hazards h NOT INDEXED", HZ_WHERE(HZ_SCOPE, "", HZ_Q)),
	HZ_PAGE(HZ_FROM_ENT, HZ_WHERE(HZ_SCOPE, HZ_ENT, HZ_Q)),
};
/* [v & (V_ENT | V_WIDE) | (v & V_Q ? 4 : 0)]; a wide count reads the one region range
 * (a whole city as a list of codes is ~800 seeks of status × level × code). */
static const char *const count_sql[8] = {
	"SELECT count(*) FROM hazards h" HZ_WHERE(HZ_SCOPE_CODES, "", ""),
	"SELECT count(*) FROM " HZ_FROM_ENT HZ_WHERE(HZ_SCOPE, HZ_ENT, ""),
	"SELECT count(*) FROM hazards h" HZ_WHERE(HZ_SCOPE, "", ""),
	"SELECT count(*) FROM " HZ_FROM_ENT HZ_WHERE(HZ_SCOPE, HZ_ENT, ""),
	"SELECT count(*) FROM hazards h" HZ_WHERE(HZ_SCOPE_CODES, "", HZ_Q),
	"SELECT count(*) FROM " HZ_FROM_ENT HZ_WHERE(HZ_SCOPE, HZ_ENT, HZ_Q),
	"SELECT count(*) FROM hazards h" HZ_WHERE(HZ_SCOPE, "", HZ_Q),
	"SELECT count(*) FROM " HZ_FROM_ENT HZ_WHERE(HZ_SCOPE, HZ_ENT, HZ_Q),
};
/*
 * The total from hazard_counts (migration 0003), when every filter is one of its columns:
 * no enterprise, found range, source, overdue or text.
 */
static const char count_summary_sql[] =
    "SELECT coalesce(sum(c.n), 0) FROM hazard_counts c WHERE c.status IN (?5, ?6, ?7, ?8, ?21)"
    " AND c.level IN (?9, ?10) AND c.region_code >= ?1 AND c.region_code < ?2"
    " AND (?3 IS NULL OR instr(?3, ',' || c.sector || ',') > 0)"
    " AND (?14 IS NULL OR c.sector = ?14)";

static bool
summary_answers(const struct scope *sc, const struct hazard_filter *f)
{
	return sc->enterprise_id == 0 && f->enterprise_id == 0 && f->found_from == NULL &&
	    f->found_to == NULL && f->source == NULL && f->overdue < 0 && f->q == NULL;
}

static const char *const each_sql[2] = {
	HZ_COLUMNS " FROM hazards h" HZ_JOIN HZ_WHERE(HZ_SCOPE, "", "") " ORDER BY h.id",
	HZ_COLUMNS " FROM hazards h" HZ_JOIN HZ_WHERE(HZ_SCOPE, "", HZ_Q) " ORDER BY h.id",
};

/* Binds the filter; false when it cannot match (a region outside the scope). */
static bool
bind_filter(struct stmt *st, const struct scope *sc, const struct hazard_filter *f)
{
	char    lo[16], hi[16];
	int     i;
	int64_t ent = f->enterprise_id;

	if (f->region != NULL) {
		if (!scope_narrow(sc, f->region, lo, hi))
			return false;
		scope_bind_range(st, sc, lo, hi);
	} else
		scope_bind(st, sc);
	/* Absent: all but voided; open: the first three; all: every status. */
	if (f->status == NULL || strcmp(f->status, "all") == 0 || strcmp(f->status, "open") == 0) {
		for (i = 0; i < (f->status != NULL && f->status[0] == 'o' ? 3 : 4); i++)
			stmt_bind_text(st, 5 + i, statuses[i]);
		if (f->status != NULL && f->status[0] == 'a')
			stmt_bind_text(st, 21, "voided");
	} else
		stmt_bind_text(st, 5, f->status);
	if (f->level != NULL)
		stmt_bind_text(st, 9, f->level);
	else {
		stmt_bind_text(st, 9, "general");
		stmt_bind_text(st, 10, "major");
	}
	stmt_bind_text(st, 11, f->found_from ? f->found_from : "0000-00-00");
	stmt_bind_text(st, 12, f->found_to ? f->found_to : "9999-99-99");
	if (ent == 0)
		ent = sc->enterprise_id;
	if (ent != 0)
		stmt_bind_i64(st, 13, ent);
	stmt_bind_text(st, 14, f->sector);
	stmt_bind_text(st, 15, f->source);
	if (f->overdue >= 0)
		stmt_bind_i64(st, 16, f->overdue);
	stmt_bind_text(st, 17, f->today);
	stmt_bind_text(st, 18, f->q);
	return true;
}

static int
variant(const struct scope *sc, const struct hazard_filter *f)
{
	char lo[16], hi[16];
	bool narrow;

	if (f->enterprise_id != 0 || sc->enterprise_id != 0)
		return V_ENT | (f->q != NULL ? V_Q : 0);
	narrow = f->region != NULL && scope_narrow(sc, f->region, lo, hi) && strlen(lo) > 6;
	/* Not voided, all, or open (a good share of all in any year): dense enough. */
	if (!narrow && f->level == NULL &&
	    (f->status == NULL || strcmp(f->status, "all") == 0 ||
		strcmp(f->status, "open") == 0) &&
	    f->found_from == NULL && f->found_to == NULL && f->overdue != 1 && f->sector == NULL &&
	    f->source == NULL)
		return V_WIDE | (f->q != NULL ? V_Q : 0);
	return f->q != NULL ? V_Q : 0;
}

static enum app_err
count_rows(
    struct store *s, const struct scope *sc, const struct hazard_filter *f, int v, int64_t *total)
{
	struct count_memo m;
	struct stmt      *st;
	enum app_err      er;

	/* Every value the count depends on is in the key (store/count_cache.h). */
	if (count_cache_find(&m, s, hazard_gen, total,
		"h|%d|%s|%s|%s|%lld|%s|%lld|%s|%s|%s|%d|%s|%s|%s|%s|%s", v, sc->lo, sc->hi,
		sc->sectors ? sc->sectors : "-", (long long)sc->enterprise_id,
		f->region ? f->region : "-", (long long)f->enterprise_id,
		f->sector ? f->sector : "-", f->level ? f->level : "-", f->status ? f->status : "-",
		f->overdue, f->source ? f->source : "-", f->found_from ? f->found_from : "-",
		f->found_to ? f->found_to : "-", f->q ? f->q : "-", f->today))
		return APP_OK;
	st = store_stmt(s,
	    summary_answers(sc, f) ? count_summary_sql
				   : count_sql[(v & (V_ENT | V_WIDE)) | (v & V_Q ? 4 : 0)]);
	if (!bind_filter(st, sc, f)) {
		stmt_reset(st);
		*total = 0;
		return APP_OK;
	}
	if ((er = stmt_one_i64(st, total)) == APP_OK)
		count_cache_keep(&m, *total);
	return er;
}

enum app_err
hazard_page(struct store *s, const struct scope *sc, const struct hazard_filter *f, int64_t cursor,
    int limit, struct jw *w, int *n, int64_t *last_id, int64_t *total)
{
	int          v = variant(sc, f);
	struct stmt *st = store_stmt(s, page_sql[v]);
	enum app_err er;
	bool         row;

	*n = 0;
	*last_id = 0;
	if (!bind_filter(st, sc, f)) {
		stmt_reset(st);
		*total = 0;
		return APP_OK;
	}
	if (cursor > 0)
		stmt_bind_i64(st, 19, cursor);
	stmt_bind_i64(st, 20, limit > 0 ? limit : -1);
	while ((er = stmt_step(st, &row)) == APP_OK && row) {
		row_write(st, w, f->today);
		*last_id = stmt_i64(st, 0);
		(*n)++;
	}
	stmt_reset(st);
	if (er != APP_OK)
		return er;
	return count_rows(s, sc, f, v, total);
}

enum app_err
hazard_each(struct store *s, const struct scope *sc, const struct hazard_filter *f,
    void (*fn)(json_t *row, void *), void *arg)
{
	struct stmt *st = store_stmt(s, each_sql[f->q != NULL]);
	enum app_err er;
	json_t      *j;
	bool         row;

	if (!bind_filter(st, sc, f)) {
		stmt_reset(st);
		return APP_OK;
	}
	while ((er = stmt_step(st, &row)) == APP_OK && row) {
		j = row_json(st, f->today);
		fn(j, arg);
		json_decref(j);
	}
	stmt_reset(st);
	return er;
}

/* ---- deadline notifications ---- */

/*
 * One batch of the notifications due: those not written yet (the NOT EXISTS reads the
 * unique index), at most ?4 of them, so that the first run on a large database — every
 * open hazard near or past its deadline at once — holds the write lock for moments at a
 * time instead of seconds.
 */
static const char sql_notify[] =
    "INSERT INTO notifications (kind, recipient, enterprise_id, region_code, sector, entity,"
    " entity_id, due_on, message, created_at)"
    " SELECT k.kind, r.recipient, k.enterprise_id, k.region_code, k.sector, 'hazard', k.id,"
    " k.deadline, CASE k.kind WHEN 'hazard_overdue' THEN '隐患已超过整改期限（'"
    " ELSE '隐患整改期限将至（' END || k.deadline || '）：' || e.name || ' — '"
    " || substr(k.description, 1, 60), ?3"
    " FROM (SELECT h.id, h.enterprise_id, h.region_code, h.sector, h.deadline, h.description,"
    " CASE WHEN h.deadline < ?1 THEN 'hazard_overdue' ELSE 'hazard_due_soon' END AS kind"
    " FROM hazards h INDEXED BY hazards_open_deadline WHERE h.status IN " OPEN_STATUSES
    " AND h.deadline IS NOT NULL AND h.deadline <= ?2) AS k"
    " JOIN enterprises e ON e.id = k.enterprise_id,"
    " (SELECT 'enterprise' AS recipient UNION ALL SELECT 'district') AS r"
    " WHERE NOT EXISTS (SELECT 1 FROM notifications n WHERE n.kind = k.kind"
    " AND n.entity = 'hazard' AND n.entity_id = k.id AND n.recipient = r.recipient"
    " AND n.due_on = k.deadline) LIMIT ?4";

#define NOTIFY_BATCH 10000

enum app_err
hazard_notify(
    struct store *s, const struct audit_who *who, const char *today, int64_t now, int64_t *written)
{
	struct stmt *st;
	enum app_err er = APP_OK;
	int64_t      d, n;
	char         soon[11];
	json_t      *ch;

	*written = 0;
	if (!date_parse(today, &d))
		return APP_EINVAL;
	/* 3 days before the deadline (DOMAIN.md / issue 3): deadline - today <= 3. */
	date_fmt(d + 3, soon);
	do {
		n = 0;
		if ((er = store_begin(s, STORE_WRITE)) != APP_OK)
			return er;
		st = store_stmt(s, sql_notify);
		stmt_bind_text(st, 1, today);
		stmt_bind_text(st, 2, soon);
		stmt_bind_i64(st, 3, now);
		stmt_bind_i64(st, 4, NOTIFY_BATCH);
		if ((er = stmt_run(st)) == APP_OK)
			n = store_changes(s);
		if (er == APP_OK && n > 0) {
			ch = json_pack("{s:s, s:I}", "today", today, "written", (json_int_t)n);
			er = audit_append(s, who, "notify", "notification", 0, ch);
			json_decref(ch);
		}
		if (er == APP_OK)
			er = store_commit(s);
		if (er != APP_OK)
			store_rollback(s);
		else
			*written += n;
	} while (er == APP_OK && n == NOTIFY_BATCH);
	return er;
}
