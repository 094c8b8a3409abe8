#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "attachment/attachment.h"
#include "audit/audit.h"
#include "auth/auth.h"
#include "auth/scope.h"
#include "core/arena.h"
#include "core/jsonx.h"
#include "core/timeutil.h"
#include "enterprise/enterprise.h"
#include "hazard/hazard.h"
#include "hazard/inspection.h"
#include "refdata/refdata.h"
#include "standard/standard.h"
#include "store/store.h"

#define MAX_ITEMS 500
#define MAX_OFFICERS 20

/* DOMAIN.md: inspection kinds; `self` is the enterprise's own (企业自查). */
static const char *const kinds[] = { "routine", "campaign", "concentrated", "joint", "cross",
	"supervisory", "self", NULL };
static const char *const results[] = { "pass", "fail", "na", NULL };

static const char sql_plan_ok[] =
    "SELECT period_from, period_to, kind FROM inspection_plans WHERE id = ?1";
static const char sql_item_text[] = "SELECT text FROM standard_items WHERE id = ?1";
static const char sql_insert[] =
    "INSERT INTO inspections (enterprise_id, region_code, sector, kind, inspected_on, plan_id,"
    " org_id, officers, summary, created_by, created_at, updated_at)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?11) RETURNING id";
static const char sql_item_insert[] =
    "INSERT INTO inspection_items (inspection_id, seq, standard_item_id, text, result, note,"
    " photos, hazard_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";

/* The officers: for government kinds at least two, each with a law-enforcement
 * certificate number (行政处罚法第42条: 执法人员不得少于两人, 持证). */
void
inspection_officers_check(
    struct arena *a, json_t *in, bool government, const char *what, json_t *errs)
{
	json_t                  *list = json_object_get(in, "officers"), *o;
	size_t                   i, from;
	const char              *s;
	char                     p[32];
	static const char *const known[] = { "name", "cert_no", "user_id", NULL };

	if (list == NULL || json_is_null(list)) {
		if (government)
			jx_err(errs, "officers",
			    arena_printf(a, "%s须至少两名执法人员，并填写执法证号", what));
		return;
	}
	if (!json_is_array(list) || json_array_size(list) > MAX_OFFICERS) {
		jx_err(errs, "officers", "应为执法人员数组");
		return;
	}
	if (government && json_array_size(list) < 2)
		jx_err(errs, "officers",
		    arena_printf(a, "%s须至少两名执法人员（行政处罚法第四十二条）", what));
	json_array_foreach(list, i, o)
	{
		from = json_array_size(errs);
		snprintf(p, sizeof(p), "officers[%zu]", i);
		if (!json_is_object(o)) {
			jx_err(errs, p, "应为 {name, cert_no}");
			continue;
		}
		jx_unknown(o, known, errs);
		if (jx_string(a, o, "name", 1, 50, &s, errs) == JX_ABSENT)
			jx_err(errs, "name", "必填");
		if (jx_string(a, o, "cert_no", government ? 4 : 0, 30, &s, errs) == JX_ABSENT &&
		    government)
			jx_err(errs, "cert_no", "必填：执法证号");
		jx_errs_prefix(errs, from, p);
	}
}

