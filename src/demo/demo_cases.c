/*
 * The demo year's accidents, law-enforcement cases and supervision actions. Cases are
 * planned first — party, provision, penalty, mode, how far they get — and their fines set
 * so that the fines of the decided ones total the report's 7125余万元; then each is filed
 * and moved through the procedure of 行政处罚法 (investigation, legal review where the
 * penalty needs it, notice, waiver or hearing, decision, service, payment, closing) on
 * working days that keep every statutory period.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "accident/accident.h"
#include "core/arena.h"
#include "core/timeutil.h"
#include "core/workday.h"
#include "demo/demo_impl.h"
#include "enforce/case.h"
#include "enforce/supervision.h"
#include "store/store.h"

#define ACCIDENTS 8
#define ACCIDENT_CASES 6
#define REVOKED 6
/* 较大数额 (the defaults of case.c): the fines that need 法制审核 and may be heard. */
#define HEAVY_UNIT_FEN 3000000LL
#define HEAVY_PERSON_FEN 1000000LL
#define WAN 1000000LL /* 1万元 in fen */

/* ---- accidents ---- */

enum app_err
demo_accidents(struct demo *d)
{
	static const struct {
		const char *type, *what;
		int         sector;
	} kinds[] = {
		{ "冒顶片帮", "井下综采工作面发生冒顶", SEC_COAL },
		{ "车辆伤害", "矿区运输车辆倒车时碾压作业人员", SEC_COAL },
		{ "中毒和窒息", "检修作业人员进入储罐未检测，发生中毒窒息", SEC_CHEMICAL },
		{ "高处坠落", "作业人员在脚手架上作业时坠落", SEC_CONSTRUCTION },
		{ "机械伤害", "设备检修时未停机挂牌，作业人员被卷入", SEC_TRADE },
		{ "物体打击", "吊装作业中钢构件坠落击中作业人员", SEC_CONSTRUCTION },
		{ "灼烫", "物料泄漏造成作业人员灼伤", SEC_CHEMICAL },
		{ "触电", "临时用电线路破损致作业人员触电", SEC_TRADE },
	};
	enum app_err er = APP_OK;
	int          i, e, tries;

	for (i = 0; i < ACCIDENTS && er == APP_OK; i++) {
		struct demo_staff *who;
		json_t            *in, *errs;
		int64_t            day, occurred, reported, id;
		int                c;

		for (tries = 0, e = demo_below(d, d->nents); tries < 5000 &&
		     (d->ents[e].sector != kinds[i].sector || d->ents[e].county < 0);
		     tries++)
			e = demo_below(d, d->nents);
		c = d->ents[e].county >= 0 ? d->ents[e].county : 0;
		who = d->county[c].district;
		/* Spread over the year, the last by the end of October (investigated within it). */
		day = demo_day(d, 1 + i * 10 / ACCIDENTS, demo_between(d, 3, 27));
		occurred = demo_at(day, demo_between(d, 7, 20), demo_below(d, 60));
		reported = occurred + demo_between(d, 15, 55) * MS_PER_MIN;
		in = json_pack("{s:s, s:s, s:s, s:I, s:s, s:b, s:s, s:s, s:i, s:i, s:I}",
		    "occurred_at", demo_instant(d, occurred), "reported_at",
		    demo_instant(d, reported), "region_code", d->ents[e].region, "enterprise_id",
		    (json_int_t)d->ents[e].id, "type", kinds[i].type, "road_traffic", false,
		    "location", "生产作业现场", "description", kinds[i].what, "deaths",
		    demo_between(d, i < 5 ? 1 : 0, 2), "serious_injuries", demo_between(d, 0, 4),
		    "direct_loss_fen", (json_int_t)(demo_between64(d, 60, 800) * WAN));
		errs = json_array();
		er = accident_create(d->s, d->a, &who->actor, &who->sc, &who->who, in,
		    reported + 10 * MS_PER_MIN, errs, &id);
		if (er != APP_OK)
			er = demo_failed(d, "accident", er, errs);
		json_decref(in);
		json_decref(errs);
		if (er == APP_OK)
			er = demo_tick(d);
		if (er != APP_OK)
			break;
		d->acc[d->nacc++] = (struct demo_accident){ id, e, (int)(day - d->y0) };
		/* The investigation report, within the 60 days of 条例第二十九条. */
		day += demo_between(d, 35, 58);
		in = json_pack(
		    "{s:s, s:s}", "action", "submit_report", "submitted_on", demo_date(d, day));
		errs = json_array();
		er = accident_transition(d->s, d->a, &who->actor, &who->sc, &who->who, id, in,
		    demo_at(day, 15, 0), errs);
		if (er != APP_OK)
			er = demo_failed(d, "accident report", er, errs);
		json_decref(in);
		json_decref(errs);
		if (er == APP_OK)
			er = demo_tick(d);
	}
	return er;
}

