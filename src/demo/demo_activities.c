/*
 * The demo year's publicity and training (宣传培训): for every kind the report counts, records
 * whose 场次 and 人次 add up to its figures — 专题培训 200余场 1.08万人次, 宣讲 3500多场 in all
 * the banners/districts covering 3400多家 enterprises and 13.8万余人, enterprise-principal
 * training 333 场次 2.12万人次 … door-to-door visits 2204 场次 8041 人次 with their 555
 * inspections, and the expert services: rock-burst health checks of 17 coal mines and risk
 * assessments of 53 chemical enterprises.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "activity/activity.h"
#include "core/arena.h"
#include "demo/demo_impl.h"
#include "store/store.h"

#define LECTURE_ENTERPRISES 3452
#define ROCK_BURST_MINES 17
#define CHEMICAL_ASSESSED 53

static enum app_err
add(struct demo *d, struct demo_staff *who, json_t *in, int64_t day)
{
	json_t      *errs = json_array();
	enum app_err er;
	int64_t      id;

	json_object_set_new(in, "date", json_string(demo_date(d, day)));
	er = activity_insert(d->s, d->a, &who->actor, &who->sc, &who->who, in, true,
	    demo_at(day, 17, demo_below(d, 60)), errs, &id);
	if (er != APP_OK)
		er = demo_failed(d, json_string_value(json_object_get(in, "kind")), er, errs);
	json_decref(in);
	json_decref(errs);
	return er == APP_OK ? demo_tick(d) : er;
}

static int64_t
some_day(struct demo *d, int from_month, int to_month)
{
	int64_t lo = demo_day(d, from_month, 1), hi = demo_day(d, to_month, 28);

	return demo_workday(demo_between64(d, lo, hi));
}

/* A kind held by the bureaus: n records whose sessions and participants add up. */
static enum app_err
simple(struct demo *d, const char *kind, int n, int64_t sessions, int64_t participants,
    const char *const *titles, bool city_too)
{
	int64_t *s = malloc((size_t)n * sizeof(int64_t)), *p = malloc((size_t)n * sizeof(int64_t));
	enum app_err er = APP_OK;
	int          i;

	if (s == NULL || p == NULL)
		abort();
	demo_split(d, sessions, s, n);
	demo_split(d, participants, p, n);
	for (i = 0; i < n && er == APP_OK; i++) {
		/* The city bureau holds some; the banners/districts the rest. */
		bool               city = city_too && i % 5 == 0;
		int                c = i % d->ncounty;
		struct demo_staff *who = city ? &d->city : d->county[c].district;
		const char        *where = city ? d->city_code : d->county[c].code;

		er = add(d, who,
		    json_pack("{s:s, s:s, s:s, s:I, s:I}", "kind", kind, "region_code", where,
			"title",
			arena_printf(d->a, "%s%s", city ? d->city_name : d->county[c].name,
			    demo_pick(d, titles)),
			"sessions", (json_int_t)s[i], "participants", (json_int_t)p[i]),
		    some_day(d, 1, 12));
	}
	free(s);
	free(p);
	return er;
}

/* 宣讲: in every banner/district, covering LECTURE_ENTERPRISES enterprises between them. */
static enum app_err
lectures(struct demo *d)
{
	int          nrec[DEMO_MAX_COUNTIES], first[DEMO_MAX_COUNTIES], total = 0, i, k, c;
	int         *perm = malloc((size_t)d->nents * sizeof(int)), covered = 0;
	json_t     **cover;
	int64_t     *s, *p;
	enum app_err er = APP_OK;

	if (perm == NULL)
		abort();
	for (c = 0; c < d->ncounty; c++) {
		nrec[c] = 8 + d->county[c].nents / 12;
		first[c] = total;
		total += nrec[c];
	}
	cover = calloc((size_t)total, sizeof(json_t *));
	s = malloc((size_t)total * sizeof(int64_t));
	p = malloc((size_t)total * sizeof(int64_t));
	if (cover == NULL || s == NULL || p == NULL)
		abort();
	for (i = 0; i < total; i++)
		cover[i] = json_array();
	/* The enterprises reached: a random LECTURE_ENTERPRISES of those in a banner. */
	for (i = 0, k = 0; i < d->nents; i++)
		if (d->ents[i].county >= 0)
			perm[k++] = i;
	for (i = k - 1; i > 0; i--) {
		int j = demo_below(d, i + 1), t = perm[i];

		perm[i] = perm[j];
		perm[j] = t;
	}
	for (i = 0; i < k && covered < LECTURE_ENTERPRISES; i++) {
		const struct demo_ent *e = &d->ents[perm[i]];
		int                    r = first[e->county] + demo_below(d, nrec[e->county]);

		if (json_array_size(cover[r]) >= 900)
			continue;
		json_array_append_new(cover[r], json_integer(e->id));
		covered++;
	}
	demo_split(d, 3547, s, total);
	demo_split(d, 138416, p, total);
	for (c = 0; c < d->ncounty && er == APP_OK; c++)
		for (i = first[c]; i < first[c] + nrec[c] && er == APP_OK; i++) {
			const struct demo_county *cy = &d->county[c];

			er = add(d, cy->district,
			    json_pack("{s:s, s:s, s:s, s:I, s:I, s:O, s:s}", "kind", "lecture",
				"region_code", cy->places[demo_below(d, cy->nplaces)], "title",
				arena_printf(d->a, "%s安全生产宣讲团进企业专题宣讲", cy->name),
				"sessions", (json_int_t)s[i], "participants", (json_int_t)p[i],
				"enterprises", cover[i], "description",
				"宣讲习近平总书记关于安全生产重要论述和安全生产法律法规"),
			    some_day(d, 2, 12));
		}
	for (i = 0; i < total; i++)
		json_decref(cover[i]);
	free(cover);
	free(s);
	free(p);
	free(perm);
	return er;
}