enum app_err
inspection_create(struct store *s, struct arena *a, const struct actor *actor,
    const struct scope *sc, const struct audit_who *who, json_t *in, int64_t now, json_t *errs,
    int64_t *id)
{
	static const char *const known[] = { "enterprise_id", "kind", "inspected_on", "plan_id",
		"officers", "summary", "items", NULL };
	static const char *const item_known[] = { "standard_item_id", "text", "result", "note",
		"photos", "hazard", NULL };
	static const char *const hz_known[] = { "description", "location", "category", "deadline",
		"responsible", "measures", "funds_fen", NULL };
	const char  *kind = NULL, *on = NULL, *summary = NULL, *why, *text, *result, *note;
	json_t      *items, *it, *hz, *photos, *officers, *ch, *item_hazards = json_array();
	int64_t      ent = 0, plan = 0, d, item_id, hid, fails = 0;
	char         today[11], p[40], *otext = NULL, *ptext;
	bool         government, row;
	struct stmt *st;
	enum app_err er = APP_OK;
	size_t       i, from;
	const char  *region = NULL, *sector = NULL;

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
	if (jx_enum(in, "kind", kinds, &kind, errs) == JX_ABSENT)
		jx_err(errs, "kind", "必填");
	government = kind != NULL && strcmp(kind, "self") != 0;
	if (kind != NULL && actor->role == ROLE_ENTERPRISE && government)
		jx_err(errs, "kind", "企业用户只能登记企业自查（self）");
	else if (kind != NULL && actor->role != ROLE_ENTERPRISE && !government)
		jx_err(errs, "kind", "企业自查（self）由企业用户登记");
	switch (jx_string(a, in, "inspected_on", 1, 10, &on, errs)) {
	case JX_SET:
		if (!date_parse(on, &d))
			jx_err(errs, "inspected_on", "应为日期 YYYY-MM-DD");
		else if (strcmp(on, today) > 0)
			jx_err(errs, "inspected_on", "检查日期不能晚于今天");
		break;
	case JX_ABSENT: jx_err(errs, "inspected_on", "必填"); break;
	default: break;
	}
	jx_int(in, "plan_id", 1, INT64_MAX, &plan, errs);
	jx_string(a, in, "summary", 0, 2000, &summary, errs);
	inspection_officers_check(a, in, government, "政府检查", errs);
	items = json_object_get(in, "items");
	if (!json_is_array(items) || json_array_size(items) == 0)
		jx_err(errs, "items", "必填：检查项目（至少一项）");
	else if (json_array_size(items) > MAX_ITEMS)
		jx_err(errs, "items", "检查项目过多");
	else
		json_array_foreach(items, i, it)
		{
			from = json_array_size(errs);
			snprintf(p, sizeof(p), "items[%zu]", i);
			if (!json_is_object(it)) {
				jx_err(errs, p, "应为对象");
				continue;
			}
			jx_unknown(it, item_known, errs);
			item_id = 0;
			jx_int(it, "standard_item_id", 1, INT64_MAX, &item_id, errs);
			if (jx_string(a, it, "text", 0, 2000, &text, errs) != JX_SET &&
			    item_id == 0 && !jx_has_err(errs, "text"))
				jx_err(errs, "text", "自定义检查项须填写内容");
			if (jx_enum(it, "result", results, &result, errs) == JX_ABSENT)
				jx_err(errs, "result", "必填：pass、fail 或 na");
			jx_string(a, it, "note", 0, 1000, &note, errs);
			photos = json_object_get(it, "photos");
			if (photos != NULL && !json_is_null(photos) &&
			    (!json_is_array(photos) || json_array_size(photos) > 20))
				jx_err(errs, "photos", "应为附件编号的数组（最多20个）");
			hz = json_object_get(it, "hazard");
			if (hz != NULL && !json_is_null(hz)) {
				if (!json_is_object(hz))
					jx_err(errs, "hazard", "应为对象");
				else {
					size_t hf = json_array_size(errs);

					jx_unknown(hz, hz_known, errs);
					jx_errs_prefix(errs, hf, "hazard");
				}
				if (result != NULL && strcmp(result, "fail") != 0)
					jx_err(errs, "hazard", "只有不合格（fail）的项目形成隐患");
			}
			if (item_id > 0 && on != NULL && !jx_has_err(errs, "inspected_on")) {
				if ((er = standard_item_citable(s, a, item_id, on, &why)) ==
				    APP_EINVAL)
					jx_err(errs, "standard_item_id", why);
				else if (er != APP_OK)
					goto out;
				er = APP_OK;
			}
			jx_errs_prefix(errs, from, p);
		}
	if (ent > 0 && !jx_has_err(errs, "enterprise_id")) {
		struct enterprise_ref ref;

		if ((er = enterprise_ref(s, a, sc, ent, "enterprise_id", errs, &ref)) != APP_OK)
			goto out;
		region = ref.region_code;
		sector = ref.sector;
	}
	if (plan > 0) {
		st = store_stmt(s, sql_plan_ok);
		stmt_bind_i64(st, 1, plan);
		if ((er = stmt_step(st, &row)) != APP_OK)
			goto out;
		if (!row)
			jx_err(errs, "plan_id", "检查计划不存在");
		else if (on != NULL &&
		    (strcmp(on, stmt_text(st, 0)) < 0 || strcmp(on, stmt_text(st, 1)) > 0))
			jx_err(errs, "plan_id", "检查日期不在计划期间内");
		stmt_reset(st);
	}
	if (json_array_size(errs) > 0) {
		er = APP_EINVAL;
		goto out;
	}

	if ((er = store_begin(s, STORE_WRITE)) != APP_OK)
		goto out;
	officers = json_object_get(in, "officers");
	otext = json_is_array(officers) ? json_dumps(officers, JSON_COMPACT) : strdup("[]");
	st = store_stmt(s, sql_insert);
	stmt_bind_i64(st, 1, ent);
	stmt_bind_text(st, 2, region);
	stmt_bind_text(st, 3, sector);
	stmt_bind_text(st, 4, kind);
	stmt_bind_text(st, 5, on);
	if (plan > 0)
		stmt_bind_i64(st, 6, plan);
	if (actor->org_id > 0 && government)
		stmt_bind_i64(st, 7, actor->org_id);
	stmt_bind_text(st, 8, otext);
	stmt_bind_text(st, 9, summary ? summary : "");
	stmt_bind_i64(st, 10, actor->user_id);
	stmt_bind_i64(st, 11, now);
	if ((er = stmt_one_i64(st, id)) != APP_OK)
		goto out;

	json_array_foreach(items, i, it)
	{
		item_id = json_integer_value(json_object_get(it, "standard_item_id"));
		text = jx_str(it, "text");
		if (item_id > 0) {
			/* The checklist keeps the item's text as it was when inspected. */
			st = store_stmt(s, sql_item_text);
			stmt_bind_i64(st, 1, item_id);
			if ((er = stmt_step(st, &row)) != APP_OK)
				goto out;
			text = arena_strdup(a, row ? stmt_text(st, 0) : "");
			stmt_reset(st);
		}
		result = jx_str(it, "result");
		note = jx_str(it, "note");
		photos = json_object_get(it, "photos");
		hid = 0;
		if (strcmp(result, "fail") == 0) {
			json_t *h = json_object();

			hz = json_object_get(it, "hazard");
			if (json_is_object(hz))
				json_object_update(h, hz);
			json_object_set_new(h, "enterprise_id", json_integer(ent));
			json_object_set_new(h, "source",
			    json_string(government ? "government_inspection" : "self_inspection"));
			json_object_set_new(h, "found_on", json_string(on));
			json_object_set_new(
			    h, "level", json_string(item_id > 0 ? "major" : "general"));
			if (item_id > 0)
				json_object_set_new(h, "standard_item_id", json_integer(item_id));
			if (jx_str(h, "description") == NULL)
				json_object_set_new(h, "description",
				    json_string(note != NULL && note[0] != '\0' ? note : text));
			if (json_is_array(photos) && json_array_size(photos) > 0)
				json_object_set(h, "photos", photos);
			from = json_array_size(errs);
			er = hazard_insert(s, a, actor, sc, who, h, *id, now, errs, &hid);
			json_decref(h);
			snprintf(p, sizeof(p), "items[%zu].hazard", i);
			jx_errs_prefix(errs, from, p);
			if (er != APP_OK)
				goto out;
			json_array_append_new(item_hazards, json_integer(hid));
			fails++;
		} else if (json_is_array(photos) && json_array_size(photos) > 0) {
			snprintf(p, sizeof(p), "items[%zu].photos", i);
			er = attachment_claim(s, actor, photos, "inspection", *id, true, p, errs);
			if (er != APP_OK)
				goto out;
		}
		if (json_array_size(errs) > 0) {
			er = APP_EINVAL;
			goto out;
		}
		ptext = json_is_array(photos) ? json_dumps(photos, JSON_COMPACT) : strdup("[]");
		st = store_stmt(s, sql_item_insert);
		stmt_bind_i64(st, 1, *id);
		stmt_bind_i64(st, 2, (int64_t)i + 1);
		if (item_id > 0)
			stmt_bind_i64(st, 3, item_id);
		stmt_bind_text(st, 4, text);
		stmt_bind_text(st, 5, result);
		stmt_bind_text(st, 6, note ? note : "");
		stmt_bind_text(st, 7, ptext);
		if (hid > 0)
			stmt_bind_i64(st, 8, hid);
		er = stmt_run(st);
		free(ptext);
		if (er != APP_OK)
			goto out;
	}
	ch = json_pack("{s:I, s:s, s:s, s:O, s:I, s:I, s:O}", "enterprise_id", (json_int_t)ent,
	    "kind", kind, "inspected_on", on, "officers", officers ? officers : json_null(),
	    "items", (json_int_t)json_array_size(items), "failed", (json_int_t)fails, "hazards",
	    item_hazards);
	er = audit_append(s, who, "create", "inspection", *id, ch);
	json_decref(ch);
	if (er == APP_OK)
		er = store_commit(s);
out:
	if (er != APP_OK)
		store_rollback(s);
	free(otext);
	json_decref(item_hazards);
	return er;
}

