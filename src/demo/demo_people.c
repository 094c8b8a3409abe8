/*
 * The demo city's organisations, staff and enterprises: the orgs and accounts of
 * `init --demo` (src/seed/), 28 industry departments, the bureaus' inspectors (129 of them
 * joined in the demo year, 31 at the city bureau), district users and reviewers, and some
 * 3,600 enterprises over the banners/districts and sectors, each with its safety officer's
 * account.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/uscc.h"
#include "demo/demo_impl.h"
#include "enterprise/enterprise.h"
#include "org/org.h"
#include "store/store.h"
#include "user/user.h"

/* Enterprises generated besides the 48 of data/demo/enterprises.csv. */
#define GENERATED_ENTERPRISES 3600

/* Known banners/districts: login names and map centres (others get codes and a default). */
static const struct {
	const char *code, *pinyin;
	double      lat, lon;
	int         weight;         /* share of the enterprises */
	int         coal, chemical; /* per cent of the usual share of these sectors */
} known_counties[] = {
	{ "150602", "dongsheng", 39.82, 109.96, 14, 30, 40 },
	{ "150603", "kangbashi", 39.61, 109.78, 6, 20, 30 },
	{ "150621", "dalate", 40.40, 110.03, 11, 100, 170 },
	{ "150622", "zhungeer", 39.86, 111.24, 18, 220, 110 },
	{ "150623", "etuokeqianqi", 38.18, 107.48, 7, 60, 160 },
	{ "150624", "etuoke", 39.10, 107.98, 11, 90, 200 },
	{ "150625", "hangjin", 39.83, 108.74, 6, 30, 150 },
	{ "150626", "wushen", 38.60, 108.84, 10, 110, 190 },
	{ "150627", "yijinhuoluo", 39.57, 109.75, 17, 230, 90 },
};

/* The industry departments (行业主管部门) and the sectors they supervise. The first four
 * are those of `init --demo`, made by seed_orgs(). */
static const struct {
	const char *name, *abbr, *sectors, *login;
} departments[DEMO_DEPARTMENTS] = {
	{ "住房和城乡建设局", "市住建局", "construction,city_gas", "zhujian" },
	{ "交通运输局", "市交通局", "road_transport", "jiaotong" },
	{ "能源局", "市能源局", "coal,power", "nengyuan" },
	{ "工业和信息化局", "市工信局", "civil_explosives,industry_trade", "gongxin" },
	{ "教育局", "市教育局", "other", "jiaoyu" },
	{ "农牧局", "市农牧局", "other", "nongmu" },
	{ "水利局", "市水利局", "other", "shuili" },
	{ "商务局", "市商务局", "other", "shangwu" },
	{ "文化和旅游局", "市文旅局", "other", "wenlv" },
	{ "卫生健康委员会", "市卫健委", "other", "weijian" },
	{ "市场监督管理局", "市市场监管局", "other", "shichang" },
	{ "公安局", "市公安局", "civil_explosives,road_transport", "gongan" },
	{ "自然资源局", "市自然资源局", "metal_nonmetal_mine", "ziranziyuan" },
	{ "林业和草原局", "市林草局", "other", "lincao" },
	{ "生态环境局", "市生态环境局", "chemical", "shengtai" },
	{ "城市管理综合执法局", "市城管局", "city_gas", "chengguan" },
	{ "民政局", "市民政局", "other", "minzheng" },
	{ "体育局", "市体育局", "other", "tiyu" },
	{ "邮政管理局", "市邮政管理局", "other", "youzheng" },
	{ "气象局", "市气象局", "other", "qixiang" },
	{ "消防救援支队", "市消防救援支队", "fire", "xiaofang" },
	{ "发展和改革委员会", "市发改委", "power", "fagai" },
	{ "国有资产监督管理委员会", "市国资委", "other", "guozi" },
	{ "人力资源和社会保障局", "市人社局", "other", "renshe" },
	{ "财政局", "市财政局", "other", "caizheng" },
	{ "粮食和物资储备局", "市粮储局", "industry_trade", "liangchu" },
	{ "国防动员办公室", "市国动办", "other", "guodong" },
	{ "科学技术局", "市科技局", "other", "keji" },
};

