/*
 * Publicity and training (宣传培训). The kinds are those the annual rule-of-law report
 * counts (../shared/docs/DOMAIN.md); a 五进 activity says what it went into (社区, 企业,
 * 学校, 农村, 家庭, 机关, 公共场所), a door-to-door visit (进门入户送安全) which inspections
 * it made. 场次 and 人次 are positive integers; an activity is recorded after it took
 * place, so its date is never after today (Asia/Shanghai).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "activity/activity.h"
#include "attachment/attachment.h"
#include "audit/audit.h"
#include "auth/scope.h"
#include "core/arena.h"
#include "core/jsonx.h"
#include "core/mem.h"
#include "core/text.h"
#include "core/timeutil.h"
#include "refdata/refdata.h"
#include "store/store.h"

#define MAX_ATTACHMENTS 20
/* Links per activity: a campaign month may reach many enterprises, not more. */
#define MAX_LINKS 1000
#define MAX_SESSIONS 100000
#define MAX_PARTICIPANTS 10000000

/* The kinds with their labels: validation, the UI, the statistics and the import read
 * this table. */
enum activity_kind {
	AK_OFFICIAL_TRAINING,
	AK_LECTURE,
	AK_FIVE_INTO,
	AK_PRINCIPAL_TRAINING,
	AK_STANDARD_BRIEFING,
	AK_EVACUATION_DRILL,
	AK_RURAL_SAFETY,
	AK_DOOR_TO_DOOR,
	AK_SCHOOL_CHECK,
	AK_SCHOOL_DRILL,
	AK_CAMPAIGN,
	AK_EXPERT_SERVICE,
	AK_COMPETITION,
	AK__MAX
};
static const char *const kind_codes[AK__MAX + 1] = { "official_training", "lecture", "five_into",
	"principal_training", "standard_briefing", "evacuation_drill", "rural_safety",
	"door_to_door", "school_check", "school_drill", "campaign", "expert_service", "competition",
	NULL };
static const char *const kind_labels[AK__MAX + 1] = { "专题培训", "安全生产宣讲", "五进",
	"重点领域企业负责人培训", "重大事故隐患判定标准宣贯解读", "疏散逃生演练",
	"农牧机械、沼气、自建房安全宣教", "进门入户送安全", "校舍安全隐患排查",
	"学校避险逃生培训和演练", "防灾减灾日、安全生产月、消防宣传月", "技术服务", "执法比武",
	NULL };

/* 五进: into communities, enterprises, schools, villages, families, and 机关, 公共场所. */
enum activity_target {
	AT_COMMUNITY,
	AT_ENTERPRISE,
	AT_SCHOOL,
	AT_VILLAGE,
	AT_FAMILY,
	AT_GOVERNMENT,
	AT_PUBLIC_PLACE,
	AT__MAX
};
static const char *const target_codes[AT__MAX + 1] = { "community", "enterprise", "school",
	"village", "family", "government", "public_place", NULL };
static const char *const target_labels[AT__MAX + 1] = { "社区", "企业", "学校", "农村", "家庭",
	"机关", "公共场所", NULL };

/* The organiser side: admin and city always; others when their org organised it. */
#define EDIT_ANY (ROLE_BIT(ROLE_ADMIN) | ROLE_BIT(ROLE_CITY))

const char *
activity_kind_label(const char *kind)
{
	return code_label(kind_codes, kind_labels, kind);
}

const char *
activity_target_label(const char *target)
{
	return code_label(target_codes, target_labels, target);
}

/* Other names of kinds as registers write them (宣讲, 入户送安全 …), for the import. */
static const char *const kind_aliases[] = { "lecture", "宣讲", "lecture", "安全宣讲", "five_into",
	"五进活动", "five_into", "安全宣传五进", "principal_training", "企业负责人培训",
	"standard_briefing", "判定标准宣贯", "evacuation_drill", "应急疏散演练", "rural_safety",
	"农村牧区安全宣教", "door_to_door", "入户送安全", "school_check", "校舍隐患排查",
	"school_drill", "学校演练", "campaign", "安全生产月", "campaign", "防灾减灾日", "campaign",
	"消防宣传月", "expert_service", "专家服务", "competition", "比武", NULL };

/* The code of `s` when it is a code, a label or an alias in `aliases` (may be NULL). */
static const char *
code_of(
    const char *const *codes, const char *const *labels, const char *const *aliases, const char *s)
{
	size_t i;

	for (i = 0; s != NULL && codes[i] != NULL; i++)
		if (strcmp(codes[i], s) == 0 || strcmp(labels[i], s) == 0)
			return codes[i];
	for (i = 0; s != NULL && aliases != NULL && aliases[i] != NULL; i += 2)
		if (strcmp(aliases[i + 1], s) == 0)
			return aliases[i];
	return NULL;
}

const char *
activity_kind_code(const char *s)
{
	return code_of(kind_codes, kind_labels, kind_aliases, s);
}

const char *
activity_target_code(const char *s)
{
	static const char *const aliases[] = { "community", "进社区", "enterprise", "进企业",
		"school", "进学校", "village", "进农村", "village", "农牧区", "family", "进家庭",
		"government", "进机关", "public_place", "进公共场所", NULL };

	return code_of(target_codes, target_labels, aliases, s);
}

/*
 * The scope of activity rows: the region range only (an activity has no sector nor
 * enterprise); an enterprise user's scope holds none.
 */
static void
row_scope(const struct scope *sc, struct scope *out)
{
	*out = *sc;
	out->sectors = NULL;
	out->enterprise_id = 0;
	if (sc->enterprise_id != 0) {
		snprintf(out->lo, sizeof(out->lo), "~");
		snprintf(out->hi, sizeof(out->hi), "~");
	}
}

#define ROW_SCOPE SCOPE_PRED("a.region_code", "''", "NULL")

static bool
in_range(const char *code, const char *lo, const char *hi)
{
	return strcmp(code, lo) >= 0 && strcmp(code, hi) < 0;
}

/* ---- fields ---- */

/* A count: a positive integer not over max. */
static enum jx
count_field(json_t *in, const char *key, int64_t max, int64_t *out, json_t *errs)
{
	json_t *v = json_object_get(in, key);
	char    msg[64];

	if (v == NULL)
		return JX_ABSENT;
	if (json_is_null(v))
		return JX_NULL;
	if (!json_is_integer(v) || json_integer_value(v) <= 0) {
		jx_err(errs, key, "应为正整数（至少为 1）");
		return JX_BAD;
	}
	if (json_integer_value(v) > max) {
		snprintf(msg, sizeof(msg), "不能超过 %lld", (long long)max);
		jx_err(errs, key, msg);
		return JX_BAD;
	}
	*out = json_integer_value(v);
	return JX_SET;
}

static int
cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return x < y ? -1 : x > y;
}

/*
 * Record ids: an array of at most `max` distinct positive integers. A new sorted array
 * (empty when absent or null), or NULL with an error naming the field.
 */
