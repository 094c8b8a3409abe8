#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/audit.h"
#include "core/arena.h"
#include "core/embed.h"
#include "core/log.h"
#include "auth/scope.h"
#include "enterprise/import.h"
#include "org/org.h"
#include "refdata/refdata.h"
#include "seed/seed.h"
#include "store/store.h"
#include "user/user.h"

const struct demo_account demo_accounts[] = {
	{ "admin", "admin", "系统管理员", HOME_NONE, NULL },
	{ "city", "city", "市局安全生产法治科", HOME_CITY, NULL },
	{ "dongsheng", "district", "东胜区应急管理局", HOME_DISTRICT, NULL },
	{ "zhujian", "department", "市住建局安全科", HOME_DEPARTMENT, NULL },
	{ "inspector", "inspector", "张执法", HOME_DISTRICT, "15060220240001" },
	{ "reviewer", "reviewer", "李审核", HOME_LEGAL, NULL },
	{ "enterprise", "enterprise", "企业安全员", HOME_ENTERPRISE, NULL },
	{ "leader", "viewer", "局领导", HOME_CITY, NULL },
	{ NULL, NULL, NULL, HOME_NONE, NULL },
};

static const struct audit_who seed_who = { 0, "system:init", "cli" };

static enum app_err
add_org(struct store *s, struct arena *a, const struct audit_who *who, const char *json,
    int64_t *id, const char **problem)
{
	json_t      *in = json_loads(json, 0, NULL), *errs = json_array();
	enum app_err er;

	er = org_create(s, a, who, in, errs, id);
	if (er != APP_OK) {
		log_error("seed: org %s: %s", json, json_dumps(errs, JSON_COMPACT));
		*problem = "创建演示单位失败";
	}
	json_decref(in);
	json_decref(errs);
	return er;
}

static enum app_err
add_user(struct store *s, struct arena *a, const struct audit_who *who, json_t *in,
    const char *hash, const char **problem)
{
	json_t      *errs = json_array();
	enum app_err er;
	int64_t      id;

	if (hash != NULL)
		er = user_create_hashed(s, a, who, in, DEMO_PASSWORD, hash, errs, &id);
	else {
		json_object_set_new(in, "password", json_string(DEMO_PASSWORD));
		er = user_create(s, a, who, in, errs, &id);
	}
	if (er != APP_OK) {
		char *e = json_dumps(errs, JSON_COMPACT);

		log_error("seed: user: %s", e);
		free(e);
		*problem = "创建演示账户失败";
	}
	json_decref(in);
	json_decref(errs);
	return er;
}

static const char sql_counties[] =
    "SELECT code, name FROM regions WHERE level = 'county' ORDER BY sort";
static const char sql_first_enterprise[] =
    "SELECT id FROM enterprises WHERE region_code >= ?1 AND region_code < ?2 ORDER BY id LIMIT 1";

