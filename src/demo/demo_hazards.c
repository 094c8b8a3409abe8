/*
 * The demo year's inspections and hazards. Every hazard is planned first — where it comes
 * from (enterprise self-inspection, a government inspection's failed item, a complaint, an
 * accident investigation), the day it is found, general or major, and its fate: closed in
 * the year, closed the next year, still open today, or voided — so that the year's counts
 * come out exactly as the report states (found 9.11万, rectified 8.58万, major 339 / 333).
 * Then each is written and moved through its rectification with hazard_insert /
 * inspection_create and hazard_transition on the days the plan gives.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/timeutil.h"
#include "demo/demo_impl.h"
#include "enforce/supervision.h"
#include "hazard/hazard.h"
#include "hazard/inspection.h"
#include "standard/standard.h"
#include "store/store.h"

#define GOV_INSPECTIONS 10600 /* besides the door-to-door ones */
#define GOV_MAJORS 236        /* inspections finding a major hazard */
#define COMPLAINT_GENERAL 1150
#define COMPLAINT_MAJORS 9
#define ACCIDENT_GENERAL 3 /* per accident */
#define ACCIDENT_MAJORS 2
#define VOIDED 37
#define OPEN_NOW_GENERAL 38
#define OPEN_NOW_MAJOR 2
#define LISTED_MAJORS 12 /* closed ones that were listed (挂牌督办) on the way */
#define IMMEDIATE_SHARE 0.85

enum src { S_SELF, S_GOV, S_COMPLAINT, S_ACCIDENT };
enum fate { F_CLOSED_Y, F_CLOSED_LATER, F_OPEN_NOW, F_VOID };

struct hz {
	int32_t ent;
	int16_t day; /* found: days after 1 January */
	uint8_t src, fate, open_state;
	bool    major, immediate, reject, listed;
	int32_t insp; /* GOV: the inspection spec */
	int64_t item; /* major: the standard item */
	int16_t text;
	int     score; /* for choosing those still open at the end of the year */
	int64_t id;    /* once written */
};

struct ispec {
	int32_t ent;
	int16_t day;
	uint8_t kind, nfail, group_door;
	bool    door, city;
	int     group;
	int64_t major_item;
	int32_t first_hz;
};

static const char *const kinds[] = { "routine", "campaign", "concentrated", "joint", "cross" };

/* What inspectors and enterprises find (the general hazards), with where and what kind. */
static const struct {
	const char *text, *location, *category;
	int         sector; /* -1: any */
} findings[] = {
	{ "消防通道堆放杂物，影响疏散", "厂区消防通道", "消防安全", -1 },
	{ "安全警示标志缺失或损坏", "生产车间", "作业环境", -1 },
	{ "灭火器压力不足、未定期检查", "仓库", "消防安全", -1 },
	{ "电气线路私拉乱接，未穿管保护", "配电室", "电气安全", -1 },
	{ "安全教育培训记录不完整", "办公区", "安全管理", -1 },
	{ "隐患排查治理记录未如实填写", "办公区", "安全管理", -1 },
	{ "应急预案未按规定组织演练", "办公区", "应急管理", -1 },
	{ "从业人员未正确佩戴劳动防护用品", "生产车间", "人员行为", -1 },
	{ "设备防护罩缺失，转动部位裸露", "生产车间", "设备设施", -1 },
	{ "安全出口指示标志不亮", "办公楼", "消防安全", -1 },
	{ "特种作业人员操作证过期", "生产车间", "安全管理", -1 },
	{ "配电箱未接地、门锁损坏", "配电室", "电气安全", -1 },
	{ "井下局部通风机未实现双电源自动切换", "井下采区", "设备设施", SEC_COAL },
	{ "采煤工作面支护不及时", "综采工作面", "作业环境", SEC_COAL },
	{ "井下电缆吊挂不规范", "主斜井", "电气安全", SEC_COAL },
	{ "瓦斯检查记录填写不规范", "回风巷", "安全管理", SEC_COAL },
	{ "储罐区可燃气体报警器未定期标定", "储罐区", "危化品管理", SEC_CHEMICAL },
	{ "装卸作业未执行静电接地", "装卸区", "危化品管理", SEC_CHEMICAL },
	{ "动火作业票证审批不全", "生产装置区", "安全管理", SEC_CHEMICAL },
	{ "危险化学品仓库物品混存", "危化品仓库", "危化品管理", SEC_CHEMICAL },
	{ "露天采场台阶坡面角超过设计", "露天采场", "作业环境", SEC_MINE },
	{ "排土场未设置安全挡墙", "排土场", "设备设施", SEC_MINE },
	{ "有限空间作业未先通风检测", "除尘系统", "作业环境", SEC_TRADE },
	{ "粉尘清扫制度未落实", "打磨车间", "作业环境", SEC_TRADE },
	{ "脚手架连墙件设置不足", "施工现场", "设备设施", SEC_CONSTRUCTION },
	{ "临边洞口防护缺失", "施工现场", "作业环境", SEC_CONSTRUCTION },
	{ "车辆动态监控未及时处理报警", "调度中心", "安全管理", SEC_ROAD },
	{ "驾驶员超时驾驶", "运输车辆", "人员行为", SEC_ROAD },
	{ "餐饮场所燃气报警装置未安装", "后厨", "设备设施", SEC_GAS },
	{ "燃气调压箱锈蚀", "燃气调压站", "设备设施", SEC_GAS },
	{ "变电站消防器材配置不足", "变电站", "消防安全", SEC_POWER },
};
#define NFINDINGS ((int)(sizeof(findings) / sizeof(findings[0])))