#define INSP_COLUMNS \
	"SELECT i.id, i.enterprise_id, e.name, i.region_code, i.sector, i.kind, i.inspected_on," \
	" i.plan_id, i.org_id, o.name, i.officers, i.summary, i.referred, i.referral_note," \
	" i.referred_at, i.created_at, (SELECT count(*) FROM inspection_items t WHERE" \
	" t.inspection_id = i.id), (SELECT count(*) FROM inspection_items t WHERE" \
	" t.inspection_id = i.id AND t.result = 'fail')" \
	" FROM inspections i JOIN enterprises e ON e.id = i.enterprise_id" \
	" LEFT JOIN orgs o ON o.id = i.org_id"
#define INSP_SCOPE SCOPE_PRED("i.region_code", "i.sector", "i.enterprise_id")
static const char sql_get[] = INSP_COLUMNS " WHERE i.id = ?5 AND " INSP_SCOPE;
#define INSP_WHERE \
	" WHERE " INSP_SCOPE " AND (?6 IS NULL OR i.enterprise_id = ?6)" \
	" AND (?7 IS NULL OR i.kind = ?7) AND (?8 IS NULL OR i.plan_id = ?8)" \
	" AND i.inspected_on >= ?9 AND i.inspected_on <= ?10"
static const char sql_list[] =
    INSP_COLUMNS  INSP_WHERE " AND (?11 IS NULL OR i.id < ?11) ORDER BY i.id DESC LIMIT ?12";
