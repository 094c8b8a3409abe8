/*
 * Law-enforcement cases. The rules of 行政处罚法 (2021) are read from
 * ../shared/reference/law/procedure_deadlines.json (ids XZCF-nn below); the day counts of
 * its 2/3/5/7-day limits are working days (第85条, src/core/workday.h); 15 and 90 days are
 * natural days, which that file marks as an interpretation.
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
#include "core/timeutil.h"
#include "core/workday.h"
#include "enforce/case.h"
#include "enforce/provision.h"
#include "hazard/inspection.h"
#include "store/store.h"

#define MAX_ROWS 50

static const char *const sources[] = { "inspection", "complaint", "accident", "referral", "other",
	NULL };
static const char *const modes[] = { "routine", "campaign", "concentrated", "joint", NULL };
static const char *const kinds[] = { "warning", "fine", "confiscation", "suspension", "license",
	"closure", NULL };
static const char *const targets[] = { "unit", "principal", "persons", "investor", NULL };
static const char *const grades[] = { "general", "larger", "major", "especially_major", NULL };
static const char *const statuses[] = { "filed", "investigating", "legal_review", "notified",
	"hearing", "decided", "executing", "closed", "not_penalized", "transferred", "revoked",
	NULL };

/* Law-enforcement staff; the bureau heads (负责人) who decide, close and revoke; reviewers. */
#define OFFICERS \
	(ROLE_BIT(ROLE_ADMIN) | ROLE_BIT(ROLE_CITY) | ROLE_BIT(ROLE_DISTRICT) | \
	    ROLE_BIT(ROLE_DEPARTMENT) | ROLE_BIT(ROLE_INSPECTOR))
#define HEADS (ROLE_BIT(ROLE_ADMIN) | ROLE_BIT(ROLE_CITY) | ROLE_BIT(ROLE_DISTRICT))
#define REVIEWERS ROLE_BIT(ROLE_REVIEWER)

#define BEFORE_DECISION "filed", "investigating", "legal_review", "notified", "hearing"

/*
 * The transition table (DOMAIN.md: filed → investigating → legal_review → notified →
 * (hearing) → decided → executing → closed; exits not_penalized, transferred, revoked).
 * `to` NULL records a step without moving the state. Preconditions beyond state and role
 * are checked in case_transition() and named in its 422s.
 */
static const struct {
	const char *name;
	const char *from[8];
	const char *to;
	unsigned    roles;
	const char *fields[8];
	const char *label;
} trans[CA__MAX] = {
	[CA_UPDATE] = { "update", { "filed", "investigating" }, NULL, OFFICERS,
	    { "title", "facts", "evidence", "violations", "penalties", "officers", "partners",
		"note" },
	    "补充调查" },
	[CA_INVESTIGATE] = { "investigate", { "filed" }, "investigating", OFFICERS, { "note" },
	    "开始调查" },
	[CA_SUBMIT_REVIEW] = { "submit_review", { "investigating" }, "legal_review", OFFICERS,
	    { "note" }, "提交法制审核" },
	[CA_REVIEW_APPROVE] = { "review_approve", { "legal_review" }, NULL, REVIEWERS,
	    { "opinion", "reviewed_on" }, "审核通过" },
	[CA_REVIEW_RETURN] = { "review_return", { "legal_review" }, "investigating", REVIEWERS,
	    { "reason" }, "退回补充" },
	[CA_NOTIFY] = { "notify", { "investigating", "legal_review" }, "notified", OFFICERS,
	    { "notified_on", "note" }, "送达告知书" },
	[CA_WAIVE] = { "waive", { "notified" }, NULL, OFFICERS, { "note" }, "放弃陈述申辩/听证" },
	[CA_REQUEST_HEARING] = { "request_hearing", { "notified" }, "hearing", OFFICERS,
	    { "requested_on", "note" }, "申请听证" },
	[CA_SCHEDULE_HEARING] = { "schedule_hearing", { "hearing" }, NULL, OFFICERS,
	    { "hearing_on", "place", "notified_on", "note" }, "安排听证" },
	[CA_RECORD_HEARING] = { "record_hearing", { "hearing" }, NULL, OFFICERS,
	    { "record", "note" }, "记录听证" },
	[CA_EXTEND] = { "extend", { BEFORE_DECISION }, NULL, HEADS, { "days", "reason" },
	    "延长办案期限" },
	[CA_DECIDE] = { "decide", { "notified", "hearing" }, "decided", HEADS,
	    { "decided_on", "note" }, "作出处罚决定" },
	[CA_SERVE] = { "serve", { "decided" }, "executing", OFFICERS,
	    { "served_on", "method", "note" }, "送达决定书" },
	[CA_EXECUTE] = { "execute", { "executing" }, NULL, OFFICERS,
	    { "penalty_id", "executed_on", "paid_fen", "note" }, "记录执行" },
	[CA_CLOSE] = { "close", { "executing" }, "closed", HEADS, { "closed_on", "note" }, "结案" },
	[CA_NOT_PENALIZE] = { "not_penalize", { BEFORE_DECISION }, "not_penalized", HEADS,
	    { "reason", "closed_on" }, "不予处罚" },
	[CA_TRANSFER] = { "transfer", { "filed", "investigating", "legal_review" }, "transferred",
	    HEADS, { "reason", "transferred_to", "closed_on" }, "移送" },
	[CA_REVOKE] = { "revoke", { BEFORE_DECISION, "decided", "executing" }, "revoked", HEADS,
	    { "reason" }, "撤销立案" },
};

static const char *const status_codes[] = { "filed", "investigating", "legal_review", "notified",
	"hearing", "decided", "executing", "closed", "not_penalized", "transferred", "revoked",
	NULL };
static const char *const status_labels[] = { "已立案", "调查取证", "法制审核", "已告知", "听证",
	"已决定", "执行中", "已结案", "不予处罚", "已移送", "已撤销", NULL };

static const char *
status_label(const char *code)
{
	int i;

	for (i = 0; status_codes[i] != NULL; i++)
		if (strcmp(status_codes[i], code) == 0)
			return status_labels[i];
	return code;
}

const char *
case_action_name(enum case_action a)
{
	return trans[a].name;
}

static bool
action_parse(const char *s, enum case_action *a)
{
	int i;

	for (i = 0; i < CA__MAX; i++)
		if (s != NULL && strcmp(trans[i].name, s) == 0) {
			*a = (enum case_action)i;
			return true;
		}
	return false;
}

static bool
from_ok(enum case_action a, const char *status)
{
	int i;

	for (i = 0; i < 8 && trans[a].from[i] != NULL; i++)
		if (strcmp(trans[a].from[i], status) == 0)
			return true;
	return false;
}

/* A flag column: true, or a non-zero integer. */
static bool
flag(const json_t *o, const char *k)
{
	json_t *v = json_object_get(o, k);

	return json_is_true(v) || json_integer_value(v) != 0;
}

/* ---- dates ---- */

static int64_t
day_of(const char *date)
{
	int64_t d = 0;

	date_parse(date, &d);
	return d;
}

static const char *
day_str(struct arena *a, int64_t d)
{
	char buf[11];

	date_fmt(d, buf);
	return arena_strdup(a, buf);
}

static void
set_day(json_t *o, const char *key, int64_t d)
{
	char buf[11];

	date_fmt(d, buf);
	json_object_set_new(o, key, json_string(buf));
}

/* A date field: absent → default (may be NULL); never after today. */
static const char *
date_field(
    struct arena *a, json_t *in, const char *key, const char *dflt, const char *today, json_t *errs)
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
	if (today != NULL && strcmp(s, today) > 0) {
		jx_err(errs, key, "不能晚于今天");
		return NULL;
	}
	return s;
}

/* ---- settings ---- */

/*
 * Defaults. The number pattern is the issue's. The 较大数额 thresholds: 行政处罚法 sets no
 * figure (XZCF-63 note); the reference README (doubt 3) gives 个人 1万元 / 单位 3万元 as the
 * old 安全生产违法行为行政处罚办法's default, read on a secondary page and not in its JSON,
 * and found no Inner Mongolia figure. They are defaults to be confirmed per org.
 */
#define DEFAULT_PATTERN "{org_abbr}应急罚〔{year}〕{seq}号"
#define DEFAULT_LARGE_UNIT_FEN 3000000LL
#define DEFAULT_LARGE_PERSON_FEN 1000000LL
#define THRESHOLD_SOURCE \
	"默认值: 单位3万元、个人1万元, 出自原《安全生产违法行为行政处罚办法》(2015)的缺省" \
	"规定, 仅见于二手网页(参考资料 README 存疑第3条), 未见内蒙古自治区标准; 请按本机关" \
	"适用的规定设置"

enum app_err
case_settings_get(struct store *s, int64_t org_id, struct case_settings *out)
{
	struct stmt *st = store_stmt(s,
	    "SELECT number_pattern, large_fine_unit_fen,"
	    " large_fine_person_fen FROM case_settings WHERE org_id = ?1");
	enum app_err er;
	bool         row;

	snprintf(out->number_pattern, sizeof(out->number_pattern), "%s", DEFAULT_PATTERN);
	out->large_fine_unit_fen = DEFAULT_LARGE_UNIT_FEN;
	out->large_fine_person_fen = DEFAULT_LARGE_PERSON_FEN;
	out->stored = false;
	stmt_bind_i64(st, 1, org_id);
	if ((er = stmt_step(st, &row)) != APP_OK)
		return er;
	if (row) {
		snprintf(out->number_pattern, sizeof(out->number_pattern), "%s", stmt_text(st, 0));
		out->large_fine_unit_fen = stmt_i64(st, 1);
		out->large_fine_person_fen = stmt_i64(st, 2);
		out->stored = true;
	}
	stmt_reset(st);
	return APP_OK;
}

json_t *
case_settings_json(int64_t org_id, const struct case_settings *cs)
{
	return json_pack("{s:I, s:s, s:I, s:I, s:b, s:s, s:s}", "org_id", (json_int_t)org_id,
	    "number_pattern", cs->number_pattern, "large_fine_unit_fen",
	    (json_int_t)cs->large_fine_unit_fen, "large_fine_person_fen",
	    (json_int_t)cs->large_fine_person_fen, "customised", cs->stored, "placeholders",
	    "{org_abbr} {org_name} {year} {seq} {seq3}", "threshold_source", THRESHOLD_SOURCE);
}

static bool
pattern_ok(const char *p)
{
	const char *q = p;

	while ((q = strchr(q, '{')) != NULL) {
		static const char *const known[] = { "{org_abbr}", "{org_name}", "{year}", "{seq}",
			"{seq3}", NULL };
		int                      i;

		for (i = 0; known[i] != NULL; i++)
			if (strncmp(q, known[i], strlen(known[i])) == 0)
				break;
		if (known[i] == NULL)
			return false;
		q++;
	}
	return strstr(p, "{year}") != NULL && (strstr(p, "{seq}") || strstr(p, "{seq3}"));
}