static const char *const measures[] = { "立即清理整改并安排专人每日巡查",
	"更换损坏设施，建立维护保养台账", "组织专项培训，补齐相关记录",
	"停止相关作业，整改验收后方可恢复", "完善管理制度，明确岗位责任", NULL };
static const char *const contingencies[] = {
	"制定专项应急预案，整改期间加强监测监控，落实停产撤人措施",
	"整改期间设置警戒区域，安排专人值守，配备应急物资",
	"编制重大事故隐患治理应急预案，组织一次专项演练", NULL
};

static int
finding_for(struct demo *d, int sector)
{
	int k, tries;

	/* Half the time one of the sector's own, when it has any. */
	if (demo_chance(d, 0.5))
		for (tries = 0; tries < 8; tries++) {
			k = 12 + demo_below(d, NFINDINGS - 12);
			if (findings[k].sector == sector)
				return k;
		}
	return demo_below(d, 12);
}

/* A day of the year: months weighted (fewer at the Spring Festival, more in 安全生产月). */
static int
rand_day(struct demo *d, bool working)
{
	static const int month_w[12] = { 7, 5, 9, 9, 9, 11, 8, 8, 9, 7, 9, 9 };
	static const int mdays[12] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int              m = demo_weighted(d, month_w, 12), dd;
	int64_t          day, yend = demo_day(d, 12, 31);

	dd = demo_between(d, 1, mdays[m]);
	if (m == 1 && dd == 29 && (d->year % 4 != 0))
		dd = 28;
	day = demo_day(d, m + 1, dd);
	if (working) {
		day = demo_workday(day);
		while (day > yend)
			day -= 3;
		day = day < d->y0 ? d->y0 : day;
	}
	return (int)(day - d->y0);
}

static const char sql_items[] =
    "SELECT i.id, s.sector FROM standard_items i JOIN standards s ON s.id = i.standard_id"
    " WHERE i.citable = 1 AND i.retired = 0 AND i.confidence = 'normal' ORDER BY i.id";
static const char sql_item_text[] = "SELECT text FROM standard_items WHERE id = ?1";
static const char sql_hazards_of[] = "SELECT id FROM hazards WHERE inspection_id = ?1 ORDER BY id";

/* The standard items citable on every day of the year, by the sector of their standard. */
static enum app_err
load_items(struct demo *d)
{
	struct stmt *st = store_stmt(d->s, sql_items);
	const char  *why, *first = demo_date(d, d->y0), *last = demo_date(d, demo_day(d, 12, 31));
	int64_t     *ids = malloc(4000 * sizeof(int64_t));
	int         *sec = malloc(4000 * sizeof(int));
	int          n = 0, i, k;
	enum app_err er;
	bool         row;

	if (ids == NULL || sec == NULL)
		abort();
	while ((er = stmt_step(st, &row)) == APP_OK && row && n < 4000) {
		ids[n] = stmt_i64(st, 0);
		for (k = 0; k < SEC__MAX && strcmp(demo_sector_codes[k], stmt_text(st, 1)) != 0;
		     k++)
			continue;
		sec[n++] = k;
	}
	stmt_reset(st);
	for (k = 0; k < SEC__MAX; k++)
		d->items[k] = arena_alloc(d->perm, (size_t)(n + 1) * sizeof(int64_t));
	for (i = 0; i < n && er == APP_OK; i++) {
		if (sec[i] >= SEC__MAX)
			continue;
		if (standard_item_citable(d->s, d->a, ids[i], first, &why) == APP_OK &&
		    standard_item_citable(d->s, d->a, ids[i], last, &why) == APP_OK)
			d->items[sec[i]][d->nitems[sec[i]]++] = ids[i];
	}
	free(ids);
	free(sec);
	return er;
}