/* 进门入户送安全: one record per visit, with the inspections it made. */
static enum app_err
door_to_door(struct demo *d)
{
	int      n = d->ndoor_groups, g, i;
	int64_t *s = malloc((size_t)n * sizeof(int64_t)), *p = malloc((size_t)n * sizeof(int64_t));
	enum app_err er = APP_OK;

	if (s == NULL || p == NULL)
		abort();
	demo_split(d, 2204, s, n);
	demo_split(d, 8041, p, n);
	for (g = 0, i = 0; g < n && er == APP_OK; g++) {
		json_t                   *ins = json_array();
		int                       day = -1, c = 0;
		const struct demo_county *cy;

		for (; i < d->ninsp && d->insp[i].group == g; i++) {
			json_array_append_new(ins, json_integer(d->insp[i].id));
			day = d->insp[i].day;
			c = d->ents[d->insp[i].ent].county;
		}
		cy = &d->county[c < 0 ? 0 : c];
		er = add(d, cy->district,
		    json_pack("{s:s, s:s, s:s, s:I, s:I, s:o}", "kind", "door_to_door",
			"region_code", cy->code, "title",
			arena_printf(d->a, "%s“进门入户送安全”宣传活动", cy->name), "sessions",
			(json_int_t)s[g], "participants", (json_int_t)p[g], "inspections", ins),
		    d->y0 + (day < 0 ? 100 : day));
	}
	free(s);
	free(p);
	return er;
}

/* 技术服务: rock-burst health checks of coal mines, risk assessments of chemical plants. */
static enum app_err
expert_services(struct demo *d)
{
	static const int batches_coal[] = { 5, 4, 4, 4 };
	static const int batches_chem[] = { 9, 9, 9, 9, 9, 8 };
	int             *coal = malloc((size_t)d->nents * sizeof(int)),
	    *chem = malloc((size_t)d->nents * sizeof(int));
	int          ncoal = 0, nchem = 0, i, b, k = 0;
	enum app_err er = APP_OK;

	if (coal == NULL || chem == NULL)
		abort();
	/* Distinct enterprises: the larger coal mines first, then the chemical plants. */
	for (i = 0; i < d->nents; i++) {
		if (d->ents[i].sector == SEC_COAL && d->ents[i].large)
			coal[ncoal++] = i;
		if (d->ents[i].sector == SEC_CHEMICAL)
			chem[nchem++] = i;
	}
	if (ncoal < ROCK_BURST_MINES || nchem < CHEMICAL_ASSESSED) {
		free(coal);
		free(chem);
		return demo_failed(
		    d, "expert_service: too few coal or chemical enterprises", APP_EINTERNAL, NULL);
	}
	for (b = 0; b < 4 && er == APP_OK; b++) {
		json_t *ents = json_array();

		for (i = 0; i < batches_coal[b]; i++, k++)
			json_array_append_new(
			    ents, json_integer(d->ents[coal[k * ncoal / ROCK_BURST_MINES]].id));
		er = add(d, &d->city,
		    json_pack("{s:s, s:s, s:s, s:i, s:i, s:o, s:s}", "kind", "expert_service",
			"region_code", d->city_code, "title",
			arena_printf(d->a, "冲击地压矿井健康体检（第%d批）", b + 1), "sessions",
			batches_coal[b], "participants", batches_coal[b] * demo_between(d, 8, 15),
			"enterprises", ents, "description",
			"市安全生产科学技术研究院组织专家对冲击地压矿井开展健康体检"),
		    some_day(d, 3 + b * 2, 4 + b * 2));
	}
	for (b = 0, k = 0; b < 6 && er == APP_OK; b++) {
		json_t *ents = json_array();

		for (i = 0; i < batches_chem[b]; i++, k++)
			json_array_append_new(
			    ents, json_integer(d->ents[chem[k * nchem / CHEMICAL_ASSESSED]].id));
		er = add(d, &d->city,
		    json_pack("{s:s, s:s, s:s, s:i, s:i, s:o, s:s}", "kind", "expert_service",
			"region_code", d->city_code, "title",
			arena_printf(
			    d->a, "危险化学品重点企业安全风险评估专项行动（第%d批）", b + 1),
			"sessions", batches_chem[b], "participants",
			batches_chem[b] * demo_between(d, 6, 12), "enterprises", ents,
			"description", "专家组逐企开展安全风险评估，形成评估报告"),
		    some_day(d, 2 + b, 3 + b));
	}
	free(coal);
	free(chem);
	return er;
}