enum app_err
seed_orgs(struct store *s, struct arena *a, const struct audit_who *who, struct seed_orgs *o,
    const char **problem)
{
	const char  *city, *city_name;
	struct stmt *st;
	enum app_err er;
	bool         row;
	int64_t      id;
	json_t      *counties, *c;
	size_t       i;

	*problem = NULL;
	memset(o, 0, sizeof(*o));
	if ((er = refdata_city(s, a, &city)) != APP_OK || city[0] == '\0') {
		*problem = "数据库尚未初始化";
		return APP_EINVAL;
	}
	if ((er = region_name(s, a, city, &city_name)) != APP_OK)
		return er;
	er = add_org(s, a, who,
	    arena_printf(a,
		"{\"name\":\"%s应急管理局\",\"abbr\":\"市应急局\","
		"\"kind\":\"city_bureau\",\"region_code\":\"%s\"}",
		city_name, city),
	    &o->city, problem);
	if (er != APP_OK)
		return er;
	er = add_org(s, a, who,
	    arena_printf(a,
		"{\"name\":\"%s应急管理局法制科\",\"abbr\":\"法制科\","
		"\"kind\":\"legal_office\",\"region_code\":\"%s\",\"parent_id\":%lld}",
		city_name, city, (long long)o->city),
	    &o->legal, problem);
	if (er != APP_OK)
		return er;
	/* One bureau per banner/district; the first is the demo district. Collect the
	 * counties first, then create their bureaus. */
	counties = json_array();
	st = store_stmt(s, sql_counties);
	while ((er = stmt_step(st, &row)) == APP_OK && row)
		json_array_append_new(counties,
		    json_pack("{s:s, s:s}", "code", stmt_text(st, 0), "name", stmt_text(st, 1)));
	stmt_reset(st);
	json_array_foreach(counties, i, c)
	{
		if (er != APP_OK)
			break;
		er = add_org(s, a, who,
		    arena_printf(a,
			"{\"name\":\"%s应急管理局\",\"abbr\":"
			"\"%s应急局\",\"kind\":\"district_bureau\",\"region_code\":\"%s\","
			"\"parent_id\":%lld}",
			json_string_value(json_object_get(c, "name")),
			json_string_value(json_object_get(c, "name")),
			json_string_value(json_object_get(c, "code")), (long long)o->city),
		    &id, problem);
		if (er == APP_OK && i == 0) {
			o->district = id;
			snprintf(o->district_code, sizeof(o->district_code), "%s",
			    json_string_value(json_object_get(c, "code")));
		}
	}
	json_decref(counties);
	if (er != APP_OK)
		return er;
	er = add_org(s, a, who,
	    arena_printf(a,
		"{\"name\":\"%s住房和城乡建设局\",\"abbr\":\"市住建局\","
		"\"kind\":\"department\",\"region_code\":\"%s\",\"sectors\":[\"construction\","
		"\"city_gas\"]}",
		city_name, city),
	    &o->department, problem);
	if (er == APP_OK)
		er = add_org(s, a, who,
		    arena_printf(a,
			"{\"name\":\"%s交通运输局\",\"abbr\":\"市交通局\","
			"\"kind\":\"department\",\"region_code\":\"%s\",\"sectors\":["
			"\"road_transport\"]}",
			city_name, city),
		    &id, problem);
	if (er == APP_OK)
		er = add_org(s, a, who,
		    arena_printf(a,
			"{\"name\":\"%s能源局\",\"abbr\":\"市能源局\","
			"\"kind\":\"department\",\"region_code\":\"%s\",\"sectors\":[\"coal\","
			"\"power\"]}",
			city_name, city),
		    &id, problem);
	if (er == APP_OK)
		er = add_org(s, a, who,
		    arena_printf(a,
			"{\"name\":\"%s工业和信息化局\",\"abbr\":"
			"\"市工信局\",\"kind\":\"department\",\"region_code\":\"%s\",\"sectors\":["
			"\"civil_explosives\",\"industry_trade\"]}",
			city_name, city),
		    &id, problem);
	return er;
}

enum app_err
seed_enterprises(struct store *s, const struct audit_who *who, const char **problem)
{
	struct import_result res = { 0 };
	const char          *csv;
	enum app_err         er = APP_OK;

	*problem = NULL;
	if ((csv = embed_get("demo/enterprises.csv")) != NULL) {
		er = enterprise_import(s, who, csv, strlen(csv), false, NULL, NULL, &res);
		if (er != APP_OK)
			*problem = "导入演示企业失败";
	}
	json_decref(res.problems);
	return er;
}

enum app_err
seed_accounts(struct store *s, struct arena *a, const struct audit_who *who,
    const struct seed_orgs *o, const char *hash, const char **problem)
{
	const struct demo_account *d;
	int64_t                    home[HOME__MAX] = { 0 };
	struct stmt               *st;
	enum app_err               er = APP_OK;
	bool                       row;
	char                       lo[16], hi[16];

	*problem = NULL;
	if (o->district_code[0] != '\0') {
		region_range(o->district_code, lo, hi);
		st = store_stmt(s, sql_first_enterprise);
		stmt_bind_text(st, 1, lo);
		stmt_bind_text(st, 2, hi);
		if ((er = stmt_step(st, &row)) == APP_OK && row)
			home[HOME_ENTERPRISE] = stmt_i64(st, 0);
		stmt_reset(st);
	}
	home[HOME_CITY] = o->city;
	home[HOME_DISTRICT] = o->district;
	home[HOME_DEPARTMENT] = o->department;
	home[HOME_LEGAL] = o->legal;
	for (d = demo_accounts; d->username != NULL && er == APP_OK; d++) {
		json_t *in = json_pack("{s:s, s:s, s:s}", "username", d->username, "role", d->role,
		    "display_name", d->display_name);

		if (d->home != HOME_NONE && home[d->home] == 0) {
			json_decref(in); /* no enterprise in the demo district: no such account */
			continue;
		}
		if (d->home != HOME_NONE)
			json_object_set_new(in,
			    d->home == HOME_ENTERPRISE ? "enterprise_id" : "org_id",
			    json_integer(home[d->home]));
		if (d->cert_no != NULL)
			json_object_set_new(in, "cert_no", json_string(d->cert_no));
		er = add_user(s, a, who, in, hash, problem);
	}
	return er;
}

enum app_err
seed_demo(struct store *s, const char **problem)
{
	struct arena    *a = arena_new(4096);
	struct seed_orgs o;
	enum app_err     er;

	if ((er = seed_orgs(s, a, &seed_who, &o, problem)) == APP_OK &&
	    (er = seed_enterprises(s, &seed_who, problem)) == APP_OK)
		er = seed_accounts(s, a, &seed_who, &o, NULL, problem);
	arena_free(a);
	return er;
}