/* ---- cases ---- */

enum ctype { T99, T97, T101, T101O, T102, TP94, TACC, T__MAX };
enum cfate { C_CLOSED, C_EXECUTING, C_DECIDED, C_NOT_PENALIZED, C_TRANSFERRED, C_REVOKED };

static const struct {
	const char *provision, *stage, *target, *item, *violation;
	int64_t     lo, hi; /* the fine range the rule gives, fen */
	int         weight;
} ctypes[T__MAX] = {
	[T99] = { "AQSCF-99", "initial", "unit", "(一)",
	    "未在有较大危险因素的生产经营场所和有关设施、设备上设置明显的安全警示标志", 1 * WAN,
	    5 * WAN, 15 },
	[T97] = { "AQSCF-97", "initial", "unit", "(三)",
	    "未按照规定对从业人员进行安全生产教育和培训", 1 * WAN, 10 * WAN, 22 },
	[T101] = { "AQSCF-101", "initial", "unit", "(五)",
	    "未建立事故隐患排查治理制度，重大事故隐患排查治理情况未按照规定报告", 2 * WAN, 10 * WAN,
	    24 },
	[T101O] = { "AQSCF-101", "overdue_uncorrected", "unit", "(五)",
	    "重大事故隐患排查治理情况未按照规定报告，责令限期改正逾期未改正", 10 * WAN, 20 * WAN,
	    31 },
	[T102] = { "AQSCF-102", "initial", "unit", NULL, "未采取措施消除事故隐患", 1 * WAN, 5 * WAN,
	    5 },
	[TP94] = { "AQSCF-94", "initial", "principal", NULL,
	    "生产经营单位的主要负责人未履行安全生产管理职责", 2 * WAN, 5 * WAN, 3 },
	[TACC] = { "AQSCF-114", "accident", "unit", NULL, "对发生的一般生产安全事故负有责任",
	    30 * WAN, 100 * WAN, 0 },
};

struct cspec {
	uint8_t type, fate, mode;
	bool    hearing;
	int     ent, insp, acc, county; /* county -1: the city bureau files */
	int64_t filed, amount;
	bool    suspension;
};

/* A 居民身份证号码 (GB 11643) of someone born in the banner: region, birth date, sequence
 * and the ISO 7064 MOD 11-2 check character. */
static const char *
id_number(struct demo *d, const char *region)
{
	static const int w[17] = { 7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2 };
	char             s[19];
	int              i, sum = 0;

	snprintf(s, sizeof(s), "%.6s%04d%02d%02d%03d", region, demo_between(d, 1965, 1995),
	    demo_between(d, 1, 12), demo_between(d, 1, 28), demo_between(d, 1, 999));
	for (i = 0; i < 17; i++)
		sum += (s[i] - '0') * w[i];
	s[17] = "10X98765432"[sum % 11];
	s[18] = '\0';
	return arena_strdup(d->a, s);
}

static int64_t
workday_after(int64_t day, int n)
{
	bool fb;

	return workday_add(day, n, &fb);
}