static enum app_err
five_into(struct demo *d)
{
	static const char *const targets[] = { "community", "enterprise", "school", "village",
		"family", "government", "public_place" };
	static const char *const labels[] = { "社区", "企业", "学校", "农村", "家庭", "机关",
		"公共场所" };
	enum app_err             er = APP_OK;
	int                      i;

	for (i = 0; i < 63 && er == APP_OK; i++) {
		int c = i % d->ncounty, t = i % 7;

		er = add(d, d->county[c].district,
		    json_pack("{s:s, s:s, s:s, s:s, s:i, s:i}", "kind", "five_into", "region_code",
			d->county[c].code, "title",
			arena_printf(d->a, "安全宣传“五进”活动进%s", labels[t]), "target",
			targets[t], "sessions", demo_between(d, 1, 5), "participants",
			demo_between(d, 60, 600)),
		    some_day(d, 1, 12));
	}
	return er;
}

static enum app_err
campaigns(struct demo *d)
{
	static const struct {
		const char *title;
		int         month, day;
	} days[] = { { "全国防灾减灾日宣传活动", 5, 12 },
		{ "“安全生产月”集中宣传咨询日活动", 6, 16 }, { "消防宣传月活动", 11, 9 } };
	enum app_err er = APP_OK;
	int          i, c;

	for (i = 0; i < 3 && er == APP_OK; i++)
		for (c = -1; c < d->ncounty && er == APP_OK; c++) {
			struct demo_staff *who = c < 0 ? &d->city : d->county[c].district;

			er = add(d, who,
			    json_pack("{s:s, s:s, s:s, s:i, s:i}", "kind", "campaign",
				"region_code", c < 0 ? d->city_code : d->county[c].code, "title",
				arena_printf(d->a, "%d年%s", d->year, days[i].title), "sessions",
				demo_between(d, 1, 6), "participants", demo_between(d, 300, 3000)),
			    demo_day(d, days[i].month, days[i].day));
		}
	for (i = 0; i < 2 && er == APP_OK; i++)
		er = add(d, &d->city,
		    json_pack("{s:s, s:s, s:s, s:i, s:i}", "kind", "competition", "region_code",
			d->city_code, "title",
			i == 0 ? "全市应急管理综合行政执法比武" : "危险化学品安全监管执法技能竞赛",
			"sessions", 1, "participants", demo_between(d, 80, 160)),
		    some_day(d, 8 + i * 2, 9 + i * 2));
	return er;
}

enum app_err
demo_activities(struct demo *d)
{
	static const char *const official[] = { "领导干部安全生产专题培训班",
		"习近平总书记关于安全生产重要论述专题学习", "应急管理系统干部综合能力提升培训",
		NULL };
	static const char *const principal[] = { "重点行业领域企业主要负责人安全培训",
		"危险化学品企业主要负责人安全生产培训", "煤矿企业主要负责人履职能力培训", NULL };
	static const char *const briefing[] = { "重大事故隐患判定标准宣贯解读会",
		"《51个行业领域重大事故隐患判定标准和重点检查事项》解读", NULL };
	static const char *const drills[] = { "人员密集场所疏散逃生演练", "企业员工疏散逃生演练",
		NULL };
	static const char *const rural[] = { "农牧机械安全使用宣教", "沼气安全使用宣传",
		"农村牧区自建房安全宣教", NULL };
	static const char *const school_check[] = { "中小学校舍安全隐患排查",
		"幼儿园校舍安全隐患排查", NULL };
	static const char *const school_drill[] = { "中小学避险逃生培训和演练", "校园防震疏散演练",
		NULL };
	enum app_err er;

	if ((er = simple(d, "official_training", 118, 236, 10803, official, true)) == APP_OK &&
	    (er = lectures(d)) == APP_OK &&
	    (er = simple(d, "principal_training", 111, 333, 21186, principal, true)) == APP_OK &&
	    (er = simple(d, "standard_briefing", 60, 151, 18702, briefing, true)) == APP_OK &&
	    (er = simple(d, "evacuation_drill", 61, 122, 11793, drills, false)) == APP_OK &&
	    (er = simple(d, "rural_safety", 70, 140, 4454, rural, false)) == APP_OK &&
	    (er = door_to_door(d)) == APP_OK &&
	    (er = simple(d, "school_check", 52, 157, 1236, school_check, false)) == APP_OK &&
	    (er = simple(d, "school_drill", 78, 233, 138897, school_drill, false)) == APP_OK &&
	    (er = expert_services(d)) == APP_OK && (er = five_into(d)) == APP_OK)
		er = campaigns(d);
	return er;
}