static json_t *
ids_field(struct arena *a, json_t *in, const char *key, size_t max, json_t *errs)
{
	json_t  *v = json_object_get(in, key), *e, *out;
	int64_t *ids;
	size_t   i, n;

	if (v == NULL || json_is_null(v))
		return json_array();
	if (!json_is_array(v) || json_array_size(v) > max) {
		jx_err(errs, key, arena_printf(a, "应为编号的数组（最多 %zu 个）", max));
		return NULL;
	}
	n = json_array_size(v);
	ids = xcalloc(n ? n : 1, sizeof(*ids));
	json_array_foreach(v, i, e)
	{
		if (!json_is_integer(e) || json_integer_value(e) <= 0) {
			jx_err(errs, arena_printf(a, "%s[%zu]", key, i), "应为正整数编号");
			free(ids);
			return NULL;
		}
		ids[i] = json_integer_value(e);
	}
	qsort(ids, n, sizeof(*ids), cmp_i64);
	out = json_array();
	for (i = 0; i < n; i++) {
		if (i > 0 && ids[i] == ids[i - 1]) {
			jx_err(errs, key, arena_printf(a, "编号 %lld 重复", (long long)ids[i]));
			json_decref(out);
			free(ids);
			return NULL;
		}
		json_array_append_new(out, json_integer(ids[i]));
	}
	free(ids);
	return out;
}

/* ---- decoding ---- */

/* A validated activity; the arrays are owned (act_clear). */
struct act {
	const char *kind, *date, *region, *title, *target, *description;
	const char *org_name;
	int64_t     org_id, sessions, participants;
	json_t     *enterprises, *inspections;
};

static void
act_clear(struct act *x)
{
	json_decref(x->enterprises);
	json_decref(x->inspections);
	memset(x, 0, sizeof(*x));
}

/* The fields as the API takes them, normalised (ids sorted): audit rows and diffs. */
static json_t *
form_of(const struct act *x)
{
	return json_pack("{s:s, s:s, s:s, s:I, s:s, s:I, s:I, s:s?, s:s, s:O, s:O}", "kind",
	    x->kind, "date", x->date, "region_code", x->region, "organiser_org_id",
	    (json_int_t)x->org_id, "title", x->title, "sessions", (json_int_t)x->sessions,
	    "participants", (json_int_t)x->participants, "target", x->target, "description",
	    x->description ? x->description : "", "enterprises", x->enterprises, "inspections",
	    x->inspections);
}

static const char sql_org[] = "SELECT name, region_code FROM orgs WHERE id = ?1";
static const char sql_region[] = "SELECT name FROM regions WHERE code = ?1";
static const char sql_enterprise[] =
    "SELECT e.status FROM enterprises e WHERE e.id = ?5 AND " SCOPE_PRED(
	"e.region_code", "e.sector", "e.id");
static const char sql_inspection[] =
    "SELECT i.kind FROM inspections i WHERE i.id = ?5 AND " SCOPE_PRED(
	"i.region_code", "i.sector", "i.enterprise_id");
static const char sql_inspection_taken[] =
    "SELECT a.id FROM activity_inspections ai JOIN activities a ON a.id = ai.activity_id"
    " WHERE ai.inspection_id = ?1 AND a.voided = 0 AND a.id <> ?2 LIMIT 1";

/* The organiser: the caller's org, or one named (admin: any; others: in their region). */
static enum app_err
decode_org(struct store *s, struct arena *a, const struct actor *actor, const struct scope *rs,
    json_t *in, struct act *x, char lo[16], char hi[16], json_t *errs)
{
	struct stmt *st;
	enum app_err er;
	bool         row;
	const char  *region = NULL;

	x->org_id = actor->org_id;
	if (jx_int(in, "organiser_org_id", 1, INT64_MAX, &x->org_id, errs) == JX_BAD)
		return APP_OK;
	if (x->org_id <= 0) {
		jx_err(errs, "organiser_org_id", "必填: 组织单位");
		return APP_OK;
	}
	st = store_stmt(s, sql_org);
	stmt_bind_i64(st, 1, x->org_id);
	if ((er = stmt_step(st, &row)) != APP_OK)
		return er;
	if (row) {
		x->org_name = arena_strdup(a, stmt_text(st, 0));
		region = arena_strdup(a, stmt_text(st, 1));
	}
	stmt_reset(st);
	if (!row) {
		jx_err(errs, "organiser_org_id", "没有这个机关");
		return APP_OK;
	}
	if (actor->role != ROLE_ADMIN && x->org_id != actor->org_id &&
	    !in_range(region, rs->lo, rs->hi)) {
		jx_err(errs, "organiser_org_id", "组织单位不在您的管辖范围内");
		return APP_OK;
	}
	region_range(region, lo, hi);
	/* The region defaults to the organiser's. */
	if (x->region == NULL && !jx_has_err(errs, "region_code"))
		x->region = region;
	return APP_OK;
}

static enum app_err
check_enterprises(
    struct store *s, struct arena *a, const struct scope *sc, json_t *ids, json_t *errs)
{
	struct stmt *st;
	enum app_err er;
	json_t      *e;
	size_t       i;
	bool         row;

	json_array_foreach(ids, i, e)
	{
		const char *field = arena_printf(a, "enterprises[%zu]", i);

		st = store_stmt(s, sql_enterprise);
		scope_bind(st, sc);
		stmt_bind_i64(st, 5, json_integer_value(e));
		if ((er = stmt_step(st, &row)) != APP_OK)
			return er;
		if (!row)
			jx_err(errs, field,
			    arena_printf(a, "企业 %lld 不存在或不在您的管辖范围内",
				(long long)json_integer_value(e)));
		else if (strcmp(stmt_text(st, 0), "voided") == 0)
			jx_err(errs, field,
			    arena_printf(a, "企业 %lld 已作废", (long long)json_integer_value(e)));
		stmt_reset(st);
	}
	return APP_OK;
}

static enum app_err
check_inspections(struct store *s, struct arena *a, const struct scope *sc, json_t *ids,
    int64_t self, json_t *errs)
{
	struct stmt *st;
	enum app_err er;
	json_t      *e;
	size_t       i;
	bool         row, self_kind = false;
	int64_t      other = 0;

	json_array_foreach(ids, i, e)
	{
		const char *field = arena_printf(a, "inspections[%zu]", i);
		long long   id = (long long)json_integer_value(e);

		st = store_stmt(s, sql_inspection);
		scope_bind(st, sc);
		stmt_bind_i64(st, 5, id);
		if ((er = stmt_step(st, &row)) != APP_OK)
			return er;
		if (row)
			self_kind = strcmp(stmt_text(st, 0), "self") == 0;
		stmt_reset(st);
		if (!row) {
			jx_err(errs, field,
			    arena_printf(a, "检查记录 %lld 不存在或不在您的管辖范围内", id));
			continue;
		}
		if (self_kind) {
			jx_err(errs, field,
			    arena_printf(a, "检查记录 %lld 是企业自查，不是入户检查", id));
			continue;
		}
		/* An inspection counts for one activity only. */
		st = store_stmt(s, sql_inspection_taken);
		stmt_bind_i64(st, 1, id);
		stmt_bind_i64(st, 2, self);
		er = stmt_one_i64(st, &other);
		if (er == APP_OK)
			jx_err(errs, field,
			    arena_printf(a, "检查记录 %lld 已计入活动 %lld", id, (long long)other));
		else if (er != APP_ENOENT)
			return er;
	}
	return APP_OK;
}