static void
plan_cases(struct demo *d, struct cspec *cs, int n)
{
	int     i, w[T__MAX], k, tries;
	int64_t sum = 0, diff, yend = demo_day(d, 12, 31);

	for (k = 0; k < T__MAX; k++)
		w[k] = ctypes[k].weight;
	for (i = 0; i < n; i++) {
		struct cspec *c = &cs[i];

		memset(c, 0, sizeof(*c));
		c->insp = c->acc = -1;
		c->mode = (uint8_t)demo_weighted(d, (const int[]){ 30, 35, 20, 15 }, 4);
		if (i < ACCIDENT_CASES && i < d->nacc) {
			c->type = TACC;
			c->acc = i;
			c->ent = d->acc[i].ent;
			c->filed = demo_workday(d->y0 + d->acc[i].day + demo_between(d, 50, 62));
		} else {
			c->type = (uint8_t)demo_weighted(d, w, T__MAX);
			/* Most come from an inspection of the enterprise (移送立案). */
			if (demo_chance(d, 0.6))
				for (tries = 0; tries < 200; tries++) {
					k = demo_below(d, d->ninsp);
					if (!d->insp[k].referred && !d->insp[k].door &&
					    d->insp[k].day < 355) {
						d->insp[k].referred = true;
						c->insp = k;
						c->ent = d->insp[k].ent;
						c->filed = workday_after(
						    d->y0 + d->insp[k].day, demo_between(d, 2, 10));
						break;
					}
				}
			if (c->insp < 0) {
				do
					c->ent = demo_below(d, d->nents);
				while (d->ents[c->ent].county < 0);
				c->filed = demo_workday(d->y0 + demo_below(d, 360));
			}
		}
		if (c->filed > yend)
			c->filed = yend - 2;
		c->county = demo_chance(d, 0.15) ? -1 : d->ents[c->ent].county;
		c->fate = (uint8_t)demo_weighted(d, (const int[]){ 900, 36, 6, 30, 8 }, 5);
		if (c->type == TACC || c->type == TP94)
			c->fate = C_CLOSED;
		c->hearing = c->fate == C_CLOSED && demo_chance(d, 0.03);
		c->suspension = c->type == T101O && demo_chance(d, 0.2);
		/* Fines in thousands of yuan, more towards the top of the range. */
		c->amount = ctypes[c->type].lo +
		    (ctypes[c->type].hi - ctypes[c->type].lo) / 100000 *
			(int64_t)(100 - demo_below(d, 100) * demo_below(d, 100) / 100) / 100 *
			100000;
		/* The last few are filed and revoked: not counted anywhere. */
		if (i >= n - REVOKED)
			c->fate = C_REVOKED;
		if (c->fate <= C_DECIDED)
			sum += c->amount;
	}
	/* The fines of the decided cases to the report's total, in steps of 100 yuan. */
	diff = DEMO_FINES_FEN - sum;
	for (i = 0; i < n && diff != 0; i++) {
		struct cspec *c = &cs[i];
		int64_t       room;

		if (c->fate > C_DECIDED)
			continue;
		room = diff > 0 ? ctypes[c->type].hi - c->amount : c->amount - ctypes[c->type].lo;
		room = room / 10000 * 10000;
		if (room > (diff > 0 ? diff : -diff))
			room = diff > 0 ? diff : -diff;
		c->amount += diff > 0 ? room : -room;
		diff += diff > 0 ? -room : room;
	}
}

static enum app_err
case_step(struct demo *d, struct demo_staff *who, int64_t id, json_t *in, int64_t day, int hh)
{
	json_t      *errs = json_array();
	enum app_err er;
	const char  *what = arena_strdup(d->a, json_string_value(json_object_get(in, "action")));

	er = case_transition(d->s, d->a, &who->actor, &who->sc, &who->who, id, in,
	    demo_at(day, hh, demo_below(d, 60)), errs);
	if (er != APP_OK)
		er = demo_failed(d, arena_printf(d->a, "case %s", what), er, errs);
	json_decref(in);
	json_decref(errs);
	return er == APP_OK ? demo_tick(d) : er;
}

static const char sql_penalties[] =
    "SELECT id, kind, amount_fen FROM case_penalties WHERE case_id = ?1 ORDER BY seq";

