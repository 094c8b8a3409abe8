/*
 * Yearly assessments (考核) of an org by a city or district bureau: scored items whose
 * weights (points) sum to 100, each scored in points already weighted (0 … its weight, two
 * decimals); veto items (一票否决) with no weight, passed or failed; total = Σ score; the
 * grade by thresholds kept with the assessment (default 优秀 ≥ 90, 合格 ≥ 70, else 不合格);
 * a failed veto item makes the grade 不合格 whatever the total. An item with source
 * `task_completion` is computed from the org's tasks due that year: weight × done on time /
 * total. Points are kept in hundredths (score_c, total_c) so that 69.99 stays 69.99.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/audit.h"
#include "auth/auth.h"
#include "auth/scope.h"
#include "core/arena.h"
#include "core/jsonx.h"
#include "duty/duty_impl.h"
#include "store/store.h"

#define MAX_ITEMS 50

static const char *const grade_codes[AG__MAX + 1] = { "excellent", "pass", "fail", NULL };
static const char *const grade_labels[AG__MAX + 1] = { "优秀", "合格", "不合格", NULL };
static const char *const sources[] = { "manual", "task_completion", NULL };

enum assessment_grade
assessment_grade(int64_t total_c, bool vetoed, int64_t excellent_min_c, int64_t pass_min_c)
{
	if (vetoed)
		return AG_FAIL;
	if (total_c >= excellent_min_c)
		return AG_EXCELLENT;
	if (total_c >= pass_min_c)
		return AG_PASS;
	return AG_FAIL;
}

const char *
assessment_grade_code(enum assessment_grade g)
{
	return g < AG__MAX ? grade_codes[g] : NULL;
}

const char *
assessment_grade_label(enum assessment_grade g)
{
	return g < AG__MAX ? grade_labels[g] : NULL;
}

int64_t
assessment_task_score(int64_t weight, int64_t on_time, int64_t total)
{
	if (total <= 0)
		return weight * 100;
	if (on_time > total)
		on_time = total;
	return (weight * 100 * on_time * 2 + total) / (2 * total);
}

/* Who assesses: the bureaus. */
#define ASSESSOR_ROLES (ROLE_BIT(ROLE_ADMIN) | ROLE_BIT(ROLE_CITY) | ROLE_BIT(ROLE_DISTRICT))

#define ASSESS_PRED \
	"(?4 IS NULL AND (" ORG_REGION_PRED("x.region_code") " OR x.org_id = ?5 OR" \
							     " x.assessor_org_id = ?5))"
#define ASSESS_COLS \
	"x.id, x.org_id, o.name AS org_name, x.assessor_org_id, ao.name AS assessor_org_name," \
	" x.year, x.region_code, x.status, x.excellent_min_c, x.pass_min_c, x.total_c, x.grade," \
	" x.vetoed, x.note, x.finalized_at, x.created_by, x.created_at, x.updated_at"
#define ASSESS_FROM \
	" FROM assessments x JOIN orgs o ON o.id = x.org_id JOIN orgs ao ON ao.id = x.assessor_org_id"

static const char sql_one[] = "SELECT " ASSESS_COLS ASSESS_FROM " WHERE x.id = ?7 AND " ASSESS_PRED;
static const char sql_items[] = "SELECT seq, name, weight, score_c, veto, failed, source, basis"
				" FROM assessment_items WHERE assessment_id = ?1 ORDER BY seq";

static json_t *
points(int64_t c)
{
	return json_real((double)c / 100.0);
}

/* A number of points with at most two decimals, in hundredths, within [0, max_c]. */
static bool
centi(json_t *v, int64_t max_c, int64_t *out)
{
	double d, c;

	if (!json_is_number(v))
		return false;
	d = json_number_value(v);
	c = round(d * 100.0);
	if (!isfinite(d) || fabs(d * 100.0 - c) > 1e-6 || c < 0 || c > (double)max_c)
		return false;
	*out = (int64_t)c;
	return true;
}

/* The items as stored, ready to show ({seq, name, weight, score, veto, failed, source,
 * basis}), and their sums. */