static const char sql_count[] = "SELECT count(*) FROM inspections i" INSP_WHERE;
static const char sql_items[] =
    "SELECT t.id, t.seq, t.standard_item_id, si.no, t.text, t.result, t.note, t.photos,"
    " t.hazard_id FROM inspection_items t LEFT JOIN standard_items si ON si.id ="
    " t.standard_item_id WHERE t.inspection_id = ?1 ORDER BY t.seq";

static json_t *
insp_json(struct stmt *st)
{
	json_t *j = json_object(), *off;
	char    t[40];

	json_object_set_new(j, "id", json_integer(stmt_i64(st, 0)));
	json_object_set_new(j, "enterprise_id", json_integer(stmt_i64(st, 1)));
	json_object_set_new(j, "enterprise_name", json_string(stmt_text(st, 2)));
	json_object_set_new(j, "region_code", json_string(stmt_text(st, 3)));
	json_object_set_new(j, "region_name", json_string(region_label(stmt_text(st, 3))));
	json_object_set_new(j, "sector", json_string(stmt_text(st, 4)));
	json_object_set_new(j, "sector_name", json_string(sector_label(stmt_text(st, 4))));
	json_object_set_new(j, "kind", json_string(stmt_text(st, 5)));
	json_object_set_new(j, "inspected_on", json_string(stmt_text(st, 6)));
	json_object_set_new(
	    j, "plan_id", stmt_null(st, 7) ? json_null() : json_integer(stmt_i64(st, 7)));
	json_object_set_new(
	    j, "org_id", stmt_null(st, 8) ? json_null() : json_integer(stmt_i64(st, 8)));
	json_object_set_new(
	    j, "org_name", stmt_null(st, 9) ? json_null() : json_string(stmt_text(st, 9)));
	off = json_loads(stmt_text(st, 10), 0, NULL);
	json_object_set_new(j, "officers", off ? off : json_array());
	json_object_set_new(j, "summary", json_string(stmt_text(st, 11)));
	json_object_set_new(j, "referred", json_boolean(stmt_i64(st, 12) != 0));
	json_object_set_new(
	    j, "referral_note", stmt_null(st, 13) ? json_null() : json_string(stmt_text(st, 13)));
	if (stmt_null(st, 14))
		json_object_set_new(j, "referred_at", json_null());
	else {
		time_fmt_rfc3339(stmt_i64(st, 14), t, sizeof(t));
		json_object_set_new(j, "referred_at", json_string(t));
	}
	time_fmt_rfc3339(stmt_i64(st, 15), t, sizeof(t));
	json_object_set_new(j, "created_at", json_string(t));
	json_object_set_new(j, "item_count", json_integer(stmt_i64(st, 16)));
	json_object_set_new(j, "failed_count", json_integer(stmt_i64(st, 17)));
	return j;
}