static int64_t
item_for(struct demo *d, int sector)
{
	return d->nitems[sector] > 0 ? d->items[sector][demo_below(d, d->nitems[sector])] : 0;
}

/* An enterprise of the banner/district (or of the city), of one of the sectors (mask). */
static int
ent_in(struct demo *d, int county, unsigned sectors)
{
	const struct demo_county *c = &d->county[county];
	int                       i, e;

	for (i = 0; i < 64; i++) {
		e = c->nents > 0 ? c->ents[demo_below(d, c->nents)] : demo_below(d, d->nents);
		if (sectors == 0 || (sectors & (1u << d->ents[e].sector)))
			return e;
	}
	return c->nents > 0 ? c->ents[0] : 0;
}

static int
any_ent(struct demo *d)
{
	int e;

	do
		e = demo_below(d, d->nents);
	while (d->ents[e].county < 0);
	return e;
}

/* ---- the plan ---- */

struct plan {
	struct ispec *is;
	int           nis;
	struct hz    *h;
	int           nh, cap;
};

static struct hz *
new_hz(struct plan *p, int ent, int day, enum src src, bool major)
{
	struct hz *h;

	if (p->nh == p->cap) {
		p->cap = p->cap ? p->cap * 2 : 65536;
		if ((p->h = realloc(p->h, (size_t)p->cap * sizeof(*p->h))) == NULL)
			abort();
	}
	h = &p->h[p->nh++];
	memset(h, 0, sizeof(*h));
	h->ent = ent;
	h->day = (int16_t)day;
	h->src = (uint8_t)src;
	h->major = major;
	h->insp = -1;
	return h;
}

static int
by_score_desc(const void *a, const void *b)
{
	const struct hz *x = *(struct hz *const *)a, *y = *(struct hz *const *)b;

	return x->score != y->score ? y->score - x->score : (x < y ? -1 : x > y);
}