enum app_err
case_settings_put(struct store *s, struct arena *a, const struct actor *actor,
    const struct audit_who *who, int64_t org_id, json_t *in, int64_t now, json_t *errs)
{
	static const char *const known[] = { "number_pattern", "large_fine_unit_fen",
		"large_fine_person_fen", NULL };
	struct case_settings     old;
	const char              *pattern = NULL;
	int64_t                  unit = 0, person = 0;
	struct stmt             *st;
	json_t                  *before, *after, *ch;
	enum app_err             er;
	int64_t                  exists = 0;

	if (actor->role == ROLE_DISTRICT && actor->org_id != org_id)
		return APP_EPERM;
	if (actor->role != ROLE_ADMIN && actor->role != ROLE_CITY && actor->role != ROLE_DISTRICT)
		return APP_EPERM;
	if (!json_is_object(in)) {
		jx_err(errs, "$", "应为 JSON 对象");
		return APP_EINVAL;
	}
	jx_unknown(in, known, errs);
	if (jx_string(a, in, "number_pattern", 1, 60, &pattern, errs) == JX_SET &&
	    !pattern_ok(pattern))
		jx_err(errs, "number_pattern",
		    "须含 {year} 和 {seq} (或 {seq3}), 只能使用 {org_abbr} {org_name} {year} {seq} "
		    "{seq3}");
	if (jx_missing(jx_int(in, "large_fine_unit_fen", 1, 100000000000LL, &unit, errs)))
		jx_err(errs, "large_fine_unit_fen", "必填: 单位较大数额罚款的起点(分)");
	if (jx_missing(jx_int(in, "large_fine_person_fen", 1, 100000000000LL, &person, errs)))
		jx_err(errs, "large_fine_person_fen", "必填: 个人较大数额罚款的起点(分)");
	if (pattern == NULL && !jx_has_err(errs, "number_pattern"))
		jx_err(errs, "number_pattern", "必填");
	if (json_array_size(errs) > 0)
		return APP_EINVAL;
	if ((er = store_begin(s, STORE_WRITE)) != APP_OK)
		return er;
	st = store_stmt(s, "SELECT count(*) FROM orgs WHERE id = ?1");
	stmt_bind_i64(st, 1, org_id);
	if ((er = stmt_one_i64(st, &exists)) != APP_OK || exists == 0) {
		er = er == APP_OK ? APP_ENOENT : er;
		goto fail;
	}
	if ((er = case_settings_get(s, org_id, &old)) != APP_OK)
		goto fail;
	st = store_stmt(s,
	    "INSERT INTO case_settings (org_id, number_pattern, large_fine_unit_fen,"
	    " large_fine_person_fen, updated_at) VALUES (?1, ?2, ?3, ?4, ?5)"
	    " ON CONFLICT (org_id) DO UPDATE SET number_pattern = ?2,"
	    " large_fine_unit_fen = ?3, large_fine_person_fen = ?4, updated_at = ?5");
	stmt_bind_i64(st, 1, org_id);
	stmt_bind_text(st, 2, pattern);
	stmt_bind_i64(st, 3, unit);
	stmt_bind_i64(st, 4, person);
	stmt_bind_i64(st, 5, now);
	if ((er = stmt_run(st)) != APP_OK)
		goto fail;
	before = json_pack("{s:s, s:I, s:I}", "number_pattern", old.number_pattern,
	    "large_fine_unit_fen", (json_int_t)old.large_fine_unit_fen, "large_fine_person_fen",
	    (json_int_t)old.large_fine_person_fen);
	after = json_pack("{s:s, s:I, s:I}", "number_pattern", pattern, "large_fine_unit_fen",
	    (json_int_t)unit, "large_fine_person_fen", (json_int_t)person);
	ch = jx_diff(before, after);
	er = audit_append(s, who, "update", "case_settings", org_id, ch);
	json_decref(before);
	json_decref(after);
	json_decref(ch);
	if (er == APP_OK && (er = store_commit(s)) == APP_OK)
		return APP_OK;
fail:
	store_rollback(s);
	return er;
}

/* ---- penalties ---- */

static int64_t
large_threshold(const struct case_settings *cs, const char *party_type, const char *target)
{
	/* A unit's fine is a unit's; a principal's, a person's, or any fine on a natural person
	 * party is a person's. */
	if (strcmp(party_type, "enterprise") == 0 && strcmp(target, "unit") == 0)
		return cs->large_fine_unit_fen;
	return cs->large_fine_person_fen;
}

bool
case_penalties_heavy(json_t *penalties, const struct case_settings *cs, const char *party_type)
{
	json_t *p;
	size_t  i;

	json_array_foreach(penalties, i, p)
	{
		const char *k = jx_str(p, "kind");

		/* 第63条: 责令停产停业、责令关闭、吊销许可证件 (and 暂扣, a 较重 penalty). */
		if (strcmp(k, "suspension") == 0 || strcmp(k, "license") == 0 ||
		    strcmp(k, "closure") == 0)
			return true;
		/* 第63条: 较大数额罚款, 没收较大数额违法所得. */
		if ((strcmp(k, "fine") == 0 || strcmp(k, "confiscation") == 0) &&
		    jx_num(p, "amount_fen") >= large_threshold(cs, party_type, jx_str(p, "target")))
			return true;
	}
	return false;
}

int64_t
case_late_fee(int64_t amount, const char *payment_due, const char *as_of, int64_t *days_late)
{
	int64_t late, fee;

	*days_late = 0;
	if (payment_due == NULL || as_of == NULL || amount <= 0)
		return 0;
	late = day_of(as_of) - day_of(payment_due);
	if (late <= 0)
		return 0;
	*days_late = late;
	/* XZCF-72: 每日按罚款数额的百分之三加处罚款, 加处罚款的数额不得超出罚款的数额. */
	if (late >= 34)
		return amount;
	fee = amount * 3 * late / 100;
	return fee > amount ? amount : fee;
}

/*
 * Violations [{provision_id, item, description}] and penalties [{kind, target, target_name,
 * provision_id, stage, accident_grade, amount_fen, income_fen, illegal_income_fen,
 * base_fen, days, note}] into clean arrays; every problem is named.
 */
static void
decode_violations(struct arena *a, json_t *in, json_t **out, json_t *errs)
{
	static const char *const known[] = { "provision_id", "item", "description", NULL };
	json_t                  *list = json_object_get(in, "violations"), *v;
	size_t                   i, from;
	char                     p[48];

	*out = json_array();
	if (list == NULL || json_is_null(list))
		return;
	if (!json_is_array(list) || json_array_size(list) > MAX_ROWS) {
		jx_err(errs, "violations", "应为违法行为数组(最多50项)");
		return;
	}
	json_array_foreach(list, i, v)
	{
		const char   *pid = NULL, *item = NULL, *desc = NULL;
		const json_t *prov;

		from = json_array_size(errs);
		snprintf(p, sizeof(p), "violations[%zu]", i);
		if (!json_is_object(v)) {
			jx_err(errs, p, "应为 {provision_id, item, description}");
			continue;
		}
		jx_unknown(v, known, errs);
		if (jx_missing(jx_string(a, v, "provision_id", 1, 40, &pid, errs)))
			jx_err(errs, "provision_id", "必填: 违反的法律条款");
		jx_string(a, v, "item", 0, 200, &item, errs);
		if (jx_missing(jx_string(a, v, "description", 1, 2000, &desc, errs)))
			jx_err(errs, "description", "必填: 违法事实");
		if (pid != NULL) {
			if ((prov = provision_find(pid)) == NULL)
				jx_err(errs, "provision_id", "没有这一法律条款");
			else if (!json_is_true(json_object_get(prov, "citable")))
				jx_err(errs, "provision_id",
				    arena_printf(a, "%s不能在新案件中引用: %s",
					jx_str(prov, "title"), jx_str(prov, "not_citable_reason")));
		}
		jx_errs_prefix(errs, from, p);
		if (json_array_size(errs) == from)
			json_array_append_new(*out,
			    json_pack("{s:s, s:s, s:s}", "provision_id", pid, "item",
				item ? item : "", "description", desc));
	}
}

static bool
cited(json_t *violations, const char *pid)
{
	json_t *v;
	size_t  i;

	json_array_foreach(
	    violations, i, v) if (strcmp(jx_str(v, "provision_id"), pid) == 0) return true;
	return false;
}

static void
decode_penalties(struct arena *a, json_t *in, json_t *violations, const char *party_type,
    const char *default_unit, const char *default_principal, const char *accident_grade,
    json_t **out, json_t *errs)
{
	static const char *const known[] = { "kind", "target", "target_name", "provision_id",
		"stage", "accident_grade", "amount_fen", "income_fen", "illegal_income_fen",
		"base_fen", "days", "note", NULL };
	json_t                  *list = json_object_get(in, "penalties"), *v;
	size_t                   i, from;
	char                     p[48];

	*out = json_array();
	if (list == NULL || json_is_null(list))
		return;
	if (!json_is_array(list) || json_array_size(list) > MAX_ROWS) {
		jx_err(errs, "penalties", "应为处罚数组(最多50项)");
		return;
	}
	json_array_foreach(list, i, v)
	{
		struct penalty_in pin = { 0 };
		const char       *name = NULL, *pid = NULL, *note = NULL;
		int64_t           amount = 0;

		from = json_array_size(errs);
		snprintf(p, sizeof(p), "penalties[%zu]", i);
		if (!json_is_object(v)) {
			jx_err(errs, p, "应为处罚对象");
			continue;
		}
		jx_unknown(v, known, errs);
		if (jx_missing(jx_enum(v, "kind", kinds, &pin.kind, errs)))
			jx_err(errs, "kind", "必填: 处罚种类");
		if (jx_missing(jx_enum(v, "target", targets, &pin.target, errs)))
			jx_err(errs, "target", "必填: 处罚对象");
		jx_string(a, v, "target_name", 0, 100, &name, errs);
		if (jx_missing(jx_string(a, v, "provision_id", 1, 40, &pid, errs)))
			jx_err(errs, "provision_id",
			    pin.kind && strcmp(pin.kind, "fine") == 0 ? "罚款必须引用法律条款"
								      : "必须引用法律条款");
		if (jx_missing(jx_string(a, v, "stage", 1, 40, &pin.stage, errs)))
			jx_err(errs, "stage",
			    "必填: 适用情形(initial、overdue_uncorrected、accident…)");
		jx_enum(v, "accident_grade", grades, &pin.accident_grade, errs);
		/* A case about an accident fines by that accident's (computed) grade. */
		if (accident_grade != NULL && pin.accident_grade == NULL)
			pin.accident_grade = accident_grade;
		else if (accident_grade != NULL && strcmp(pin.accident_grade, accident_grade) != 0)
			jx_err(errs, "accident_grade",
			    arena_printf(a, "与关联事故的等级(%s)不符", accident_grade));
		jx_int(v, "amount_fen", 0, 100000000000000LL, &amount, errs);
		jx_int(v, "income_fen", 1, 10000000000000LL, &pin.income_fen, errs);
		jx_int(v, "illegal_income_fen", 1, 10000000000000LL, &pin.illegal_income_fen, errs);
		jx_int(v, "base_fen", 1, 10000000000000LL, &pin.base_fen, errs);
		jx_int(v, "days", 1, 3650, &pin.days, errs);
		jx_string(a, v, "note", 0, 1000, &note, errs);
		pin.amount_fen = amount;
		if (pin.kind != NULL && strcmp(pin.kind, "fine") == 0 && amount <= 0 &&
		    !jx_has_err(errs, "amount_fen"))
			jx_err(errs, "amount_fen", "必填: 罚款金额");
		if (pin.kind != NULL && strcmp(pin.kind, "fine") != 0 &&
		    strcmp(pin.kind, "confiscation") != 0 && amount != 0)
			jx_err(errs, "amount_fen", "只有罚款和没收违法所得有金额");
		if (pin.target != NULL && strcmp(party_type, "person") == 0 &&
		    strcmp(pin.target, "unit") == 0)
			jx_err(errs, "target", "当事人为个人, 处罚对象不能是单位");
		if (pid != NULL && !cited(violations, pid) && !jx_has_err(errs, "provision_id"))
			jx_err(errs, "provision_id", "处罚依据应为本案违法行为所引用的条款之一");
		if (json_array_size(errs) == from)
			provision_check(pid, &pin, "", errs);
		if (name == NULL && pin.target != NULL)
			name = strcmp(pin.target, "unit") == 0     ? default_unit
			    : strcmp(pin.target, "principal") == 0 ? default_principal
								   : NULL;
		/* A party not found already has its error: no second one here. */
		if ((name == NULL || name[0] == '\0') && default_unit != NULL)
			if (json_array_size(errs) == from)
				jx_err(errs, "target_name", "必填: 被处罚人姓名或名称");
		jx_errs_prefix(errs, from, p);
		if (json_array_size(errs) > from)
			continue;
		json_array_append_new(*out,
		    json_pack("{s:s, s:s, s:s, s:s, s:s, s:s?, s:I, s:I, s:I, s:I, s:I, s:s}",
			"kind", pin.kind, "target", pin.target, "target_name", name, "provision_id",
			pid, "stage", pin.stage, "accident_grade", pin.accident_grade, "amount_fen",
			(json_int_t)amount, "income_fen", (json_int_t)pin.income_fen,
			"illegal_income_fen", (json_int_t)pin.illegal_income_fen, "base_fen",
			(json_int_t)pin.base_fen, "days", (json_int_t)pin.days, "note",
			note ? note : ""));
	}
	/* XZCF-29: 同一个违法行为不得给予两次以上罚款 — one fine per person per provision. */
	for (i = 0; i < json_array_size(*out); i++) {
		json_t *x = json_array_get(*out, i), *y;
		size_t  j;

		if (strcmp(jx_str(x, "kind"), "fine") != 0)
			continue;
		for (j = i + 1; j < json_array_size(*out); j++) {
			y = json_array_get(*out, j);
			if (strcmp(jx_str(y, "kind"), "fine") == 0 &&
			    strcmp(jx_str(x, "provision_id"), jx_str(y, "provision_id")) == 0 &&
			    strcmp(jx_str(x, "target_name"), jx_str(y, "target_name")) == 0) {
				snprintf(p, sizeof(p), "penalties[%zu]", j);
				jx_err(errs, p,
				    "同一违法行为不得对同一当事人给予两次以上罚款(行政处罚法第二十九条)");
			}
		}
	}
}