/*
 * Validates a whole activity (a POST body, or a PATCH merged onto the stored record);
 * `self` is the activity's own id (0 for a new one). Errors name the fields.
 */
static enum app_err
decode(struct store *s, struct arena *a, const struct actor *actor, const struct scope *sc,
    json_t *in, int64_t self, struct act *x, json_t *errs)
{
	struct scope rs;
	struct stmt *st;
	enum app_err er;
	char         today[11], olo[16] = "", ohi[16] = "";
	int64_t      d;
	bool         row, five, door;

	memset(x, 0, sizeof(*x));
	row_scope(sc, &rs);
	today_str(today);
	if (jx_missing(jx_enum(in, "kind", kind_codes, &x->kind, errs)))
		jx_err(errs, "kind",
		    "必填: 活动类型 — official_training 专题培训、lecture 宣讲、five_into 五进、"
		    "principal_training、standard_briefing、evacuation_drill、rural_safety、"
		    "door_to_door、school_check、school_drill、campaign、expert_service 或 "
		    "competition");
	if (jx_missing(jx_string(a, in, "date", 1, 10, &x->date, errs)))
		jx_err(errs, "date", "必填: 活动日期 YYYY-MM-DD");
	else if (x->date != NULL && (strlen(x->date) != 10 || !date_parse(x->date, &d))) {
		jx_err(errs, "date", "应为日期 YYYY-MM-DD");
		x->date = NULL;
	} else if (x->date != NULL && strcmp(x->date, today) > 0) {
		jx_err(errs, "date", arena_printf(a, "不能晚于今天（%s）：活动办过才登记", today));
		x->date = NULL;
	}
	jx_string(a, in, "region_code", 2, 12, &x->region, errs);
	if ((er = decode_org(s, a, actor, &rs, in, x, olo, ohi, errs)) != APP_OK)
		return er;
	if (x->region != NULL) {
		st = store_stmt(s, sql_region);
		stmt_bind_text(st, 1, x->region);
		if ((er = stmt_step(st, &row)) != APP_OK)
			return er;
		stmt_reset(st);
		if (!row)
			jx_err(errs, "region_code", "没有这个行政区划");
		else if (!in_range(x->region, rs.lo, rs.hi))
			jx_err(errs, "region_code", "该地区不在您的管辖范围内");
		else if (olo[0] != '\0' && !in_range(x->region, olo, ohi))
			jx_err(errs, "region_code",
			    arena_printf(a, "该地区不在组织单位（%s）的辖区内", x->org_name));
	} else if (!jx_has_err(errs, "region_code") && !jx_has_err(errs, "organiser_org_id"))
		jx_err(errs, "region_code", "必填: 活动地区");
	if (jx_missing(jx_string(a, in, "title", 2, 200, &x->title, errs)))
		jx_err(errs, "title", "必填: 活动名称（2–200 字）");
	x->sessions = 1;
	count_field(in, "sessions", MAX_SESSIONS, &x->sessions, errs);
	if (jx_missing(count_field(in, "participants", MAX_PARTICIPANTS, &x->participants, errs)))
		jx_err(errs, "participants", "必填: 参加人次（正整数）");
	jx_string(a, in, "description", 0, 4000, &x->description, errs);
	five = x->kind != NULL && strcmp(x->kind, "five_into") == 0;
	door = x->kind != NULL && strcmp(x->kind, "door_to_door") == 0;
	if (five) {
		if (jx_missing(jx_enum(in, "target", target_codes, &x->target, errs)))
			jx_err(errs, "target",
			    "五进活动必填: 对象 — community 社区、enterprise 企业、school 学校、"
			    "village 农村、family 家庭、government 机关 或 public_place 公共场所");
	} else if (x->kind != NULL && json_object_get(in, "target") != NULL &&
	    !json_is_null(json_object_get(in, "target")))
		jx_err(errs, "target", "只有五进活动（five_into）填写对象");
	x->enterprises = ids_field(a, in, "enterprises", MAX_LINKS, errs);
	x->inspections = ids_field(a, in, "inspections", MAX_LINKS, errs);
	if (x->inspections != NULL && json_array_size(x->inspections) > 0 && x->kind != NULL &&
	    !door)
		jx_err(errs, "inspections", "只有进门入户送安全（door_to_door）活动关联检查记录");
	else if (x->inspections != NULL && door &&
	    (er = check_inspections(s, a, sc, x->inspections, self, errs)) != APP_OK)
		return er;
	if (x->enterprises != NULL &&
	    (er = check_enterprises(s, a, sc, x->enterprises, errs)) != APP_OK)
		return er;
	return json_array_size(errs) > 0 ? APP_EINVAL : APP_OK;
}

/* ---- writing ---- */

static const char sql_insert[] =
    "INSERT INTO activities (kind, activity_date, region_code, organiser_org_id, title,"
    " sessions, participants, target, description, attachments, created_by, created_at,"
    " updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?12)";
static const char sql_update[] =
    "UPDATE activities SET kind = ?2, activity_date = ?3, region_code = ?4,"
    " organiser_org_id = ?5, title = ?6, sessions = ?7, participants = ?8, target = ?9,"
    " description = ?10, attachments = ?11, updated_at = ?12 WHERE id = ?1 AND voided = 0";
static const char sql_del_enterprises[] = "DELETE FROM activity_enterprises WHERE activity_id = ?1";
static const char sql_add_enterprise[] =
    "INSERT INTO activity_enterprises (activity_id, enterprise_id) VALUES (?1, ?2)";
static const char sql_del_inspections[] = "DELETE FROM activity_inspections WHERE activity_id = ?1";
static const char sql_add_inspection[] =
    "INSERT INTO activity_inspections (activity_id, inspection_id) VALUES (?1, ?2)";

/* Binds ?1..?10 of sql_insert (or ?2..?11 of sql_update with base 1). */
static void
bind_act(struct stmt *st, int base, const struct act *x, const char *attachments)
{
	stmt_bind_text(st, base + 1, x->kind);
	stmt_bind_text(st, base + 2, x->date);
	stmt_bind_text(st, base + 3, x->region);
	stmt_bind_i64(st, base + 4, x->org_id);
	stmt_bind_text(st, base + 5, x->title);
	stmt_bind_i64(st, base + 6, x->sessions);
	stmt_bind_i64(st, base + 7, x->participants);
	stmt_bind_text(st, base + 8, x->target);
	stmt_bind_text(st, base + 9, x->description ? x->description : "");
	stmt_bind_text(st, base + 10, attachments);
}