static void
make_plan(struct demo *d, struct plan *p)
{
	unsigned door_sectors = 1u << SEC_TRADE | 1u << SEC_GAS | 1u << SEC_FIRE | 1u << SEC_OTHER |
	    1u << SEC_CONSTRUCTION;
	int         i, k, n, majors = 0, found = 0, general_open, self_general;
	struct hz **order;
	int         norder = 0;

	p->is = calloc(GOV_INSPECTIONS + DEMO_DOOR_INSPECTIONS, sizeof(struct ispec));
	if (p->is == NULL)
		abort();
	/* Door-to-door visits: a few inspections each, in one banner/district on one day. */
	for (n = 0; n < DEMO_DOOR_INSPECTIONS;) {
		int c = demo_below(d, d->ncounty), day = rand_day(d, true);
		int size = demo_between(d, 1, 5);

		for (k = 0; k < size && n < DEMO_DOOR_INSPECTIONS; k++, n++) {
			struct ispec *s = &p->is[p->nis++];

			s->ent = ent_in(d, c, door_sectors);
			s->day = (int16_t)day;
			s->door = true;
			s->group = d->ndoor_groups;
			s->nfail = (uint8_t)demo_weighted(d, (const int[]){ 55, 35, 10 }, 3);
		}
		d->ndoor_groups++;
	}
	for (i = 0; i < GOV_INSPECTIONS; i++) {
		struct ispec *s = &p->is[p->nis++];

		s->ent = any_ent(d);
		s->day = (int16_t)rand_day(d, true);
		s->kind = (uint8_t)demo_weighted(d, (const int[]){ 50, 25, 12, 8, 5 }, 5);
		s->city = demo_chance(d, 0.08);
		s->group = -1;
		s->nfail = (uint8_t)demo_weighted(d, (const int[]){ 18, 32, 30, 15, 5 }, 5);
	}
	/* The inspections that find a major hazard: of enterprises whose sector has citable
	 * standard items. */
	while (majors < GOV_MAJORS) {
		struct ispec *s = &p->is[DEMO_DOOR_INSPECTIONS + demo_below(d, GOV_INSPECTIONS)];

		if (s->major_item == 0 && d->nitems[d->ents[s->ent].sector] > 0) {
			s->major_item = item_for(d, d->ents[s->ent].sector);
			majors++;
		}
	}
	/* Their hazards, in the order of the checklist: the major first, then the others. */
	for (i = 0; i < p->nis; i++) {
		struct ispec *s = &p->is[i];
		struct hz    *h;

		s->first_hz = p->nh;
		if (s->major_item) {
			h = new_hz(p, s->ent, s->day, S_GOV, true);
			h->item = s->major_item;
			h->insp = i;
		}
		for (k = 0; k < s->nfail; k++) {
			h = new_hz(p, s->ent, s->day, S_GOV, false);
			h->insp = i;
			h->text = (int16_t)finding_for(d, d->ents[s->ent].sector);
		}
	}
	/* Complaints (举报投诉) and accident investigations. */
	for (i = 0; i < COMPLAINT_GENERAL + COMPLAINT_MAJORS; i++) {
		int        e = any_ent(d);
		bool       major = i >= COMPLAINT_GENERAL;
		struct hz *h;

		while (major && d->nitems[d->ents[e].sector] == 0)
			e = any_ent(d);
		h = new_hz(p, e, rand_day(d, false), S_COMPLAINT, major);
		h->item = major ? item_for(d, d->ents[e].sector) : 0;
		h->text = (int16_t)finding_for(d, d->ents[e].sector);
		majors += major;
	}
	for (i = 0; i < d->nacc; i++) {
		int day = d->acc[i].day + demo_between(d, 3, 20);
		int e = d->acc[i].ent;

		if (day > demo_day(d, 12, 31) - d->y0)
			day = (int)(demo_day(d, 12, 31) - d->y0);
		for (k = 0; k < ACCIDENT_GENERAL; k++)
			new_hz(p, e, day, S_ACCIDENT, false)->text =
			    (int16_t)finding_for(d, d->ents[e].sector);
		if (i < ACCIDENT_MAJORS && d->nitems[d->ents[e].sector] > 0) {
			new_hz(p, e, day, S_ACCIDENT, true)->item = item_for(d, d->ents[e].sector);
			majors++;
		}
	}
	/* Self-inspection makes up the rest: the majors to 339, the general ones to the
	 * found total (most fixed on the spot). */
	while (majors < DEMO_MAJOR_FOUND) {
		int e = any_ent(d);

		if (d->nitems[d->ents[e].sector] == 0)
			continue;
		new_hz(p, e, rand_day(d, false), S_SELF, true)->item =
		    item_for(d, d->ents[e].sector);
		majors++;
	}
	found = p->nh;
	self_general = DEMO_HAZARDS_FOUND - found;
	for (i = 0; i < self_general; i++) {
		int        e = any_ent(d);
		struct hz *h = new_hz(p, e, rand_day(d, false), S_SELF, false);

		h->immediate = demo_chance(d, IMMEDIATE_SHARE);
		h->text = (int16_t)finding_for(d, d->ents[e].sector);
	}
	for (i = 0; i < VOIDED; i++) {
		int        e = any_ent(d);
		struct hz *h = new_hz(p, e, rand_day(d, false), S_SELF, false);

		h->fate = F_VOID;
		h->text = (int16_t)finding_for(d, d->ents[e].sector);
	}

	/* Fates. Those found late in the year are the ones still open at its end: the
	 * latest majors (6), and general ones by lateness with some noise (the rest). */
	order = malloc((size_t)p->nh * sizeof(*order));
	if (order == NULL)
		abort();
	for (i = 0; i < p->nh; i++)
		if (p->h[i].major && p->h[i].fate != F_VOID) {
			p->h[i].score = p->h[i].day * 16 + demo_below(d, 16);
			order[norder++] = &p->h[i];
		}
	qsort(order, (size_t)norder, sizeof(*order), by_score_desc);
	for (i = 0; i < DEMO_MAJOR_FOUND - DEMO_MAJOR_RECTIFIED; i++) {
		order[i]->fate = i < OPEN_NOW_MAJOR ? F_OPEN_NOW : F_CLOSED_LATER;
		order[i]->listed = i < OPEN_NOW_MAJOR;
		order[i]->open_state = 1;
	}
	/* A dozen of the others were listed on the way (found before November). */
	for (i = norder - 1, k = 0; i >= 0 && k < LISTED_MAJORS; i -= 7)
		if (order[i]->fate == F_CLOSED_Y && order[i]->day < 300) {
			order[i]->listed = true;
			k++;
		}
	norder = 0;
	for (i = 0; i < p->nh; i++)
		if (!p->h[i].major && !p->h[i].immediate && p->h[i].fate != F_VOID) {
			p->h[i].score = p->h[i].day + demo_below(d, 45);
			order[norder++] = &p->h[i];
		}
	qsort(order, (size_t)norder, sizeof(*order), by_score_desc);
	general_open =
	    DEMO_HAZARDS_FOUND - DEMO_HAZARDS_RECTIFIED - (DEMO_MAJOR_FOUND - DEMO_MAJOR_RECTIFIED);
	for (i = 0; i < general_open && i < norder; i++) {
		order[i]->fate = F_CLOSED_LATER;
		order[i]->open_state = (uint8_t)demo_below(d, 3);
	}
	/* Those still open today: spread over the open ones. */
	for (i = 0, k = 0; k < OPEN_NOW_GENERAL && i < general_open;
	     i += general_open / OPEN_NOW_GENERAL, k++)
		order[i]->fate = F_OPEN_NOW;
	for (i = 0; i < p->nh; i++)
		if (!p->h[i].immediate && p->h[i].fate != F_VOID && demo_chance(d, 0.015))
			p->h[i].reject = true;
	free(order);
}