static enum app_err
items_of(struct store *s, int64_t id, json_t **out)
{
	struct stmt *st = store_stmt(s, sql_items);
	enum app_err er;
	bool         row;

	*out = json_array();
	stmt_bind_i64(st, 1, id);
	while ((er = stmt_step(st, &row)) == APP_OK && row)
		json_array_append_new(*out,
		    json_pack("{s:I, s:s, s:I, s:o, s:b, s:b, s:s, s:s}", "seq",
			(json_int_t)stmt_i64(st, 0), "name", stmt_text(st, 1), "weight",
			(json_int_t)stmt_i64(st, 2), "score",
			stmt_null(st, 3) ? json_null() : points(stmt_i64(st, 3)), "veto",
			stmt_i64(st, 4) != 0, "failed", stmt_i64(st, 5) != 0, "source",
			stmt_text(st, 6), "basis", stmt_text(st, 7)));
	stmt_reset(st);
	return er;
}

/* Shapes a row: points, thresholds, grade label, items with their sums, instants. */
static void
decorate(json_t *o, json_t *items)
{
	static const char *const instants[] = { "created_at", "updated_at", "finalized_at", NULL };
	static const char *const bools[] = { "vetoed", NULL };
	json_t                  *it;
	int64_t                  sum = 0, weights = 0;
	size_t                   i;
	int                      g;

	json_object_set_new(o, "thresholds",
	    json_pack("{s:o, s:o}", "excellent", points(jx_num(o, "excellent_min_c")), "pass",
		points(jx_num(o, "pass_min_c"))));
	json_object_del(o, "excellent_min_c");
	json_object_del(o, "pass_min_c");
	json_object_set_new(o, "total",
	    json_is_integer(json_object_get(o, "total_c")) ? points(jx_num(o, "total_c"))
							   : json_null());
	json_object_del(o, "total_c");
	for (g = 0; g < AG__MAX; g++)
		if (jx_str(o, "grade") != NULL && strcmp(grade_codes[g], jx_str(o, "grade")) == 0)
			break;
	json_object_set_new(
	    o, "grade_label", g < AG__MAX ? json_string(grade_labels[g]) : json_null());
	duty_row_fix(o, instants, NULL, bools);
	if (items != NULL) {
		json_array_foreach(items, i, it)
		{
			json_t *sc = json_object_get(it, "score");

			weights += jx_num(it, "weight");
			if (json_is_number(sc))
				sum += (int64_t)round(json_number_value(sc) * 100.0);
		}
		json_object_set(o, "items", items);
		json_object_set_new(o, "weight_total", json_integer(weights));
		json_object_set_new(o, "score_total", points(sum));
	}
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
	if (row)
		*out = stmt_row_json(st);
	stmt_reset(st);
	return row ? APP_OK : APP_ENOENT;
}

static bool
may_assess(const struct actor *actor, const json_t *rec)
{
	return actor->role == ROLE_ADMIN || actor->role == ROLE_CITY ||
	    (actor->role == ROLE_DISTRICT && actor->org_id == jx_num(rec, "assessor_org_id"));
}

static json_t *
actions_for(const struct actor *actor, const json_t *rec)
{
	json_t *out = json_array();

	if (may_assess(actor, rec) && strcmp(jx_str(rec, "status"), "draft") == 0) {
		json_array_append_new(out, json_string("compute_task_item"));
		json_array_append_new(out, json_string("finalize"));
	}
	return out;
}

enum app_err
assessment_get(struct store *s, const struct actor *actor, int64_t id, json_t **out)
{
	json_t      *items = NULL;
	enum app_err er;

	*out = NULL;
	if ((er = store_begin(s, STORE_READ)) != APP_OK)
		return er;
	if ((er = load(s, actor, id, out)) == APP_OK && (er = items_of(s, id, &items)) == APP_OK) {
		json_object_set_new(*out, "actions", actions_for(actor, *out));
		decorate(*out, items);
	}
	store_rollback(s);
	json_decref(items);
	if (er != APP_OK) {
		json_decref(*out);
		*out = NULL;
	}
	return er;
}

/* ---- items ---- */

/*
 * The items of `in` (required when `required`), normalised to [{name, weight, score_c
 * (or null), veto, failed, source, basis}]; errors name items[i].field. NULL when absent.
 */