/* ---- filing ---- */

/* 居民身份证号码 (GB 11643-1999; the standard is not in ../shared/reference): 17 digits and
 * a check character from the weighted sum mod 11. */
static bool
id_no_ok(const char *s)
{
	static const int  w[17] = { 7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2 };
	static const char check[] = "10X98765432";
	int               i, sum = 0;

	if (strlen(s) != 18)
		return false;
	for (i = 0; i < 17; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		sum += (s[i] - '0') * w[i];
	}
	return s[17] == check[sum % 11] || (check[sum % 11] == 'X' && s[17] == 'x');
}

static void
decode_partners(struct arena *a, json_t *in, json_t **out, json_t *errs)
{
	json_t *list = json_object_get(in, "partners"), *v;
	size_t  i;

	*out = json_array();
	if (list == NULL || json_is_null(list))
		return;
	if (!json_is_array(list) || json_array_size(list) > 20) {
		jx_err(errs, "partners", "应为联合执法单位名称的数组(最多20个)");
		return;
	}
	json_array_foreach(list, i, v)
	{
		const char *why, *t;

		if (!json_is_string(v) ||
		    (t = text_clean(a, json_string_value(v), 1, 100, &why)) == NULL) {
			jx_err(errs, arena_printf(a, "partners[%zu]", i), "应为单位名称");
			continue;
		}
		json_array_append_new(*out, json_string(t));
	}
}

static json_t *
ids_array(json_t *in, const char *key, json_t *errs)
{
	json_t *v = json_object_get(in, key), *e;
	size_t  i;

	if (v == NULL || json_is_null(v))
		return NULL;
	if (!json_is_array(v) || json_array_size(v) > 100) {
		jx_err(errs, key, "应为编号的数组(最多100个)");
		return NULL;
	}
	json_array_foreach(v, i, e) if (!json_is_integer(e) || json_integer_value(e) <= 0)
	{
		jx_err(errs, key, "应为编号的数组(最多100个)");
		return NULL;
	}
	return json_array_size(v) ? v : NULL;
}

/* The next number of the org for the year, and the number text. */
static enum app_err
next_number(struct store *s, struct arena *a, int64_t org_id, int year, const char *pattern,
    const char *abbr, const char *org_name, int64_t *seq, const char **number)
{
	struct stmt *st = store_stmt(s,
	    "INSERT INTO case_numbers (org_id, year, last_seq)"
	    " VALUES (?1, ?2, 1) ON CONFLICT (org_id, year)"
	    " DO UPDATE SET last_seq = last_seq + 1 RETURNING last_seq");
	enum app_err er;
	char         buf[400] = "", piece[64];
	const char  *p = pattern;

	stmt_bind_i64(st, 1, org_id);
	stmt_bind_i64(st, 2, year);
	if ((er = stmt_one_i64(st, seq)) != APP_OK)
		return er;
	while (*p != '\0' && strlen(buf) < sizeof(buf) - 110) {
		const char *sub = NULL;

		if (strncmp(p, "{org_abbr}", 10) == 0)
			sub = abbr[0] ? abbr : org_name, p += 10;
		else if (strncmp(p, "{org_name}", 10) == 0)
			sub = org_name, p += 10;
		else if (strncmp(p, "{year}", 6) == 0) {
			snprintf(piece, sizeof(piece), "%d", year);
			sub = piece, p += 6;
		} else if (strncmp(p, "{seq3}", 6) == 0) {
			snprintf(piece, sizeof(piece), "%03lld", (long long)*seq);
			sub = piece, p += 6;
		} else if (strncmp(p, "{seq}", 5) == 0) {
			snprintf(piece, sizeof(piece), "%lld", (long long)*seq);
			sub = piece, p += 5;
		}
		if (sub != NULL)
			strncat(buf, sub, 100);
		else {
			size_t l = strlen(buf);

			buf[l] = *p++;
			buf[l + 1] = '\0';
		}
	}
	*number = arena_strdup(a, buf);
	return APP_OK;
}

static const char sql_case_insert[] =
    "INSERT INTO cases (org_id, number, year, seq, region_code, sector, party_type,"
    " enterprise_id, person_name, person_id_no, person_address, source, inspection_id,"
    " accident_id, mode, partners, officers, title, facts, evidence, status, filed_on,"
    " created_by, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10,"
    " ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, 'filed', ?21, ?22, ?23, ?23)";

static const char sql_event[] =
    "INSERT INTO case_events (case_id, action, from_status, to_status, actor_id, actor_name,"
    " at, note, data) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)";

/* Replaces the violations and penalties of a case. */
static enum app_err
write_findings(struct store *s, int64_t id, json_t *violations, json_t *penalties)
{
	struct stmt *st;
	enum app_err er;
	json_t      *v;
	size_t       i;

	st = store_stmt(s, "DELETE FROM case_violations WHERE case_id = ?1");
	stmt_bind_i64(st, 1, id);
	if ((er = stmt_run(st)) != APP_OK)
		return er;
	st = store_stmt(s, "DELETE FROM case_penalties WHERE case_id = ?1");
	stmt_bind_i64(st, 1, id);
	if ((er = stmt_run(st)) != APP_OK)
		return er;
	json_array_foreach(violations, i, v)
	{
		st = store_stmt(s,
		    "INSERT INTO case_violations (case_id, seq, provision_id, item,"
		    " description) VALUES (?1, ?2, ?3, ?4, ?5)");
		stmt_bind_i64(st, 1, id);
		stmt_bind_i64(st, 2, (int64_t)i + 1);
		stmt_bind_text(st, 3, jx_str(v, "provision_id"));
		stmt_bind_text(st, 4, jx_str(v, "item"));
		stmt_bind_text(st, 5, jx_str(v, "description"));
		if ((er = stmt_run(st)) != APP_OK)
			return er;
	}
	json_array_foreach(penalties, i, v)
	{
		st = store_stmt(s,
		    "INSERT INTO case_penalties (case_id, seq, kind, target, target_name,"
		    " provision_id, stage, accident_grade, amount_fen, income_fen, illegal_income_fen,"
		    " base_fen, days, note) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11,"
		    " ?12, ?13, ?14)");
		stmt_bind_i64(st, 1, id);
		stmt_bind_i64(st, 2, (int64_t)i + 1);
		stmt_bind_text(st, 3, jx_str(v, "kind"));
		stmt_bind_text(st, 4, jx_str(v, "target"));
		stmt_bind_text(st, 5, jx_str(v, "target_name"));
		stmt_bind_text(st, 6, jx_str(v, "provision_id"));
		stmt_bind_text(st, 7, jx_str(v, "stage"));
		stmt_bind_text(st, 8, jx_str(v, "accident_grade"));
		stmt_bind_i64(st, 9, jx_num(v, "amount_fen"));
		stmt_bind_i64(st, 10, jx_num(v, "income_fen"));
		stmt_bind_i64(st, 11, jx_num(v, "illegal_income_fen"));
		stmt_bind_i64(st, 12, jx_num(v, "base_fen"));
		stmt_bind_i64(st, 13, jx_num(v, "days"));
		stmt_bind_text(st, 14, jx_str(v, "note"));
		if ((er = stmt_run(st)) != APP_OK)
			return er;
	}
	return APP_OK;
}

/* The party's names for the penalty targets: the enterprise and its principal. */
struct party {
	const char *type, *region, *sector, *name, *principal, *address;
	int64_t     enterprise_id;
};

static enum app_err
decode_party(struct store *s, struct arena *a, const struct actor *actor, const struct scope *sc,
    json_t *in, struct party *pt, json_t *errs)
{
	static const char *const known[] = { "type", "enterprise_id", "name", "id_no", "address",
		NULL };
	static const char *const types[] = { "enterprise", "person", NULL };
	json_t                  *p = json_object_get(in, "party");
	size_t                   from = json_array_size(errs);
	const char              *id_no = NULL;
	struct stmt             *st;
	enum app_err             er;
	bool                     row;

	memset(pt, 0, sizeof(*pt));
	if (!json_is_object(p)) {
		jx_err(errs, "party",
		    "必填: {type: enterprise, enterprise_id} 或 {type: person, name, id_no}");
		return APP_OK;
	}
	jx_unknown(p, known, errs);
	if (jx_missing(jx_enum(p, "type", types, &pt->type, errs)))
		jx_err(errs, "type", "必填: enterprise 或 person");
	if (pt->type != NULL && strcmp(pt->type, "enterprise") == 0) {
		if (jx_missing(jx_int(p, "enterprise_id", 1, INT64_MAX, &pt->enterprise_id, errs)))
			jx_err(errs, "enterprise_id", "必填");
		if (pt->enterprise_id > 0) {
			st = store_stmt(s,
			    "SELECT region_code, sector, name, principal, address, status"
			    " FROM enterprises e WHERE id = ?5 AND " SCOPE_PRED(
				"e.region_code", "e.sector", "e.id"));
			scope_bind(st, sc);
			stmt_bind_i64(st, 5, pt->enterprise_id);
			if ((er = stmt_step(st, &row)) != APP_OK)
				return er;
			if (!row)
				jx_err(errs, "enterprise_id", "企业不存在或不在您的管辖范围内");
			else {
				pt->region = arena_strdup(a, stmt_text(st, 0));
				pt->sector = arena_strdup(a, stmt_text(st, 1));
				pt->name = arena_strdup(a, stmt_text(st, 2));
				pt->principal = arena_strdup(a, stmt_text(st, 3));
				pt->address = arena_strdup(a, stmt_text(st, 4));
				if (strcmp(stmt_text(st, 5), "voided") == 0)
					jx_err(errs, "enterprise_id", "企业已作废");
			}
			stmt_reset(st);
		}
	} else if (pt->type != NULL) {
		if (jx_missing(jx_string(a, p, "name", 1, 50, &pt->name, errs)))
			jx_err(errs, "name", "必填: 当事人姓名");
		if (jx_missing(jx_string(a, p, "id_no", 18, 18, &id_no, errs)))
			jx_err(errs, "id_no", "必填: 居民身份证号码");
		else if (id_no != NULL && !id_no_ok(id_no))
			jx_err(errs, "id_no", "不是有效的18位居民身份证号码(校验位不符)");
		jx_string(a, p, "address", 0, 200, &pt->address, errs);
		pt->principal = pt->name;
		pt->region = actor->region_code;
		pt->sector = "";
		if (pt->region == NULL || pt->region[0] == '\0')
			jx_err(errs, "type", "您没有所属机关的地区, 不能对个人立案");
		json_object_set_new(p, "_id_no", json_string(id_no ? id_no : ""));
	}
	jx_errs_prefix(errs, from, "party");
	return APP_OK;
}