/* ---- writing ---- */

static struct demo_staff *
inspector_of(struct demo *d, int ent, int k)
{
	int c = d->ents[ent].county;

	if (c < 0 || d->county[c].ninsp == 0)
		return &d->city_insp[k % d->ncity_insp];
	return &d->county[c].insp[k % d->county[c].ninsp];
}

static enum app_err
step(struct demo *d, struct demo_staff *who, int64_t id, json_t *in, int64_t at, const char *what)
{
	json_t      *errs = json_array();
	enum app_err er;

	er = hazard_transition(d->s, d->a, &who->actor, &who->sc, &who->who, id, in, at, errs);
	if (er != APP_OK)
		er = demo_failed(d, what, er, errs);
	json_decref(in);
	json_decref(errs);
	return er == APP_OK ? demo_tick(d) : er;
}

static enum app_err
photo_list(struct demo *d, struct demo_staff *who, json_t **out)
{
	int64_t      id;
	enum app_err er = demo_photo(d, who, &id);

	*out = er == APP_OK ? json_pack("[I]", (json_int_t)id) : NULL;
	return er;
}

/* Lists a major hazard (挂牌督办) by its banner/district's bureau. */
static enum app_err
list_hazard(struct demo *d, const struct hz *h, int64_t id, int64_t day, int64_t deadline)
{
	int                c = d->ents[h->ent].county;
	struct demo_staff *who = c >= 0 ? d->county[c].district : &d->city;
	json_t            *errs = json_array(), *in;
	enum app_err       er;
	int64_t            sid;
	static int         seq;

	in = json_pack("{s:s, s:s, s:I, s:s, s:s, s:s, s:s, s:s}", "kind", "listing", "target_type",
	    "hazard", "hazard_id", (json_int_t)id, "issued_on", demo_date(d, day), "deadline",
	    demo_date(d, deadline), "number",
	    arena_printf(
		d->a, "%s安委办督〔%d〕%d号", c >= 0 ? d->county[c].name : "市", d->year, ++seq),
	    "reason", "重大事故隐患，依法挂牌督办", "requirements",
	    "落实治理责任、措施、资金、时限和预案，按期整改销号，整改情况书面报告");
	er = supervision_create(
	    d->s, d->a, &who->actor, &who->sc, &who->who, in, demo_at(day, 10, 30), errs, &sid);
	if (er != APP_OK)
		er = demo_failed(d, "listing", er, errs);
	json_decref(in);
	json_decref(errs);
	return er == APP_OK ? demo_tick(d) : er;
}