static json_t *
decode_items(struct arena *a, json_t *in, bool required, json_t *errs)
{
	json_t     *v = json_object_get(in, "items"), *e, *out;
	size_t      i, from;
	int64_t     weights = 0, task_items = 0;
	const char *name, *source, *basis;

	if (v == NULL || json_is_null(v)) {
		if (required)
			jx_err(errs, "items", "必填: 考核项目（分值之和为 100）");
		return NULL;
	}
	if (!json_is_array(v) || json_array_size(v) == 0 || json_array_size(v) > MAX_ITEMS) {
		jx_err(errs, "items", "应为考核项目的数组（1–50 项）");
		return NULL;
	}
	out = json_array();
	json_array_foreach(v, i, e)
	{
		static const char *const known[] = { "name", "weight", "score", "veto", "failed",
			"source", "basis", NULL };
		bool                     veto = false, failed = false;
		int64_t                  weight = 0, score = 0;
		json_t                  *sc;
		enum jx                  r;

		from = json_array_size(errs);
		name = source = basis = NULL;
		if (!json_is_object(e)) {
			jx_err(errs, "$", "应为对象");
			jx_errs_prefix(errs, from, arena_printf(a, "items[%zu]", i));
			continue;
		}
		jx_unknown(e, known, errs);
		if (jx_string(a, e, "name", 1, 100, &name, errs) == JX_ABSENT)
			jx_err(errs, "name", "必填: 项目名称");
		jx_bool(e, "veto", &veto, errs);
		jx_bool(e, "failed", &failed, errs);
		if (failed && !veto)
			jx_err(errs, "failed", "只有一票否决项（veto）才有 failed");
		r = jx_int(e, "weight", 0, 100, &weight, errs);
		if (veto && r == JX_SET && weight != 0)
			jx_err(errs, "weight", "一票否决项不计分值，应为 0 或不填");
		else if (!veto && jx_missing(r) && !jx_has_err(errs, "weight"))
			jx_err(errs, "weight", "必填: 分值（1–100 的整数）");
		else if (!veto && r == JX_SET && weight < 1)
			jx_err(errs, "weight", "分值应在 1 到 100 之间");
		if (veto)
			weight = 0;
		sc = json_object_get(e, "score");
		if (sc != NULL && !json_is_null(sc)) {
			if (veto)
				jx_err(errs, "score", "一票否决项不计分，用 failed 标记是否否决");
			else if (!centi(sc, weight * 100, &score))
				jx_err(errs, "score",
				    arena_printf(a, "应为 0 到 %lld 之间的分数（最多两位小数）",
					(long long)weight));
		}
		if (jx_enum(e, "source", sources, &source, errs) == JX_SET &&
		    strcmp(source, "task_completion") == 0) {
			if (veto)
				jx_err(errs, "source", "一票否决项不能由任务完成情况计算");
			task_items++;
		}
		jx_string(a, e, "basis", 0, 500, &basis, errs);
		if (json_array_size(errs) > from) {
			jx_errs_prefix(errs, from, arena_printf(a, "items[%zu]", i));
			continue;
		}
		weights += weight;
		json_array_append_new(out,
		    json_pack("{s:s, s:I, s:o, s:b, s:b, s:s, s:s}", "name", name, "weight",
			(json_int_t)weight, "score_c",
			sc != NULL && !json_is_null(sc) && !veto ? json_integer(score)
								 : json_null(),
			"veto", veto, "failed", failed, "source", source ? source : "manual",
			"basis", basis ? basis : ""));
	}
	if (task_items > 1)
		jx_err(errs, "items", "任务完成情况项（source task_completion）最多一项");
	if (!jx_has_err(errs, "items") && json_array_size(out) == json_array_size(v) &&
	    weights != 100)
		jx_err(errs, "items",
		    arena_printf(a, "各计分项分值之和应为 100（现为 %lld）", (long long)weights));
	return out;
}