enum app_err
case_create(struct store *s, struct arena *a, const struct actor *actor, const struct scope *sc,
    const struct audit_who *who, json_t *in, int64_t now, json_t *errs, int64_t *id)
{
	static const char *const known[] = { "org_id", "party", "source", "inspection_id",
		"hazard_ids", "accident_id", "mode", "partners", "officers", "title", "facts",
		"evidence", "violations", "penalties", "filed_on", "note", NULL };
	struct party             pt;
	struct case_settings     cs;
	const char *source = NULL, *mode = NULL, *title = NULL, *facts = NULL, *filed = NULL,
		   *note = NULL, *number = NULL, *org_name = NULL, *abbr = NULL;
	json_t *violations = NULL, *penalties = NULL, *partners = NULL, *evidence, *hazards, *v,
	       *data = NULL;
	char         today[11], *t1 = NULL, *t2 = NULL, *t3 = NULL;
	const char  *accident_grade = NULL;
	int64_t      org_id = actor->org_id, inspection_id = 0, accident_id = 0, seq = 0;
	struct stmt *st;
	enum app_err er;
	bool         row;
	size_t       i;

	*id = 0;
	if (!(OFFICERS & ROLE_BIT(actor->role)))
		return APP_EPERM;
	if (!json_is_object(in)) {
		jx_err(errs, "$", "应为 JSON 对象");
		return APP_EINVAL;
	}
	today_str(today);
	jx_unknown(in, known, errs);
	if ((er = store_begin(s, STORE_WRITE)) != APP_OK)
		return er;
	if (actor->role == ROLE_ADMIN)
		jx_int(in, "org_id", 1, INT64_MAX, &org_id, errs);
	else if (json_object_get(in, "org_id") != NULL)
		jx_err(errs, "org_id", "案件由您所属的机关办理, 不能指定");
	if (org_id <= 0 && !jx_has_err(errs, "org_id"))
		jx_err(errs, "org_id", "必填: 办案机关");
	if (org_id > 0) {
		st = store_stmt(s, "SELECT name, abbr, kind FROM orgs WHERE id = ?1");
		stmt_bind_i64(st, 1, org_id);
		if ((er = stmt_step(st, &row)) != APP_OK)
			goto fail;
		if (!row)
			jx_err(errs, "org_id", "没有这个机关");
		else if (strcmp(stmt_text(st, 2), "legal_office") == 0)
			jx_err(errs, "org_id", "法制机构不办理处罚案件");
		else {
			org_name = arena_strdup(a, stmt_text(st, 0));
			abbr = arena_strdup(a, stmt_text(st, 1));
		}
		stmt_reset(st);
	}
	if ((er = decode_party(s, a, actor, sc, in, &pt, errs)) != APP_OK)
		goto fail;
	if (jx_missing(jx_enum(in, "source", sources, &source, errs)))
		jx_err(errs, "source", "必填: 案件来源");
	if (jx_missing(jx_enum(in, "mode", modes, &mode, errs)))
		mode = "routine";
	decode_partners(a, in, &partners, errs);
	if (mode != NULL && strcmp(mode, "joint") == 0 && json_array_size(partners) == 0 &&
	    !jx_has_err(errs, "partners"))
		jx_err(errs, "partners", "联合执法须填写联合执法单位");
	inspection_officers_check(a, in, true, "立案", errs);
	if (jx_missing(jx_string(a, in, "title", 1, 200, &title, errs)))
		jx_err(errs, "title", "必填: 案由");
	jx_string(a, in, "facts", 0, 10000, &facts, errs);
	jx_string(a, in, "note", 0, 1000, &note, errs);
	filed = date_field(a, in, "filed_on", today, today, errs);
	evidence = ids_array(in, "evidence", errs);
	hazards = ids_array(in, "hazard_ids", errs);
	jx_int(in, "inspection_id", 1, INT64_MAX, &inspection_id, errs);
	jx_int(in, "accident_id", 1, INT64_MAX, &accident_id, errs);
	if (source != NULL && strcmp(source, "inspection") == 0 && inspection_id == 0 &&
	    !jx_has_err(errs, "inspection_id"))
		jx_err(errs, "inspection_id", "来源为监督检查时必须关联检查记录");
	if (inspection_id > 0) {
		st = store_stmt(s,
		    "SELECT enterprise_id FROM inspections i WHERE id = ?5 AND " SCOPE_PRED(
			"i.region_code", "i.sector", "i.enterprise_id"));
		scope_bind(st, sc);
		stmt_bind_i64(st, 5, inspection_id);
		if ((er = stmt_step(st, &row)) != APP_OK)
			goto fail;
		if (!row)
			jx_err(errs, "inspection_id", "检查记录不存在或不在您的管辖范围内");
		else if (pt.enterprise_id > 0 && stmt_i64(st, 0) != pt.enterprise_id)
			jx_err(errs, "inspection_id", "检查记录的企业不是本案当事人");
		stmt_reset(st);
	}
	if (accident_id > 0) {
		struct accident_ref ar;

		if ((er = accident_ref(s, sc, accident_id, &ar)) == APP_ENOENT)
			jx_err(errs, "accident_id", "事故不存在或不在您的管辖范围内");
		else if (er != APP_OK)
			goto fail;
		else {
			if (pt.enterprise_id > 0 && ar.enterprise_id != pt.enterprise_id)
				jx_err(errs, "accident_id", "事故单位不是本案当事人");
			accident_grade = arena_strdup(a, ar.grade);
		}
	}
	if (source != NULL && strcmp(source, "accident") == 0 && accident_id == 0 &&
	    !jx_has_err(errs, "accident_id"))
		jx_err(errs, "accident_id", "来源为事故调查时必须关联事故");
	json_array_foreach(hazards, i, v)
	{
		st = store_stmt(s,
		    "SELECT enterprise_id FROM hazards h WHERE id = ?5 AND " SCOPE_PRED(
			"h.region_code", "h.sector", "h.enterprise_id"));
		scope_bind(st, sc);
		stmt_bind_i64(st, 5, json_integer_value(v));
		if ((er = stmt_step(st, &row)) != APP_OK)
			goto fail;
		if (!row)
			jx_err(errs, arena_printf(a, "hazard_ids[%zu]", i),
			    "隐患不存在或不在您的管辖范围内");
		else if (pt.enterprise_id > 0 && stmt_i64(st, 0) != pt.enterprise_id)
			jx_err(errs, arena_printf(a, "hazard_ids[%zu]", i),
			    "隐患的企业不是本案当事人");
		stmt_reset(st);
	}
	decode_violations(a, in, &violations, errs);
	if (pt.type != NULL)
		decode_penalties(a, in, violations, pt.type, pt.name, pt.principal, accident_grade,
		    &penalties, errs);
	if (json_array_size(errs) > 0) {
		er = APP_EINVAL;
		goto fail;
	}
	if ((er = case_settings_get(s, org_id, &cs)) != APP_OK)
		goto fail;
	if ((er = next_number(s, a, org_id, atoi(filed), cs.number_pattern, abbr, org_name, &seq,
		 &number)) != APP_OK)
		goto fail;
	t1 = json_dumps(partners, JSON_COMPACT);
	t2 = json_dumps(json_object_get(in, "officers"), JSON_COMPACT);
	t3 = evidence ? json_dumps(evidence, JSON_COMPACT) : strdup("[]");
	st = store_stmt(s, sql_case_insert);
	stmt_bind_i64(st, 1, org_id);
	stmt_bind_text(st, 2, number);
	stmt_bind_i64(st, 3, atoi(filed));
	stmt_bind_i64(st, 4, seq);
	stmt_bind_text(st, 5, pt.region);
	stmt_bind_text(st, 6, pt.sector);
	stmt_bind_text(st, 7, pt.type);
	if (pt.enterprise_id > 0)
		stmt_bind_i64(st, 8, pt.enterprise_id);
	else {
		stmt_bind_text(st, 9, pt.name);
		stmt_bind_text(st, 10, jx_str(json_object_get(in, "party"), "_id_no"));
	}
	stmt_bind_text(st, 11, pt.enterprise_id > 0 ? "" : (pt.address ? pt.address : ""));
	stmt_bind_text(st, 12, source);
	if (inspection_id > 0)
		stmt_bind_i64(st, 13, inspection_id);
	if (accident_id > 0)
		stmt_bind_i64(st, 14, accident_id);
	stmt_bind_text(st, 15, mode);
	stmt_bind_text(st, 16, t1);
	stmt_bind_text(st, 17, t2 ? t2 : "[]");
	stmt_bind_text(st, 18, title);
	stmt_bind_text(st, 19, facts ? facts : "");
	stmt_bind_text(st, 20, t3);
	stmt_bind_text(st, 21, filed);
	stmt_bind_i64(st, 22, actor->user_id);
	stmt_bind_i64(st, 23, now);
	if ((er = stmt_run(st)) != APP_OK)
		goto fail;
	*id = store_last_id(s);
	json_array_foreach(hazards, i, v)
	{
		st = store_stmt(s,
		    "INSERT INTO case_hazards (case_id, hazard_id) VALUES (?1, ?2)"
		    " ON CONFLICT DO NOTHING");
		stmt_bind_i64(st, 1, *id);
		stmt_bind_i64(st, 2, json_integer_value(v));
		if ((er = stmt_run(st)) != APP_OK)
			goto fail;
	}
	if ((er = write_findings(s, *id, violations, penalties)) != APP_OK)
		goto fail;
	if (evidence != NULL &&
	    (er = attachment_claim(s, actor, evidence, "case", *id, false, "evidence", errs)) !=
		APP_OK)
		goto fail;
	if (json_array_size(errs) > 0) {
		er = APP_EINVAL;
		goto fail;
	}
	if (inspection_id > 0) {
		/* The inspection was referred to this case (监督检查 → 立案). */
		st = store_stmt(s,
		    "UPDATE inspections SET referred = 1, referral_note ="
		    " coalesce(referral_note, ?2), referred_at = coalesce(referred_at, ?3)"
		    " WHERE id = ?1");
		stmt_bind_i64(st, 1, inspection_id);
		stmt_bind_text(st, 2, number);
		stmt_bind_i64(st, 3, now);
		if ((er = stmt_run(st)) != APP_OK)
			goto fail;
	}
	data = json_pack("{s:s, s:I, s:s, s:s, s:s, s:s, s:O, s:O, s:O?, s:s}", "number", number,
	    "org_id", (json_int_t)org_id, "party_type", pt.type, "party", pt.name, "source", source,
	    "mode", mode, "violations", violations, "penalties", penalties, "evidence", evidence,
	    "filed_on", filed);
	if ((er = audit_event(
		 s, sql_event, actor, who, *id, "file", NULL, "filed", now, note, data)) != APP_OK)
		goto fail;
	if ((er = audit_append(s, who, "create", "case", *id, data)) != APP_OK)
		goto fail;
	er = store_commit(s);
	goto done;
fail:
	store_rollback(s);
	*id = 0;
done:
	free(t1);
	free(t2);
	free(t3);
	json_decref(violations);
	json_decref(penalties);
	json_decref(partners);
	json_decref(data);
	return er;
}

