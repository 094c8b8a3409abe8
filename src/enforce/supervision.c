/*
 * Supervision actions (督办问责). What the rules rest on, from
 * ../shared/reference/law/supervision_rules.json — partial: apart from 安全生产法 its entries
 * are the openings of web pages, mostly provincial rules (its meta.note):
 *   - 安全生产法第四十一条: 县级以上地方各级人民政府负有安全生产监督管理职责的部门应当
 *     将重大事故隐患纳入相关信息系统, 建立健全重大事故隐患治理督办制度 — the 督办 of
 *     hazards the law sets up is of major ones; the issue's rule that a listing (挂牌督办)
 *     of a hazard is of a major hazard, and only while it is open, follows it.
 *   - 湖北省重大事故隐患挂牌督办办法第十条 (provincial, for reference only): the listing
 *     department accepts the rectification and then 核销 the hazard — here the listing is
 *     taken down (摘牌) in the same transaction as the hazard's acceptance.
 *   - 广西较大事故查处挂牌督办实施办法: a listing notice states 督办事项, 办理期限 and how it
 *     is lifted — here reason, requirements and deadline (required for a listing).
 *   - 安全生产约谈实施办法(试行)(安委〔2018〕2号): 约谈 is addressed to local governments;
 *     enterprise 约谈 comes from local rules — both target types are allowed.
 * Which level of bureau may list which grade of hazard (湖北: 县级/市级/省级 by grade) is
 * provincial and not in the reference for Inner Mongolia; it is not enforced.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "accident/accident.h"
#include "attachment/attachment.h"
#include "audit/audit.h"
#include "auth/scope.h"
#include "core/arena.h"
#include "core/jsonx.h"
#include "core/mem.h"
#include "core/text.h"
#include "core/timeutil.h"
#include "enforce/supervision.h"
#include "refdata/refdata.h"
#include "store/store.h"

#define MAX_ATTACHMENTS 20
/* A deadline this close (deadline − today ≤ 3 days) is due soon, as for hazards. */
#define DUE_SOON_DAYS 3
#define NOTIFY_BATCH 1000

/* The kinds and target types with their labels: validation, the UI, notifications and the
 * statistics read these tables. */
enum supervision_kind { SK_LISTING, SK_INTERVIEW, SK_WARNING, SK_NOTICE, SK_INSPECTION, SK__MAX };
static const char *const kind_codes[SK__MAX + 1] = { "listing", "interview", "warning", "notice",
	"inspection", NULL };
static const char *const kind_labels[SK__MAX + 1] = { "挂牌督办", "约谈", "警示提醒", "考核通报",
	"督导检查", NULL };

enum target_type { TT_REGION, TT_ORG, TT_ENTERPRISE, TT_HAZARD, TT_ACCIDENT, TT__MAX };
static const char *const target_codes[TT__MAX + 1] = { "region", "org", "enterprise", "hazard",
	"accident", NULL };
static const char *const target_labels[TT__MAX + 1] = { "地区", "机关", "企业", "隐患", "事故",
	NULL };
/* The input field that names the target of each type. */
static const char *const target_fields[TT__MAX + 1] = { "target_region", "target_org_id",
	"enterprise_id", "hazard_id", "accident_id", NULL };

static const char *const statuses[] = { "issued", "responded", "closed", NULL };
#define OPEN_STATUSES "('issued', 'responded')"

/* The bureaus' leaders and staff who issue, return and close (市局, 旗区局). */
#define ISSUERS (ROLE_BIT(ROLE_ADMIN) | ROLE_BIT(ROLE_CITY) | ROLE_BIT(ROLE_DISTRICT))
/* The target side: the enterprise for its own, government staff whose scope holds the
 * record (a region's or an org's staff, or recording for an enterprise without an
 * account, as hazards allow). */
#define RESPONDERS (ROLES_REGISTRY | ROLE_BIT(ROLE_ENTERPRISE))

/*
 * The transition table (DOMAIN.md: issued → responded → closed). `issuer_side`: a district
 * user must belong to the issuing org (admin and city always may). Closing from `issued`
 * needs a `note`. The automatic `delist` (a listed hazard was closed) is not an action
 * anyone takes: supervision_hazard_closed().
 */
static const struct {
	const char *name;
	const char *from[2];
	const char *to;
	unsigned    roles;
	bool        issuer_side;
	const char *fields[4];
} trans[SA__MAX] = {
	[SA_RESPOND] = { "respond", { "issued" }, "responded", RESPONDERS, false,
	    { "response", "attachments", "responded_on" } },
	[SA_RETURN] = { "return", { "responded" }, "issued", ISSUERS, true, { "reason" } },
	[SA_CLOSE] = { "close", { "responded", "issued" }, "closed", ISSUERS, true,
	    { "closed_on", "note" } },
};

const char *
supervision_action_name(enum supervision_action a)
{
	return trans[a].name;
}

static bool
action_parse(const char *s, enum supervision_action *a)
{
	int i;

	for (i = 0; i < SA__MAX; i++)
		if (s != NULL && strcmp(trans[i].name, s) == 0) {
			*a = (enum supervision_action)i;
			return true;
		}
	return false;
}

static bool
from_ok(enum supervision_action a, const char *status)
{
	int i;

	for (i = 0; i < 2 && trans[a].from[i] != NULL; i++)
		if (strcmp(trans[a].from[i], status) == 0)
			return true;
	return false;
}

/* Role and side; the scope was checked when the record was read. */
static bool
may(const struct actor *actor, enum supervision_action a, const json_t *rec)
{
	if (!(trans[a].roles & ROLE_BIT(actor->role)))
		return false;
	return !trans[a].issuer_side || actor->role != ROLE_DISTRICT ||
	    actor->org_id == jx_num(rec, "issuer_org_id");
}

static bool
in_range(const char *code, const char *lo, const char *hi)
{
	return strcmp(code, lo) >= 0 && strcmp(code, hi) < 0;
}

/* ---- dates ---- */

static int64_t
day_of(const char *date)
{
	int64_t d = 0;

	date_parse(date, &d);
	return d;
}

/* A date field: absent → dflt (may be NULL); never after `not_after` when given. */
static const char *
date_field(struct arena *a, json_t *in, const char *key, const char *dflt, const char *not_after,
    json_t *errs)
{
	const char *s = NULL;
	int64_t     d;

	if (jx_string(a, in, key, 0, 10, &s, errs) == JX_BAD)
		return NULL;
	if (s == NULL)
		return dflt;
	if (!date_parse(s, &d)) {
		jx_err(errs, key, "应为日期 YYYY-MM-DD");
		return NULL;
	}
	if (not_after != NULL && strcmp(s, not_after) > 0) {
		jx_err(errs, key, "不能晚于今天");
		return NULL;
	}
	return s;
}

/* Attachment ids: at most MAX_ATTACHMENTS positive integers; NULL when none. */
static json_t *
ids_field(json_t *in, const char *key, json_t *errs)
{
	json_t *v = json_object_get(in, key), *e;
	size_t  i;

	if (v == NULL || json_is_null(v))
		return NULL;
	if (!json_is_array(v) || json_array_size(v) > MAX_ATTACHMENTS) {
		jx_err(errs, key, "应为附件编号的数组(最多20个)");
		return NULL;
	}
	json_array_foreach(v, i, e) if (!json_is_integer(e) || json_integer_value(e) <= 0)
	{
		jx_err(errs, key, "应为附件编号的数组(最多20个)");
		return NULL;
	}
	return json_array_size(v) > 0 ? v : NULL;
}