enum app_err
inspection_get(struct store *s, const struct scope *sc, int64_t id, json_t **out)
{
	struct stmt *st = store_stmt(s, sql_get);
	enum app_err er;
	json_t      *items, *ph;
	bool         row;

	scope_bind(st, sc);
	stmt_bind_i64(st, 5, id);
	if ((er = stmt_one_json(st, insp_json, out)) != APP_OK)
		return er;
	items = json_array();
	st = store_stmt(s, sql_items);
	stmt_bind_i64(st, 1, id);
	while ((er = stmt_step(st, &row)) == APP_OK && row) {
		ph = json_loads(stmt_text(st, 7), 0, NULL);
		json_array_append_new(items,
		    json_pack("{s:I, s:I, s:o, s:s?, s:s, s:s, s:s, s:o, s:o}", "id",
			(json_int_t)stmt_i64(st, 0), "seq", (json_int_t)stmt_i64(st, 1),
			"standard_item_id",
			stmt_null(st, 2) ? json_null() : json_integer(stmt_i64(st, 2)),
			"standard_item_no", stmt_text_or_null(st, 3), "text", stmt_text(st, 4),
			"result", stmt_text(st, 5), "note", stmt_text(st, 6), "photos",
			ph ? ph : json_array(), "hazard_id",
			stmt_null(st, 8) ? json_null() : json_integer(stmt_i64(st, 8))));
	}
	stmt_reset(st);
	json_object_set_new(*out, "items", items);
	return er;
}

static bool
bind_list(struct stmt *st, const struct scope *sc, const struct inspection_filter *f)
{
	char lo[16], hi[16];

	if (f->region != NULL) {
		if (!scope_narrow(sc, f->region, lo, hi))
			return false;
		scope_bind_range(st, sc, lo, hi);
	} else
		scope_bind(st, sc);
	if (f->enterprise_id > 0)
		stmt_bind_i64(st, 6, f->enterprise_id);
	stmt_bind_text(st, 7, f->kind);
	if (f->plan_id > 0)
		stmt_bind_i64(st, 8, f->plan_id);
	stmt_bind_text(st, 9, f->from ? f->from : "0000-00-00");
	stmt_bind_text(st, 10, f->to ? f->to : "9999-99-99");
	return true;
}

enum app_err
inspection_list(struct store *s, const struct scope *sc, const struct inspection_filter *f,
    int64_t cursor, int limit, json_t **items, int64_t *total)
{
	struct stmt *st = store_stmt(s, sql_list);
	enum app_err er;
	bool         row;

	*items = json_array();
	*total = 0;
	if (!bind_list(st, sc, f)) {
		stmt_reset(st);
		return APP_OK;
	}
	if (cursor > 0)
		stmt_bind_i64(st, 11, cursor);
	stmt_bind_i64(st, 12, limit > 0 ? limit : -1);
	while ((er = stmt_step(st, &row)) == APP_OK && row)
		json_array_append_new(*items, insp_json(st));
	stmt_reset(st);
	if (er != APP_OK)
		return er;
	st = store_stmt(s, sql_count);
	bind_list(st, sc, f);
	return stmt_one_i64(st, total);
}

static const char sql_refer_get[] =
    "SELECT referred, kind FROM inspections i WHERE i.id = ?5 AND " INSP_SCOPE;