/* The sectors' shares (per mille) of the generated enterprises: coal and chemicals first. */
static const int sector_weight[SEC__MAX] = { 170, 120, 60, 200, 120, 90, 45, 60, 15, 10, 60, 50 };

static const char *const brand[] = { "鑫", "通", "兴", "旺", "北", "辰", "天", "润", "瑞", "丰",
	"博", "源", "恒", "昊", "华", "泰", "宏", "达", "伊", "蒙", "远", "鼎", "盛", "汇", "金",
	"聚", "荣", "利", "安", "顺", "德", "正", "誉", "腾", "嘉", "合", "信", "祥", "东", "晟",
	"昌", "隆", "凯", "川", "峰", "圣", "吉", "永", "富", "康", "泽", "宇", "越", "晋", "阳",
	NULL };
static const char *const sector_words[SEC__MAX][6] = {
	{ "煤业", "煤炭", "矿业", "能源", "煤炭开发", NULL },
	{ "化工", "新材料", "能源化工", "精细化工", "煤化工", NULL },
	{ "矿业", "石材", "砂石", "硅业", NULL },
	{ "建材", "机械制造", "冶金", "铝业", "陶瓷", NULL },
	{ "建筑工程", "建设工程", "建筑安装", "市政工程", NULL },
	{ "运输", "物流", "汽车运输", "客运", NULL },
	{ "燃气", "天然气", "液化气", NULL },
	{ "电力", "发电", "热电", "新能源", NULL },
	{ "烟花爆竹", "烟花", NULL },
	{ "民爆", "爆破工程", NULL },
	{ "商业管理", "酒店管理", "商贸", "物业管理", NULL },
	{ "农牧业", "科技", "食品", "环保", NULL },
};

static const char sql_counties[] =
    "SELECT code, name FROM regions WHERE level = 'county' AND parent_code = ?1 ORDER BY sort";
static const char sql_places[] =
    "SELECT code, level FROM regions WHERE parent_code = ?1 ORDER BY sort";
static const char sql_org_of[] =
    "SELECT id FROM orgs WHERE kind = 'district_bureau' AND region_code = ?1";
static const char sql_dept_by_abbr[] =
    "SELECT id FROM orgs WHERE kind = 'department' AND abbr = ?1";
static const char sql_user_id[] = "SELECT id FROM users WHERE username = ?1";

static int64_t
one_id(struct demo *d, const char *sql, const char *arg)
{
	struct stmt *st = store_stmt(d->s, sql);
	int64_t      id = 0;

	stmt_bind_text(st, 1, arg);
	if (stmt_one_i64(st, &id) != APP_OK)
		id = 0;
	return id;
}

/* Creates an account with the demo password; *id the new user. */
static enum app_err
add_user(struct demo *d, const char *username, const char *display, const char *role, int64_t org,
    int64_t ent, const char *cert, const char *joined, int64_t *id)
{
	json_t      *in = json_pack("{s:s, s:s, s:s, s:s}", "username", username, "display_name",
		 display, "role", role, "phone", demo_mobile(d));
	json_t      *errs = json_array();
	enum app_err er;

	if (org > 0)
		json_object_set_new(in, "org_id", json_integer(org));
	if (ent > 0)
		json_object_set_new(in, "enterprise_id", json_integer(ent));
	if (cert != NULL)
		json_object_set_new(in, "cert_no", json_string(cert));
	if (joined != NULL)
		json_object_set_new(in, "joined_on", json_string(joined));
	er = user_create_hashed(
	    d->s, d->a, &d->admin.who, in, DEMO_PASSWORD, d->password_hash, errs, id);
	if (er != APP_OK)
		er = demo_failed(d, username, er, errs);
	json_decref(in);
	json_decref(errs);
	return er == APP_OK ? demo_tick(d) : er;
}

/* A recruitment day of the demo year (the bureaus took staff in a few batches). */
static const char *
joined_in_year(struct demo *d)
{
	static const int md[][2] = { { 3, 18 }, { 4, 15 }, { 6, 3 }, { 8, 5 }, { 9, 2 },
		{ 11, 4 } };
	int              k = demo_below(d, 6);

	return demo_date(d, demo_workday(demo_day(d, md[k][0], md[k][1])));
}