static enum app_err
write_links(struct store *s, int64_t id, const char *del, const char *add, json_t *ids)
{
	struct stmt *st = store_stmt(s, del);
	enum app_err er;
	json_t      *e;
	size_t       i;

	stmt_bind_i64(st, 1, id);
	if ((er = stmt_run(st)) != APP_OK)
		return er;
	json_array_foreach(ids, i, e)
	{
		st = store_stmt(s, add);
		stmt_bind_i64(st, 1, id);
		stmt_bind_i64(st, 2, json_integer_value(e));
		if ((er = stmt_run(st)) != APP_OK)
			return er;
	}
	return APP_OK;
}

/* Attachment ids: at most MAX_ATTACHMENTS positive integers; NULL when none. */
static json_t *
attachments_field(json_t *in, json_t *errs)
{
	json_t *v = json_object_get(in, "attachments"), *e;
	size_t  i;

	if (v == NULL || json_is_null(v))
		return NULL;
	if (!json_is_array(v) || json_array_size(v) > MAX_ATTACHMENTS) {
		jx_err(errs, "attachments", "应为附件编号的数组（最多20个）");
		return NULL;
	}
	json_array_foreach(v, i, e) if (!json_is_integer(e) || json_integer_value(e) <= 0)
	{
		jx_err(errs, "attachments", "应为附件编号的数组（最多20个）");
		return NULL;
	}
	return json_array_size(v) > 0 ? v : NULL;
}

static const char *const known_fields[] = { "kind", "date", "region_code", "organiser_org_id",
	"title", "sessions", "participants", "target", "description", "enterprises", "inspections",
	"attachments", NULL };

enum app_err
activity_insert(struct store *s, struct arena *a, const struct actor *actor, const struct scope *sc,
    const struct audit_who *who, json_t *in, bool audit, int64_t now, json_t *errs, int64_t *id)
{
	struct act   x;
	struct stmt *st;
	enum app_err er;
	json_t      *atts, *data = NULL;
	char        *atext = NULL;

	*id = 0;
	if (!(ACTIVITY_WRITERS & ROLE_BIT(actor->role)))
		return APP_EPERM;
	if (!json_is_object(in)) {
		jx_err(errs, "$", "应为 JSON 对象");
		return APP_EINVAL;
	}
	jx_unknown(in, known_fields, errs);
	atts = attachments_field(in, errs);
	if ((er = decode(s, a, actor, sc, in, 0, &x, errs)) != APP_OK)
		goto out;
	atext = atts != NULL ? json_dumps(atts, JSON_COMPACT) : xstrdup("[]");
	st = store_stmt(s, sql_insert);
	bind_act(st, 0, &x, atext);
	if (actor->user_id > 0)
		stmt_bind_i64(st, 11, actor->user_id);
	stmt_bind_i64(st, 12, now);
	if ((er = stmt_run(st)) != APP_OK)
		goto out;
	*id = store_last_id(s);
	if ((er = write_links(s, *id, sql_del_enterprises, sql_add_enterprise, x.enterprises)) !=
		APP_OK ||
	    (er = write_links(s, *id, sql_del_inspections, sql_add_inspection, x.inspections)) !=
		APP_OK)
		goto out;
	if (atts != NULL &&
	    (er = attachment_claim(s, actor, atts, "activity", *id, false, "attachments", errs)) !=
		APP_OK)
		goto out;
	if (json_array_size(errs) > 0) {
		er = APP_EINVAL;
		goto out;
	}
	if (audit) {
		data = form_of(&x);
		if (atts != NULL)
			json_object_set(data, "attachments", atts);
		er = audit_append(s, who, "create", "activity", *id, data);
	}
out:
	if (er != APP_OK)
		*id = 0;
	free(atext);
	json_decref(data);
	act_clear(&x);
	return er;
}

enum app_err
activity_create(struct store *s, struct arena *a, const struct actor *actor, const struct scope *sc,
    const struct audit_who *who, json_t *in, int64_t now, json_t *errs, int64_t *id)
{
	enum app_err er;

	*id = 0;
	if (!(ACTIVITY_WRITERS & ROLE_BIT(actor->role)))
		return APP_EPERM;
	if ((er = store_begin(s, STORE_WRITE)) != APP_OK)
		return er;
	if ((er = activity_insert(s, a, actor, sc, who, in, true, now, errs, id)) == APP_OK &&
	    (er = store_commit(s)) == APP_OK)
		return APP_OK;
	store_rollback(s);
	*id = 0;
	return er;
}

/* ---- reading ---- */

#define ACT_COLS \
	"a.id, a.kind, a.activity_date AS date, a.region_code, r.name AS region_name," \
	" a.organiser_org_id, o.name AS organiser_org_name, a.title, a.sessions," \
	" a.participants, a.target, a.description, a.attachments, a.voided, a.void_reason," \
	" a.voided_at, a.created_by, a.created_at, a.updated_at," \
	" (SELECT count(*) FROM activity_enterprises x WHERE x.activity_id = a.id)" \
	" AS enterprise_count," \
	" (SELECT count(*) FROM activity_inspections y WHERE y.activity_id = a.id)" \
	" AS inspection_count"
#define ACT_FROM \
	" FROM activities a JOIN orgs o ON o.id = a.organiser_org_id LEFT JOIN regions r ON" \
	" r.code = a.region_code"

static const char sql_one[] = "SELECT " ACT_COLS ACT_FROM " WHERE a.id = ?5 AND " ROW_SCOPE;

/* Labels, arrays, booleans and instants of a row. */
static void
decorate(json_t *o)
{
	static const char *const instants[] = { "created_at", "updated_at", "voided_at", NULL };
	const char              *t = jx_str(o, "attachments");
	json_t                  *v = t ? json_loads(t, 0, NULL) : NULL;
	char                     buf[40];
	int                      i;

	json_object_set_new(o, "kind_label", json_string(activity_kind_label(jx_str(o, "kind"))));
	json_object_set_new(o, "target_label",
	    jx_str(o, "target") ? json_string(activity_target_label(jx_str(o, "target")))
				: json_null());
	json_object_set_new(o, "attachments", json_is_array(v) ? v : json_array());
	if (v != NULL && !json_is_array(v))
		json_decref(v);
	for (i = 0; instants[i] != NULL; i++) {
		if (!json_is_integer(json_object_get(o, instants[i])))
			continue;
		time_fmt_rfc3339(jx_num(o, instants[i]), buf, sizeof(buf));
		json_object_set_new(o, instants[i], json_string(buf));
	}
	json_object_set_new(o, "voided", json_boolean(jx_num(o, "voided") != 0));
}

/* The row, undecorated, or APP_ENOENT outside the scope. */
static enum app_err
load(struct store *s, const struct scope *sc, int64_t id, json_t **out)
{
	struct scope rs;
	struct stmt *st = store_stmt(s, sql_one);
	enum app_err er;
	bool         row;

	*out = NULL;
	row_scope(sc, &rs);
	scope_bind(st, &rs);
	stmt_bind_i64(st, 5, id);
	if ((er = stmt_step(st, &row)) != APP_OK)
		return er;
	if (row)
		*out = stmt_row_json(st);
	stmt_reset(st);
	return row ? APP_OK : APP_ENOENT;
}