/* ---- reading ---- */

#define CASE_COLS \
	"c.id, c.org_id, o.name AS org_name, c.number, c.year, c.seq, c.region_code," \
	" r.name AS region_name, c.sector, c.party_type, c.enterprise_id, e.name AS" \
	" enterprise_name, e.uscc AS enterprise_uscc, e.address AS enterprise_address," \
	" e.principal AS enterprise_principal, c.person_name, c.person_id_no," \
	" c.person_address, c.source, c.inspection_id, c.accident_id, c.mode, c.partners," \
	" c.officers, c.title, c.facts, c.evidence, c.status, c.filed_on, c.extension_days," \
	" c.extension_reason, c.review_required, c.reviewed_by, c.reviewed_on, c.review_opinion," \
	" c.notified_on, c.hearing_eligible, c.hearing_requested_on, c.hearing_notified_on," \
	" c.hearing_on, c.hearing_place, c.hearing_record, c.rights_waived, c.decided_on," \
	" c.served_on, c.closed_on, c.exit_reason, c.transferred_to, c.created_by, c.created_at," \
	" c.updated_at"
#define CASE_FROM \
	" FROM cases c JOIN orgs o ON o.id = c.org_id LEFT JOIN regions r ON r.code =" \
	" c.region_code LEFT JOIN enterprises e ON e.id = c.enterprise_id"

static const char sql_case[] = "SELECT " CASE_COLS CASE_FROM " WHERE c.id = ?5 AND " SCOPE_PRED(
    "c.region_code", "c.sector", "c.enterprise_id");

static void
parse_json_cols(json_t *c, const char *const *keys)
{
	int i;

	for (i = 0; keys[i] != NULL; i++) {
		const char *t = jx_str(c, keys[i]);
		json_t     *v = t ? json_loads(t, 0, NULL) : NULL;

		json_object_set_new(c, keys[i], v ? v : json_array());
	}
}

enum app_err
case_visible(struct store *s, const struct scope *sc, int64_t id)
{
	struct stmt *st = store_stmt(s,
	    "SELECT count(*) FROM cases c WHERE c.id = ?5 AND " SCOPE_PRED(
		"c.region_code", "c.sector", "c.enterprise_id"));
	enum app_err er;
	int64_t      n = 0;

	scope_bind(st, sc);
	stmt_bind_i64(st, 5, id);
	if ((er = stmt_one_i64(st, &n)) != APP_OK)
		return er;
	return n > 0 ? APP_OK : APP_ENOENT;
}

/* The case row (no children), or APP_ENOENT outside the scope. */
static enum app_err
load_case(struct store *s, const struct scope *sc, int64_t id, json_t **out)
{
	static const char *const jcols[] = { "partners", "officers", "evidence", NULL };
	struct stmt             *st = store_stmt(s, sql_case);
	enum app_err             er;
	bool                     row;

	*out = NULL;
	scope_bind(st, sc);
	stmt_bind_i64(st, 5, id);
	if ((er = stmt_step(st, &row)) != APP_OK)
		return er;
	if (!row) {
		stmt_reset(st);
		return APP_ENOENT;
	}
	*out = stmt_row_json(st);
	stmt_reset(st);
	parse_json_cols(*out, jcols);
	{
		static const char *const flags[] = { "review_required", "hearing_eligible",
			"rights_waived", NULL };
		static const char *const instants[] = { "created_at", "updated_at", NULL };
		char                     t[40];
		int                      i;

		for (i = 0; flags[i] != NULL; i++)
			json_object_set_new(*out, flags[i], json_boolean(flag(*out, flags[i])));
		for (i = 0; instants[i] != NULL; i++) {
			time_fmt_rfc3339(jx_num(*out, instants[i]), t, sizeof(t));
			json_object_set_new(*out, instants[i], json_string(t));
		}
	}
	return APP_OK;
}

static enum app_err
load_rows(struct store *s, const char *sql, int64_t id, json_t **out)
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

static const char sql_penalties[] =
    "SELECT id, seq, kind, target, target_name, provision_id, stage, accident_grade, amount_fen,"
    " income_fen, illegal_income_fen, base_fen, days, note, executed_on, paid_fen,"
    " execution_note FROM case_penalties WHERE case_id = ?1 ORDER BY seq";
static const char sql_violations[] =
    "SELECT id, seq, provision_id, item, description FROM case_violations WHERE case_id = ?1"
    " ORDER BY seq";

/* Working-day deadline (XZCF-85): the n-th working day after `from`. */
static int64_t
wd_add(const char *from, int n, bool *fallback)
{
	bool    fb = false;
	int64_t d = workday_add(day_of(from), n, &fb);

	*fallback = *fallback || fb;
	return d;
}

/* What is due when, as of today; keys absent when not (yet) applicable. */
static json_t *
deadlines(json_t *c, const char *today)
{
	json_t     *d = json_object();
	const char *status = jx_str(c, "status");
	bool        fb = false,
	     before_decision = from_ok(CA_DECIDE, status) || from_ok(CA_SUBMIT_REVIEW, status) ||
	    strcmp(status, "filed") == 0 || strcmp(status, "legal_review") == 0;
	int64_t t = day_of(today), due;
	int     first, last;

	/* XZCF-60: 自立案之日起九十日内作出决定 (natural days, an interpretation), plus any
	 * extension recorded. */
	due = day_of(jx_str(c, "filed_on")) + 90 + jx_num(c, "extension_days");
	set_day(d, "decision_due", due);
	if (before_decision) {
		json_object_set_new(d, "decision_days_left", json_integer(due - t));
		json_object_set_new(d, "decision_overdue", json_boolean(t > due));
	} else if (jx_str(c, "decided_on") != NULL)
		json_object_set_new(
		    d, "decided_late", json_boolean(day_of(jx_str(c, "decided_on")) > due));
	/* XZCF-64: 当事人要求听证的, 应当在行政机关告知后五日内提出 (working days). */
	if (jx_str(c, "notified_on") != NULL && flag(c, "hearing_eligible")) {
		int64_t by = wd_add(jx_str(c, "notified_on"), 5, &fb);
		bool    dummy = false;

		set_day(d, "hearing_request_by", by);
		if (strcmp(status, "notified") == 0) {
			json_object_set_new(d, "hearing_request_open", json_boolean(t <= by));
			json_object_set_new(d, "hearing_request_working_days_left",
			    json_integer(t <= by ? workday_between(t, by, &dummy) : 0));
		}
	}
	/* XZCF-64: 行政机关应当在举行听证的七日前, 通知当事人 (working days). */
	if (jx_str(c, "hearing_on") != NULL && jx_str(c, "hearing_notified_on") != NULL)
		set_day(d, "hearing_earliest", wd_add(jx_str(c, "hearing_notified_on"), 7, &fb));
	/* XZCF-61: 七日内送达 (working days). */
	if (jx_str(c, "decided_on") != NULL) {
		int64_t by = wd_add(jx_str(c, "decided_on"), 7, &fb);
		bool    dummy = false;

		set_day(d, "service_due", by);
		if (strcmp(status, "decided") == 0) {
			json_object_set_new(d, "service_working_days_left",
			    json_integer(workday_between(t, by, &dummy)));
			json_object_set_new(d, "service_overdue", json_boolean(t > by));
		} else if (jx_str(c, "served_on") != NULL)
			json_object_set_new(
			    d, "service_late", json_boolean(day_of(jx_str(c, "served_on")) > by));
	}
	/* XZCF-67: 自收到行政处罚决定书之日起十五日内缴纳罚款 (natural days, interpretation). */
	if (jx_str(c, "served_on") != NULL)
		set_day(d, "payment_due", day_of(jx_str(c, "served_on")) + 15);
	json_object_set_new(d, "calendar_fallback", json_boolean(fb));
	if (fb) {
		char note[160];

		workday_years(&first, &last);
		snprintf(note, sizeof(note),
		    "节假日数据只有 %d–%d 年; 此外的年份按周六、周日休息推算, 请核对当年放假安排",
		    first, last);
		json_object_set_new(d, "calendar_note", json_string(note));
	}
	return d;
}

/* Each penalty with its provision's title and allowed range, and a fine's late fee. */
static void
decorate_penalties(json_t *pens, const char *payment_due, const char *today)
{
	json_t *p;
	size_t  i;

	json_array_foreach(pens, i, p)
	{
		struct penalty_in pin = { .kind = jx_str(p, "kind"),
			.target = jx_str(p, "target"),
			.stage = jx_str(p, "stage"),
			.accident_grade = jx_str(p, "accident_grade"),
			.amount_fen = jx_num(p, "amount_fen"),
			.income_fen = jx_num(p, "income_fen"),
			.illegal_income_fen = jx_num(p, "illegal_income_fen"),
			.base_fen = jx_num(p, "base_fen"),
			.days = jx_num(p, "days") };
		const json_t     *prov = provision_find(jx_str(p, "provision_id")), *r;
		size_t            j;
		int64_t           lo, hi, late_days;

		json_object_set_new(
		    p, "provision_title", json_string(provision_title(jx_str(p, "provision_id"))));
		json_array_foreach(json_object_get(prov, "rules"), j, r)
		{
			const char *g = jx_str(r, "accident_grade");

			if (strcmp(jx_str(r, "target"), pin.target) != 0 ||
			    strcmp(jx_str(r, "stage"), pin.stage) != 0 ||
			    (g != NULL &&
				(pin.accident_grade == NULL || strcmp(g, pin.accident_grade) != 0)))
				continue;
			if (provision_fine_range(r, &pin, &lo, &hi))
				json_object_set_new(p, "range",
				    json_pack("{s:I, s:I}", "min_fen", (json_int_t)lo, "max_fen",
					(json_int_t)hi));
			break;
		}
		if (strcmp(pin.kind, "fine") == 0 && payment_due != NULL) {
			const char *as_of =
			    jx_str(p, "executed_on") ? jx_str(p, "executed_on") : today;
			int64_t fee = case_late_fee(pin.amount_fen, payment_due, as_of, &late_days);

			json_object_set_new(p, "late_fee_fen", json_integer(fee));
			json_object_set_new(p, "late_days", json_integer(late_days));
		}
		json_object_set_new(p, "executed", json_boolean(jx_str(p, "executed_on") != NULL));
	}
}

static bool
all_executed(json_t *pens)
{
	json_t *p;
	size_t  i;

	json_array_foreach(pens, i, p) if (jx_str(p, "executed_on") == NULL) return false;
	return true;
}

/* The actions this actor may take now: state and role, and the preconditions that can be
 * seen without the input (a heavy case is not offered notify before its review, a waived
 * hearing is not offered…); the rest are checked on use. */