static enum app_err
write_items(struct store *s, int64_t id, json_t *items)
{
	struct stmt *st;
	enum app_err er;
	json_t      *it;
	size_t       i;

	st = store_stmt(s, "DELETE FROM assessment_items WHERE assessment_id = ?1");
	stmt_bind_i64(st, 1, id);
	if ((er = stmt_run(st)) != APP_OK)
		return er;
	json_array_foreach(items, i, it)
	{
		st = store_stmt(s,
		    "INSERT INTO assessment_items (assessment_id, seq, name, weight, score_c, veto,"
		    " failed, source, basis) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)");
		stmt_bind_i64(st, 1, id);
		stmt_bind_i64(st, 2, (int64_t)i + 1);
		stmt_bind_text(st, 3, jx_str(it, "name"));
		stmt_bind_i64(st, 4, jx_num(it, "weight"));
		if (json_is_integer(json_object_get(it, "score_c")))
			stmt_bind_i64(st, 5, jx_num(it, "score_c"));
		stmt_bind_i64(st, 6, json_is_true(json_object_get(it, "veto")));
		stmt_bind_i64(st, 7, json_is_true(json_object_get(it, "failed")));
		stmt_bind_text(st, 8, jx_str(it, "source"));
		stmt_bind_text(st, 9, jx_str(it, "basis"));
		if ((er = stmt_run(st)) != APP_OK)
			return er;
	}
	return APP_OK;
}

/* The thresholds: the request's, else the settings row, else 90 and 70. */
static enum app_err
decode_thresholds(struct store *s, json_t *in, int64_t *exc, int64_t *pass, json_t *errs)
{
	json_t      *v = json_object_get(in, "thresholds"), *set = NULL;
	struct stmt *st;
	enum app_err er;
	bool         row;

	*exc = ASSESSMENT_EXCELLENT_MIN_C;
	*pass = ASSESSMENT_PASS_MIN_C;
	st = store_stmt(s, "SELECT value FROM settings WHERE key = 'assessment.thresholds'");
	if ((er = stmt_step(st, &row)) != APP_OK)
		return er;
	if (row)
		set = json_loads(stmt_text(st, 0), 0, NULL);
	stmt_reset(st);
	if (set != NULL) {
		centi(json_object_get(set, "excellent"), 10000, exc);
		centi(json_object_get(set, "pass"), 10000, pass);
		json_decref(set);
	}
	if (v == NULL || json_is_null(v))
		return APP_OK;
	if (!json_is_object(v) || !centi(json_object_get(v, "excellent"), 10000, exc) ||
	    !centi(json_object_get(v, "pass"), 10000, pass)) {
		jx_err(errs, "thresholds",
		    "应为 {\"excellent\": 90, \"pass\": 70}（0–100，最多两位小数）");
		return APP_OK;
	}
	if (*pass > *exc)
		jx_err(errs, "thresholds", "合格线不能高于优秀线");
	return APP_OK;
}

/* ---- creating and editing ---- */