/* Before the demo year, or not recorded. */
static const char *
joined_earlier(struct demo *d)
{
	if (demo_chance(d, 0.3))
		return NULL;
	return demo_date(d,
	    days_from_civil(demo_between(d, d->year - 14, d->year - 1),
		(unsigned)demo_between(d, 1, 12), (unsigned)demo_between(d, 1, 28)));
}

/* Inspectors of an org: `added` joined in the year, `earlier` before it. */
static enum app_err
add_inspectors(struct demo *d, int64_t org, const char *region, const char *login, int added,
    int earlier, struct demo_staff *out, int *n)
{
	enum app_err er = APP_OK;
	int          i, seq = 1;

	for (i = 0; i < added + earlier && er == APP_OK; i++) {
		const char *joined = i < added ? joined_in_year(d) : joined_earlier(d);
		const char *name = demo_person(d);
		char        user[40], cert[24];
		int64_t     id;

		snprintf(user, sizeof(user), "zf.%s.%02d", login, i + 1);
		/* 执法证号: region, year of issue, sequence (the demo inspector has 0001). */
		snprintf(cert, sizeof(cert), "%.6s%04d%04d", region,
		    joined ? atoi(joined) : d->year - 6, ++seq);
		er = add_user(d, user, name, "inspector", org, 0, cert, joined, &id);
		if (er == APP_OK)
			demo_staff_set(
			    &out[(*n)++], id, user, name, ROLE_INSPECTOR, org, region, "", cert);
	}
	return er;
}