/* ---- events and notifications ---- */

static const char sql_event[] =
    "INSERT INTO supervision_events (supervision_id, action, from_status, to_status, actor_id,"
    " actor_name, at, note, data) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)";

static const char sql_note[] =
    "INSERT INTO notifications (kind, recipient, enterprise_id, region_code, sector, entity,"
    " entity_id, due_on, message, created_at) VALUES (?1, ?2, ?3, ?4, ?5, 'supervision', ?6,"
    " ?7, ?8, ?9) ON CONFLICT DO NOTHING";

/*
 * One notification of `kind` about supervision `id` to its enterprise (when it has one)
 * and to its district, once per (kind, supervision, recipient, due_on); *n counts the
 * rows written.
 */
static enum app_err
add_notes(struct store *s, const char *kind, int64_t id, int64_t enterprise_id, const char *region,
    const char *sector, const char *due_on, const char *message, int64_t now, int64_t *n)
{
	static const char *const recipients[] = { "enterprise", "district" };
	struct stmt             *st;
	enum app_err             er;
	int                      i;

	for (i = enterprise_id > 0 ? 0 : 1; i < 2; i++) {
		st = store_stmt(s, sql_note);
		stmt_bind_text(st, 1, kind);
		stmt_bind_text(st, 2, recipients[i]);
		if (enterprise_id > 0)
			stmt_bind_i64(st, 3, enterprise_id);
		stmt_bind_text(st, 4, region);
		stmt_bind_text(st, 5, sector);
		stmt_bind_i64(st, 6, id);
		stmt_bind_text(st, 7, due_on);
		stmt_bind_text(st, 8, message);
		stmt_bind_i64(st, 9, now);
		if ((er = stmt_run(st)) != APP_OK)
			return er;
		*n += store_changes(s);
	}
	return APP_OK;
}

/* ---- the target ---- */

struct target {
	const char *type, *region, *sector, *name, *target_region;
	int64_t     org_id, enterprise_id, hazard_id, accident_id;
};

/* The issuing org: its name and region range (a bureau of the city or a banner/district). */
struct issuer {
	int64_t     org_id;
	const char *name, *region;
	char        lo[16], hi[16];
};

static const char sql_enterprise[] =
    "SELECT region_code, sector, name, status FROM enterprises e WHERE id = ?5 AND " SCOPE_PRED(
	"e.region_code", "e.sector", "e.id");
static const char sql_hazard[] =
    "SELECT h.enterprise_id, h.region_code, h.sector, h.level, h.status, e.name"
    " FROM hazards h JOIN enterprises e ON e.id = h.enterprise_id WHERE h.id = ?5 AND " SCOPE_PRED(
	"h.region_code", "h.sector", "h.enterprise_id");
static const char sql_open_listing[] =
    "SELECT id FROM supervisions WHERE hazard_id = ?1 AND kind = 'listing' AND status IN " OPEN_STATUSES
    " LIMIT 1";

/* Whether the target's region is in the issuer's region and the caller's scope. */
static void
check_reach(struct arena *a, const struct scope *sc, const struct issuer *is, const char *field,
    const char *region, const char *what, json_t *errs)
{
	if (!scope_contains(sc, region, NULL, 0))
		jx_err(errs, field, arena_printf(a, "%s不在您的管辖范围内", what));
	else if (is->org_id > 0 && !in_range(region, is->lo, is->hi))
		jx_err(
		    errs, field, arena_printf(a, "%s不在下达机关（%s）的辖区内", what, is->name));
}