enum app_err
activity_get(struct store *s, const struct scope *sc, int64_t id, json_t **out)
{
	enum app_err er;

	if ((er = load(s, sc, id, out)) == APP_OK)
		decorate(*out);
	return er;
}

/* Whether the actor is on the organiser side of the record (and it is not voided). */
static bool
may_edit(const struct actor *actor, const json_t *rec)
{
	if (!(ACTIVITY_WRITERS & ROLE_BIT(actor->role)) || jx_num(rec, "voided") != 0)
		return false;
	return (EDIT_ANY & ROLE_BIT(actor->role)) ||
	    (actor->org_id > 0 && actor->org_id == jx_num(rec, "organiser_org_id"));
}

static const char sql_linked_enterprises[] =
    "SELECT e.id, e.name, e.uscc, e.region_code FROM activity_enterprises x JOIN enterprises e"
    " ON e.id = x.enterprise_id WHERE x.activity_id = ?1 ORDER BY e.id";
static const char sql_linked_inspections[] =
    "SELECT i.id, i.enterprise_id, e.name AS enterprise_name, i.inspected_on, i.kind"
    " FROM activity_inspections y JOIN inspections i ON i.id = y.inspection_id"
    " JOIN enterprises e ON e.id = i.enterprise_id WHERE y.activity_id = ?1 ORDER BY i.id";

static enum app_err
rows_of(struct store *s, const char *sql, int64_t id, json_t **out)
{
	struct stmt *st = store_stmt(s, sql);
	enum app_err er;
	bool         row;

	*out = json_array();
	stmt_bind_i64(st, 1, id);
	while ((er = stmt_step(st, &row)) == APP_OK && row)
		json_array_append_new(*out, stmt_row_json(st));
	return er;
}

enum app_err
activity_detail(
    struct store *s, const struct actor *actor, const struct scope *sc, int64_t id, json_t **out)
{
	json_t      *o = NULL, *ents = NULL, *insp = NULL, *actions;
	enum app_err er;

	*out = NULL;
	if ((er = load(s, sc, id, &o)) != APP_OK)
		return er;
	if ((er = rows_of(s, sql_linked_enterprises, id, &ents)) != APP_OK ||
	    (er = rows_of(s, sql_linked_inspections, id, &insp)) != APP_OK) {
		json_decref(o);
		json_decref(ents);
		json_decref(insp);
		return er;
	}
	actions = json_array();
	if (may_edit(actor, o)) {
		json_array_append_new(actions, json_string("update"));
		json_array_append_new(actions, json_string("void"));
	}
	decorate(o);
	json_object_set_new(o, "enterprises", ents);
	json_object_set_new(o, "inspections", insp);
	json_object_set_new(o, "actions", actions);
	*out = o;
	return APP_OK;
}

/* ---- correcting and voiding ---- */

static enum app_err
ids_of(struct store *s, const char *sql, int64_t id, json_t **out)
{
	struct stmt *st = store_stmt(s, sql);
	enum app_err er;
	bool         row;

	*out = json_array();
	stmt_bind_i64(st, 1, id);
	while ((er = stmt_step(st, &row)) == APP_OK && row)
		json_array_append_new(*out, json_integer(stmt_i64(st, 0)));
	return er;
}

/* The stored record as the API takes it (the `form_of` shape). */
static enum app_err
stored_form(struct store *s, const json_t *rec, json_t **out)
{
	json_t      *ents = NULL, *insp = NULL;
	enum app_err er;
	int64_t      id = jx_num(rec, "id");

	*out = NULL;
	if ((er = ids_of(s,
		 "SELECT enterprise_id FROM activity_enterprises WHERE activity_id = ?1"
		 " ORDER BY enterprise_id",
		 id, &ents)) != APP_OK ||
	    (er = ids_of(s,
		 "SELECT inspection_id FROM activity_inspections WHERE activity_id = ?1"
		 " ORDER BY inspection_id",
		 id, &insp)) != APP_OK) {
		json_decref(ents);
		json_decref(insp);
		return er;
	}
	*out = json_pack("{s:s, s:s, s:s, s:I, s:s, s:I, s:I, s:s?, s:s, s:o, s:o}", "kind",
	    jx_str(rec, "kind"), "date", jx_str(rec, "date"), "region_code",
	    jx_str(rec, "region_code"), "organiser_org_id",
	    (json_int_t)jx_num(rec, "organiser_org_id"), "title", jx_str(rec, "title"), "sessions",
	    (json_int_t)jx_num(rec, "sessions"), "participants",
	    (json_int_t)jx_num(rec, "participants"), "target", jx_str(rec, "target"), "description",
	    jx_str(rec, "description") ? jx_str(rec, "description") : "", "enterprises", ents,
	    "inspections", insp);
	return APP_OK;
}

enum app_err
activity_update(struct store *s, struct arena *a, const struct actor *actor, const struct scope *sc,
    const struct audit_who *who, int64_t id, json_t *in, int64_t now, json_t *errs)
{
	struct act x = { 0 };
	json_t    *rec = NULL, *before = NULL, *merged = NULL, *after = NULL, *diff = NULL, *atts,
	       *all = NULL, *v;
	const char  *k;
	char        *atext = NULL;
	struct stmt *st;
	enum app_err er;

	if (!json_is_object(in)) {
		jx_err(errs, "$", "应为 JSON 对象");
		return APP_EINVAL;
	}
	jx_unknown(in, known_fields, errs);
	atts = attachments_field(in, errs);
	if ((er = store_begin(s, STORE_WRITE)) != APP_OK)
		return er;
	if ((er = load(s, sc, id, &rec)) != APP_OK)
		goto fail;
	if (!(ACTIVITY_WRITERS & ROLE_BIT(actor->role)) ||
	    (!(EDIT_ANY & ROLE_BIT(actor->role)) &&
		actor->org_id != jx_num(rec, "organiser_org_id"))) {
		er = APP_EPERM;
		goto fail;
	}
	if (jx_num(rec, "voided") != 0) {
		jx_err(errs, "$", "活动已作废，不能修改");
		er = APP_ECONFLICT;
		goto fail;
	}
	if ((er = stored_form(s, rec, &before)) != APP_OK)
		goto fail;
	merged = json_deep_copy(before);
	json_object_foreach(in, k, v) if (strcmp(k, "attachments") != 0)
	    json_object_set(merged, k, v);
	if ((er = decode(s, a, actor, sc, merged, id, &x, errs)) != APP_OK)
		goto fail;
	if (json_array_size(errs) > 0) {
		er = APP_EINVAL;
		goto fail;
	}
	after = form_of(&x);
	diff = jx_diff(before, after);
	if (json_object_size(diff) == 0 && atts == NULL) {
		/* Nothing changes: no write, no audit row. */
		store_rollback(s);
		goto out;
	}
	all = json_loads(jx_str(rec, "attachments"), 0, NULL);
	if (!json_is_array(all)) {
		json_decref(all);
		all = json_array();
	}
	if (atts != NULL) {
		if ((er = attachment_claim(
			 s, actor, atts, "activity", id, false, "attachments", errs)) != APP_OK)
			goto fail;
		if (json_array_size(errs) > 0) {
			er = APP_EINVAL;
			goto fail;
		}
		json_array_extend(all, atts);
		json_object_set(diff, "attachments_added", atts);
	}
	atext = json_dumps(all, JSON_COMPACT);
	st = store_stmt(s, sql_update);
	stmt_bind_i64(st, 1, id);
	bind_act(st, 1, &x, atext);
	stmt_bind_i64(st, 12, now);
	if ((er = stmt_run(st)) != APP_OK)
		goto fail;
	if (store_changes(s) != 1) {
		er = APP_ECONFLICT;
		goto fail;
	}
	if ((json_object_get(diff, "enterprises") != NULL &&
		(er = write_links(s, id, sql_del_enterprises, sql_add_enterprise, x.enterprises)) !=
		    APP_OK) ||
	    (json_object_get(diff, "inspections") != NULL &&
		(er = write_links(s, id, sql_del_inspections, sql_add_inspection, x.inspections)) !=
		    APP_OK))
		goto fail;
	if ((er = audit_append(s, who, "update", "activity", id, diff)) != APP_OK)
		goto fail;
	if ((er = store_commit(s)) == APP_OK)
		goto out;
fail:
	store_rollback(s);
out:
	act_clear(&x);
	free(atext);
	json_decref(all);
	json_decref(rec);
	json_decref(before);
	json_decref(merged);
	json_decref(after);
	json_decref(diff);
	return er;
}