static enum app_err
orgs_and_staff(struct demo *d)
{
	static const struct audit_who sys = { 0, "system:demo", "demo" };
	struct stmt                  *st;
	enum app_err                  er;
	bool                          row;
	int                           i, k, added[DEMO_MAX_COUNTIES] = { 0 };
	int                           rest = DEMO_STAFF_ADDED - DEMO_STAFF_ADDED_CITY;
	const char                   *pb = NULL;
	char                          lo[16], hi[16], user[40];
	int64_t                       id;

	if ((er = seed_orgs(d->s, d->a, &sys, &d->seed, &pb)) != APP_OK)
		return demo_failed(d, pb ? pb : "seed_orgs", er, NULL);
	/* The other 24 departments. */
	for (i = 0; i < DEMO_DEPARTMENTS; i++) {
		json_t *in, *errs, *secs;
		char   *list, *tok, *save;

		d->dept[i].abbr = departments[i].abbr;
		if ((d->dept[i].org = one_id(d, sql_dept_by_abbr, departments[i].abbr)) > 0)
			continue;
		secs = json_array();
		list = arena_strdup(d->a, departments[i].sectors);
		for (tok = strtok_r(list, ",", &save); tok; tok = strtok_r(NULL, ",", &save))
			json_array_append_new(secs, json_string(tok));
		in = json_pack("{s:s, s:s, s:s, s:s, s:o}", "name",
		    arena_printf(d->a, "%s%s", d->city_name, departments[i].name), "abbr",
		    departments[i].abbr, "kind", "department", "region_code", d->city_code,
		    "sectors", secs);
		if (strcmp(departments[i].abbr, "市消防救援支队") == 0)
			json_object_set_new(in, "name",
			    json_string(arena_printf(d->a, "%s消防救援支队", d->city_name)));
		errs = json_array();
		er = org_create(d->s, d->a, &sys, in, errs, &d->dept[i].org);
		if (er != APP_OK)
			er = demo_failed(d, departments[i].name, er, errs);
		json_decref(in);
		json_decref(errs);
		if (er != APP_OK)
			return er;
	}
	d->ndept = DEMO_DEPARTMENTS;

	/* The banners/districts, their bureaus and places. */
	st = store_stmt(d->s, sql_counties);
	stmt_bind_text(st, 1, d->city_code);
	while ((er = stmt_step(st, &row)) == APP_OK && row && d->ncounty < DEMO_MAX_COUNTIES) {
		struct demo_county *c = &d->county[d->ncounty++];

		snprintf(c->code, sizeof(c->code), "%s", stmt_text(st, 0));
		c->name = arena_strdup(d->perm, stmt_text(st, 1));
	}
	stmt_reset(st);
	if (er != APP_OK || d->ncounty == 0)
		return demo_failed(d, "counties", er, NULL);
	for (i = 0; i < d->ncounty; i++) {
		struct demo_county *c = &d->county[i];

		c->pinyin = arena_printf(d->perm, "q%s", c->code);
		c->lat = 39.6;
		c->lon = 109.8;
		for (k = 0; k < (int)(sizeof(known_counties) / sizeof(known_counties[0])); k++)
			if (strcmp(known_counties[k].code, c->code) == 0) {
				c->pinyin = known_counties[k].pinyin;
				c->lat = known_counties[k].lat;
				c->lon = known_counties[k].lon;
			}
		c->org = one_id(d, sql_org_of, c->code);
		c->places = arena_alloc(d->perm, 64 * sizeof(*c->places));
		c->zone = arena_zalloc(d->perm, 64 * sizeof(bool));
		st = store_stmt(d->s, sql_places);
		stmt_bind_text(st, 1, c->code);
		while ((er = stmt_step(st, &row)) == APP_OK && row && c->nplaces < 64) {
			c->zone[c->nplaces] = strcmp(stmt_text(st, 1), "zone") == 0;
			snprintf(c->places[c->nplaces++], 16, "%s", stmt_text(st, 0));
		}
		stmt_reset(st);
		if (c->nplaces == 0) /* a county without townships in the data: itself */
			snprintf(c->places[c->nplaces++], 16, "%s", c->code);
		region_range(c->code, lo, hi);
		(void)lo;
		(void)hi;
	}

	/* The demo accounts of `init --demo`; then the staff of every bureau. */
	if ((er = seed_accounts(d->s, d->a, &sys, &d->seed, d->password_hash, &pb)) != APP_OK)
		return demo_failed(d, pb ? pb : "seed_accounts", er, NULL);
	demo_staff_set(&d->admin, one_id(d, sql_user_id, "admin"), "admin", "系统管理员",
	    ROLE_ADMIN, 0, "", "", NULL);
	demo_staff_set(&d->city, one_id(d, sql_user_id, "city"), "city", "市局安全生产法治科",
	    ROLE_CITY, d->seed.city, d->city_code, "", NULL);
	demo_staff_set(&d->reviewer, one_id(d, sql_user_id, "reviewer"), "reviewer", "李审核",
	    ROLE_REVIEWER, d->seed.legal, d->city_code, "", NULL);
	d->dept[0].user = arena_zalloc(d->perm, sizeof(struct demo_staff));
	demo_staff_set(d->dept[0].user, one_id(d, sql_user_id, "zhujian"), "zhujian",
	    "市住建局安全科", ROLE_DEPARTMENT, d->dept[0].org, d->city_code,
	    ",construction,city_gas,", NULL);

	/* 129 professional staff added in the year (31 at the city bureau), the rest spread
	 * over the banners/districts; and those who were there before. */
	for (i = 0; i < rest; i++)
		added[i % d->ncounty]++;
	d->city_insp = arena_zalloc(d->perm, 64 * sizeof(struct demo_staff));
	er = add_inspectors(d, d->seed.city, d->city_code, "city", DEMO_STAFF_ADDED_CITY, 12,
	    d->city_insp, &d->ncity_insp);
	for (i = 0; i < d->ncounty && er == APP_OK; i++) {
		struct demo_county *c = &d->county[i];
		const char         *name;

		c->insp = arena_zalloc(d->perm, 40 * sizeof(struct demo_staff));
		c->district = arena_zalloc(d->perm, sizeof(struct demo_staff));
		c->reviewer = arena_zalloc(d->perm, sizeof(struct demo_staff));
		if (strcmp(c->code, d->seed.district_code) == 0) {
			/* The demo district: its accounts exist (dongsheng, inspector). */
			demo_staff_set(c->district, one_id(d, sql_user_id, "dongsheng"),
			    "dongsheng", "东胜区应急管理局", ROLE_DISTRICT, c->org, c->code, "",
			    NULL);
			demo_staff_set(&c->insp[c->ninsp++], one_id(d, sql_user_id, "inspector"),
			    "inspector", "张执法", ROLE_INSPECTOR, c->org, c->code, "",
			    "15060220240001");
		} else {
			name = arena_printf(d->a, "%s应急管理局", c->name);
			if ((er = add_user(d, c->pinyin, name, "district", c->org, 0, NULL, NULL,
				 &id)) != APP_OK)
				break;
			demo_staff_set(c->district, id, c->pinyin, name, ROLE_DISTRICT, c->org,
			    c->code, "", NULL);
		}
		snprintf(user, sizeof(user), "fz.%s", c->pinyin);
		name = arena_printf(d->a, "%s", demo_person(d));
		if ((er = add_user(d, user, name, "reviewer", c->org, 0, NULL, joined_earlier(d),
			 &id)) != APP_OK)
			break;
		demo_staff_set(
		    c->reviewer, id, user, name, ROLE_REVIEWER, c->org, c->code, "", NULL);
		er = add_inspectors(d, c->org, c->code, c->pinyin, added[i], 6, c->insp, &c->ninsp);
	}
	/* A user for every department (the demo one of 住建 exists). */
	for (i = 1; i < d->ndept && er == APP_OK; i++) {
		const char *name = arena_printf(d->a, "%s安全科", departments[i].abbr);
		char        secs[96];

		snprintf(secs, sizeof(secs), ",%s,", departments[i].sectors);
		er = add_user(d, departments[i].login, name, "department", d->dept[i].org, 0, NULL,
		    NULL, &id);
		if (er == APP_OK) {
			d->dept[i].user = arena_zalloc(d->perm, sizeof(struct demo_staff));
			demo_staff_set(d->dept[i].user, id, departments[i].login, name,
			    ROLE_DEPARTMENT, d->dept[i].org, d->city_code, secs, NULL);
		}
	}
	return er;
}