enum app_err
assessment_create(struct store *s, struct arena *a, const struct actor *actor,
    const struct audit_who *who, json_t *in, int64_t now, json_t *errs, int64_t *id)
{
	static const char *const known[] = { "org_id", "assessor_org_id", "year", "items", "note",
		"thresholds", NULL };
	struct duty_org          org = { 0 }, as = { 0 };
	struct scope             sc;
	json_t                  *items = NULL, *data = NULL;
	const char              *note = NULL;
	int64_t                  org_id = 0, as_id = actor->org_id, year = 0, exc, pass, other = 0;
	struct stmt             *st;
	enum app_err             er;

	*id = 0;
	if (!(ASSESSOR_ROLES & ROLE_BIT(actor->role)))
		return APP_EPERM;
	if (!json_is_object(in)) {
		jx_err(errs, "$", "应为 JSON 对象");
		return APP_EINVAL;
	}
	jx_unknown(in, known, errs);
	scope_of(actor, &sc);
	if ((er = store_begin(s, STORE_WRITE)) != APP_OK)
		return er;
	if (actor->role == ROLE_ADMIN)
		jx_int(in, "assessor_org_id", 1, INT64_MAX, &as_id, errs);
	else if (json_object_get(in, "assessor_org_id") != NULL)
		jx_err(errs, "assessor_org_id", "考核由您所属的单位组织，不能指定");
	if (as_id <= 0 && !jx_has_err(errs, "assessor_org_id"))
		jx_err(errs, "assessor_org_id", "必填: 组织考核的单位");
	else if (as_id > 0) {
		if ((er = duty_org_load(s, a, as_id, &as)) == APP_ENOENT)
			jx_err(errs, "assessor_org_id", "没有这个单位");
		else if (er != APP_OK)
			goto fail;
		else if (strcmp(as.kind, "city_bureau") != 0 &&
		    strcmp(as.kind, "district_bureau") != 0)
			jx_err(errs, "assessor_org_id", "考核由应急管理局（市局、旗区局）组织");
	}
	if (jx_missing(jx_int(in, "org_id", 1, INT64_MAX, &org_id, errs))) {
		if (!jx_has_err(errs, "org_id"))
			jx_err(errs, "org_id", "必填: 被考核单位");
	} else if (org_id > 0) {
		if ((er = duty_org_load(s, a, org_id, &org)) == APP_ENOENT)
			jx_err(errs, "org_id", "没有这个单位");
		else if (er != APP_OK)
			goto fail;
		else if (!scope_contains(&sc, org.region, NULL, 0) ||
		    (as.region != NULL && !duty_region_under(org.region, as.region)))
			jx_err(errs, "org_id", "该单位不在您的管辖范围内");
		else if (org_id == as_id)
			jx_err(errs, "org_id", "不能考核本单位");
	}
	if (jx_missing(jx_int(in, "year", 2000, 2100, &year, errs)) && !jx_has_err(errs, "year"))
		jx_err(errs, "year", "必填: 考核年度");
	jx_string(a, in, "note", 0, 2000, &note, errs);
	if ((er = decode_thresholds(s, in, &exc, &pass, errs)) != APP_OK)
		goto fail;
	items = decode_items(a, in, true, errs);
	if (json_array_size(errs) > 0) {
		er = APP_EINVAL;
		goto fail;
	}
	st = store_stmt(s, "SELECT id FROM assessments WHERE org_id = ?1 AND year = ?2");
	stmt_bind_i64(st, 1, org_id);
	stmt_bind_i64(st, 2, year);
	if ((er = stmt_one_i64(st, &other)) == APP_OK) {
		jx_err(errs, "year",
		    arena_printf(a, "%s %lld 年度已有考核（编号 %lld）", org.name, (long long)year,
			(long long)other));
		er = APP_ECONFLICT;
		goto fail;
	} else if (er != APP_ENOENT)
		goto fail;
	st = store_stmt(s,
	    "INSERT INTO assessments (org_id, assessor_org_id, year, region_code, status,"
	    " excellent_min_c, pass_min_c, note, created_by, created_at, updated_at) VALUES (?1, ?2,"
	    " ?3, ?4, 'draft', ?5, ?6, ?7, ?8, ?9, ?9)");
	stmt_bind_i64(st, 1, org_id);
	stmt_bind_i64(st, 2, as_id);
	stmt_bind_i64(st, 3, year);
	stmt_bind_text(st, 4, org.region);
	stmt_bind_i64(st, 5, exc);
	stmt_bind_i64(st, 6, pass);
	stmt_bind_text(st, 7, note ? note : "");
	duty_bind_id(st, 8, actor->user_id);
	stmt_bind_i64(st, 9, now);
	if ((er = stmt_run(st)) != APP_OK)
		goto fail;
	*id = store_last_id(s);
	if ((er = write_items(s, *id, items)) != APP_OK)
		goto fail;
	data = json_pack("{s:I, s:I, s:I, s:O, s:s, s:I, s:I}", "org_id", (json_int_t)org_id,
	    "assessor_org_id", (json_int_t)as_id, "year", (json_int_t)year, "items", items, "note",
	    note ? note : "", "excellent_min_c", (json_int_t)exc, "pass_min_c", (json_int_t)pass);
	if ((er = audit_append(s, who, "create", "assessment", *id, data)) != APP_OK)
		goto fail;
	er = store_commit(s);
	goto done;
fail:
	store_rollback(s);
	*id = 0;
done:
	json_decref(items);
	json_decref(data);
	return er;
}