static const char sql_void[] =
    "UPDATE activities SET voided = 1, void_reason = ?2, voided_at = ?3, updated_at = ?3"
    " WHERE id = ?1 AND voided = 0";

enum app_err
activity_transition(struct store *s, struct arena *a, const struct actor *actor,
    const struct scope *sc, const struct audit_who *who, int64_t id, json_t *in, int64_t now,
    json_t *errs)
{
	static const char *const known[] = { "action", "reason", NULL };
	static const char *const actions[] = { "void", NULL };
	const char              *action = NULL, *reason = NULL;
	json_t                  *rec = NULL, *ch;
	struct stmt             *st;
	enum app_err             er;

	if (!json_is_object(in)) {
		jx_err(errs, "$", "应为 JSON 对象");
		return APP_EINVAL;
	}
	if (jx_missing(jx_enum(in, "action", actions, &action, errs)))
		jx_err(errs, "action", "必填: void");
	jx_unknown(in, known, errs);
	if (jx_missing(jx_string(a, in, "reason", 2, 1000, &reason, errs)))
		jx_err(errs, "reason", "必填: 作废理由（至少 2 个字）");
	if ((er = store_begin(s, STORE_WRITE)) != APP_OK)
		return er;
	if ((er = load(s, sc, id, &rec)) != APP_OK)
		goto fail;
	if (!(ACTIVITY_WRITERS & ROLE_BIT(actor->role)) ||
	    (!(EDIT_ANY & ROLE_BIT(actor->role)) &&
		actor->org_id != jx_num(rec, "organiser_org_id"))) {
		er = APP_EPERM;
		goto fail;
	}
	if (jx_num(rec, "voided") != 0) {
		jx_err(errs, "action", "活动已作废");
		er = APP_ECONFLICT;
		goto fail;
	}
	if (json_array_size(errs) > 0) {
		er = APP_EINVAL;
		goto fail;
	}
	st = store_stmt(s, sql_void);
	stmt_bind_i64(st, 1, id);
	stmt_bind_text(st, 2, reason);
	stmt_bind_i64(st, 3, now);
	if ((er = stmt_run(st)) != APP_OK)
		goto fail;
	if (store_changes(s) != 1) {
		er = APP_ECONFLICT;
		goto fail;
	}
	ch = json_pack("{s:s, s:[b, b], s:s}", "action", "void", "voided", 0, 1, "reason", reason);
	er = audit_append(s, who, "transition", "activity", id, ch);
	json_decref(ch);
	if (er == APP_OK && (er = store_commit(s)) == APP_OK)
		goto out;
fail:
	store_rollback(s);
out:
	json_decref(rec);
	return er;
}

/* ---- the list ---- */

static bool
one_of(const char *const *codes, const char *v)
{
	size_t i;

	for (i = 0; codes[i] != NULL; i++)
		if (strcmp(codes[i], v) == 0)
			return true;
	return false;
}

static bool
date_param(activity_param_fn get, void *arg, const char *name, const char **out, json_t *errs)
{
	int64_t d;

	*out = get(arg, name);
	if (*out != NULL && (strlen(*out) != 10 || !date_parse(*out, &d))) {
		jx_err(errs, name, "应为日期 YYYY-MM-DD");
		*out = NULL;
		return false;
	}
	return true;
}

enum app_err
activity_filter_parse(activity_param_fn get, void *arg, struct activity_filter *f, json_t *errs)
{
	const char *v;
	char       *end;

	memset(f, 0, sizeof(*f));
	f->kind = get(arg, "kind");
	f->target = get(arg, "target");
	f->region = get(arg, "region");
	f->q = get(arg, "q");
	f->voided = get(arg, "voided") ? get(arg, "voided") : "false";
	if (f->kind != NULL && !one_of(kind_codes, f->kind))
		jx_err(errs, "kind", "应为活动类型的代码（见 docs/api.md）");
	if (f->target != NULL && !one_of(target_codes, f->target))
		jx_err(errs, "target",
		    "应为 community、enterprise、school、village、family、government 或 "
		    "public_place");
	if (f->region != NULL &&
	    (strlen(f->region) < 2 || strlen(f->region) > 12 ||
		strspn(f->region, "0123456789") != strlen(f->region)))
		jx_err(errs, "region", "应为行政区划代码");
	date_param(get, arg, "from", &f->from, errs);
	date_param(get, arg, "to", &f->to, errs);
	if (strcmp(f->voided, "false") != 0 && strcmp(f->voided, "true") != 0 &&
	    strcmp(f->voided, "all") != 0)
		jx_err(errs, "voided", "应为 false、true 或 all");
	if ((v = get(arg, "organiser_org_id")) != NULL) {
		f->organiser_org_id = strtoll(v, &end, 10);
		if (*end != '\0' || f->organiser_org_id <= 0)
			jx_err(errs, "organiser_org_id", "应为正整数");
	}
	return json_array_size(errs) > 0 ? APP_EINVAL : APP_OK;
}

#define LIST_WHERE \
	" WHERE " ROW_SCOPE " AND (?5 IS NULL OR a.kind = ?5) AND (?6 IS NULL OR a.target = ?6)" \
	" AND (?7 IS NULL OR a.activity_date >= ?7) AND (?8 IS NULL OR a.activity_date <= ?8)" \
	" AND (?9 IS NULL OR a.organiser_org_id = ?9) AND (?10 IS NULL OR instr(a.title, ?10) > 0)" \
	" AND (?11 = 'all' OR a.voided = (?11 = 'true'))"