/* ---- enterprises ---- */

static uint64_t
fnv(const char *s)
{
	uint64_t h = 1469598103934665603ULL;

	while (*s)
		h = (h ^ (unsigned char)*s++) * 1099511628211ULL;
	return h ? h : 1;
}

/* A set of name hashes, to keep the generated names apart. */
#define NAMESET 16384
static bool
name_new(uint64_t *set, const char *name)
{
	uint64_t h = fnv(name);
	size_t   i = h % NAMESET;

	while (set[i] != 0) {
		if (set[i] == h)
			return false;
		i = (i + 1) % NAMESET;
	}
	set[i] = h;
	return true;
}

static int
county_of(struct demo *d, const char *region)
{
	int i;

	for (i = 0; i < d->ncounty; i++)
		if (strncmp(region, d->county[i].code, strlen(d->county[i].code)) == 0)
			return i;
	return -1;
}

static int
sector_of(const char *code)
{
	int i;

	for (i = 0; i < SEC__MAX; i++)
		if (strcmp(demo_sector_codes[i], code) == 0)
			return i;
	return SEC_OTHER;
}

static const char sql_ents[] =
    "SELECT id, uscc, region_code, sector, employees, scale FROM enterprises ORDER BY id";

/* The enterprises written so far, into d->ents (the CSV's, then each generated one). */
static void
remember(struct demo *d, int64_t id, const char *uscc, const char *region, const char *sector,
    int employees, const char *scale)
{
	struct demo_ent *e = &d->ents[d->nents++];

	e->id = id;
	snprintf(e->uscc, sizeof(e->uscc), "%s", uscc);
	snprintf(e->region, sizeof(e->region), "%s", region);
	e->county = county_of(d, region);
	e->sector = sector_of(sector);
	e->employees = employees;
	e->large = strcmp(scale, "large") == 0 || strcmp(scale, "medium") == 0;
}