/* Loads a draft the caller may edit: APP_EPERM, APP_ECONFLICT (not a draft) otherwise. */
static enum app_err
load_draft(struct store *s, struct arena *a, const struct actor *actor, int64_t id, json_t **rec,
    json_t *errs)
{
	enum app_err er;

	if ((er = load(s, actor, id, rec)) != APP_OK)
		return er;
	if (!may_assess(actor, *rec))
		return APP_EPERM;
	if (strcmp(jx_str(*rec, "status"), "draft") != 0) {
		jx_err(errs, "status",
		    arena_printf(a, "考核已定稿（%s），不能修改", jx_str(*rec, "status")));
		return APP_ECONFLICT;
	}
	return APP_OK;
}

static enum app_err
stored_items(struct store *s, int64_t id, json_t **out)
{
	struct stmt *st = store_stmt(s, sql_items);
	enum app_err er;
	bool         row;

	*out = json_array();
	stmt_bind_i64(st, 1, id);
	while ((er = stmt_step(st, &row)) == APP_OK && row) {
		json_t *o = stmt_row_json(st);

		json_object_set_new(o, "veto", json_boolean(jx_num(o, "veto") != 0));
		json_object_set_new(o, "failed", json_boolean(jx_num(o, "failed") != 0));
		json_array_append_new(*out, o);
	}
	stmt_reset(st);
	return er;
}

enum app_err
assessment_update(struct store *s, struct arena *a, const struct actor *actor,
    const struct audit_who *who, int64_t id, json_t *in, int64_t now, json_t *errs)
{
	static const char *const known[] = { "items", "note", NULL };
	json_t                  *rec = NULL, *items = NULL, *before = NULL, *ch = json_object();
	const char              *note = NULL;
	struct stmt             *st;
	enum app_err             er;
	enum jx                  r;

	if (!json_is_object(in)) {
		jx_err(errs, "$", "应为 JSON 对象");
		json_decref(ch);
		return APP_EINVAL;
	}
	jx_unknown(in, known, errs);
	if ((er = store_begin(s, STORE_WRITE)) != APP_OK) {
		json_decref(ch);
		return er;
	}
	if ((er = load_draft(s, a, actor, id, &rec, errs)) != APP_OK)
		goto fail;
	items = decode_items(a, in, false, errs);
	r = jx_string(a, in, "note", 0, 2000, &note, errs);
	if (json_array_size(errs) > 0) {
		er = APP_EINVAL;
		goto fail;
	}
	if (items != NULL) {
		if ((er = stored_items(s, id, &before)) != APP_OK)
			goto fail;
		json_object_set_new(ch, "items", json_pack("[O, O]", before, items));
		if ((er = write_items(s, id, items)) != APP_OK)
			goto fail;
	}
	if (r == JX_SET || r == JX_NULL) {
		json_object_set_new(
		    ch, "note", json_pack("[s, s]", jx_str(rec, "note"), note ? note : ""));
		st = store_stmt(s, "UPDATE assessments SET note = ?2 WHERE id = ?1");
		stmt_bind_i64(st, 1, id);
		stmt_bind_text(st, 2, note ? note : "");
		if ((er = stmt_run(st)) != APP_OK)
			goto fail;
	}
	st = store_stmt(s, "UPDATE assessments SET updated_at = ?2 WHERE id = ?1");
	stmt_bind_i64(st, 1, id);
	stmt_bind_i64(st, 2, now);
	if ((er = stmt_run(st)) != APP_OK)
		goto fail;
	if ((er = audit_append(s, who, "update", "assessment", id, ch)) != APP_OK)
		goto fail;
	er = store_commit(s);
	goto done;
fail:
	store_rollback(s);
done:
	json_decref(rec);
	json_decref(items);
	json_decref(before);
	json_decref(ch);
	return er;
}

/* Scores the task item of `items` (stored) from the org's tasks of the year. *found is
 * false when there is none. */
static enum app_err
compute_task_item(
    struct store *s, struct arena *a, json_t *rec, json_t *items, bool *found, json_t *data)
{
	json_t      *it;
	size_t       i;
	int64_t      on_time, total, score;
	enum app_err er;
	const char  *basis;