/*
 * Moves a written hazard through its rectification: plan, completion (with a photo),
 * acceptance — a rejection on the way for some — on days after it was found; closed
 * within the year, in the next, or left where the plan leaves it.
 */
static enum app_err
rectify(struct demo *d, const struct hz *h, int64_t id, int64_t deadline)
{
	struct demo_staff ent, *acceptor;
	int64_t           found = d->y0 + h->day, yend = demo_day(d, 12, 31);
	int64_t           days[6], cap;
	json_t           *in, *ph;
	enum app_err      er;
	int               i, nsteps;

	if (h->fate == F_VOID) {
		struct demo_staff *v = d->ents[h->ent].county >= 0
		    ? d->county[d->ents[h->ent].county].district
		    : &d->city;

		return step(d, v, id,
		    json_pack(
			"{s:s, s:s}", "action", "void", "reason", "重复登记，与已登记隐患重复"),
		    demo_at(found + demo_between(d, 1, 5), 16, demo_below(d, 60)), "void");
	}
	demo_ent_staff(d, h->ent, &ent);
	acceptor = h->src == S_SELF && !h->major ? &ent : inspector_of(d, h->ent, h->ent);
	/* days: 0 plan, 1 done, 2 accept; with a rejection: 0 plan, 1 done, 2 reject,
	 * 3 done again, 4 accept (index 5 unused). */
	days[0] = found + demo_between(d, 0, 2);
	days[1] =
	    days[0] + demo_between(d, 1, (int)(deadline > days[0] + 1 ? deadline - days[0] : 1));
	for (i = 2; i < 6; i++)
		days[i] = days[i - 1] + demo_between(d, 1, 3);
	nsteps = h->reject ? 5 : 3;
	cap = h->fate == F_CLOSED_Y ? yend : d->last_day;
	if (h->fate == F_CLOSED_LATER && days[nsteps - 1] <= yend)
		days[nsteps - 1] = yend + demo_between(d, 3, 100);
	for (i = 0; i < nsteps; i++)
		if (days[i] > cap)
			days[i] = cap;
	if (h->fate == F_OPEN_NOW)
		nsteps = h->open_state; /* 0: reported, 1: rectifying, 2: awaiting acceptance */

	if (h->listed) {
		/* Listed the day after it was found (the day itself when it stays open), and
		 * never after its plan. */
		int64_t on = found + (h->fate == F_OPEN_NOW ? 0 : 1);

		er = list_hazard(d, h, id, on < days[0] ? on : days[0],
		    h->fate == F_OPEN_NOW ? yend + 30 : found + 60);
		if (er != APP_OK)
			return er;
	}
	if (nsteps < 1)
		return APP_OK;
	in = json_pack("{s:s, s:s, s:s}", "action", "submit_plan", "responsible", demo_person(d),
	    "measures", demo_pick(d, measures));
	if (h->major) {
		json_object_set_new(
		    in, "funds_fen", json_integer(demo_between64(d, 5, 300) * 1000000));
		json_object_set_new(in, "contingency", json_string(demo_pick(d, contingencies)));
		json_object_set_new(in, "deadline", json_string(demo_date(d, deadline)));
	}
	if ((er = step(d, &ent, id, in, demo_at(days[0], 11, demo_below(d, 60)), "submit_plan")) !=
	    APP_OK)
		return er;
	for (i = 1; i < nsteps; i++) {
		bool done = i == 1 || i == 3, accept = i == nsteps - 1 && !done;
		int  hh = 12 + i;

		if (done) {
			if ((er = photo_list(d, &ent, &ph)) != APP_OK)
				return er;
			in = json_pack("{s:s, s:o, s:s}", "action", "submit_done", "after_photos",
			    ph, "note", "已按整改措施完成整改，附整改后照片");
			er = step(d, &ent, id, in, demo_at(days[i], hh, demo_below(d, 60)),
			    "submit_done");
		} else if (accept)
			er = step(d, acceptor, id,
			    json_pack("{s:s, s:s}", "action", "accept", "note",
				"经现场复查，整改到位，同意销号"),
			    demo_at(days[i], hh, demo_below(d, 60)), "accept");
		else
			er = step(d, acceptor, id,
			    json_pack("{s:s, s:s}", "action", "reject", "reason",
				"整改不彻底，需重新整改"),
			    demo_at(days[i], hh, demo_below(d, 60)), "reject");
		if (er != APP_OK)
			return er;
	}
	return APP_OK;
}