static const char sql_list[] = "SELECT " ACT_COLS ACT_FROM LIST_WHERE
			       " AND (?12 = 0 OR a.id < ?12) ORDER BY a.id DESC LIMIT ?13";
static const char sql_count[] = "SELECT count(*) FROM activities a" LIST_WHERE;

static bool
bind_filter(struct stmt *st, const struct scope *sc, const struct activity_filter *f)
{
	struct scope rs;
	char         lo[16], hi[16];

	row_scope(sc, &rs);
	if (f->region != NULL) {
		if (!scope_narrow(&rs, f->region, lo, hi))
			return false;
		scope_bind_range(st, &rs, lo, hi);
	} else
		scope_bind(st, &rs);
	stmt_bind_text(st, 5, f->kind);
	stmt_bind_text(st, 6, f->target);
	stmt_bind_text(st, 7, f->from);
	stmt_bind_text(st, 8, f->to);
	if (f->organiser_org_id > 0)
		stmt_bind_i64(st, 9, f->organiser_org_id);
	stmt_bind_text(st, 10, f->q);
	stmt_bind_text(st, 11, f->voided);
	return true;
}

enum app_err
activity_page(struct store *s, const struct scope *sc, const struct activity_filter *f,
    int64_t cursor, int limit, json_t **items, int64_t *total)
{
	struct stmt *st;
	enum app_err er;
	bool         row;

	*items = json_array();
	*total = 0;
	st = store_stmt(s, sql_count);
	if (!bind_filter(st, sc, f)) {
		stmt_reset(st);
		return APP_OK;
	}
	if ((er = stmt_one_i64(st, total)) != APP_OK)
		return er;
	st = store_stmt(s, sql_list);
	bind_filter(st, sc, f);
	stmt_bind_i64(st, 12, cursor);
	stmt_bind_i64(st, 13, limit);
	while ((er = stmt_step(st, &row)) == APP_OK && row) {
		json_t *o = stmt_row_json(st);

		decorate(o);
		json_array_append_new(*items, o);
	}
	return er;
}

/* ---- statistics ---- */

static const char *const group_bys[] = { "kind", "region", "month", NULL };
static const char *const group_headers[] = { "活动类型", "地区", "月份", NULL };
static const char *const metrics[] = { "activities", "sessions", "participants", "enterprises",
	"inspections", NULL };

enum app_err
activity_stats_parse(activity_param_fn get, void *arg, struct activity_stats_query *q, json_t *errs)
{
	const char *v;
	char        today[11];
	size_t      i;

	memset(q, 0, sizeof(*q));
	today_str(today);
	snprintf(q->from, sizeof(q->from), "%.4s-01-01", today);
	snprintf(q->to, sizeof(q->to), "%s", today);
	if (date_param(get, arg, "from", &v, errs) && v != NULL)
		snprintf(q->from, sizeof(q->from), "%s", v);
	if (date_param(get, arg, "to", &v, errs) && v != NULL)
		snprintf(q->to, sizeof(q->to), "%s", v);
	if (strcmp(q->to, q->from) < 0 && !jx_has_err(errs, "to") && !jx_has_err(errs, "from"))
		jx_err(errs, "to", "结束日期不能早于开始日期");
	q->group_by = get(arg, "group_by") ? get(arg, "group_by") : "kind";
	for (i = 0; group_bys[i] != NULL && strcmp(group_bys[i], q->group_by) != 0; i++)
		continue;
	if (group_bys[i] == NULL)
		jx_err(errs, "group_by", "应为 kind、region 或 month");
	else
		q->group_by = group_bys[i];
	return json_array_size(errs) > 0 ? APP_EINVAL : APP_OK;
}

/* ?1–?4 the row scope, ?5 the grouping, ?6 the region code length, ?7..?8 the dates. */
#define STAT_KEY \
	"CASE ?5 WHEN 'kind' THEN a.kind WHEN 'month' THEN substr(a.activity_date, 1, 7) ELSE" \
	" substr(a.region_code, 1, ?6) END"
#define STAT_WHERE \
	" WHERE a.activity_date >= ?7 AND a.activity_date <= ?8 AND a.voided = 0 AND " ROW_SCOPE

static const char sql_stats[] =
    "SELECT " STAT_KEY " AS g, count(*), sum(a.sessions), sum(a.participants)"
    " FROM activities a INDEXED BY activities_date" STAT_WHERE " GROUP BY g";
static const char sql_stat_enterprises[] =
    "SELECT " STAT_KEY " AS g, count(DISTINCT x.enterprise_id) FROM activities a INDEXED BY"
    " activities_date JOIN activity_enterprises x ON x.activity_id = a.id" STAT_WHERE " GROUP BY g";
static const char sql_stat_inspections[] =
    "SELECT " STAT_KEY " AS g, count(DISTINCT y.inspection_id) FROM activities a INDEXED BY"
    " activities_date JOIN activity_inspections y ON y.activity_id = a.id" STAT_WHERE " GROUP BY g";
/* The totals of the distinct counts: an enterprise covered in two groups counts once. */
static const char sql_stat_totals[] =
    "SELECT (SELECT count(DISTINCT x.enterprise_id) FROM activities a INDEXED BY"
    " activities_date JOIN activity_enterprises x ON x.activity_id = a.id" STAT_WHERE "),"
    " (SELECT count(DISTINCT y.inspection_id) FROM activities a INDEXED BY activities_date"
    " JOIN activity_inspections y ON y.activity_id = a.id" STAT_WHERE ")";
static const char sql_stat_regions[] =
    "SELECT code, name FROM regions WHERE code >= ?1 AND code < ?2 AND length(code) = ?3"
    " AND level <> 'city' ORDER BY sort";
/* Months listed even when empty, up to this many. */
#define SEED_MONTHS 240

static json_t *
new_group(const char *key, const char *label)
{
	json_t *g = json_pack("{s:s, s:s}", "key", key, "label", label);
	size_t  i;

	for (i = 0; metrics[i] != NULL; i++)
		json_object_set_new(g, metrics[i], json_integer(0));
	return g;
}

static json_t *
add_group(json_t *groups, json_t *index, const char *key, const char *label)
{
	json_t *g = new_group(key, label);

	json_array_append_new(groups, g);
	json_object_set(index, key, g);
	return g;
}

static void
month_label(const char *key, char *buf, size_t n)
{
	snprintf(buf, n, "%.4s年%d月", key, atoi(key + 5));
}