static const char sql_refer[] = "UPDATE inspections SET referred = 1, referral_note = ?2,"
				" referred_at = ?3, updated_at = ?3 WHERE id = ?1 AND referred = 0";

enum app_err
inspection_refer(struct store *s, struct arena *a, const struct scope *sc,
    const struct audit_who *who, int64_t id, const char *note, int64_t now, json_t *errs)
{
	struct stmt *st;
	enum app_err er;
	bool         row;
	json_t      *ch;

	(void)a;
	if (note == NULL) {
		jx_err(errs, "note", "必填：移送立案的理由");
		return APP_EINVAL;
	}
	if ((er = store_begin(s, STORE_WRITE)) != APP_OK)
		return er;
	st = store_stmt(s, sql_refer_get);
	scope_bind(st, sc);
	stmt_bind_i64(st, 5, id);
	if ((er = stmt_step(st, &row)) != APP_OK)
		goto out;
	if (!row)
		er = APP_ENOENT;
	else if (stmt_i64(st, 0)) {
		jx_err(errs, "id", "该检查已移送立案");
		er = APP_ECONFLICT;
	} else if (strcmp(stmt_text(st, 1), "self") == 0) {
		jx_err(errs, "id", "企业自查不能移送立案");
		er = APP_ECONFLICT;
	}
	stmt_reset(st);
	if (er != APP_OK)
		goto out;
	st = store_stmt(s, sql_refer);
	stmt_bind_i64(st, 1, id);
	stmt_bind_text(st, 2, note);
	stmt_bind_i64(st, 3, now);
	if ((er = stmt_run(st)) != APP_OK)
		goto out;
	ch = json_pack("{s:s}", "referral_note", note);
	er = audit_append(s, who, "refer", "inspection", id, ch);
	json_decref(ch);
	if (er == APP_OK)
		er = store_commit(s);
out:
	if (er != APP_OK)
		store_rollback(s);
	return er;
}

enum app_err
inspection_checklist(
    struct store *s, const struct scope *sc, int64_t ent, const char *on, json_t **out)
{
	struct standard_item_filter f = { 0 };
	json_t                     *ent_row;
	enum app_err                er;
	json_t                     *items;
	int64_t                     total;
	const char                 *sector;

	if ((er = enterprise_get(s, sc, ent, &ent_row)) != APP_OK)
		return er;
	*out = json_pack("{s:I, s:O, s:O, s:O, s:s}", "enterprise_id", (json_int_t)ent,
	    "enterprise_name", json_object_get(ent_row, "name"), "sector",
	    json_object_get(ent_row, "sector"), "sector_name",
	    json_object_get(ent_row, "sector_name"), "on", on);
	json_decref(ent_row);
	sector = jx_str(*out, "sector");
	f.sector = sector;
	f.on = on;
	f.citable_only = true;
	if ((er = standard_items_find(s, &f, 5000, &items, &total)) != APP_OK) {
		json_decref(*out);
		*out = NULL;
		return er;
	}
	json_object_set_new(*out, "items", items);
	return APP_OK;
}

/* ---- plans ---- */

static const char sql_org[] = "SELECT region_code FROM orgs WHERE id = ?1";
static const char sql_plan_insert[] =
    "INSERT INTO inspection_plans (title, kind, org_id, region_code, period_from, period_to,"
    " note, created_by, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9)"
    " RETURNING id";
static const char sql_plan_ent[] =
    "INSERT OR IGNORE INTO inspection_plan_enterprises (plan_id, enterprise_id) VALUES (?1, ?2)";
static const char sql_ent_in_scope[] = "SELECT 1 FROM enterprises e WHERE id = ?5 AND " SCOPE_PRED(
    "e.region_code", "e.sector", "e.id");