static enum app_err
decode_target(struct store *s, struct arena *a, const struct scope *sc, const struct issuer *is,
    json_t *in, const char *kind, struct target *t, json_t *errs)
{
	struct stmt *st;
	enum app_err er;
	bool         row;
	int          i, type = -1;

	memset(t, 0, sizeof(*t));
	if (jx_enum(in, "target_type", target_codes, &t->type, errs) == JX_ABSENT ||
	    (t->type == NULL && !jx_has_err(errs, "target_type")))
		jx_err(errs, "target_type",
		    "必填: 督办对象类型 — 地区 region、机关 org、企业 enterprise、隐患 hazard 或事故 accident");
	for (i = 0; t->type != NULL && target_codes[i] != NULL; i++)
		if (strcmp(target_codes[i], t->type) == 0)
			type = i;
	/* Only the field of the type names the target; the others are derived or wrong. */
	for (i = 0; type >= 0 && target_fields[i] != NULL; i++)
		if (i != type && json_object_get(in, target_fields[i]) != NULL)
			jx_err(errs, target_fields[i],
			    arena_printf(a, "督办对象为%s（%s）时不接受该字段", target_labels[type],
				target_codes[type]));
	if (type < 0)
		return APP_OK;
	if (type == TT_REGION) {
		if (jx_string(a, in, "target_region", 1, 12, &t->target_region, errs) == JX_ABSENT)
			jx_err(errs, "target_region", "必填: 督办的地区(行政区划代码)");
		if (t->target_region == NULL)
			return APP_OK;
		st = store_stmt(s, "SELECT name FROM regions WHERE code = ?1");
		stmt_bind_text(st, 1, t->target_region);
		if ((er = stmt_step(st, &row)) != APP_OK)
			return er;
		if (row)
			t->name = arena_strdup(a, stmt_text(st, 0));
		stmt_reset(st);
		if (!row) {
			jx_err(errs, "target_region", "没有这个行政区划");
			return APP_OK;
		}
		t->region = t->target_region;
		t->sector = "";
		check_reach(a, sc, is, "target_region", t->region, "该地区", errs);
		if (is->region != NULL && strcmp(t->region, is->region) == 0)
			jx_err(errs, "target_region", "应为下达机关的下级地区，不能对本级地区督办");
	} else if (type == TT_ORG) {
		if (jx_missing(jx_int(in, "target_org_id", 1, INT64_MAX, &t->org_id, errs)))
			jx_err(errs, "target_org_id", "必填: 督办的机关");
		if (t->org_id <= 0)
			return APP_OK;
		st = store_stmt(s, "SELECT name, region_code FROM orgs WHERE id = ?1");
		stmt_bind_i64(st, 1, t->org_id);
		if ((er = stmt_step(st, &row)) != APP_OK)
			return er;
		if (row) {
			t->name = arena_strdup(a, stmt_text(st, 0));
			t->region = arena_strdup(a, stmt_text(st, 1));
		}
		stmt_reset(st);
		if (!row) {
			jx_err(errs, "target_org_id", "没有这个机关");
			return APP_OK;
		}
		t->sector = "";
		check_reach(a, sc, is, "target_org_id", t->region, "该机关", errs);
		if (t->org_id == is->org_id)
			jx_err(errs, "target_org_id", "不能对下达机关自身督办");
	} else if (type == TT_ENTERPRISE) {
		if (jx_missing(jx_int(in, "enterprise_id", 1, INT64_MAX, &t->enterprise_id, errs)))
			jx_err(errs, "enterprise_id", "必填: 督办的企业");
		if (t->enterprise_id <= 0)
			return APP_OK;
		st = store_stmt(s, sql_enterprise);
		scope_bind(st, sc);
		stmt_bind_i64(st, 5, t->enterprise_id);
		if ((er = stmt_step(st, &row)) != APP_OK)
			return er;
		if (row) {
			t->region = arena_strdup(a, stmt_text(st, 0));
			t->sector = arena_strdup(a, stmt_text(st, 1));
			t->name = arena_strdup(a, stmt_text(st, 2));
			if (strcmp(stmt_text(st, 3), "voided") == 0)
				jx_err(errs, "enterprise_id", "企业已作废");
		}
		stmt_reset(st);
		if (!row)
			jx_err(errs, "enterprise_id", "企业不存在或不在您的管辖范围内");
		else
			check_reach(a, sc, is, "enterprise_id", t->region, "该企业", errs);
	} else if (type == TT_HAZARD) {
		const char *level = NULL, *status = NULL;

		if (jx_missing(jx_int(in, "hazard_id", 1, INT64_MAX, &t->hazard_id, errs)))
			jx_err(errs, "hazard_id", "必填: 督办的隐患");
		if (t->hazard_id <= 0)
			return APP_OK;
		st = store_stmt(s, sql_hazard);
		scope_bind(st, sc);
		stmt_bind_i64(st, 5, t->hazard_id);
		if ((er = stmt_step(st, &row)) != APP_OK)
			return er;
		if (row) {
			t->enterprise_id = stmt_i64(st, 0);
			t->region = arena_strdup(a, stmt_text(st, 1));
			t->sector = arena_strdup(a, stmt_text(st, 2));
			level = arena_strdup(a, stmt_text(st, 3));
			status = arena_strdup(a, stmt_text(st, 4));
			t->name = arena_strdup(a, stmt_text(st, 5));
		}
		stmt_reset(st);
		if (!row) {
			jx_err(errs, "hazard_id", "隐患不存在或不在您的管辖范围内");
			return APP_OK;
		}
		if (strcmp(status, "closed") == 0 || strcmp(status, "voided") == 0) {
			jx_err(errs, "hazard_id",
			    strcmp(status, "closed") == 0 ? "隐患已验收销号，不能再督办"
							  : "隐患已作废，不能督办");
			return APP_OK;
		}
		/* 安全生产法第四十一条: 重大事故隐患治理督办 — a listing is of a major hazard. */
		if (kind != NULL && strcmp(kind, "listing") == 0) {
			if (strcmp(level, "major") != 0)
				jx_err(errs, "hazard_id",
				    "挂牌督办只适用于重大事故隐患，该隐患为一般隐患");
			st = store_stmt(s, sql_open_listing);
			stmt_bind_i64(st, 1, t->hazard_id);
			if ((er = stmt_step(st, &row)) != APP_OK)
				return er;
			if (row)
				jx_err(errs, "hazard_id",
				    arena_printf(a,
					"该隐患已挂牌督办（督办 %lld），摘牌前不能重复挂牌",
					(long long)stmt_i64(st, 0)));
			stmt_reset(st);
		}
		check_reach(a, sc, is, "hazard_id", t->region, "该隐患", errs);
	} else {
		if (jx_missing(jx_int(in, "accident_id", 1, INT64_MAX, &t->accident_id, errs)))
			jx_err(errs, "accident_id", "必填: 督办的事故");
		if (t->accident_id <= 0)
			return APP_OK;
		{
			/* 挂牌督办 of an accident's investigation and handling (事故查处挂牌督办,
			 * supervision_rules.json) — any grade may be listed. */
			struct accident_ref ar;

			if ((er = accident_ref(s, sc, t->accident_id, &ar)) == APP_ENOENT) {
				jx_err(errs, "accident_id", "事故不存在或不在您的管辖范围内");
				return APP_OK;
			}
			if (er != APP_OK)
				return er;
			t->region = arena_strdup(a, ar.region_code);
			t->sector = arena_strdup(a, ar.sector);
			t->enterprise_id = ar.enterprise_id;
			t->name = arena_printf(a, "事故 %lld", (long long)t->accident_id);
			check_reach(a, sc, is, "accident_id", t->region, "该事故", errs);
		}
	}
	return APP_OK;
}

static enum app_err
decode_issuer(struct store *s, struct arena *a, const struct actor *actor, json_t *in,
    struct issuer *is, json_t *errs)
{
	struct stmt *st;
	enum app_err er;
	bool         row;

	memset(is, 0, sizeof(*is));
	is->org_id = actor->org_id;
	if (actor->role == ROLE_ADMIN)
		jx_int(in, "issuer_org_id", 1, INT64_MAX, &is->org_id, errs);
	else if (json_object_get(in, "issuer_org_id") != NULL)
		jx_err(errs, "issuer_org_id", "督办由您所属的机关下达，不能指定");
	if (is->org_id <= 0) {
		is->org_id = 0;
		if (!jx_has_err(errs, "issuer_org_id"))
			jx_err(errs, "issuer_org_id", "必填: 下达督办的机关");
		return APP_OK;
	}
	st = store_stmt(s, "SELECT name, kind, region_code FROM orgs WHERE id = ?1");
	stmt_bind_i64(st, 1, is->org_id);
	if ((er = stmt_step(st, &row)) != APP_OK)
		return er;
	if (!row)
		jx_err(errs, "issuer_org_id", "没有这个机关");
	else if (strcmp(stmt_text(st, 1), "city_bureau") != 0 &&
	    strcmp(stmt_text(st, 1), "district_bureau") != 0)
		jx_err(errs, "issuer_org_id", "督办由应急管理局（市局、旗区局）下达");
	else {
		is->name = arena_strdup(a, stmt_text(st, 0));
		is->region = arena_strdup(a, stmt_text(st, 2));
		region_range(is->region, is->lo, is->hi);
	}
	stmt_reset(st);
	if (is->region == NULL)
		is->org_id = 0; /* no reach to check against */
	return APP_OK;
}

/* ---- issuing ---- */

static const char sql_insert[] =
    "INSERT INTO supervisions (kind, number, issuer_org_id, target_type, target_region,"
    " target_org_id, enterprise_id, hazard_id, accident_id, target_name, region_code, sector,"
    " issued_on, reason, requirements, deadline, attachments, status, created_by, created_at,"
    " updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16,"
    " ?17, 'issued', ?18, ?19, ?19)";

static void
bind_id(struct stmt *st, int i, int64_t v)
{
	if (v > 0)
		stmt_bind_i64(st, i, v);
}

