#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/embed.h"
#include "core/jsonx.h"
#include "core/log.h"
#include "enforce/provision.h"

static pthread_once_t catalog_once = PTHREAD_ONCE_INIT;
static json_t        *catalog; /* {"source": …, "provisions": [...]} */
static json_t        *by_id;   /* id → provision (borrowed from catalog) */

static void
catalog_load(void)
{
	const char  *text = embed_get("provisions/provisions.json");
	json_error_t je;
	json_t      *list, *p;
	size_t       i;

	if (text == NULL || (catalog = json_loads(text, 0, &je)) == NULL) {
		log_error("provisions: compiled-in catalog unreadable");
		return;
	}
	by_id = json_object();
	list = json_object_get(catalog, "provisions");
	json_array_foreach(list, i, p)
	    json_object_set(by_id, json_string_value(json_object_get(p, "id")), p);
}

const json_t *
provision_catalog(void)
{
	pthread_once(&catalog_once, catalog_load);
	return catalog;
}

const json_t *
provision_find(const char *id)
{
	if (provision_catalog() == NULL || id == NULL)
		return NULL;
	return json_object_get(by_id, id);
}

const char *
provision_title(const char *id)
{
	const json_t *p = provision_find(id);

	return p ? json_string_value(json_object_get(p, "title")) : id;
}

static const char *
str(const json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));

	return s ? s : "";
}

static bool
has_str(const json_t *arr, const char *s)
{
	const json_t *v;
	size_t        i;

	json_array_foreach(arr, i, v) if (strcmp(json_string_value(v), s) == 0) return true;
	return false;
}

static bool
text_match(const json_t *p, const char *q)
{
	static const char *const keys[] = { "title", "subject", "violation", "id", NULL };
	const json_t            *v;
	size_t                   i;

	for (i = 0; keys[i] != NULL; i++)
		if (strstr(str(p, keys[i]), q) != NULL)
			return true;
	json_array_foreach(json_object_get(p, "items"), i,
	    v) if (strstr(json_string_value(v), q) != NULL) return true;
	return false;
}

static bool
rules_match(const json_t *p, const char *target, const char *kind)
{
	const json_t *r;
	size_t        i;

	json_array_foreach(json_object_get(p, "rules"), i, r)
	{
		if (target != NULL && strcmp(str(r, "target"), target) != 0)
			continue;
		if (kind != NULL && !has_str(json_object_get(r, "kinds"), kind))
			continue;
		return true;
	}
	return false;
}

json_t *
provision_list(const struct provision_filter *f)
{
	json_t       *out = json_array();
	const json_t *p;
	size_t        i;

	if (provision_catalog() == NULL)
		return out;
	json_array_foreach(json_object_get(catalog, "provisions"), i, p)
	{
		if (f->citable_only && !json_is_true(json_object_get(p, "citable")))
			continue;
		if (f->q != NULL && f->q[0] != '\0' && !text_match(p, f->q))
			continue;
		if ((f->target != NULL || f->kind != NULL) && !rules_match(p, f->target, f->kind))
			continue;
		json_array_append_new(out, json_deep_copy(p));
	}
	return out;
}

static int64_t
i64(const json_t *o, const char *key)
{
	return json_integer_value(json_object_get(o, key));
}

bool
provision_fine_range(const json_t *rule, const struct penalty_in *in, int64_t *lo, int64_t *hi)
{
	const char *basis = str(rule, "basis");

	if (strcmp(basis, "fixed") == 0) {
		*lo = i64(rule, "fine_min_fen");
		*hi = i64(rule, "fine_max_fen");
		/* fine_min 0 is "X元以下" (conventions.fine_min_max): a fine is at least one fen. */
		if (*lo == 0)
			*lo = 1;
		return true;
	}
	if (strcmp(basis, "annual_income_pct") == 0) {
		if (in->income_fen <= 0)
			return false;
		/* To the fen: the percentage of an income rarely falls on a whole fen. */
		*lo = in->income_fen * i64(rule, "pct_min") / 100;
		*hi = (in->income_fen * i64(rule, "pct_max") + 99) / 100;
		return true;
	}
	if (strcmp(basis, "illegal_income_multiple") == 0) {
		if (in->illegal_income_fen <= 0)
			return false;
		*lo = in->illegal_income_fen * i64(rule, "multiple_min");
		*hi = in->illegal_income_fen * i64(rule, "multiple_max");
		return true;
	}
	if (strcmp(basis, "daily_continuous") == 0) {
		/* 第112条: the original fine for every day; exactly base × days. */
		if (in->base_fen <= 0 || in->days <= 0)
			return false;
		*lo = *hi = in->base_fen * in->days;
		return true;
	}
	return false;
}

static void
err_at(json_t *errs, const char *prefix, const char *field, const char *msg)
{
	char f[128];

	snprintf(f, sizeof(f), "%s%s", prefix, field);
	jx_err(errs, f, msg);
}

/* "12345.67 元", "3 万元" style: the UI shows 元, the law writes 万元. */
static void
yuan(int64_t fen, char *buf, size_t sz)
{
	if (fen % 100 == 0)
		snprintf(buf, sz, "%lld 元", (long long)(fen / 100));
	else
		snprintf(buf, sz, "%lld.%02lld 元", (long long)(fen / 100), (long long)(fen % 100));
}

/* The stage/target pairs a provision has, for an error message. */
static void
pairs_text(const json_t *p, char *buf, size_t sz)
{
	const json_t *r;
	size_t        i, n = 0;

	buf[0] = '\0';
	json_array_foreach(json_object_get(p, "rules"), i, r)
	{
		char one[160];

		if (json_array_size(json_object_get(r, "kinds")) == 0)
			continue;
		snprintf(one, sizeof(one), "%s%s/%s(%s/%s)", n++ ? "、" : "", str(r, "target"),
		    str(r, "stage"), str(r, "target_label"), str(r, "stage_label"));
		if (strlen(buf) + strlen(one) + 1 < sz)
			strcat(buf, one);
		if (json_object_get(r, "accident_grade") != NULL)
			break; /* per-grade rules repeat the same pair */
	}
}