static enum app_err
one_case(struct demo *d, const struct cspec *c)
{
	static const char *const modes[] = { "routine", "campaign", "concentrated", "joint" };
	static const char *const sources[] = { "complaint", "referral", "other", NULL };
	const struct demo_ent   *e = &d->ents[c->ent];
	struct demo_county      *cy = c->county >= 0 ? &d->county[c->county] : NULL;
	struct demo_staff       *o1, *o2, *head, *rev;
	json_t                  *in, *errs, *pens, *party;
	const char              *person = NULL, *src;
	int64_t                  id, day = c->filed, notified, decided, served, last;
	int                      k = demo_below(d, 64);
	bool                     heavy = c->suspension || c->type == TACC ||
	    c->amount >= (c->type == TP94 ? HEAVY_PERSON_FEN : HEAVY_UNIT_FEN);
	struct stmt *st;
	enum app_err er;
	bool         row;

	if (cy != NULL) {
		o1 = &cy->insp[k % cy->ninsp];
		o2 = &cy->insp[(k + 1) % cy->ninsp];
		head = cy->district;
		rev = cy->reviewer;
	} else {
		o1 = &d->city_insp[k % d->ncity_insp];
		o2 = &d->city_insp[(k + 1) % d->ncity_insp];
		head = &d->city;
		rev = &d->reviewer;
	}
	if (c->type == TP94) {
		person = demo_person(d);
		party = json_pack("{s:s, s:s, s:s, s:s}", "type", "person", "name", person, "id_no",
		    id_number(d, e->region), "address",
		    arena_printf(d->a, "%s%s", d->county[e->county].name, "某小区"));
	} else
		party = json_pack(
		    "{s:s, s:I}", "type", "enterprise", "enterprise_id", (json_int_t)e->id);
	pens = json_array();
	if (ctypes[c->type].target != NULL) {
		json_t *p = json_pack("{s:s, s:s, s:s, s:s, s:I}", "kind", "fine", "target",
		    ctypes[c->type].target, "provision_id", ctypes[c->type].provision, "stage",
		    ctypes[c->type].stage, "amount_fen", (json_int_t)c->amount);

		if (person != NULL)
			json_object_set_new(p, "target_name", json_string(person));
		if (c->type == TACC)
			json_object_set_new(p, "accident_grade", json_string("general"));
		json_array_append_new(pens, p);
	}
	if (c->suspension)
		json_array_append_new(pens,
		    json_pack("{s:s, s:s, s:s, s:s, s:s}", "kind", "suspension", "target", "unit",
			"provision_id", ctypes[c->type].provision, "stage", ctypes[c->type].stage,
			"note", "责令停产停业整顿"));
	src = c->type == TACC ? "accident" : c->insp >= 0 ? "inspection" : demo_pick(d, sources);
	in = json_pack("{s:o, s:s, s:s, s:[{s:s, s:s}, {s:s, s:s}], s:s, s:s, s:[{s:s, s:s}],"
		       " s:o, s:s}",
	    "party", party, "source", src, "mode", modes[c->mode], "officers", "name", o1->display,
	    "cert_no", o1->cert, "name", o2->display, "cert_no", o2->cert, "title",
	    arena_printf(d->a, "%s%s案", person ? person : "", ctypes[c->type].violation), "facts",
	    arena_printf(d->a, "经查，当事人%s，违反了%s的规定。", ctypes[c->type].violation,
		ctypes[c->type].provision),
	    "violations", "provision_id", ctypes[c->type].provision, "description",
	    ctypes[c->type].violation, "penalties", pens, "filed_on", demo_date(d, day));
	if (ctypes[c->type].item != NULL)
		json_object_set_new(json_array_get(json_object_get(in, "violations"), 0), "item",
		    json_string(ctypes[c->type].item));
	if (c->insp >= 0)
		json_object_set_new(in, "inspection_id", json_integer(d->insp[c->insp].id));
	if (c->type == TACC)
		json_object_set_new(in, "accident_id", json_integer(d->acc[c->acc].id));
	if (c->mode == 3)
		json_object_set_new(in, "partners",
		    json_pack("[s, s]", d->dept[demo_below(d, d->ndept)].abbr,
			d->dept[demo_below(d, d->ndept)].abbr));
	errs = json_array();
	er = case_create(d->s, d->a, &o1->actor, &o1->sc, &o1->who, in,
	    demo_at(day, 10, demo_below(d, 60)), errs, &id);
	if (er != APP_OK)
		er = demo_failed(d, "case", er, errs);
	json_decref(in);
	json_decref(errs);
	if (er != APP_OK || (er = demo_tick(d)) != APP_OK)
		return er;

	if (c->fate == C_REVOKED)
		return case_step(d, head, id,
		    json_pack(
			"{s:s, s:s}", "action", "revoke", "reason", "立案后发现不属于本机关管辖"),
		    workday_after(day, 2), 16);
	if ((er = case_step(d, o1, id,
		 json_pack("{s:s, s:s}", "action", "investigate", "note", "开展调查取证"), day,
		 15)) != APP_OK)
		return er;
	day = workday_after(day, demo_between(d, 5, 20));
	if (c->fate == C_TRANSFERRED)
		return case_step(d, head, id,
		    json_pack("{s:s, s:s, s:s}", "action", "transfer", "transferred_to",
			arena_printf(d->a, "%s公安局", d->city_name), "reason",
			"涉嫌安全生产犯罪，依法移送"),
		    day, 16);
	if (c->fate == C_NOT_PENALIZED)
		return case_step(d, head, id,
		    json_pack("{s:s, s:s, s:s}", "action", "not_penalize", "reason",
			"违法行为轻微并及时改正，没有造成危害后果", "closed_on", demo_date(d, day)),
		    day, 16);
	if (heavy) {
		if ((er = case_step(d, o1, id, json_pack("{s:s}", "action", "submit_review"), day,
			 9)) != APP_OK)
			return er;
		day = workday_after(day, demo_between(d, 1, 3));
		if ((er = case_step(d, rev, id,
			 json_pack("{s:s, s:s, s:s}", "action", "review_approve", "opinion",
			     "事实清楚，证据确凿，适用依据正确，程序合法，处罚适当，同意",
			     "reviewed_on", demo_date(d, day)),
			 day, 10)) != APP_OK)
			return er;
		day = workday_after(day, demo_between(d, 0, 2));
	}
	notified = day;
	if ((er = case_step(d, o1, id,
		 json_pack("{s:s, s:s}", "action", "notify", "notified_on", demo_date(d, day)), day,
		 14)) != APP_OK)
		return er;
	if (heavy && c->hearing) {
		int64_t req = workday_after(notified, demo_between(d, 1, 3));
		int64_t on = workday_after(req, demo_between(d, 8, 12));

		if ((er = case_step(d, o1, id,
			 json_pack("{s:s, s:s}", "action", "request_hearing", "requested_on",
			     demo_date(d, req)),
			 req, 10)) != APP_OK ||
		    (er = case_step(d, o1, id,
			 json_pack("{s:s, s:s, s:s, s:s}", "action", "schedule_hearing",
			     "notified_on", demo_date(d, req), "hearing_on", demo_date(d, on),
			     "place", "本局听证室"),
			 req, 15)) != APP_OK ||
		    (er = case_step(d, o1, id,
			 json_pack("{s:s, s:s}", "action", "record_hearing", "record",
			     "听证会依法举行，当事人进行了陈述和申辩，调查人员出示了证据"),
			 on, 16)) != APP_OK)
			return er;
		decided = workday_after(on, demo_between(d, 2, 6));
	} else if (heavy && demo_chance(d, 0.85)) {
		day = workday_after(notified, 1);
		if ((er = case_step(d, o1, id,
			 json_pack("{s:s, s:s}", "action", "waive", "note",
			     "当事人书面表示放弃陈述、申辩和听证"),
			 day, 10)) != APP_OK)
			return er;
		decided = workday_after(day, demo_between(d, 1, 3));
	} else
		decided = workday_after(notified, heavy ? 6 : demo_between(d, 3, 5));
	if ((er = case_step(d, head, id,
		 json_pack("{s:s, s:s}", "action", "decide", "decided_on", demo_date(d, decided)),
		 decided, 16)) != APP_OK)
		return er;
	if (c->fate == C_DECIDED)
		return APP_OK;
	served = workday_after(decided, demo_between(d, 1, 4));
	if ((er = case_step(d, o1, id,
		 json_pack("{s:s, s:s, s:s}", "action", "serve", "served_on", demo_date(d, served),
		     "method", "直接送达"),
		 served, 11)) != APP_OK)
		return er;
	if (c->fate == C_EXECUTING)
		return APP_OK;
	last = served;
	{
		int64_t ids[4], amounts[4];
		int     np = 0, i;

		st = store_stmt(d->s, sql_penalties);
		stmt_bind_i64(st, 1, id);
		while ((er = stmt_step(st, &row)) == APP_OK && row && np < 4) {
			ids[np] = stmt_i64(st, 0);
			amounts[np++] =
			    strcmp(stmt_text(st, 1), "fine") == 0 ? stmt_i64(st, 2) : -1;
		}
		stmt_reset(st);
		for (i = 0; i < np && er == APP_OK; i++) {
			int64_t on = served + demo_between(d, 2, 14);
			json_t *x = json_pack("{s:s, s:I, s:s}", "action", "execute", "penalty_id",
			    (json_int_t)ids[i], "executed_on", demo_date(d, on));

			if (amounts[i] >= 0)
				json_object_set_new(x, "paid_fen", json_integer(amounts[i]));
			else
				json_object_set_new(
				    x, "note", json_string("已停产停业整顿，经复查验收"));
			er = case_step(d, o1, id, x, on, 10);
			if (on > last)
				last = on;
		}
		if (er != APP_OK)
			return er;
	}
	day = workday_after(last, demo_between(d, 1, 6));
	return case_step(d, head, id,
	    json_pack("{s:s, s:s}", "action", "close", "closed_on", demo_date(d, day)), day, 16);
}