/* The groups a bureau expects to see even when empty, in their order. */
static enum app_err
seed_groups(struct store *s, const struct scope *rs, const struct activity_stats_query *q,
    int region_len, json_t *groups, json_t *index)
{
	struct stmt *st;
	enum app_err er = APP_OK;
	bool         row;
	size_t       i;
	int          y, m, y2, m2, n = 0;
	char         key[8], label[32];

	if (strcmp(q->group_by, "region") == 0) {
		st = store_stmt(s, sql_stat_regions);
		stmt_bind_text(st, 1, rs->lo);
		stmt_bind_text(st, 2, rs->hi);
		stmt_bind_i64(st, 3, region_len);
		while ((er = stmt_step(st, &row)) == APP_OK && row)
			add_group(groups, index, stmt_text(st, 0), stmt_text(st, 1));
		stmt_reset(st);
		return er;
	}
	if (strcmp(q->group_by, "month") == 0) {
		y = atoi(q->from), m = atoi(q->from + 5);
		y2 = atoi(q->to), m2 = atoi(q->to + 5);
		if ((y2 - y) * 12 + (m2 - m) >= SEED_MONTHS)
			return APP_OK;
		for (; (y < y2 || (y == y2 && m <= m2)) && n < SEED_MONTHS; n++) {
			snprintf(key, sizeof(key), "%04d-%02d", y, m);
			month_label(key, label, sizeof(label));
			add_group(groups, index, key, label);
			if (++m > 12)
				m = 1, y++;
		}
		return APP_OK;
	}
	for (i = 0; i < AK__MAX; i++)
		add_group(groups, index, kind_codes[i], kind_labels[i]);
	return APP_OK;
}

/* A group outside the seeded ones: a month beyond the seeded range, or a record at the
 * scope's own level (an activity of the city or of a district itself), labelled 本级. */
static enum app_err
extra_group(struct store *s, const char *by, int region_len, const char *key, json_t *groups,
    json_t *index, json_t **g)
{
	enum app_err er;
	char        *label = NULL, buf[32];

	if ((*g = json_object_get(index, key)) != NULL)
		return APP_OK;
	if (strcmp(by, "region") == 0) {
		if ((er = region_group_label(s, key, region_len, &label)) != APP_OK)
			return er;
	} else if (strcmp(by, "month") == 0) {
		month_label(key, buf, sizeof(buf));
		label = xstrdup(buf);
	}
	*g = add_group(groups, index, key, label ? label : key);
	free(label);
	return APP_OK;
}

static void
add(json_t *g, const char *k, int64_t v)
{
	json_object_set_new(g, k, json_integer(json_integer_value(json_object_get(g, k)) + v));
}

static void
bind_stats(
    struct stmt *st, const struct scope *rs, const struct activity_stats_query *q, int region_len)
{
	scope_bind(st, rs);
	stmt_bind_text(st, 5, q->group_by);
	stmt_bind_i64(st, 6, region_len);
	stmt_bind_text(st, 7, q->from);
	stmt_bind_text(st, 8, q->to);
}

static int
cmp_key(const void *a, const void *b)
{
	return strcmp(json_string_value(json_object_get(*(json_t *const *)a, "key")),
	    json_string_value(json_object_get(*(json_t *const *)b, "key")));
}

enum app_err
activity_stats(
    struct store *s, const struct scope *sc, const struct activity_stats_query *q, json_t **out)
{
	static const char *const per_group[] = { sql_stats, sql_stat_enterprises,
		sql_stat_inspections };
	json_t      *groups = json_array(), *index = json_object(), *total, *rows, *r, *g;
	struct scope rs;
	struct stmt *st;
	enum app_err er;
	bool         row;
	int          region_len;
	size_t       i, k, m;

	*out = NULL;
	row_scope(sc, &rs);
	region_len = strlen(rs.lo) <= 4 ? 6 : 9;
	total = new_group("total", "合计");
	if ((er = store_begin(s, STORE_READ)) != APP_OK)
		goto out;
	if ((er = seed_groups(s, &rs, q, region_len, groups, index)) != APP_OK)
		goto out;
	/* Read each statement's rows first: naming an extra group reads the regions table. */
	for (k = 0; k < 3; k++) {
		rows = json_array();
		st = store_stmt(s, per_group[k]);
		bind_stats(st, &rs, q, region_len);
		while ((er = stmt_step(st, &row)) == APP_OK && row) {
			r = json_pack("[s, I]", stmt_text(st, 0), (json_int_t)stmt_i64(st, 1));
			if (k == 0) {
				json_array_append_new(r, json_integer(stmt_i64(st, 2)));
				json_array_append_new(r, json_integer(stmt_i64(st, 3)));
			}
			json_array_append_new(rows, r);
		}
		json_array_foreach(rows, i, r)
		{
			if (er != APP_OK ||
			    (er = extra_group(s, q->group_by, region_len,
				 json_string_value(json_array_get(r, 0)), groups, index, &g)) !=
				APP_OK)
				break;
			if (k == 0)
				for (m = 0; m < 3; m++) {
					add(g, metrics[m],
					    json_integer_value(json_array_get(r, m + 1)));
					add(total, metrics[m],
					    json_integer_value(json_array_get(r, m + 1)));
				}
			else
				add(g, metrics[k + 2], json_integer_value(json_array_get(r, 1)));
		}
		json_decref(rows);
		if (er != APP_OK)
			goto out;
	}
	st = store_stmt(s, sql_stat_totals);
	bind_stats(st, &rs, q, region_len);
	if ((er = stmt_step(st, &row)) != APP_OK)
		goto out;
	if (row) {
		add(total, "enterprises", stmt_i64(st, 0));
		add(total, "inspections", stmt_i64(st, 1));
	}
	stmt_reset(st);
	/* Months in order, also those outside the seeded range. */
	if (strcmp(q->group_by, "month") == 0) {
		size_t  n = json_array_size(groups);
		json_t *sorted = json_array();

		if (n > 0) {
			json_t **arr = xcalloc(n, sizeof(*arr));

			for (i = 0; i < n; i++)
				arr[i] = json_array_get(groups, i);
			qsort(arr, n, sizeof(arr[0]), cmp_key);
			for (i = 0; i < n; i++)
				json_array_append(sorted, arr[i]);
			free(arr);
		}
		json_decref(groups);
		groups = sorted;
	}
	*out = json_pack("{s:s, s:s, s:s, s:O, s:O}", "from", q->from, "to", q->to, "group_by",
	    q->group_by, "groups", groups, "total", total);
out:
	store_rollback(s);
	json_decref(groups);
	json_decref(index);
	json_decref(total);
	return er;
}

enum app_err
activity_stats_write(json_t *stats, enum sheet_format fmt, const char *path)
{
	struct sheet_column cols[] = {
		{ "活动类型", 30, false },
		{ "活动（次）", 12, true },
		{ "场次", 10, true },
		{ "人次", 12, true },
		{ "覆盖企业（家）", 14, true },
		{ "入户检查（次）", 14, true },
	};
	char title[200];

	cols[0].label = code_label(group_bys, group_headers, jx_str(stats, "group_by"));
	snprintf(title, sizeof(title), "宣传培训统计表（%s 至 %s）", jx_str(stats, "from"),
	    jx_str(stats, "to"));
	return sheet_write_counts(
	    path, fmt, "宣传培训统计", title, cols, sizeof(cols) / sizeof(cols[0]), stats, metrics);
}