static json_t *
actions_for(const struct actor *actor, json_t *c, const struct case_settings *cs, const char *today)
{
	json_t     *out = json_array();
	const char *status = jx_str(c, "status");
	bool        heavy =
		 case_penalties_heavy(json_object_get(c, "penalties"), cs, jx_str(c, "party_type")),
	     reviewed = jx_str(c, "reviewed_on") != NULL;
	int a;

	for (a = 0; a < CA__MAX; a++) {
		if (!(trans[a].roles & ROLE_BIT(actor->role)) || !from_ok(a, status))
			continue;
		if (a == CA_REVIEW_APPROVE && reviewed)
			continue;
		if (a == CA_NOTIFY && strcmp(status, "investigating") == 0 &&
		    (flag(c, "review_required") || heavy))
			continue;
		if (a == CA_NOTIFY && strcmp(status, "legal_review") == 0 && !reviewed)
			continue;
		if ((a == CA_REQUEST_HEARING || a == CA_WAIVE) && flag(c, "rights_waived"))
			continue;
		if (a == CA_REQUEST_HEARING && !flag(c, "hearing_eligible"))
			continue;
		if (a == CA_RECORD_HEARING &&
		    (jx_str(c, "hearing_on") == NULL || strcmp(jx_str(c, "hearing_on"), today) > 0))
			continue;
		if (a == CA_CLOSE && !all_executed(json_object_get(c, "penalties")))
			continue;
		json_array_append_new(out, json_string(trans[a].name));
	}
	return out;
}

static enum app_err
load_children(struct store *s, json_t *c, int64_t id)
{
	json_t      *v = NULL;
	enum app_err er;

	if ((er = load_rows(s, sql_violations, id, &v)) != APP_OK)
		goto fail;
	{
		json_t *x;
		size_t  i;

		json_array_foreach(v, i, x) json_object_set_new(
		    x, "provision_title", json_string(provision_title(jx_str(x, "provision_id"))));
	}
	json_object_set_new(c, "violations", v);
	if ((er = load_rows(s, sql_penalties, id, &v)) != APP_OK)
		goto fail;
	json_object_set_new(c, "penalties", v);
	if ((er = load_rows(s, "SELECT hazard_id FROM case_hazards WHERE case_id = ?1", id, &v)) !=
	    APP_OK)
		goto fail;
	{
		json_t *ids = json_array(), *x;
		size_t  i;

		json_array_foreach(v, i, x) json_array_append(ids, json_object_get(x, "hazard_id"));
		json_decref(v);
		json_object_set_new(c, "hazard_ids", ids);
	}
	return APP_OK;
fail:
	json_decref(v);
	return er;
}

enum app_err
case_detail(struct store *s, const struct actor *actor, const struct scope *sc, int64_t id,
    const char *today, json_t **out)
{
	json_t              *c = NULL, *v = NULL, *dl;
	struct case_settings cs;
	enum app_err         er;

	*out = NULL;
	if ((er = load_case(s, sc, id, &c)) != APP_OK)
		goto done;
	if ((er = load_children(s, c, id)) != APP_OK)
		goto done;
	if ((er = load_rows(s,
		 "SELECT id, action, from_status, to_status, actor_name, at, note, data FROM"
		 " case_events WHERE case_id = ?1 ORDER BY id",
		 id, &v)) != APP_OK)
		goto done;
	{
		json_t *x;
		size_t  i;

		json_array_foreach(v, i, x)
		{
			char    at[40];
			json_t *d = json_loads(jx_str(x, "data"), 0, NULL);

			time_fmt_rfc3339(jx_num(x, "at"), at, sizeof(at));
			json_object_set_new(x, "at", json_string(at));
			json_object_set_new(x, "data", d ? d : json_object());
		}
	}
	json_object_set_new(c, "events", v);
	v = NULL;
	if ((er = load_rows(s,
		 "SELECT d.id, d.kind, d.format, d.attachment_id, d.status, d.generated_at,"
		 " u.display_name AS generated_by, a.filename, a.size FROM case_documents d"
		 " JOIN attachments a ON a.id = d.attachment_id LEFT JOIN users u ON u.id ="
		 " d.generated_by WHERE d.case_id = ?1 ORDER BY d.id",
		 id, &v)) != APP_OK)
		goto done;
	{
		json_t *x;
		size_t  i;
		char    at[40];

		json_array_foreach(v, i, x)
		{
			time_fmt_rfc3339(jx_num(x, "generated_at"), at, sizeof(at));
			json_object_set_new(x, "generated_at", json_string(at));
		}
	}
	json_object_set_new(c, "documents", v);
	v = NULL;
	dl = deadlines(c, today);
	decorate_penalties(json_object_get(c, "penalties"), jx_str(dl, "payment_due"), today);
	json_object_set_new(c, "deadlines", dl);
	if ((er = case_settings_get(s, jx_num(c, "org_id"), &cs)) != APP_OK)
		goto done;
	json_object_set_new(c, "actions", actions_for(actor, c, &cs, today));
	if (strcmp(jx_str(c, "party_type"), "person") == 0 && actor->role == ROLE_VIEWER) {
		/* A viewer does not see a person's identity number. */
		json_object_set_new(c, "person_id_no", json_string("******"));
	}
	*out = c;
	c = NULL;
done:
	json_decref(c);
	json_decref(v);
	return er;
}

/* ---- the workflow ---- */

/* The columns a transition may change, in the order of sql_case_update's ?2…?26. */
static const char *const mutable_cols[] = { "status", "title", "facts", "officers", "partners",
	"evidence", "extension_days", "extension_reason", "review_required", "reviewed_by",
	"reviewed_on", "review_opinion", "notified_on", "hearing_eligible", "hearing_requested_on",
	"hearing_notified_on", "hearing_on", "hearing_place", "hearing_record", "rights_waived",
	"decided_on", "served_on", "closed_on", "exit_reason", "transferred_to", NULL };
static const char        sql_case_update[] =
    "UPDATE cases SET status = ?2, title = ?3, facts = ?4, officers = ?5, partners = ?6,"
    " evidence = ?7, extension_days = ?8, extension_reason = ?9, review_required = ?10,"
    " reviewed_by = ?11, reviewed_on = ?12, review_opinion = ?13, notified_on = ?14,"
    " hearing_eligible = ?15, hearing_requested_on = ?16, hearing_notified_on = ?17,"
    " hearing_on = ?18, hearing_place = ?19, hearing_record = ?20, rights_waived = ?21,"
    " decided_on = ?22, served_on = ?23, closed_on = ?24, exit_reason = ?25,"
    " transferred_to = ?26, updated_at = ?27 WHERE id = ?1 AND status = ?28";

static json_t *
mutable_of(json_t *c)
{
	json_t *o = json_object();
	int     i;

	for (i = 0; mutable_cols[i] != NULL; i++) {
		json_t *v = json_object_get(c, mutable_cols[i]);

		json_object_set(o, mutable_cols[i], v ? v : json_null());
	}
	return o;
}

static enum app_err
write_case(struct store *s, int64_t id, json_t *m, const char *old_status, int64_t now)
{
	struct stmt *st = store_stmt(s, sql_case_update);
	enum app_err er;
	int          i;

	stmt_bind_i64(st, 1, id);
	for (i = 0; mutable_cols[i] != NULL; i++) {
		json_t *v = json_object_get(m, mutable_cols[i]);

		if (json_is_integer(v))
			stmt_bind_i64(st, i + 2, json_integer_value(v));
		else if (json_is_boolean(v))
			stmt_bind_i64(st, i + 2, json_is_true(v));
		else if (json_is_string(v))
			stmt_bind_text(st, i + 2, json_string_value(v));
		else if (json_is_array(v) || json_is_object(v)) {
			char *t = json_dumps(v, JSON_COMPACT);

			stmt_bind_text(st, i + 2, t);
			free(t);
		} else
			stmt_bind_null(st, i + 2);
	}
	stmt_bind_i64(st, 27, now);
	stmt_bind_text(st, 28, old_status);
	if ((er = stmt_run(st)) != APP_OK)
		return er;
	return store_changes(s) == 1 ? APP_OK : APP_ECONFLICT;
}

static void
set_s(json_t *m, const char *k, const char *v)
{
	json_object_set_new(m, k, v ? json_string(v) : json_null());
}

/* A date given in `key` (default today, never after today, not before `not_before`). */
static const char *
step_date(struct arena *a, json_t *in, const char *key, const char *today, const char *not_before,
    const char *what, json_t *errs)
{
	const char *d = date_field(a, in, key, today, today, errs);

	if (d != NULL && not_before != NULL && strcmp(d, not_before) < 0) {
		jx_err(errs, key, arena_printf(a, "不能早于%s(%s)", what, not_before));
		return NULL;
	}
	return d;
}

static json_t *
find_penalty(json_t *pens, int64_t pid)
{
	json_t *p;
	size_t  i;

	json_array_foreach(pens, i, p) if (jx_num(p, "id") == pid) return p;
	return NULL;
}

/* A stored penalty as input again: its zero figures and nulls were never given. */
static void
strip_empty(json_t *x)
{
	static const char *const keys[] = { "accident_grade", "income_fen", "illegal_income_fen",
		"base_fen", "days", NULL };
	int                      k;

	for (k = 0; keys[k] != NULL; k++) {
		json_t *v = json_object_get(x, keys[k]);

		if (v != NULL &&
		    (json_is_null(v) || (json_is_integer(v) && json_integer_value(v) == 0)))
			json_object_del(x, keys[k]);
	}
}

/* The UPDATE action: what changed of the case's title, facts, people, evidence and
 * findings. */
static enum app_err
apply_update(struct store *s, struct arena *a, const struct actor *actor, json_t *c, json_t *in,
    json_t *m, json_t *data, bool *findings, json_t **violations, json_t **penalties, json_t *errs)
{
	const char *title = NULL, *facts = NULL, *grade = NULL;
	json_t     *partners = NULL, *ev;

	if (jx_string(a, in, "title", 1, 200, &title, errs) == JX_SET)
		set_s(m, "title", title);
	if (jx_string(a, in, "facts", 0, 10000, &facts, errs) == JX_SET ||
	    (json_object_get(in, "facts") != NULL && facts == NULL))
		set_s(m, "facts", facts ? facts : "");
	if (json_object_get(in, "officers") != NULL) {
		inspection_officers_check(a, in, true, "办案", errs);
		json_object_set(m, "officers", json_object_get(in, "officers"));
	}
	if (json_object_get(in, "partners") != NULL) {
		decode_partners(a, in, &partners, errs);
		if (strcmp(jx_str(c, "mode"), "joint") == 0 && json_array_size(partners) == 0 &&
		    !jx_has_err(errs, "partners"))
			jx_err(errs, "partners", "联合执法须填写联合执法单位");
		json_object_set_new(m, "partners", partners);
	}
	if ((ev = ids_array(in, "evidence", errs)) != NULL) {
		/* New evidence is added to what was recorded; evidence is never removed. */
		json_t *all = json_deep_copy(json_object_get(c, "evidence"));

		json_array_extend(all, ev);
		json_object_set_new(m, "evidence", all);
		json_object_set(data, "evidence_added", ev);
	}
	*findings =
	    json_object_get(in, "violations") != NULL || json_object_get(in, "penalties") != NULL;
	if (*findings) {
		json_t *src = json_object();

		json_object_set(src, "violations",
		    json_object_get(in, "violations") ? json_object_get(in, "violations")
						      : json_object_get(c, "violations"));
		json_object_set(src, "penalties",
		    json_object_get(in, "penalties") ? json_object_get(in, "penalties")
						     : json_object_get(c, "penalties"));
		/* Stored rows carry ids and decorations the input does not accept. */
		{
			static const char *const vk[] = { "id", "seq", "provision_title", NULL };
			static const char *const pk[] = { "id", "seq", "executed_on", "paid_fen",
				"execution_note", "provision_title", "range", "late_fee_fen",
				"late_days", "executed", NULL };
			json_t                  *x;
			size_t                   i;
			int                      k;

			json_array_foreach(json_object_get(src, "violations"), i,
			    x) for (k = 0; vk[k] != NULL; k++) json_object_del(x, vk[k]);
			json_array_foreach(json_object_get(src, "penalties"), i, x)
			{
				for (k = 0; pk[k] != NULL; k++)
					json_object_del(x, pk[k]);
				strip_empty(x);
			}
		}
		decode_violations(a, src, violations, errs);
		decode_penalties(a, src, *violations, jx_str(c, "party_type"),
		    jx_str(c, "party_type")[0] == 'e' ? jx_str(c, "enterprise_name")
						      : jx_str(c, "person_name"),
		    jx_str(c, "party_type")[0] == 'e' ? jx_str(c, "enterprise_principal")
						      : jx_str(c, "person_name"),
		    grade, penalties, errs);
		json_decref(src);
		json_object_set(data, "violations", *violations);
		json_object_set(data, "penalties", *penalties);
	}
	if (ev != NULL && json_array_size(errs) == 0)
		return attachment_claim(
		    s, actor, ev, "case", jx_num(c, "id"), false, "evidence", errs);
	return APP_OK;
}