static enum app_err
one_enterprise(struct demo *d, uint64_t *names, struct demo_county *c, int ci)
{
	static const char *const scales[] = { "large", "medium", "small", "micro" };
	static const char *const colours[] = { "red", "orange", "yellow", "blue" };
	static const char *const suffix[] = { "有限公司", "有限责任公司", "股份有限公司", NULL };
	int                      w[SEC__MAX], k, sec, scale, p, colour, emp, tries = 0;
	const char              *name, *prefix, *place;
	char                     uscc[20];
	json_t                  *in, *errs;
	enum app_err er;
	int64_t      id;
	bool         hazchem, mhs, zone_first;

	/* The sector, weighted by the banner's industry. */
	for (k = 0; k < SEC__MAX; k++)
		w[k] = sector_weight[k];
	for (k = 0; k < (int)(sizeof(known_counties) / sizeof(known_counties[0])); k++)
		if (strcmp(known_counties[k].code, c->code) == 0) {
			w[SEC_COAL] = w[SEC_COAL] * known_counties[k].coal / 100;
			w[SEC_CHEMICAL] = w[SEC_CHEMICAL] * known_counties[k].chemical / 100;
		}
	sec = demo_weighted(d, w, SEC__MAX);
	/* Chemicals and fireworks sit in the development zones where there are any. */
	zone_first = sec == SEC_CHEMICAL || sec == SEC_FIREWORKS || sec == SEC_EXPLOSIVES;
	p = demo_below(d, c->nplaces);
	for (k = 0; zone_first && k < c->nplaces; k++)
		if (c->zone[(p + k) % c->nplaces]) {
			p = (p + k) % c->nplaces;
			break;
		}
	place = c->places[p];
	do {
		int r = demo_below(d, 10);

		prefix = r < 4 ? d->city_name : r < 6 ? "内蒙古" : c->name;
		name = arena_printf(d->a, "%s%s%s%s%s", prefix, demo_pick(d, brand),
		    demo_pick(d, brand), demo_pick(d, sector_words[sec]), demo_pick(d, suffix));
	} while (!name_new(names, name) && ++tries < 50);
	/* 统一社会信用代码: 9 (工商) 1 (企业), the registering region, a 9-character body,
	 * and the GB 32100 check character. */
	do {
		snprintf(uscc, sizeof(uscc), "91%.6s", place);
		for (k = 8; k < 17; k++)
			uscc[k] = USCC_CHARSET[demo_below(d, 31)];
		uscc[17] = '\0';
		uscc[17] = uscc_check_char(uscc);
		uscc[18] = '\0';
	} while (!uscc_valid(uscc));
	scale = sec == SEC_COAL || sec == SEC_POWER
	    ? demo_weighted(d, (const int[]){ 25, 45, 25, 5 }, 4)
	    : sec == SEC_CHEMICAL ? demo_weighted(d, (const int[]){ 15, 40, 35, 10 }, 4)
				  : demo_weighted(d, (const int[]){ 3, 17, 45, 35 }, 4);
	emp = scale == 0 ? demo_between(d, 1000, 6000)
	    : scale == 1 ? demo_between(d, 300, 999)
	    : scale == 2 ? demo_between(d, 20, 299)
			 : demo_between(d, 3, 19);
	hazchem = sec == SEC_CHEMICAL || sec == SEC_GAS || sec == SEC_FIREWORKS ||
	    sec == SEC_EXPLOSIVES || (sec == SEC_TRADE && demo_chance(d, 0.15)) ||
	    (sec == SEC_POWER && demo_chance(d, 0.3));
	mhs = (sec == SEC_CHEMICAL && demo_chance(d, 0.45)) ||
	    (sec == SEC_GAS && demo_chance(d, 0.25)) || (sec == SEC_POWER && demo_chance(d, 0.1));
	colour = sec == SEC_COAL || sec == SEC_CHEMICAL
	    ? demo_weighted(d, (const int[]){ 10, 25, 40, 25 }, 4)
	    : demo_weighted(d, (const int[]){ 2, 8, 30, 60 }, 4);
	in = json_pack("{s:s, s:s, s:s, s:s, s:s, s:f, s:f, s:s, s:i, s:s, s:s, s:s, s:s, s:b, s:b,"
		       " s:s, s:I}",
	    "name", name, "uscc", uscc, "region_code", place, "sector", demo_sector_codes[sec],
	    "address",
	    arena_printf(d->a, "%s%s%d号", c->name,
		demo_pick(d,
		    (const char *const[]){ "工业园区", "经济开发区", "北路", "南路", "东街", "西街",
			"产业大道", "能源路", NULL }),
		demo_between(d, 1, 399)),
	    "lat", c->lat + (demo_between(d, -3000, 3000) / 10000.0), "lon",
	    c->lon + (demo_between(d, -4000, 4000) / 10000.0), "scale", scales[scale], "employees",
	    emp, "legal_rep", demo_person(d), "principal", demo_person(d), "principal_phone",
	    demo_mobile(d), "safety_manager", demo_person(d), "hazchem", hazchem,
	    "major_hazard_source", mhs, "risk_color", colours[colour], "supervising_org_id",
	    (json_int_t)c->org);
	errs = json_array();
	er = enterprise_insert(d->s, d->a, &c->district->sc, &c->district->who, in, errs, &id);
	if (er != APP_OK)
		er = demo_failed(d, name, er, errs);
	else {
		remember(d, id, uscc, place, demo_sector_codes[sec], emp, scales[scale]);
		d->ents[d->nents - 1].county = ci;
	}
	json_decref(in);
	json_decref(errs);
	return er == APP_OK ? demo_tick(d) : er;
}