enum app_err
plan_create(struct store *s, struct arena *a, const struct actor *actor, const struct scope *sc,
    const struct audit_who *who, json_t *in, int64_t now, json_t *errs, int64_t *id)
{
	static const char *const known[] = { "title", "kind", "org_id", "period_from", "period_to",
		"enterprise_ids", "note", NULL };
	const char  *title = NULL, *kind = NULL, *pf = NULL, *pt = NULL, *note = NULL, *region;
	int64_t      org = actor->org_id, d, e;
	json_t      *ents, *v, *ch;
	struct stmt *st;
	enum app_err er = APP_OK;
	size_t       i;
	bool         row;
	char         f[40];

	jx_unknown(in, known, errs);
	if (jx_string(a, in, "title", 2, 200, &title, errs) == JX_ABSENT)
		jx_err(errs, "title", "必填");
	if (jx_enum(in, "kind", kinds, &kind, errs) == JX_ABSENT)
		jx_err(errs, "kind", "必填");
	jx_int(in, "org_id", 1, INT64_MAX, &org, errs);
	if (jx_string(a, in, "period_from", 1, 10, &pf, errs) == JX_ABSENT)
		jx_err(errs, "period_from", "必填");
	else if (pf != NULL && !date_parse(pf, &d))
		jx_err(errs, "period_from", "应为日期 YYYY-MM-DD");
	if (jx_string(a, in, "period_to", 1, 10, &pt, errs) == JX_ABSENT)
		jx_err(errs, "period_to", "必填");
	else if (pt != NULL && !date_parse(pt, &d))
		jx_err(errs, "period_to", "应为日期 YYYY-MM-DD");
	else if (pf != NULL && pt != NULL && strcmp(pt, pf) < 0)
		jx_err(errs, "period_to", "结束日期不能早于开始日期");
	jx_string(a, in, "note", 0, 2000, &note, errs);
	ents = json_object_get(in, "enterprise_ids");
	if (ents != NULL && (!json_is_array(ents) || json_array_size(ents) > 10000))
		jx_err(errs, "enterprise_ids", "应为企业编号数组");
	if (org <= 0 && !jx_has_err(errs, "org_id"))
		jx_err(errs, "org_id", "必填：负责单位");
	if (json_array_size(errs) > 0)
		return APP_EINVAL;
	if ((er = store_begin(s, STORE_WRITE)) != APP_OK)
		return er;
	st = store_stmt(s, sql_org);
	stmt_bind_i64(st, 1, org);
	if ((er = stmt_step(st, &row)) != APP_OK)
		goto out;
	region = row ? arena_strdup(a, stmt_text(st, 0)) : NULL;
	stmt_reset(st);
	if (region == NULL)
		jx_err(errs, "org_id", "单位不存在");
	else if (!scope_contains(sc, region, NULL, 0))
		jx_err(errs, "org_id", "该单位不在您的管辖范围内");
	json_array_foreach(ents, i, v)
	{
		snprintf(f, sizeof(f), "enterprise_ids[%zu]", i);
		e = json_is_integer(v) ? json_integer_value(v) : 0;
		st = store_stmt(s, sql_ent_in_scope);
		scope_bind(st, sc);
		stmt_bind_i64(st, 5, e);
		if ((er = stmt_step(st, &row)) != APP_OK)
			goto out;
		stmt_reset(st);
		if (!row)
			jx_err(errs, f, "企业不存在或不在您的管辖范围内");
	}
	if (json_array_size(errs) > 0) {
		er = APP_EINVAL;
		goto out;
	}
	st = store_stmt(s, sql_plan_insert);
	stmt_bind_text(st, 1, title);
	stmt_bind_text(st, 2, kind);
	stmt_bind_i64(st, 3, org);
	stmt_bind_text(st, 4, region);
	stmt_bind_text(st, 5, pf);
	stmt_bind_text(st, 6, pt);
	stmt_bind_text(st, 7, note ? note : "");
	stmt_bind_i64(st, 8, actor->user_id);
	stmt_bind_i64(st, 9, now);
	if ((er = stmt_one_i64(st, id)) != APP_OK)
		goto out;
	json_array_foreach(ents, i, v)
	{
		st = store_stmt(s, sql_plan_ent);
		stmt_bind_i64(st, 1, *id);
		stmt_bind_i64(st, 2, json_integer_value(v));
		if ((er = stmt_run(st)) != APP_OK)
			goto out;
	}
	ch = json_pack("{s:s, s:s, s:I, s:s, s:s, s:O}", "title", title, "kind", kind, "org_id",
	    (json_int_t)org, "period_from", pf, "period_to", pt, "enterprise_ids",
	    ents ? ents : json_null());
	er = audit_append(s, who, "create", "inspection_plan", *id, ch);
	json_decref(ch);
	if (er == APP_OK)
		er = store_commit(s);
out:
	if (er != APP_OK)
		store_rollback(s);
	return er;
}