static bool
need_reason(struct arena *a, json_t *in, const char **reason, json_t *errs)
{
	if (jx_missing(jx_string(a, in, "reason", 1, 1000, reason, errs))) {
		jx_err(errs, "reason", "必填: 理由");
		return false;
	}
	return *reason != NULL;
}

enum app_err
case_transition(struct store *s, struct arena *a, const struct actor *actor, const struct scope *sc,
    const struct audit_who *who, int64_t id, json_t *in, int64_t now, json_t *errs)
{
	enum case_action     act;
	struct case_settings cs;
	const char *action = NULL, *note = NULL, *reason = NULL, *status, *d = NULL, *t = NULL;
	json_t     *c = NULL, *m = NULL, *before = NULL, *data = json_object(), *ch, *v,
	       *violations = NULL, *penalties = NULL;
	const char  *k;
	char         today[11];
	enum app_err er;
	bool         findings = false, fb = false;
	size_t       i;
	int64_t      n = 0;

	today_str(today);
	if (!json_is_object(in)) {
		jx_err(errs, "$", "应为 JSON 对象");
		er = APP_EINVAL;
		goto out;
	}
	if (jx_string(a, in, "action", 1, 30, &action, errs) != JX_SET ||
	    !action_parse(action, &act)) {
		if (!jx_has_err(errs, "action")) {
			char list[600] = "";

			for (i = 0; i < CA__MAX; i++) {
				strcat(list, i ? "、" : "");
				strcat(list, trans[i].name);
			}
			jx_err(errs, "action", arena_printf(a, "应为 %s 之一", list));
		}
		er = APP_EINVAL;
		goto out;
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
		goto out;
	if ((er = load_case(s, sc, id, &c)) != APP_OK)
		goto fail;
	if ((er = load_children(s, c, id)) != APP_OK)
		goto fail;
	status = jx_str(c, "status");
	if (!(trans[act].roles & ROLE_BIT(actor->role))) {
		er = APP_EPERM;
		goto fail;
	}
	if (!from_ok(act, status)) {
		jx_err(errs, "action",
		    arena_printf(a, "案件当前状态为\"%s\"，不能\"%s\"", status_label(status),
			trans[act].label));
		er = APP_ECONFLICT;
		goto fail;
	}
	if ((er = case_settings_get(s, jx_num(c, "org_id"), &cs)) != APP_OK)
		goto fail;
	m = mutable_of(c);
	before = json_deep_copy(m);
	jx_string(a, in, "note", 0, 1000, &note, errs);
	switch (act) {
	case CA_UPDATE:
		er = apply_update(
		    s, a, actor, c, in, m, data, &findings, &violations, &penalties, errs);
		if (er != APP_OK)
			goto fail;
		break;
	case CA_INVESTIGATE: break;
	case CA_SUBMIT_REVIEW:
	case CA_NOTIFY:
		if (json_array_size(json_object_get(c, "violations")) == 0)
			jx_err(errs, "violations", "须先认定违法行为(补充调查)");
		if (json_array_size(json_object_get(c, "penalties")) == 0)
			jx_err(errs, "penalties",
			    "须先拟定处罚(补充调查); 不予处罚的请选择\"不予处罚\"");
		if (json_array_size(errs) > 0)
			break;
		{
			bool heavy = case_penalties_heavy(
			    json_object_get(c, "penalties"), &cs, jx_str(c, "party_type"));

			json_object_set_new(m, "hearing_eligible", json_boolean(heavy));
			if (act == CA_SUBMIT_REVIEW) {
				/* 第58条 lists cases beyond the heavy ones (疑难复杂…): any case
				 * may be sent; once sent, it must be approved. */
				json_object_set_new(m, "review_required", json_boolean(1));
				set_s(m, "reviewed_on", NULL);
				json_object_set(m, "reviewed_by", json_null());
				set_s(m, "review_opinion", NULL);
				break;
			}
			if (heavy)
				json_object_set_new(m, "review_required", json_boolean(1));
			if (flag(m, "review_required") && jx_str(m, "reviewed_on") == NULL) {
				jx_err(errs, "action",
				    "拟作出的处罚须经法制审核, 未经审核或审核未通过不得作出决定(行政处罚法第五十八条); "
				    "请先提交法制审核");
				break;
			}
			/* 第58条: no decision, and so no notice of one, before the review. */
			d = jx_str(m, "reviewed_on") != NULL
			    ? step_date(a, in, "notified_on", today, jx_str(m, "reviewed_on"),
				  "法制审核日期", errs)
			    : step_date(a, in, "notified_on", today, jx_str(c, "filed_on"),
				  "立案日期", errs);
			set_s(m, "notified_on", d);
			json_object_set_new(data, "hearing_eligible", json_boolean(heavy));
		}
		break;
	case CA_REVIEW_APPROVE:
		if (jx_missing(jx_string(a, in, "opinion", 1, 2000, &t, errs)))
			jx_err(errs, "opinion", "必填: 法制审核意见");
		set_s(m, "review_opinion", t);
		set_s(m, "reviewed_on",
		    step_date(
			a, in, "reviewed_on", today, jx_str(c, "filed_on"), "立案日期", errs));
		json_object_set_new(m, "reviewed_by", json_integer(actor->user_id));
		note = t;
		break;
	case CA_REVIEW_RETURN:
		if (need_reason(a, in, &reason, errs)) {
			set_s(m, "review_opinion", reason);
			set_s(m, "reviewed_on", NULL);
			json_object_set(m, "reviewed_by", json_null());
		}
		break;
	case CA_WAIVE:
		if (note == NULL && !jx_has_err(errs, "note"))
			jx_err(errs, "note", "必填: 当事人放弃陈述、申辩或听证的方式(如书面声明)");
		json_object_set_new(m, "rights_waived", json_boolean(1));
		break;
	case CA_REQUEST_HEARING:
		if (!flag(c, "hearing_eligible")) {
			jx_err(errs, "action",
			    "拟作出的处罚不属于听证范围(行政处罚法第六十三条: 较大数额罚款、没收较大数额违法所得、"
			    "吊销许可证件、责令停产停业、责令关闭等)");
			break;
		}
		if (flag(c, "rights_waived")) {
			jx_err(errs, "action", "当事人已放弃听证");
			break;
		}
		d = step_date(
		    a, in, "requested_on", today, jx_str(c, "notified_on"), "告知日期", errs);
		if (d != NULL) {
			int64_t by = wd_add(jx_str(c, "notified_on"), 5, &fb);

			if (day_of(d) > by)
				jx_err(errs, "requested_on",
				    arena_printf(a,
					"听证应在告知后五个工作日内提出(行政处罚法第六十四条), 期限为 %s",
					day_str(a, by)));
		}
		set_s(m, "hearing_requested_on", d);
		break;
	case CA_SCHEDULE_HEARING:
		d = step_date(a, in, "notified_on", today, jx_str(c, "hearing_requested_on"),
		    "听证申请日期", errs);
		t = NULL;
		if (jx_missing(jx_string(a, in, "hearing_on", 10, 10, &t, errs)))
			jx_err(errs, "hearing_on", "必填: 听证日期");
		else if (t != NULL && !date_parse(t, &n))
			jx_err(errs, "hearing_on", "应为日期 YYYY-MM-DD"), t = NULL;
		if (d != NULL && t != NULL) {
			int64_t earliest = wd_add(d, 7, &fb);

			if (day_of(t) < earliest)
				jx_err(errs, "hearing_on",
				    arena_printf(a,
					"应在举行听证的七个工作日前通知当事人(行政处罚法第六十四条); %s "
					"通知的, 听证最早定于 %s",
					d, day_str(a, earliest)));
		}
		if (jx_missing(jx_string(a, in, "place", 1, 200, &reason, errs)))
			jx_err(errs, "place", "必填: 听证地点");
		set_s(m, "hearing_notified_on", d);
		set_s(m, "hearing_on", t);
		set_s(m, "hearing_place", reason);
		reason = NULL;
		break;
	case CA_RECORD_HEARING:
		if (jx_str(c, "hearing_on") == NULL || strcmp(jx_str(c, "hearing_on"), today) > 0) {
			jx_err(errs, "action", "听证尚未举行(安排的听证日期未到)");
			break;
		}
		if (jx_missing(jx_string(a, in, "record", 1, 10000, &t, errs)))
			jx_err(errs, "record", "必填: 听证笔录要点");
		set_s(m, "hearing_record", t);
		break;
	case CA_EXTEND:
		if (jx_missing(jx_int(in, "days", 1, 90, &n, errs)))
			jx_err(errs, "days", "必填: 延长的天数(1–90)");
		if (need_reason(a, in, &reason, errs) && n > 0) {
			json_object_set_new(
			    m, "extension_days", json_integer(jx_num(c, "extension_days") + n));
			set_s(m, "extension_reason", reason);
			json_object_set_new(data, "days", json_integer(n));
		}
		break;
	case CA_DECIDE:
		if (flag(c, "review_required") && jx_str(c, "reviewed_on") == NULL) {
			jx_err(errs, "action", "未经法制审核不得作出决定(行政处罚法第五十八条)");
			break;
		}
		d = step_date(
		    a, in, "decided_on", today, jx_str(c, "notified_on"), "告知日期", errs);
		if (strcmp(status, "hearing") == 0 && jx_str(c, "hearing_record") == NULL) {
			jx_err(errs, "action",
			    "听证结束后根据听证笔录作出决定(行政处罚法第六十五条); 请先记录听证");
			break;
		}
		if (d != NULL && strcmp(status, "notified") == 0 && flag(c, "hearing_eligible") &&
		    !flag(c, "rights_waived")) {
			int64_t by = wd_add(jx_str(c, "notified_on"), 5, &fb);

			if (day_of(d) <= by)
				jx_err(errs, "decided_on",
				    arena_printf(a,
					"当事人可在 %s 前要求听证(行政处罚法第六十四条), 此前不能作出决定; "
					"当事人放弃的请先记录放弃",
					day_str(a, by)));
		}
		if (d != NULL && strcmp(status, "hearing") == 0 &&
		    strcmp(d, jx_str(c, "hearing_on")) < 0)
			jx_err(errs, "decided_on", "不能早于听证日期");
		set_s(m, "decided_on", d);
		break;
	case CA_SERVE:
		d = step_date(a, in, "served_on", today, jx_str(c, "decided_on"), "决定日期", errs);
		if (jx_string(a, in, "method", 0, 50, &t, errs) == JX_SET)
			json_object_set_new(data, "method", json_string(t));
		if (d != NULL) {
			int64_t by = wd_add(jx_str(c, "decided_on"), 7, &fb);

			if (day_of(d) > by && note == NULL && !jx_has_err(errs, "note"))
				jx_err(errs, "note",
				    arena_printf(a,
					"送达已超过决定后七个工作日(行政处罚法第六十一条, 期限 %s), "
					"请说明原因",
					day_str(a, by)));
			json_object_set_new(data, "late", json_boolean(day_of(d) > by));
		}
		set_s(m, "served_on", d);
		break;
	case CA_EXECUTE: {
		json_t *p = NULL;
		int64_t pid = 0, paid = 0, late_days = 0;

		if (jx_missing(jx_int(in, "penalty_id", 1, INT64_MAX, &pid, errs)))
			jx_err(errs, "penalty_id", "必填: 执行的处罚");
		else if (pid > 0 &&
		    (p = find_penalty(json_object_get(c, "penalties"), pid)) == NULL)
			jx_err(errs, "penalty_id", "本案没有这项处罚");
		else if (p != NULL && jx_str(p, "executed_on") != NULL)
			jx_err(errs, "penalty_id", "该处罚已记录执行");
		d = step_date(
		    a, in, "executed_on", today, jx_str(c, "served_on"), "送达日期", errs);
		if (p == NULL || d == NULL)
			break;
		if (strcmp(jx_str(p, "kind"), "fine") == 0) {
			int64_t fee = case_late_fee(jx_num(p, "amount_fen"),
			    day_str(a, day_of(jx_str(c, "served_on")) + 15), d, &late_days);

			if (jx_missing(jx_int(in, "paid_fen", 1, 100000000000000LL, &paid, errs)))
				jx_err(errs, "paid_fen", "必填: 缴纳的罚款金额");
			else if (paid > 0 && paid < jx_num(p, "amount_fen"))
				jx_err(errs, "paid_fen",
				    arena_printf(a, "少于罚款金额 %lld.%02lld 元",
					(long long)jx_num(p, "amount_fen") / 100,
					(long long)jx_num(p, "amount_fen") % 100));
			json_object_set_new(data, "late_fee_fen", json_integer(fee));
			json_object_set_new(data, "late_days", json_integer(late_days));
		} else if (json_object_get(in, "paid_fen") != NULL)
			jx_err(errs, "paid_fen", "只有罚款记录缴纳金额");
		if (json_array_size(errs) > 0)
			break;
		{
			struct stmt *st = store_stmt(s,
			    "UPDATE case_penalties SET executed_on = ?2, paid_fen = ?3,"
			    " execution_note = ?4 WHERE id = ?1 AND executed_on IS NULL");

			stmt_bind_i64(st, 1, pid);
			stmt_bind_text(st, 2, d);
			if (paid > 0)
				stmt_bind_i64(st, 3, paid);
			stmt_bind_text(st, 4, note ? note : "");
			if ((er = stmt_run(st)) != APP_OK)
				goto fail;
		}
		json_object_set_new(data, "penalty_id", json_integer(pid));
		json_object_set_new(data, "executed_on", json_string(d));
		if (paid > 0)
			json_object_set_new(data, "paid_fen", json_integer(paid));
		break;
	}
	case CA_CLOSE:
		if (!all_executed(json_object_get(c, "penalties"))) {
			json_t *p;

			json_array_foreach(json_object_get(c, "penalties"), i,
			    p) if (jx_str(p, "executed_on") == NULL) jx_err(errs,
			    arena_printf(a, "penalties[%zu]", i), "尚未执行完毕, 不能结案");
			break;
		}
		d = step_date(a, in, "closed_on", today, jx_str(c, "served_on"), "送达日期", errs);
		set_s(m, "closed_on", d);
		break;
	case CA_TRANSFER:
		if (jx_missing(jx_string(a, in, "transferred_to", 1, 200, &t, errs)))
			jx_err(errs, "transferred_to", "必填: 移送的机关");
		set_s(m, "transferred_to", t);
		/* fall through */
	case CA_NOT_PENALIZE:
		d = step_date(a, in, "closed_on", today, jx_str(c, "filed_on"), "立案日期", errs);
		set_s(m, "closed_on", d);
		/* fall through */
	case CA_REVOKE:
		if (need_reason(a, in, &reason, errs))
			set_s(m, "exit_reason", reason);
		break;
	case CA__MAX: break;
	}
	if (json_array_size(errs) > 0) {
		er = APP_EINVAL;
		goto fail;
	}
	if (trans[act].to != NULL)
		set_s(m, "status", trans[act].to);
	if ((er = write_case(s, id, m, status, now)) != APP_OK)
		goto fail;
	if (findings && (er = write_findings(s, id, violations, penalties)) != APP_OK)
		goto fail;
	ch = jx_diff(before, m);
	json_object_update_missing(data, ch);
	json_decref(ch);
	if (fb)
		json_object_set_new(data, "calendar_fallback", json_true());
	er = audit_event(s, sql_event, actor, who, id, trans[act].name, status,
	    trans[act].to ? trans[act].to : status, now, reason ? reason : note, data);
	if (er != APP_OK)
		goto fail;
	ch = json_pack("{s:s, s:[s, s], s:s?, s:O}", "action", trans[act].name, "status", status,
	    trans[act].to ? trans[act].to : status, "note", reason ? reason : note, "data", data);
	er = audit_append(s, who, "transition", "case", id, ch);
	json_decref(ch);
	if (er == APP_OK && (er = store_commit(s)) == APP_OK)
		goto out;
fail:
	store_rollback(s);
out:
	json_decref(c);
	json_decref(m);
	json_decref(before);
	json_decref(data);
	json_decref(violations);
	json_decref(penalties);
	return er;
}

/* ---- the list ---- */

enum app_err
case_filter_parse(case_param_fn get, void *arg, struct case_filter *f, json_t *errs)
{
	const char *v;
	int64_t     d;

	memset(f, 0, sizeof(*f));
	f->region = get(arg, "region");
	f->status = get(arg, "status");
	f->mode = get(arg, "mode");
	f->source = get(arg, "source");
	f->filed_from = get(arg, "filed_from");
	f->filed_to = get(arg, "filed_to");
	f->q = get(arg, "q");
	if (f->status != NULL && strcmp(f->status, "open") != 0 && strcmp(f->status, "all") != 0) {
		int i;

		for (i = 0; statuses[i] != NULL && strcmp(statuses[i], f->status) != 0; i++)
			;
		if (statuses[i] == NULL)
			jx_err(errs, "status", "应为 open、all 或案件状态之一");
	}
	if (f->mode != NULL) {
		int i;

		for (i = 0; modes[i] != NULL && strcmp(modes[i], f->mode) != 0; i++)
			;
		if (modes[i] == NULL)
			jx_err(errs, "mode", "应为 routine、campaign、concentrated 或 joint");
	}
	if (f->source != NULL) {
		int i;

		for (i = 0; sources[i] != NULL && strcmp(sources[i], f->source) != 0; i++)
			;
		if (sources[i] == NULL)
			jx_err(errs, "source",
			    "应为 inspection、complaint、accident、referral 或 other");
	}
	if (f->filed_from != NULL && !date_parse(f->filed_from, &d))
		jx_err(errs, "filed_from", "应为日期 YYYY-MM-DD");
	if (f->filed_to != NULL && !date_parse(f->filed_to, &d))
		jx_err(errs, "filed_to", "应为日期 YYYY-MM-DD");
	if (f->region != NULL &&
	    (strlen(f->region) < 2 || strlen(f->region) > 12 ||
		strspn(f->region, "0123456789") != strlen(f->region)))
		jx_err(errs, "region", "应为行政区划代码");
	if ((v = get(arg, "enterprise_id")) != NULL &&
	    ((f->enterprise_id = strtoll(v, NULL, 10)) <= 0))
		jx_err(errs, "enterprise_id", "应为正整数");
	if ((v = get(arg, "org_id")) != NULL && ((f->org_id = strtoll(v, NULL, 10)) <= 0))
		jx_err(errs, "org_id", "应为正整数");
	if ((v = get(arg, "overdue")) != NULL) {
		if (strcmp(v, "true") == 0)
			f->overdue = true;
		else if (strcmp(v, "false") != 0)
			jx_err(errs, "overdue", "应为 true 或 false");
	}
	return json_array_size(errs) ? APP_EINVAL : APP_OK;
}

/* ?1–?4 scope (the region range narrowed by the filter), then the filters. */
#define CASE_LIST_WHERE \
	" WHERE " SCOPE_PRED("c.region_code", "c.sector", \
	    "c.enterprise_id") " AND (?5 IS NULL OR c.status = ?5 OR (?5 = 'open' AND c.status IN ('filed'," \
			       " 'investigating', 'legal_review', 'notified', 'hearing', 'decided', 'executing'))" \
			       " OR ?5 = 'all') AND (?6 IS NULL OR c.mode = ?6) AND (?7 IS NULL OR c.source = ?7)" \
			       " AND (?8 IS NULL OR c.filed_on >= ?8) AND (?9 IS NULL OR c.filed_on <= ?9)" \
			       " AND (?10 IS NULL OR c.enterprise_id = ?10) AND (?11 IS NULL OR c.org_id = ?11)" \
			       " AND (?12 IS NULL OR instr(c.number, ?12) > 0 OR instr(c.title, ?12) > 0 OR" \
			       " instr(coalesce(e.name, c.person_name), ?12) > 0)" \
			       " AND (?13 IS NULL OR (c.status IN ('filed', 'investigating', 'legal_review'," \
			       " 'notified', 'hearing') AND date(c.filed_on, '+' || (90 + c.extension_days) ||" \
			       " ' days') < ?13))"

static const char sql_list[] =
    "SELECT c.id, c.number, c.title, c.status, c.mode, c.source, c.filed_on, c.decided_on,"
    " c.region_code, r.name AS region_name, c.org_id, o.name AS org_name, c.party_type,"
    " c.enterprise_id, coalesce(e.name, c.person_name) AS party_name, c.extension_days,"
    " (SELECT coalesce(sum(amount_fen), 0) FROM case_penalties p WHERE p.case_id = c.id AND"
    " p.kind = 'fine') AS fines_fen" CASE_FROM CASE_LIST_WHERE
    " AND (?14 = 0 OR c.id < ?14) ORDER BY c.id DESC LIMIT ?15";
static const char sql_count[] = "SELECT count(*)" CASE_FROM CASE_LIST_WHERE;

static bool
bind_filter(struct stmt *st, const struct scope *sc, const struct case_filter *f)
{
	char lo[16], hi[16];

	if (f->region != NULL) {
		if (!scope_narrow(sc, f->region, lo, hi))
			return false;
		scope_bind_range(st, sc, lo, hi);
	} else
		scope_bind(st, sc);
	stmt_bind_text(st, 5, f->status != NULL ? f->status : "open");
	if (f->status != NULL && strcmp(f->status, "all") == 0)
		stmt_bind_text(st, 5, "all");
	stmt_bind_text(st, 6, f->mode);
	stmt_bind_text(st, 7, f->source);
	stmt_bind_text(st, 8, f->filed_from);
	stmt_bind_text(st, 9, f->filed_to);
	if (f->enterprise_id > 0)
		stmt_bind_i64(st, 10, f->enterprise_id);
	if (f->org_id > 0)
		stmt_bind_i64(st, 11, f->org_id);
	stmt_bind_text(st, 12, f->q != NULL && f->q[0] != '\0' ? f->q : NULL);
	stmt_bind_text(st, 13, f->overdue ? f->today : NULL);
	return true;
}

enum app_err
case_page(struct store *s, const struct scope *sc, const struct case_filter *f, int64_t cursor,
    int limit, json_t **items, int64_t *total)
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
		int64_t due = day_of(jx_str(o, "filed_on")) + 90 + jx_num(o, "extension_days");

		set_day(o, "decision_due", due);
		json_object_set_new(o, "decision_overdue",
		    json_boolean(
			from_ok(CA_EXTEND, jx_str(o, "status")) && day_of(f->today) > due));
		json_array_append_new(*items, o);
	}
	return er;
}