enum app_err
supervision_create(struct store *s, struct arena *a, const struct actor *actor,
    const struct scope *sc, const struct audit_who *who, json_t *in, int64_t now, json_t *errs,
    int64_t *id)
{
	static const char *const known[] = { "kind", "number", "issuer_org_id", "target_type",
		"target_region", "target_org_id", "enterprise_id", "hazard_id", "accident_id",
		"issued_on", "reason", "requirements", "deadline", "attachments", NULL };
	struct issuer            is;
	struct target            t;
	const char *kind = NULL, *number = NULL, *issued = NULL, *reason = NULL, *req = NULL,
		   *deadline = NULL, *msg;
	json_t      *atts, *data = NULL;
	char         today[11], *atext = NULL;
	struct stmt *st;
	enum app_err er;
	int64_t      notes = 0;

	*id = 0;
	if (!(ISSUERS & ROLE_BIT(actor->role)))
		return APP_EPERM;
	if (!json_is_object(in)) {
		jx_err(errs, "$", "应为 JSON 对象");
		return APP_EINVAL;
	}
	today_str(today);
	jx_unknown(in, known, errs);
	if ((er = store_begin(s, STORE_WRITE)) != APP_OK)
		return er;
	if ((er = decode_issuer(s, a, actor, in, &is, errs)) != APP_OK)
		goto fail;
	if (jx_enum(in, "kind", kind_codes, &kind, errs) == JX_ABSENT ||
	    (kind == NULL && !jx_has_err(errs, "kind")))
		jx_err(errs, "kind",
		    "必填: 督办类型 — 挂牌督办 listing、约谈 interview、警示提醒 warning、考核通报 notice 或督导检查 inspection");
	jx_string(a, in, "number", 0, 60, &number, errs);
	issued = date_field(a, in, "issued_on", today, today, errs);
	if (jx_string(a, in, "reason", 2, 2000, &reason, errs) == JX_ABSENT)
		jx_err(errs, "reason", "必填: 督办事由");
	jx_string(a, in, "requirements", 0, 4000, &req, errs);
	deadline = date_field(a, in, "deadline", NULL, NULL, errs);
	if (deadline != NULL && issued != NULL && strcmp(deadline, issued) < 0)
		jx_err(errs, "deadline", "办理期限不能早于下达日期");
	if (deadline == NULL && kind != NULL && strcmp(kind, "listing") == 0 &&
	    !jx_has_err(errs, "deadline"))
		jx_err(errs, "deadline", "挂牌督办须明确办理期限");
	atts = ids_field(in, "attachments", errs);
	if ((er = decode_target(s, a, sc, &is, in, kind, &t, errs)) != APP_OK)
		goto fail;
	if (json_array_size(errs) > 0) {
		er = APP_EINVAL;
		goto fail;
	}
	atext = atts != NULL ? json_dumps(atts, JSON_COMPACT) : xstrdup("[]");
	st = store_stmt(s, sql_insert);
	stmt_bind_text(st, 1, kind);
	stmt_bind_text(st, 2, number ? number : "");
	stmt_bind_i64(st, 3, is.org_id);
	stmt_bind_text(st, 4, t.type);
	stmt_bind_text(st, 5, t.target_region);
	bind_id(st, 6, t.org_id);
	bind_id(st, 7, t.enterprise_id);
	bind_id(st, 8, t.hazard_id);
	bind_id(st, 9, t.accident_id);
	stmt_bind_text(st, 10, t.name);
	stmt_bind_text(st, 11, t.region);
	stmt_bind_text(st, 12, t.sector);
	stmt_bind_text(st, 13, issued);
	stmt_bind_text(st, 14, reason);
	stmt_bind_text(st, 15, req ? req : "");
	stmt_bind_text(st, 16, deadline);
	stmt_bind_text(st, 17, atext);
	bind_id(st, 18, actor->user_id);
	stmt_bind_i64(st, 19, now);
	if ((er = stmt_run(st)) != APP_OK)
		goto fail;
	*id = store_last_id(s);
	if (atts != NULL &&
	    (er = attachment_claim(
		 s, actor, atts, "supervision", *id, false, "attachments", errs)) != APP_OK)
		goto fail;
	if (json_array_size(errs) > 0) {
		er = APP_EINVAL;
		goto fail;
	}
	/* To the target on issue: its enterprise (if any) and its district. */
	msg =
	    arena_printf(a, "%s下达%s%s：%s%s", is.name, code_label(kind_codes, kind_labels, kind),
		number ? arena_printf(a, "（%s）", number) : "", t.name,
		deadline ? arena_printf(a, "，办理期限 %s", deadline) : "");
	if ((er = add_notes(s, "supervision_issued", *id, t.enterprise_id, t.region, t.sector,
		 deadline ? deadline : issued, msg, now, &notes)) != APP_OK)
		goto fail;
	data = json_pack("{s:s, s:s, s:I, s:s, s:s, s:s, s:s, s:s, s:s?, s:I}", "kind", kind,
	    "number", number ? number : "", "issuer_org_id", (json_int_t)is.org_id, "target_type",
	    t.type, "target_name", t.name, "issued_on", issued, "reason", reason, "requirements",
	    req ? req : "", "deadline", deadline, "notifications", (json_int_t)notes);
	/* The target as given (and the enterprise of a hazard); nothing for absent ids. */
	if (t.target_region != NULL)
		json_object_set_new(data, "target_region", json_string(t.target_region));
	if (t.org_id > 0)
		json_object_set_new(data, "target_org_id", json_integer(t.org_id));
	if (t.enterprise_id > 0)
		json_object_set_new(data, "enterprise_id", json_integer(t.enterprise_id));
	if (t.hazard_id > 0)
		json_object_set_new(data, "hazard_id", json_integer(t.hazard_id));
	if (atts != NULL)
		json_object_set(data, "attachments", atts);
	if ((er = audit_event(s, sql_event, actor, who, *id, "issue", NULL, "issued", now, NULL,
		 data)) != APP_OK)
		goto fail;
	if ((er = audit_append(s, who, "create", "supervision", *id, data)) != APP_OK)
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

#define SUP_COLS \
	"s.id, s.kind, s.number, s.issuer_org_id, io.name AS issuer_org_name, s.target_type," \
	" s.target_region, s.target_org_id, s.enterprise_id, e.name AS enterprise_name," \
	" s.hazard_id, h.description AS hazard_description, h.level AS hazard_level," \
	" h.status AS hazard_status, s.accident_id, s.target_name, s.region_code," \
	" r.name AS region_name, s.sector, sc.name AS sector_name, s.issued_on, s.reason," \
	" s.requirements, s.deadline, s.attachments, s.status, s.response," \
	" s.response_attachments, s.responded_on, s.closed_on, s.close_note, s.delisted_auto," \
	" s.created_by, s.created_at, s.updated_at"
#define SUP_FROM \
	" FROM supervisions s JOIN orgs io ON io.id = s.issuer_org_id LEFT JOIN regions r ON" \
	" r.code = s.region_code LEFT JOIN sectors sc ON sc.code = s.sector LEFT JOIN" \
	" enterprises e ON e.id = s.enterprise_id LEFT JOIN hazards h ON h.id = s.hazard_id"

static const char sql_one[] = "SELECT " SUP_COLS SUP_FROM " WHERE s.id = ?5 AND " SCOPE_PRED(
    "s.region_code", "s.sector", "s.enterprise_id");

/* Labels, arrays, booleans, instants and the derived overdue / days_left of a row. */
static void
decorate(json_t *o, const char *today)
{
	static const char *const arrays[] = { "attachments", "response_attachments", NULL };
	static const char *const instants[] = { "created_at", "updated_at", NULL };
	const char              *deadline = jx_str(o, "deadline");
	bool                     open = strcmp(jx_str(o, "status"), "closed") != 0;
	char                     buf[40];
	int                      i;

	json_object_set_new(
	    o, "kind_label", json_string(code_label(kind_codes, kind_labels, jx_str(o, "kind"))));
	json_object_set_new(o, "target_type_label",
	    json_string(code_label(target_codes, target_labels, jx_str(o, "target_type"))));
	for (i = 0; arrays[i] != NULL; i++) {
		const char *t = jx_str(o, arrays[i]);
		json_t     *v = t ? json_loads(t, 0, NULL) : NULL;

		json_object_set_new(o, arrays[i], json_is_array(v) ? v : json_array());
		if (v != NULL && !json_is_array(v))
			json_decref(v);
	}
	for (i = 0; instants[i] != NULL; i++) {
		time_fmt_rfc3339(jx_num(o, instants[i]), buf, sizeof(buf));
		json_object_set_new(o, instants[i], json_string(buf));
	}
	json_object_set_new(o, "delisted_auto", json_boolean(jx_num(o, "delisted_auto") != 0));
	/* DOMAIN.md: overdue is derived — not closed and the deadline before today. */
	json_object_set_new(
	    o, "overdue", json_boolean(open && deadline != NULL && strcmp(deadline, today) < 0));
	json_object_set_new(o, "days_left",
	    open && deadline != NULL ? json_integer(day_of(deadline) - day_of(today))
				     : json_null());
}

/* The row, undecorated, or APP_ENOENT outside the scope. */
static enum app_err
load(struct store *s, const struct scope *sc, int64_t id, json_t **out)
{
	struct stmt *st = store_stmt(s, sql_one);
	enum app_err er;
	bool         row;

	*out = NULL;
	scope_bind(st, sc);
	stmt_bind_i64(st, 5, id);
	if ((er = stmt_step(st, &row)) != APP_OK)
		return er;
	if (row)
		*out = stmt_row_json(st);
	stmt_reset(st);
	return row ? APP_OK : APP_ENOENT;
}

enum app_err
supervision_get(struct store *s, const struct scope *sc, int64_t id, json_t **out)
{
	char         today[11];
	enum app_err er;

	today_str(today);
	if ((er = load(s, sc, id, out)) == APP_OK)
		decorate(*out, today);
	return er;
}

static json_t *
actions_for(const struct actor *actor, const json_t *rec)
{
	json_t *out = json_array();
	int     a;

	for (a = 0; a < SA__MAX; a++)
		if (may(actor, a, rec) && from_ok(a, jx_str(rec, "status")))
			json_array_append_new(out, json_string(trans[a].name));
	return out;
}

enum app_err
supervision_detail(struct store *s, const struct actor *actor, const struct scope *sc, int64_t id,
    const char *today, json_t **out)
{
	struct stmt *st;
	json_t      *o = NULL, *events = json_array();
	enum app_err er;
	bool         row;

	*out = NULL;
	if ((er = load(s, sc, id, &o)) != APP_OK)
		goto done;
	st = store_stmt(s,
	    "SELECT id, action, from_status, to_status, actor_id, actor_name, at, note, data"
	    " FROM supervision_events WHERE supervision_id = ?1 ORDER BY id");
	stmt_bind_i64(st, 1, id);
	while ((er = stmt_step(st, &row)) == APP_OK && row) {
		json_t *e = stmt_row_json(st), *d = json_loads(jx_str(e, "data"), 0, NULL);
		char    at[40];

		time_fmt_rfc3339(jx_num(e, "at"), at, sizeof(at));
		json_object_set_new(e, "at", json_string(at));
		json_object_set_new(e, "data", d ? d : json_object());
		json_array_append_new(events, e);
	}
	if (er != APP_OK)
		goto done;
	json_object_set_new(o, "actions", actions_for(actor, o));
	decorate(o, today);
	json_object_set(o, "events", events);
	*out = o;
	o = NULL;
done:
	json_decref(o);
	json_decref(events);
	return er;
}

/* ---- the workflow ---- */

static const char sql_update[] =
    "UPDATE supervisions SET status = ?2, response = ?3, response_attachments = ?4,"
    " responded_on = ?5, closed_on = ?6, close_note = ?7, delisted_auto = ?8, updated_at = ?9"
    " WHERE id = ?1 AND status = ?10";
/* The columns a step may change, in the order of sql_update's ?2…?8. */
static const char *const mutable_cols[] = { "status", "response", "response_attachments",
	"responded_on", "closed_on", "close_note", "delisted_auto", NULL };

static json_t *
mutable_of(const json_t *rec)
{
	json_t *m = json_object();
	int     i;

	for (i = 0; mutable_cols[i] != NULL; i++) {
		json_t *v = json_object_get(rec, mutable_cols[i]);

		json_object_set(m, mutable_cols[i], v ? v : json_null());
	}
	return m;
}

static void
set_s(json_t *m, const char *k, const char *v)
{
	json_object_set_new(m, k, v ? json_string(v) : json_null());
}

static enum app_err
write_row(struct store *s, int64_t id, json_t *m, const char *old_status, int64_t now)
{
	struct stmt *st = store_stmt(s, sql_update);
	enum app_err er;
	int          i;

	stmt_bind_i64(st, 1, id);
	for (i = 0; mutable_cols[i] != NULL; i++) {
		json_t *v = json_object_get(m, mutable_cols[i]);

		if (json_is_integer(v))
			stmt_bind_i64(st, i + 2, json_integer_value(v));
		else if (json_is_string(v))
			stmt_bind_text(st, i + 2, json_string_value(v));
		else
			stmt_bind_null(st, i + 2);
	}
	stmt_bind_i64(st, 9, now);
	stmt_bind_text(st, 10, old_status);
	if ((er = stmt_run(st)) != APP_OK)
		return er;
	return store_changes(s) == 1 ? APP_OK : APP_ECONFLICT;
}

/* Writes the step: the row, the event and the audit row. */
static enum app_err
record_step(struct store *s, const struct actor *actor, const struct audit_who *who, int64_t id,
    const char *action, const char *from, json_t *before, json_t *m, const char *note, json_t *data,
    int64_t now)
{
	const char  *to = jx_str(m, "status");
	json_t      *ch;
	enum app_err er;

	if ((er = write_row(s, id, m, from, now)) != APP_OK)
		return er;
	ch = jx_diff(before, m);
	json_object_update_missing(data, ch);
	json_decref(ch);
	if ((er = audit_event(s, sql_event, actor, who, id, action, from, to, now, note, data)) !=
	    APP_OK)
		return er;
	ch = json_pack("{s:s, s:[s, s], s:s?, s:O}", "action", action, "status", from, to, "note",
	    note, "data", data);
	er = audit_append(s, who, "transition", "supervision", id, ch);
	json_decref(ch);
	return er;
}

/* A step's date: default today, never after today, not before `not_before`. */
static const char *
step_date(struct arena *a, json_t *in, const char *key, const char *today, const char *not_before,
    const char *what, json_t *errs)
{
	const char *d = date_field(a, in, key, today, today, errs);

	if (d != NULL && not_before != NULL && strcmp(d, not_before) < 0) {
		jx_err(errs, key, arena_printf(a, "不能早于%s（%s）", what, not_before));
		return NULL;
	}
	return d;
}

enum app_err
supervision_transition(struct store *s, struct arena *a, const struct actor *actor,
    const struct scope *sc, const struct audit_who *who, int64_t id, json_t *in, int64_t now,
    json_t *errs)
{
	enum supervision_action act;
	const char             *action = NULL, *status, *note = NULL, *text = NULL, *d, *k;
	json_t      *rec = NULL, *m = NULL, *before = NULL, *data = json_object(), *v, *atts = NULL;
	char         today[11];
	enum app_err er;
	size_t       i;

	today_str(today);
	if (!json_is_object(in)) {
		jx_err(errs, "$", "应为 JSON 对象");
		er = APP_EINVAL;
		goto out;
	}
	if (jx_string(a, in, "action", 1, 30, &action, errs) != JX_SET ||
	    !action_parse(action, &act)) {
		if (!jx_has_err(errs, "action"))
			jx_err(errs, "action", "应为 respond、return 或 close");
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
	if ((er = load(s, sc, id, &rec)) != APP_OK)
		goto fail;
	status = jx_str(rec, "status");
	if (!may(actor, act, rec)) {
		er = APP_EPERM;
		goto fail;
	}
	if (!from_ok(act, status)) {
		jx_err(errs, "action",
		    arena_printf(a, "督办当前状态为 %s，不能执行 %s", status, trans[act].name));
		er = APP_ECONFLICT;
		goto fail;
	}
	m = mutable_of(rec);
	before = json_deep_copy(m);
	switch (act) {
	case SA_RESPOND:
		if (jx_string(a, in, "response", 2, 4000, &text, errs) == JX_ABSENT)
			jx_err(errs, "response", "必填: 办理情况");
		d = step_date(
		    a, in, "responded_on", today, jx_str(rec, "issued_on"), "下达日期", errs);
		atts = ids_field(in, "attachments", errs);
		if (json_array_size(errs) > 0)
			break;
		if ((er = attachment_claim(
			 s, actor, atts, "supervision", id, false, "attachments", errs)) != APP_OK)
			goto fail;
		{
			/* Attachments of earlier responses (before a return) are kept. */
			json_t *all = json_loads(jx_str(rec, "response_attachments"), 0, NULL);
			char   *t;

			if (!json_is_array(all)) {
				json_decref(all);
				all = json_array();
			}
			if (atts != NULL)
				json_array_extend(all, atts);
			t = json_dumps(all, JSON_COMPACT);
			set_s(m, "response_attachments", t);
			free(t);
			json_decref(all);
		}
		set_s(m, "response", text);
		set_s(m, "responded_on", d);
		if (atts != NULL)
			json_object_set(data, "attachments_added", atts);
		note = text;
		break;
	case SA_RETURN:
		if (jx_string(a, in, "reason", 2, 1000, &text, errs) == JX_ABSENT)
			jx_err(errs, "reason", "必填: 退回理由");
		/* The response is no longer the answer; the events keep it. */
		set_s(m, "responded_on", NULL);
		note = text;
		break;
	case SA_CLOSE:
		jx_string(a, in, "note", 0, 1000, &note, errs);
		if (note == NULL && strcmp(status, "issued") == 0 && !jx_has_err(errs, "note"))
			jx_err(errs, "note", "未反馈即销号须说明理由");
		d = step_date(a, in, "closed_on", today,
		    jx_str(rec, "responded_on") ? jx_str(rec, "responded_on")
						: jx_str(rec, "issued_on"),
		    jx_str(rec, "responded_on") ? "反馈日期" : "下达日期", errs);
		set_s(m, "closed_on", d);
		set_s(m, "close_note", note);
		break;
	case SA__MAX: break;
	}
	if (json_array_size(errs) > 0) {
		er = APP_EINVAL;
		goto fail;
	}
	set_s(m, "status", trans[act].to);
	if ((er = record_step(
		 s, actor, who, id, trans[act].name, status, before, m, note, data, now)) != APP_OK)
		goto fail;
	if ((er = store_commit(s)) == APP_OK)
		goto out;
fail:
	store_rollback(s);
out:
	json_decref(rec);
	json_decref(m);
	json_decref(before);
	json_decref(data);
	return er;
}

/* ---- a listed hazard closed ---- */

#define DELIST_NOTE "隐患已验收销号，自动摘牌"

enum app_err
supervision_hazard_closed(struct store *s, const struct actor *actor, const struct audit_who *who,
    int64_t hazard_id, int64_t now)
{
	struct stmt *st = store_stmt(s,
	    "SELECT id, status, response, response_attachments, responded_on, closed_on,"
	    " close_note, delisted_auto FROM supervisions WHERE hazard_id = ?1 AND kind = 'listing'"
	    " AND status IN " OPEN_STATUSES " ORDER BY id");
	json_t      *open = json_array();
	enum app_err er;
	bool         row;
	size_t       i;
	char         day[11];

	stmt_bind_i64(st, 1, hazard_id);
	while ((er = stmt_step(st, &row)) == APP_OK && row)
		json_array_append_new(open, stmt_row_json(st));
	date_fmt(date_of_ms(now), day);
	for (i = 0; er == APP_OK && i < json_array_size(open); i++) {
		json_t *rec = json_array_get(open, i), *m = mutable_of(rec),
		       *before = json_deep_copy(m),
		       *data = json_pack("{s:I}", "hazard_id", (json_int_t)hazard_id);
		const char *from = jx_str(rec, "status");

		set_s(m, "status", "closed");
		set_s(m, "closed_on", day);
		set_s(m, "close_note", DELIST_NOTE);
		json_object_set_new(m, "delisted_auto", json_integer(1));
		er = record_step(s, actor, who, jx_num(rec, "id"), "delist", from, before, m,
		    DELIST_NOTE, data, now);
		json_decref(m);
		json_decref(before);
		json_decref(data);
	}
	json_decref(open);
	return er;
}

/* ---- the daily deadline notifications ---- */

/*
 * Open supervisions with a deadline on or before ?2 (today + 3) still missing the
 * notification of their kind for one of their recipients; at most ?3.
 */
static const char sql_due[] =
    "SELECT k.id, k.kind, k.enterprise_id, k.region_code, k.sector, k.deadline, k.target_name,"
    " k.note FROM (SELECT s.id, s.kind, s.enterprise_id, s.region_code, s.sector, s.deadline,"
    " s.target_name, CASE WHEN s.deadline < ?1 THEN 'supervision_overdue' ELSE"
    " 'supervision_due_soon' END AS note FROM supervisions s WHERE s.status IN " OPEN_STATUSES
    " AND s.deadline IS NOT NULL AND s.deadline <= ?2) AS k WHERE NOT EXISTS (SELECT 1 FROM"
    " notifications n WHERE n.kind = k.note AND n.entity = 'supervision' AND n.entity_id = k.id"
    " AND n.recipient = 'district' AND n.due_on = k.deadline) OR (k.enterprise_id IS NOT NULL"
    " AND NOT EXISTS (SELECT 1 FROM notifications n WHERE n.kind = k.note AND n.entity ="
    " 'supervision' AND n.entity_id = k.id AND n.recipient = 'enterprise' AND n.due_on ="
    " k.deadline)) ORDER BY k.id LIMIT ?3";

enum app_err
supervision_notify(
    struct store *s, const struct audit_who *who, const char *today, int64_t now, int64_t *written)
{
	struct stmt *st;
	enum app_err er = APP_OK;
	int64_t      d, n;
	size_t       batch, i;
	json_t      *due, *x, *ch;
	char         soon[11], msg[400];
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
			bool late = strcmp(jx_str(x, "note"), "supervision_overdue") == 0;

			if (er != APP_OK)
				break;
			snprintf(msg, sizeof(msg), "%s（%s）：%s — %s",
			    late ? "督办事项已超过办理期限" : "督办事项办理期限将至",
			    jx_str(x, "deadline"),
			    code_label(kind_codes, kind_labels, jx_str(x, "kind")),
			    jx_str(x, "target_name"));
			er = add_notes(s, jx_str(x, "note"), jx_num(x, "id"),
			    jx_num(x, "enterprise_id"), jx_str(x, "region_code"),
			    jx_str(x, "sector"), jx_str(x, "deadline"), msg, now, &n);
		}
		json_decref(due);
		if (er == APP_OK && n > 0) {
			ch = json_pack("{s:s, s:s, s:I}", "today", today, "entity", "supervision",
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
id_param(supervision_param_fn get, void *arg, const char *name, int64_t *out, json_t *errs)
{
	const char *v = get(arg, name);
	char       *end;

	*out = 0;
	if (v == NULL)
		return true;
	*out = strtoll(v, &end, 10);
	if (*end != '\0' || *out <= 0) {
		jx_err(errs, name, "应为正整数");
		return false;
	}
	return true;
}

enum app_err
supervision_filter_parse(
    supervision_param_fn get, void *arg, struct supervision_filter *f, json_t *errs)
{
	const char *v;
	int64_t     d;

	memset(f, 0, sizeof(*f));
	f->kind = get(arg, "kind");
	f->status = get(arg, "status");
	f->target_type = get(arg, "target_type");
	f->region = get(arg, "region");
	f->issued_from = get(arg, "issued_from");
	f->issued_to = get(arg, "issued_to");
	if (f->kind != NULL && !one_of(kind_codes, f->kind))
		jx_err(errs, "kind", "应为 listing、interview、warning、notice 或 inspection");
	if (f->status != NULL && strcmp(f->status, "open") != 0 && strcmp(f->status, "all") != 0 &&
	    !one_of(statuses, f->status))
		jx_err(errs, "status", "应为 issued、responded、closed、open 或 all");
	if (f->target_type != NULL && !one_of(target_codes, f->target_type))
		jx_err(errs, "target_type", "应为 region、org、enterprise、hazard 或 accident");
	if (f->region != NULL &&
	    (strlen(f->region) < 2 || strlen(f->region) > 12 ||
		strspn(f->region, "0123456789") != strlen(f->region)))
		jx_err(errs, "region", "应为行政区划代码");
	if (f->issued_from != NULL && !date_parse(f->issued_from, &d))
		jx_err(errs, "issued_from", "应为日期 YYYY-MM-DD");
	if (f->issued_to != NULL && !date_parse(f->issued_to, &d))
		jx_err(errs, "issued_to", "应为日期 YYYY-MM-DD");
	id_param(get, arg, "enterprise_id", &f->enterprise_id, errs);
	id_param(get, arg, "hazard_id", &f->hazard_id, errs);
	id_param(get, arg, "issuer_org_id", &f->issuer_org_id, errs);
	if ((v = get(arg, "overdue")) != NULL) {
		if (strcmp(v, "true") == 0)
			f->overdue = true;
		else if (strcmp(v, "false") != 0)
			jx_err(errs, "overdue", "应为 true 或 false");
	}
	return json_array_size(errs) > 0 ? APP_EINVAL : APP_OK;
}

/* ?1–?4 the scope (its region range narrowed by the region filter), then the filters. */
#define LIST_WHERE \
	" WHERE " SCOPE_PRED("s.region_code", "s.sector", \
	    "s.enterprise_id") " AND (?5 IS NULL OR s.kind = ?5) AND (?6 IS NULL OR ?6 = 'all' OR s.status = ?6 OR" \
			       " (?6 = 'open' AND s.status IN " OPEN_STATUSES \
			       ")) AND (?7 IS NULL OR s.target_type = ?7)" \
			       " AND (?8 IS NULL OR s.issued_on >= ?8) AND (?9 IS NULL OR s.issued_on <= ?9)" \
			       " AND (?10 IS NULL OR s.enterprise_id = ?10) AND (?11 IS NULL OR s.hazard_id = ?11)" \
			       " AND (?12 IS NULL OR s.issuer_org_id = ?12) AND (?13 IS NULL OR (s.status IN " OPEN_STATUSES \
			       " AND s.deadline < ?13))"

static const char sql_list[] = "SELECT " SUP_COLS SUP_FROM LIST_WHERE
			       " AND (?14 = 0 OR s.id < ?14) ORDER BY s.id DESC LIMIT ?15";
static const char sql_count[] = "SELECT count(*) FROM supervisions s" LIST_WHERE;

static bool
bind_filter(struct stmt *st, const struct scope *sc, const struct supervision_filter *f)
{
	char lo[16], hi[16];

	if (f->region != NULL) {
		if (!scope_narrow(sc, f->region, lo, hi))
			return false;
		scope_bind_range(st, sc, lo, hi);
	} else
		scope_bind(st, sc);
	stmt_bind_text(st, 5, f->kind);
	stmt_bind_text(st, 6, f->status);
	stmt_bind_text(st, 7, f->target_type);
	stmt_bind_text(st, 8, f->issued_from);
	stmt_bind_text(st, 9, f->issued_to);
	bind_id(st, 10, f->enterprise_id);
	bind_id(st, 11, f->hazard_id);
	bind_id(st, 12, f->issuer_org_id);
	stmt_bind_text(st, 13, f->overdue ? f->today : NULL);
	return true;
}

enum app_err
supervision_page(struct store *s, const struct scope *sc, const struct supervision_filter *f,
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
	stmt_bind_i64(st, 14, cursor);
	stmt_bind_i64(st, 15, limit);
	while ((er = stmt_step(st, &row)) == APP_OK && row) {
		json_t *o = stmt_row_json(st);

		decorate(o, f->today);
		json_array_append_new(*items, o);
	}
	return er;
}

/* ---- statistics ---- */

static const char *const group_bys[] = { "kind", "target_type", "region", NULL };
static const char *const group_headers[] = { "督办类型", "督办对象", "地区", NULL };

enum app_err
supervision_stats_parse(
    supervision_param_fn get, void *arg, struct supervision_stats_query *q, json_t *errs)
{
	const char *v;
	int64_t     d;
	size_t      i;

	memset(q, 0, sizeof(*q));
	today_str(q->as_of);
	if ((v = get(arg, "as_of")) != NULL) {
		if (!date_parse(v, &d))
			jx_err(errs, "as_of", "应为日期 YYYY-MM-DD");
		else
			snprintf(q->as_of, sizeof(q->as_of), "%s", v);
	}
	snprintf(q->from, sizeof(q->from), "%.4s-01-01", q->as_of);
	snprintf(q->to, sizeof(q->to), "%s", q->as_of);
	if ((v = get(arg, "from")) != NULL) {
		if (!date_parse(v, &d))
			jx_err(errs, "from", "应为日期 YYYY-MM-DD");
		else
			snprintf(q->from, sizeof(q->from), "%s", v);
	}
	if ((v = get(arg, "to")) != NULL) {
		if (!date_parse(v, &d))
			jx_err(errs, "to", "应为日期 YYYY-MM-DD");
		else
			snprintf(q->to, sizeof(q->to), "%s", v);
	}
	if (strcmp(q->to, q->from) < 0 && !jx_has_err(errs, "to") && !jx_has_err(errs, "from"))
		jx_err(errs, "to", "结束日期不能早于开始日期");
	q->group_by = get(arg, "group_by") ? get(arg, "group_by") : "kind";
	for (i = 0; group_bys[i] != NULL && strcmp(group_bys[i], q->group_by) != 0; i++)
		continue;
	if (group_bys[i] == NULL)
		jx_err(errs, "group_by", "应为 kind、target_type 或 region");
	else
		q->group_by = group_bys[i];
	return json_array_size(errs) > 0 ? APP_EINVAL : APP_OK;
}

static const char *const metrics[] = { "issued", "responded", "closed", "overdue", NULL };

/* ?5 group, ?6 region code length, ?7..?8 issued range, ?9 as_of. */
static const char sql_stats[] =
    "SELECT CASE ?5 WHEN 'kind' THEN s.kind WHEN 'target_type' THEN s.target_type ELSE"
    " substr(s.region_code, 1, ?6) END AS g, count(*),"
    " sum((s.responded_on IS NOT NULL AND s.responded_on <= ?9) OR (s.closed_on IS NOT NULL AND"
    " s.closed_on <= ?9)), sum(s.closed_on IS NOT NULL AND s.closed_on <= ?9),"
    " sum(s.deadline IS NOT NULL AND s.deadline < ?9 AND (s.closed_on IS NULL OR"
    " s.closed_on > ?9)) FROM supervisions s INDEXED BY supervisions_issued"
    " WHERE s.issued_on >= ?7 AND s.issued_on <= ?8 AND " SCOPE_PRED(
	"s.region_code", "s.sector", "s.enterprise_id") " GROUP BY g";
static const char sql_stat_regions[] =
    "SELECT code, name FROM regions WHERE code >= ?1 AND code < ?2 AND length(code) = ?3"
    " AND level <> 'city' ORDER BY sort";
static json_t *
new_group(const char *key, const char *label)
{
	json_t *g = json_pack("{s:s, s:s}", "key", key, "label", label);
	size_t  i;

	for (i = 0; metrics[i] != NULL; i++)
		json_object_set_new(g, metrics[i], json_integer(0));
	return g;
}

static void
add_group(json_t *groups, json_t *index, const char *key, const char *label)
{
	json_t *g = new_group(key, label);

	json_array_append_new(groups, g);
	json_object_set(index, key, g);
}

/* The groups a bureau expects to see even when empty, in their order. */
static enum app_err
seed_groups(struct store *s, const struct scope *sc, const char *by, int region_len, json_t *groups,
    json_t *index)
{
	struct stmt *st;
	enum app_err er = APP_OK;
	bool         row;
	size_t       i;

	if (strcmp(by, "region") == 0) {
		st = store_stmt(s, sql_stat_regions);
		stmt_bind_text(st, 1, sc->lo);
		stmt_bind_text(st, 2, sc->hi);
		stmt_bind_i64(st, 3, region_len);
		while ((er = stmt_step(st, &row)) == APP_OK && row)
			add_group(groups, index, stmt_text(st, 0), stmt_text(st, 1));
		stmt_reset(st);
		return er;
	}
	for (i = 0; i < (by[0] == 'k' ? (size_t)SK__MAX : (size_t)TT__MAX); i++)
		if (by[0] == 'k')
			add_group(groups, index, kind_codes[i], kind_labels[i]);
		else
			add_group(groups, index, target_codes[i], target_labels[i]);
	return er;
}

/* A group outside the seeded ones: a record at the scope's own level (a region or an org
 * target of the city or of a district itself), labelled 本级. */
static enum app_err
extra_group(struct store *s, const char *by, int region_len, const char *key, json_t *groups,
    json_t *index, json_t **g)
{
	enum app_err er;
	char        *label = NULL;

	if ((*g = json_object_get(index, key)) != NULL)
		return APP_OK;
	if (strcmp(by, "region") == 0) {
		if ((er = region_group_label(s, key, region_len, &label)) != APP_OK)
			return er;
	}
	add_group(groups, index, key, label ? label : key);
	free(label);
	*g = json_object_get(index, key);
	return APP_OK;
}

static void
add(json_t *g, const char *k, int64_t v)
{
	json_object_set_new(g, k, json_integer(json_integer_value(json_object_get(g, k)) + v));
}

enum app_err
supervision_stats(
    struct store *s, const struct scope *sc, const struct supervision_stats_query *q, json_t **out)
{
	json_t      *groups = json_array(), *index = json_object(), *total, *g;
	struct stmt *st;
	enum app_err er;
	bool         row;
	int          region_len = strlen(sc->lo) <= 4 ? 6 : 9;
	size_t       i;

	*out = NULL;
	total = new_group("total", "合计");
	if ((er = store_begin(s, STORE_READ)) != APP_OK)
		goto out;
	if ((er = seed_groups(s, sc, q->group_by, region_len, groups, index)) != APP_OK)
		goto out;
	{
		/* Read the counts first: naming an extra group reads the regions table. */
		json_t *rows = json_array(), *r;

		st = store_stmt(s, sql_stats);
		scope_bind(st, sc);
		stmt_bind_text(st, 5, q->group_by);
		stmt_bind_i64(st, 6, region_len);
		stmt_bind_text(st, 7, q->from);
		stmt_bind_text(st, 8, q->to);
		stmt_bind_text(st, 9, q->as_of);
		while ((er = stmt_step(st, &row)) == APP_OK && row)
			json_array_append_new(rows,
			    json_pack("[s, I, I, I, I]", stmt_text(st, 0),
				(json_int_t)stmt_i64(st, 1), (json_int_t)stmt_i64(st, 2),
				(json_int_t)stmt_i64(st, 3), (json_int_t)stmt_i64(st, 4)));
		json_array_foreach(rows, i, r)
		{
			size_t m;

			if (er != APP_OK ||
			    (er = extra_group(s, q->group_by, region_len,
				 json_string_value(json_array_get(r, 0)), groups, index, &g)) !=
				APP_OK)
				break;
			for (m = 0; metrics[m] != NULL; m++) {
				add(g, metrics[m], json_integer_value(json_array_get(r, m + 1)));
				add(total, metrics[m],
				    json_integer_value(json_array_get(r, m + 1)));
			}
		}
		json_decref(rows);
		if (er != APP_OK)
			goto out;
	}
	*out = json_pack("{s:s, s:s, s:s, s:s, s:O, s:O}", "from", q->from, "to", q->to, "as_of",
	    q->as_of, "group_by", q->group_by, "groups", groups, "total", total);
out:
	store_rollback(s);
	json_decref(groups);
	json_decref(index);
	json_decref(total);
	return er;
}

enum app_err
supervision_stats_write(json_t *stats, enum sheet_format fmt, const char *path)
{
	struct sheet_column cols[] = {
		{ "统计单元", 24, false },
		{ "下达（件）", 12, true },
		{ "已反馈（件）", 12, true },
		{ "已销号（件）", 12, true },
		{ "逾期未销号（件）", 16, true },
	};
	char title[200];

	cols[0].label = code_label(group_bys, group_headers, jx_str(stats, "group_by"));
	snprintf(title, sizeof(title), "督办问责统计表（%s 至 %s 下达，办理情况截至 %s）",
	    jx_str(stats, "from"), jx_str(stats, "to"), jx_str(stats, "as_of"));
	return sheet_write_counts(
	    path, fmt, "督办问责统计", title, cols, sizeof(cols) / sizeof(cols[0]), stats, metrics);
}