enum app_err
demo_cases(struct demo *d)
{
	int           n = DEMO_CASES + REVOKED, i;
	struct cspec *cs = calloc((size_t)n, sizeof(*cs));
	enum app_err  er = APP_OK;

	if (cs == NULL)
		abort();
	plan_cases(d, cs, n);
	for (i = 0; i < n && er == APP_OK; i++) {
		er = one_case(d, &cs[i]);
		arena_reset(d->a);
	}
	free(cs);
	return er;
}

/* ---- supervisions ---- */

static enum app_err
supervise(struct demo *d, struct demo_staff *issuer, json_t *in, int64_t issued,
    struct demo_staff *responder, int64_t responded, int64_t closed)
{
	json_t      *errs = json_array(), *x;
	enum app_err er;
	int64_t      id;

	json_object_set_new(in, "issued_on", json_string(demo_date(d, issued)));
	er = supervision_create(d->s, d->a, &issuer->actor, &issuer->sc, &issuer->who, in,
	    demo_at(issued, 10, demo_below(d, 60)), errs, &id);
	if (er != APP_OK)
		er = demo_failed(d, "supervision", er, errs);
	json_decref(in);
	json_decref(errs);
	if (er != APP_OK || (er = demo_tick(d)) != APP_OK || responder == NULL)
		return er;
	x = json_pack("{s:s, s:s, s:s}", "action", "respond", "response",
	    "已召开专题会议研究部署，逐项落实整改要求，整改情况报告如附", "responded_on",
	    demo_date(d, responded));
	errs = json_array();
	er = supervision_transition(d->s, d->a, &responder->actor, &responder->sc, &responder->who,
	    id, x, demo_at(responded, 15, demo_below(d, 60)), errs);
	json_decref(x);
	if (er == APP_OK && (er = demo_tick(d)) == APP_OK && closed > 0) {
		x = json_pack("{s:s, s:s, s:s}", "action", "close", "closed_on",
		    demo_date(d, closed), "note", "整改到位，予以销号");
		er = supervision_transition(d->s, d->a, &issuer->actor, &issuer->sc, &issuer->who,
		    id, x, demo_at(closed, 16, demo_below(d, 60)), errs);
		json_decref(x);
		if (er == APP_OK)
			er = demo_tick(d);
	}
	if (er != APP_OK)
		er = demo_failed(d, "supervision step", er, errs);
	json_decref(errs);
	return er;
}