static int64_t
deadline_of(struct demo *d, const struct hz *h)
{
	int64_t found = d->y0 + h->day;

	if (h->fate == F_OPEN_NOW) /* overdue today */
		return demo_day(d, 12, 31) + demo_between(d, 10, 80);
	return found + (h->major ? demo_between(d, 30, 90) : demo_between(d, 7, 30));
}

static enum app_err
one_inspection(struct demo *d, struct plan *p, int i)
{
	struct ispec          *s = &p->is[i];
	struct demo_staff     *o1, *o2;
	json_t                *items = json_array(), *in, *errs, *it;
	const struct demo_ent *e = &d->ents[s->ent];
	int64_t                day = d->y0 + s->day, id, hid;
	int                    k, npass, c = e->county, base = demo_below(d, 64);
	struct stmt           *st;
	enum app_err           er;
	bool                   row;

	if (s->city || c < 0) {
		o1 = &d->city_insp[base % d->ncity_insp];
		o2 = &d->city_insp[(base + 1) % d->ncity_insp];
	} else {
		o1 = &d->county[c].insp[base % d->county[c].ninsp];
		o2 = &d->county[c].insp[(base + 1) % d->county[c].ninsp];
	}
	if (s->major_item) {
		const struct hz *h = &p->h[s->first_hz];

		json_array_append_new(items,
		    json_pack("{s:I, s:s, s:s, s:{s:s, s:s, s:s}}", "standard_item_id",
			(json_int_t)s->major_item, "result", "fail", "note",
			"现场检查发现重大事故隐患", "hazard", "deadline",
			demo_date(d, deadline_of(d, h)), "location", "生产现场", "category",
			"重大事故隐患"));
	}
	/* Items passed: of the sector's standard and general ones. */
	npass = d->nitems[e->sector] > 0 ? demo_between(d, 1, 2) : 0;
	for (k = 0; k < npass; k++) {
		int64_t item = item_for(d, e->sector);

		if (item != s->major_item)
			json_array_append_new(items,
			    json_pack("{s:I, s:s}", "standard_item_id", (json_int_t)item, "result",
				"pass"));
	}
	for (k = 0; k < s->nfail; k++) {
		const struct hz *h = &p->h[s->first_hz + (s->major_item ? 1 : 0) + k];

		json_array_append_new(items,
		    json_pack("{s:s, s:s, s:{s:s, s:s, s:s}}", "text", findings[h->text].text,
			"result", "fail", "hazard", "deadline", demo_date(d, deadline_of(d, h)),
			"location", findings[h->text].location, "category",
			findings[h->text].category));
	}
	it = json_pack("{s:s, s:s}", "text",
	    demo_pick(d,
		(const char *const[]){ "安全生产责任制落实情况", "安全教育培训开展情况",
		    "应急预案编制及演练情况", "隐患排查治理制度落实情况", NULL }),
	    "result", "pass");
	json_array_append_new(items, it);
	in = json_pack("{s:I, s:s, s:s, s:[{s:s, s:s}, {s:s, s:s}], s:s, s:o}", "enterprise_id",
	    (json_int_t)e->id, "kind", s->door ? "routine" : kinds[s->kind], "inspected_on",
	    demo_date(d, day), "officers", "name", o1->display, "cert_no", o1->cert, "name",
	    o2->display, "cert_no", o2->cert, "summary",
	    s->door ? "进门入户送安全，现场检查" : "依法开展监督检查", "items", items);
	if (s->kind == 3 && !s->door) /* joint: with the department */
		json_object_set_new(in, "summary", json_string("会同行业主管部门联合检查"));
	errs = json_array();
	er = inspection_create(d->s, d->a, &o1->actor, &o1->sc, &o1->who, in,
	    demo_at(day, 9, demo_below(d, 60)), errs, &id);
	if (er != APP_OK)
		er = demo_failed(d, "inspection", er, errs);
	json_decref(in);
	json_decref(errs);
	if (er != APP_OK || (er = demo_tick(d)) != APP_OK)
		return er;
	d->insp[d->ninsp++] = (struct demo_insp){ id, s->ent, (int)(day - d->y0), false, s->door,
		s->door ? s->group : -1 };
	/* Its hazards, in the order they were written. */
	st = store_stmt(d->s, sql_hazards_of);
	stmt_bind_i64(st, 1, id);
	for (k = s->first_hz; (er = stmt_step(st, &row)) == APP_OK && row; k++)
		p->h[k].id = stmt_i64(st, 0);
	stmt_reset(st);
	if (er != APP_OK)
		return er;
	for (k = s->first_hz; k < p->nh && p->h[k].insp == i; k++) {
		hid = p->h[k].id;
		if ((er = rectify(d, &p->h[k], hid, deadline_of(d, &p->h[k]))) != APP_OK)
			return er;
	}
	return APP_OK;
}