#define PLAN_COLUMNS \
	"SELECT p.id, p.title, p.kind, p.org_id, o.name, p.region_code, p.period_from," \
	" p.period_to, p.note, p.created_at," \
	" (SELECT count(*) FROM inspection_plan_enterprises pe WHERE pe.plan_id = p.id)," \
	" (SELECT count(DISTINCT i.enterprise_id) FROM inspections i WHERE i.plan_id = p.id)," \
	" (SELECT count(*) FROM inspections i WHERE i.plan_id = p.id)" \
	" FROM inspection_plans p JOIN orgs o ON o.id = p.org_id" \
	" WHERE p.region_code >= ?1 AND p.region_code < ?2"
static const char sql_plan_list[] = PLAN_COLUMNS " ORDER BY p.period_from DESC, p.id DESC";
static const char sql_plan_get[] = PLAN_COLUMNS " AND p.id = ?3";
static const char sql_plan_ents[] =
    "SELECT e.id, e.name, e.region_code, (SELECT count(*) FROM inspections i WHERE"
    " i.plan_id = ?1 AND i.enterprise_id = e.id) FROM inspection_plan_enterprises pe"
    " JOIN enterprises e ON e.id = pe.enterprise_id WHERE pe.plan_id = ?1 ORDER BY e.id";

static json_t *
plan_json(struct stmt *st)
{
	char t[40];

	time_fmt_rfc3339(stmt_i64(st, 9), t, sizeof(t));
	return json_pack("{s:I, s:s, s:s, s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:I, s:I, s:I}",
	    "id", (json_int_t)stmt_i64(st, 0), "title", stmt_text(st, 1), "kind", stmt_text(st, 2),
	    "org_id", (json_int_t)stmt_i64(st, 3), "org_name", stmt_text(st, 4), "region_code",
	    stmt_text(st, 5), "region_name", region_label(stmt_text(st, 5)), "period_from",
	    stmt_text(st, 6), "period_to", stmt_text(st, 7), "note", stmt_text(st, 8), "created_at",
	    t, "enterprise_count", (json_int_t)stmt_i64(st, 10), "enterprises_inspected",
	    (json_int_t)stmt_i64(st, 11), "inspections", (json_int_t)stmt_i64(st, 12));
}

enum app_err
plan_list(struct store *s, const struct scope *sc, json_t **items)
{
	struct stmt *st = store_stmt(s, sql_plan_list);
	enum app_err er;
	bool         row;

	stmt_bind_text(st, 1, sc->lo);
	stmt_bind_text(st, 2, sc->hi);
	*items = json_array();
	while ((er = stmt_step(st, &row)) == APP_OK && row)
		json_array_append_new(*items, plan_json(st));
	stmt_reset(st);
	return er;
}

enum app_err
plan_get(struct store *s, const struct scope *sc, int64_t id, json_t **out)
{
	struct stmt *st = store_stmt(s, sql_plan_get);
	enum app_err er;
	json_t      *ents;
	bool         row;

	stmt_bind_text(st, 1, sc->lo);
	stmt_bind_text(st, 2, sc->hi);
	stmt_bind_i64(st, 3, id);
	if ((er = stmt_one_json(st, plan_json, out)) != APP_OK)
		return er;
	ents = json_array();
	st = store_stmt(s, sql_plan_ents);
	stmt_bind_i64(st, 1, id);
	while ((er = stmt_step(st, &row)) == APP_OK && row)
		json_array_append_new(ents,
		    json_pack("{s:I, s:s, s:s, s:s, s:b}", "id", (json_int_t)stmt_i64(st, 0),
			"name", stmt_text(st, 1), "region_code", stmt_text(st, 2), "region_name",
			region_label(stmt_text(st, 2)), "inspected", stmt_i64(st, 3) > 0));
	stmt_reset(st);
	json_object_set_new(*out, "enterprises", ents);
	return er;
}