static enum app_err
enterprises(struct demo *d)
{
	uint64_t    *names = calloc(NAMESET, sizeof(uint64_t));
	int          w[DEMO_MAX_COUNTIES], i, k;
	struct stmt *st;
	enum app_err er = APP_OK;
	bool         row;

	if (names == NULL)
		abort();
	d->ents = arena_zalloc(d->perm, (GENERATED_ENTERPRISES + 200) * sizeof(struct demo_ent));
	/* The 48 of `init --demo` (imported by seed_accounts' caller: seed_enterprises). */
	st = store_stmt(d->s, sql_ents);
	while ((er = stmt_step(st, &row)) == APP_OK && row && d->nents < 200)
		remember(d, stmt_i64(st, 0), stmt_text(st, 1), stmt_text(st, 2), stmt_text(st, 3),
		    (int)stmt_i64(st, 4), stmt_text(st, 5));
	stmt_reset(st);
	for (i = 0; i < d->ncounty; i++) {
		w[i] = 10;
		for (k = 0; k < (int)(sizeof(known_counties) / sizeof(known_counties[0])); k++)
			if (strcmp(known_counties[k].code, d->county[i].code) == 0)
				w[i] = known_counties[k].weight;
	}
	for (i = 0; i < GENERATED_ENTERPRISES && er == APP_OK; i++) {
		k = demo_weighted(d, w, d->ncounty);
		er = one_enterprise(d, names, &d->county[k], k);
		if (i % 256 == 0)
			arena_reset(d->a);
	}
	free(names);
	return er;
}

/* Every enterprise's safety officer (企业安全员) gets an account: e + its USCC. */
static enum app_err
enterprise_users(struct demo *d)
{
	struct demo_staff *st = malloc(sizeof(*st));
	enum app_err       er = APP_OK;
	int                i;
	int64_t            id;

	if (st == NULL)
		abort();
	for (i = 0; i < d->nents && er == APP_OK; i++) {
		demo_ent_staff(d, i, st);
		er = add_user(
		    d, st->username, "企业安全员", "enterprise", 0, d->ents[i].id, NULL, NULL, &id);
		d->ents[i].user_id = id;
		if (i % 256 == 0)
			arena_reset(d->a);
	}
	free(st);
	return er;
}

enum app_err
demo_people(struct demo *d)
{
	static const struct audit_who sys = { 0, "system:demo", "demo" };
	const char                   *pb = NULL;
	enum app_err                  er;
	int                           i;

	/* Orgs first, then the CSV's enterprises (the demo enterprise account needs one),
	 * then the accounts, then the generated enterprises. */
	if ((er = seed_enterprises(d->s, &sys, &pb)) != APP_OK)
		return demo_failed(d, pb ? pb : "seed_enterprises", er, NULL);
	if ((er = orgs_and_staff(d)) != APP_OK || (er = enterprises(d)) != APP_OK ||
	    (er = enterprise_users(d)) != APP_OK)
		return er;
	/* Each banner/district's enterprises, for drawing from. */
	for (i = 0; i < d->ncounty; i++)
		d->county[i].ents = arena_alloc(d->perm, (size_t)d->nents * sizeof(int));
	for (i = 0; i < d->nents; i++) {
		struct demo_county *c;

		if (d->ents[i].county < 0)
			continue;
		c = &d->county[d->ents[i].county];
		c->ents[c->nents++] = i;
	}
	return APP_OK;
}