	*found = false;
	json_array_foreach(items, i, it)
	{
		struct stmt *st;

		if (strcmp(jx_str(it, "source"), "task_completion") != 0)
			continue;
		*found = true;
		if ((er = task_completion(s, jx_num(rec, "org_id"), (int)jx_num(rec, "year"),
			 &on_time, &total)) != APP_OK)
			return er;
		score = assessment_task_score(jx_num(it, "weight"), on_time, total);
		basis = arena_printf(a, "%lld 年度任务 %lld 项，按期完成 %lld 项",
		    (long long)jx_num(rec, "year"), (long long)total, (long long)on_time);
		st = store_stmt(s,
		    "UPDATE assessment_items SET score_c = ?3, basis = ?4 WHERE"
		    " assessment_id = ?1 AND seq = ?2");
		stmt_bind_i64(st, 1, jx_num(rec, "id"));
		stmt_bind_i64(st, 2, jx_num(it, "seq"));
		stmt_bind_i64(st, 3, score);
		stmt_bind_text(st, 4, basis);
		if ((er = stmt_run(st)) != APP_OK)
			return er;
		json_object_set_new(it, "score_c", json_integer(score));
		json_object_set_new(data, "task_item",
		    json_pack("{s:I, s:I, s:I, s:I}", "seq", (json_int_t)jx_num(it, "seq"), "tasks",
			(json_int_t)total, "on_time", (json_int_t)on_time, "score_c",
			(json_int_t)score));
	}
	return APP_OK;
}

enum app_err
assessment_transition(struct store *s, struct arena *a, const struct actor *actor,
    const struct audit_who *who, int64_t id, json_t *in, int64_t now, json_t *errs)
{
	static const char *const actions[] = { "compute_task_item", "finalize", NULL };
	static const char *const known[] = { "action", NULL };
	const char              *action = NULL;
	json_t                  *rec = NULL, *items = NULL, *data = json_object(), *it, *ch;
	struct stmt             *st;
	enum app_err             er;
	bool                     found, vetoed = false;
	int64_t                  total = 0;
	size_t                   i;
	enum assessment_grade    g;

	if (!json_is_object(in)) {
		jx_err(errs, "$", "应为 JSON 对象");
		json_decref(data);
		return APP_EINVAL;
	}
	if (jx_missing(jx_enum(in, "action", actions, &action, errs)) || action == NULL) {
		if (!jx_has_err(errs, "action"))
			jx_err(errs, "action", "应为 compute_task_item 或 finalize");
		json_decref(data);
		return APP_EINVAL;
	}
	jx_unknown(in, known, errs);
	if ((er = store_begin(s, STORE_WRITE)) != APP_OK) {
		json_decref(data);
		return er;
	}
	if ((er = load_draft(s, a, actor, id, &rec, errs)) != APP_OK)
		goto fail;
	if (json_array_size(errs) > 0) {
		er = APP_EINVAL;
		goto fail;
	}
	if ((er = stored_items(s, id, &items)) != APP_OK)
		goto fail;
	if ((er = compute_task_item(s, a, rec, items, &found, data)) != APP_OK)
		goto fail;
	if (strcmp(action, "compute_task_item") == 0 && !found) {
		jx_err(errs, "items", "没有任务完成情况项（source task_completion）");
		er = APP_EINVAL;
		goto fail;
	}
	if (strcmp(action, "finalize") == 0) {
		json_array_foreach(items, i, it)
		{
			if (json_is_true(json_object_get(it, "veto"))) {
				vetoed = vetoed || json_is_true(json_object_get(it, "failed"));
				continue;
			}
			if (!json_is_integer(json_object_get(it, "score_c")))
				jx_err(
				    errs, arena_printf(a, "items[%zu].score", i), "定稿前须评分");
			total += jx_num(it, "score_c");
		}
		if (json_array_size(errs) > 0) {
			er = APP_EINVAL;
			goto fail;
		}
		g = assessment_grade(
		    total, vetoed, jx_num(rec, "excellent_min_c"), jx_num(rec, "pass_min_c"));
		st = store_stmt(s,
		    "UPDATE assessments SET status = 'final', total_c = ?2, grade = ?3, vetoed = ?4,"
		    " finalized_at = ?5, updated_at = ?5 WHERE id = ?1 AND status = 'draft'");
		stmt_bind_i64(st, 1, id);
		stmt_bind_i64(st, 2, total);
		stmt_bind_text(st, 3, grade_codes[g]);
		stmt_bind_i64(st, 4, vetoed);
		stmt_bind_i64(st, 5, now);
		json_object_set_new(data, "total_c", json_integer(total));
		json_object_set_new(data, "grade", json_string(grade_codes[g]));
		json_object_set_new(data, "vetoed", json_boolean(vetoed));
	} else {
		st = store_stmt(s, "UPDATE assessments SET updated_at = ?2 WHERE id = ?1");
		stmt_bind_i64(st, 1, id);
		stmt_bind_i64(st, 2, now);
	}
	if ((er = stmt_run(st)) != APP_OK)
		goto fail;
	ch = json_pack("{s:s, s:O}", "action", action, "data", data);
	if (strcmp(action, "finalize") == 0)
		json_object_set_new(ch, "status", json_pack("[s, s]", "draft", "final"));
	er = audit_append(s, who, "transition", "assessment", id, ch);
	json_decref(ch);
	if (er != APP_OK)
		goto fail;
	er = store_commit(s);
	goto done;
fail:
	store_rollback(s);
done:
	json_decref(rec);
	json_decref(items);
	json_decref(data);
	return er;
}