static const json_t *
rule_for(const json_t *p, const struct penalty_in *in, bool *grade_needed)
{
	const json_t *r;
	size_t        i;

	*grade_needed = false;
	json_array_foreach(json_object_get(p, "rules"), i, r)
	{
		const char *g = json_string_value(json_object_get(r, "accident_grade"));

		if (strcmp(str(r, "target"), in->target) != 0 ||
		    strcmp(str(r, "stage"), in->stage) != 0)
			continue;
		if (g != NULL) {
			if (in->accident_grade == NULL) {
				*grade_needed = true;
				continue;
			}
			if (strcmp(g, in->accident_grade) != 0)
				continue;
		}
		return r;
	}
	return NULL;
}

enum app_err
provision_check(const char *id, const struct penalty_in *in, const char *prefix, json_t *errs)
{
	const json_t *p = provision_find(id), *rule;
	size_t        before = json_array_size(errs);
	char          msg[1024], a[48], b[48];
	bool          grade_needed;
	int64_t       lo, hi;

	if (p == NULL) {
		err_at(errs, prefix, "provision_id",
		    id == NULL ? "必须引用法律条款" : "没有这一法律条款");
		return APP_EINVAL;
	}
	if (!json_is_true(json_object_get(p, "citable"))) {
		snprintf(msg, sizeof(msg), "%s不能在新案件中引用: %s", str(p, "title"),
		    str(p, "not_citable_reason"));
		err_at(errs, prefix, "provision_id", msg);
		return APP_EINVAL;
	}
	if ((rule = rule_for(p, in, &grade_needed)) == NULL) {
		if (grade_needed) {
			err_at(errs, prefix, "accident_grade",
			    "该条款按事故等级处罚, 必须给出事故等级");
			return APP_EINVAL;
		}
		{
			char pairs[700];

			pairs_text(p, pairs, sizeof(pairs));
			snprintf(msg, sizeof(msg), "%s对该处罚对象在该阶段没有处罚规定; 可选: %s",
			    str(p, "title"), pairs[0] ? pairs : "无");
		}
		err_at(errs, prefix, "stage", msg);
		return APP_EINVAL;
	}
	if (!has_str(json_object_get(rule, "kinds"), in->kind)) {
		char          kinds[200] = "";
		const json_t *k;
		size_t        i;

		json_array_foreach(json_object_get(rule, "kinds"), i, k)
		{
			if (i)
				strcat(kinds, "、");
			strncat(kinds, json_string_value(k), sizeof(kinds) - strlen(kinds) - 20);
		}
		snprintf(msg, sizeof(msg), "%s在此情形下不规定这一处罚种类; 可选: %s",
		    str(p, "title"), kinds[0] ? kinds : "无(仅责令改正等措施)");
		err_at(errs, prefix, "kind", msg);
		return APP_EINVAL;
	}
	if (strcmp(in->kind, "fine") != 0)
		return json_array_size(errs) > before ? APP_EINVAL : APP_OK;
	/* The figures a rule's fine is computed from. */
	if (strcmp(str(rule, "basis"), "annual_income_pct") == 0 && in->income_fen <= 0)
		err_at(
		    errs, prefix, "income_fen", "按上一年年收入的百分比处罚, 必须给出上一年年收入");
	if (strcmp(str(rule, "basis"), "illegal_income_multiple") == 0 &&
	    in->illegal_income_fen <= 0)
		err_at(
		    errs, prefix, "illegal_income_fen", "按违法所得的倍数处罚, 必须给出违法所得");
	if (strcmp(str(rule, "basis"), "daily_continuous") == 0) {
		if (in->base_fen <= 0)
			err_at(errs, prefix, "base_fen", "按日连续处罚, 必须给出原处罚数额");
		if (in->days <= 0)
			err_at(errs, prefix, "days", "按日连续处罚, 必须给出处罚天数");
	}
	/* 第92条、第103条: the stage depends on the illegal income (十万元以上 or not). */
	if (in->illegal_income_fen > 0) {
		if (strcmp(in->stage, "illegal_income_ge_100k") == 0 &&
		    in->illegal_income_fen < 10000000)
			err_at(errs, prefix, "stage",
			    "违法所得不足十万元, 不适用\"违法所得十万元以上\"");
		if (strcmp(in->stage, "illegal_income_lt_100k") == 0 &&
		    in->illegal_income_fen >= 10000000)
			err_at(errs, prefix, "stage",
			    "违法所得十万元以上, 应适用\"违法所得十万元以上\"");
	}
	if (json_array_size(errs) > before)
		return APP_EINVAL;
	if (!provision_fine_range(rule, in, &lo, &hi))
		return APP_EINVAL;
	if (in->amount_fen < lo || in->amount_fen > hi) {
		yuan(lo, a, sizeof(a));
		yuan(hi, b, sizeof(b));
		snprintf(msg, sizeof(msg), "罚款应在 %s 至 %s 之间(%s, %s, %s%s%s)", a, b,
		    str(p, "title"), str(rule, "target_label"), str(rule, "stage_label"),
		    json_object_get(rule, "accident_grade") ? ", " : "",
		    json_object_get(rule, "accident_grade") ? str(rule, "accident_grade_label")
							    : "");
		err_at(errs, prefix, "amount_fen", msg);
		return APP_EINVAL;
	}
	return APP_OK;
}