/* At most n characters of UTF-8 text (an arena copy). */
static const char *
utf8_prefix(struct demo *d, const char *s, int n)
{
	const char *p = s;

	while (*p != '\0' && n-- > 0)
		for (p++; (*p & 0xC0) == 0x80; p++)
			continue;
	return arena_strndup(d->a, s, (size_t)(p - s));
}

/* A hazard that no inspection made: self-inspection, complaint, accident investigation. */
static enum app_err
one_hazard(struct demo *d, const struct hz *h)
{
	static const char *const sources[] = { "self_inspection", "government_inspection",
		"complaint", "accident_investigation" };
	struct demo_staff        ent, *who;
	int64_t                  found = d->y0 + h->day, id, deadline = deadline_of(d, h);
	json_t                  *in, *errs, *ph;
	const char              *desc;
	enum app_err             er;
	int                      t = h->text;

	demo_ent_staff(d, h->ent, &ent);
	who = h->src == S_SELF ? &ent : inspector_of(d, h->ent, h->day);
	if (h->major) {
		struct stmt *st = store_stmt(d->s, sql_item_text);

		stmt_bind_i64(st, 1, h->item);
		{
			bool row;

			desc = stmt_step(st, &row) == APP_OK && row
			    ? utf8_prefix(d, stmt_text(st, 0), 900)
			    : "重大事故隐患";
			stmt_reset(st);
		}
	} else
		desc = findings[t].text;
	in = json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s}", "enterprise_id",
	    (json_int_t)d->ents[h->ent].id, "source", sources[h->src], "found_on",
	    demo_date(d, found), "description", desc, "location",
	    h->major ? "生产现场" : findings[t].location, "category",
	    h->major ? "重大事故隐患" : findings[t].category, "level",
	    h->major ? "major" : "general");
	if (h->major)
		json_object_set_new(in, "standard_item_id", json_integer(h->item));
	if (h->immediate) {
		if ((er = photo_list(d, &ent, &ph)) != APP_OK) {
			json_decref(in);
			return er;
		}
		json_object_set_new(in, "immediate", json_true());
		json_object_set_new(in, "after_photos", ph);
		json_object_set_new(in, "measures", json_string("现场立即整改"));
		json_object_set_new(in, "note", json_string("即查即改"));
	} else {
		json_object_set_new(in, "deadline", json_string(demo_date(d, deadline)));
		json_object_set_new(in, "measures", json_string(demo_pick(d, measures)));
	}
	errs = json_array();
	er = hazard_insert(d->s, d->a, &who->actor, &who->sc, &who->who, in, 0,
	    demo_at(found, 9, demo_below(d, 120)), errs, &id);
	if (er != APP_OK)
		er = demo_failed(d, "hazard", er, errs);
	json_decref(in);
	json_decref(errs);
	if (er != APP_OK || (er = demo_tick(d)) != APP_OK)
		return er;
	return h->immediate ? APP_OK : rectify(d, h, id, deadline);
}

enum app_err
demo_hazards(struct demo *d)
{
	struct plan  p = { 0 };
	enum app_err er;
	int          i;

	if ((er = load_items(d)) != APP_OK)
		return demo_failed(d, "standard items", er, NULL);
	make_plan(d, &p);
	d->insp = arena_alloc(d->perm, (size_t)p.nis * sizeof(struct demo_insp));
	for (i = 0; i < p.nis && er == APP_OK; i++) {
		er = one_inspection(d, &p, i);
		if (i % 64 == 0)
			arena_reset(d->a);
	}
	for (i = 0; i < p.nh && er == APP_OK; i++) {
		if (p.h[i].src == S_GOV)
			continue;
		er = one_hazard(d, &p.h[i]);
		if (i % 256 == 0)
			arena_reset(d->a);
	}
	free(p.is);
	free(p.h);
	return er;
}