enum app_err
demo_supervisions(struct demo *d)
{
	static const char *const warn_reasons[] = {
		"近期辖区内接连发生生产安全事故，安全生产形势严峻", "重大事故隐患排查整治进度滞后",
		"汛期和高温时段安全防范措施落实不到位", "节假日期间安全生产值班值守不严格", NULL
	};
	enum app_err er = APP_OK;
	int          i, seq = 0;
	int64_t      day;
	const char  *city = d->city_name;

	/* 约谈: the two banners/districts with the accidents of the first half. */
	for (i = 0; i < 2 && er == APP_OK; i++) {
		int c = d->ents[d->acc[i % d->nacc].ent].county;

		if (i == 1 && c == d->ents[d->acc[0].ent].county)
			c = (c + 1) % d->ncounty;
		day = demo_workday(d->y0 + d->acc[i % d->nacc].day + demo_between(d, 10, 20));
		er = supervise(d, &d->city,
		    json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "kind", "interview",
			"target_type", "region", "target_region", d->county[c].code, "number",
			arena_printf(d->a, "%s安委办约〔%d〕%d号", city, d->year, ++seq), "reason",
			"安全生产工作落实不到位，发生生产安全事故", "requirements",
			"约谈后15日内报送整改措施，举一反三开展隐患排查整治", "deadline",
			demo_date(d, day + 15)),
		    day, d->county[c].district, day + demo_between(d, 5, 12),
		    day + demo_between(d, 16, 25));
	}
	/* 警示提醒: twelve, to banners/districts (and their responses). */
	for (i = 0; i < 12 && er == APP_OK; i++) {
		int c = (i * 5 + 2) % d->ncounty;

		day = demo_workday(d->y0 + 15 + i * 28 + demo_below(d, 10));
		er = supervise(d, &d->city,
		    json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "kind", "warning", "target_type",
			"region", "target_region", d->county[c].code, "number",
			arena_printf(d->a, "%s安委办提〔%d〕%d号", city, d->year, i + 1), "reason",
			demo_pick(d, warn_reasons), "requirements",
			"立即开展自查自纠，压实属地管理责任"),
		    day, d->county[c].district, day + demo_between(d, 3, 10),
		    day + demo_between(d, 12, 20));
	}
	/* 挂牌督办 of three general accidents' investigation and rectification. */
	for (i = 0; i < 3 && i < d->nacc && er == APP_OK; i++) {
		int c = d->ents[d->acc[i].ent].county;

		day = demo_workday(d->y0 + d->acc[i].day + 2);
		er = supervise(d, &d->city,
		    json_pack("{s:s, s:s, s:I, s:s, s:s, s:s, s:s}", "kind", "listing",
			"target_type", "accident", "accident_id", (json_int_t)d->acc[i].id,
			"number", arena_printf(d->a, "%s安委办督〔%d〕%d号", city, d->year, i + 1),
			"reason", "一般生产安全事故，挂牌督办事故调查处理和整改", "requirements",
			"按期完成事故调查，依法依规追究责任，落实防范和整改措施", "deadline",
			demo_date(d, day + 60)),
		    day, d->county[c].district, day + demo_between(d, 40, 55),
		    day + demo_between(d, 58, 70));
	}
	/* 考核通报 and 督导检查 of the banners/districts. */
	for (i = 0; i < 4 && er == APP_OK; i++) {
		int c = (i * 2 + 1) % d->ncounty;

		day = demo_workday(demo_day(d, 3 * i + 3, 10));
		er = supervise(d, &d->city,
		    json_pack("{s:s, s:s, s:s, s:s, s:s}", "kind", "notice", "target_type",
			"region", "target_region", d->county[c].code, "number",
			arena_printf(d->a, "%s安委办通〔%d〕%d号", city, d->year, i + 1), "reason",
			"季度安全生产考核排名靠后"),
		    day, d->county[c].district, day + demo_between(d, 5, 10), 0);
	}
	for (i = 0; i < 18 && er == APP_OK; i++) {
		int c = i % d->ncounty;

		day = demo_workday(d->y0 + 20 + i * 19);
		er = supervise(d, &d->city,
		    json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "kind", "inspection", "target_type",
			"region", "target_region", d->county[c].code, "reason",
			i % 3 == 0 ? "重要节假日前安全生产督导检查"
				   : "重点行业领域安全生产督导检查",
			"requirements", "对督导发现的问题限期整改，按期报送整改情况", "deadline",
			demo_date(d, day + 20)),
		    day, d->county[c].district, day + demo_between(d, 8, 18),
		    day + demo_between(d, 20, 30));
	}
	return er;
}