/* ---- the list ---- */

enum app_err
assessment_filter_parse(duty_param_fn get, void *arg, struct assessment_filter *f, json_t *errs)
{
	const char *v;

	memset(f, 0, sizeof(*f));
	f->status = get(arg, "status");
	f->grade = get(arg, "grade");
	if (f->status != NULL && strcmp(f->status, "draft") != 0 && strcmp(f->status, "final") != 0)
		jx_err(errs, "status", "应为 draft 或 final");
	if (f->grade != NULL && !duty_one_of(grade_codes, f->grade))
		jx_err(errs, "grade", "应为 excellent、pass 或 fail");
	if ((v = get(arg, "year")) != NULL) {
		f->year = strlen(v) == 4 && strspn(v, "0123456789") == 4 ? atoi(v) : 0;
		if (f->year < 2000 || f->year > 2100)
			jx_err(errs, "year", "应为年份，如 2024");
	}
	duty_id_param(get, arg, "org_id", &f->org_id, errs);
	return json_array_size(errs) > 0 ? APP_EINVAL : APP_OK;
}

#define LIST_WHERE \
	" WHERE " ASSESS_PRED \
	" AND (?7 IS NULL OR x.status = ?7) AND (?8 IS NULL OR x.grade = ?8)" \
	" AND (?9 IS NULL OR x.year = ?9) AND (?10 IS NULL OR x.org_id = ?10)"
static const char sql_list[] = "SELECT " ASSESS_COLS ASSESS_FROM LIST_WHERE
			       " AND (?11 = 0 OR x.id < ?11) ORDER BY x.id DESC LIMIT ?12";
static const char sql_count[] = "SELECT count(*) FROM assessments x" LIST_WHERE;

static void
bind_filter(struct stmt *st, const struct actor *actor, const struct assessment_filter *f)
{
	duty_scope_bind(st, actor);
	stmt_bind_text(st, 7, f->status);
	stmt_bind_text(st, 8, f->grade);
	duty_bind_id(st, 9, f->year);
	duty_bind_id(st, 10, f->org_id);
}

enum app_err
assessment_page(struct store *s, const struct actor *actor, const struct assessment_filter *f,
    int64_t cursor, int limit, json_t **items, int64_t *total)
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
	stmt_bind_i64(st, 11, cursor);
	stmt_bind_i64(st, 12, limit);
	while ((er = stmt_step(st, &row)) == APP_OK && row) {
		json_t *o = stmt_row_json(st);

		decorate(o, NULL);
		json_array_append_new(*items, o);
	}
	stmt_reset(st);
	return er;
}
