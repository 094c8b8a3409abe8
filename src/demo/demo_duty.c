/*
 * The demo year's responsibility system (责任体系): the city's 治本攻坚三年行动方案 with the
 * 28 departments' sub-plans, its 实施方案, the year's task list (年度任务清单) with tasks for
 * every department and banner/district — most done on time, some late, some still in hand
 * — the responsibility lists (职责清单) and the year's assessment of the banners/districts.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "demo/demo_impl.h"
#include "duty/duty.h"
#include "store/store.h"

static enum app_err
plan(struct demo *d, struct demo_staff *who, json_t *in, int64_t day, int64_t *id)
{
	json_t      *errs = json_array();
	enum app_err er;

	er =
	    duty_plan_create(d->s, d->a, &who->actor, &who->who, in, demo_at(day, 10, 0), errs, id);
	if (er != APP_OK)
		er = demo_failed(d, "plan", er, errs);
	json_decref(in);
	json_decref(errs);
	return er == APP_OK ? demo_tick(d) : er;
}

static enum app_err
task_step(struct demo *d, struct demo_staff *who, int64_t id, json_t *in, int64_t day, int hh)
{
	json_t      *errs = json_array();
	enum app_err er;

	er = task_transition(
	    d->s, d->a, &who->actor, &who->who, id, in, demo_at(day, hh, demo_below(d, 60)), errs);
	if (er != APP_OK)
		er = demo_failed(d, "task step", er, errs);
	json_decref(in);
	json_decref(errs);
	return er == APP_OK ? demo_tick(d) : er;
}

/* Assigns a task of plan `pid` to `owner` (acting as `issuer`) and takes it as far as its
 * fate: done on time (most), done late, in progress, or not started. */
static enum app_err
task(struct demo *d, struct demo_staff *issuer, int64_t pid, int64_t owner_org,
    struct demo_staff *owner, const char *title, int64_t assigned, int64_t due)
{
	json_t      *errs = json_array(), *in;
	enum app_err er;
	int64_t      id, start, done;
	int          fate = demo_weighted(d, (const int[]){ 82, 6, 8, 4 }, 4);

	in = json_pack("{s:I, s:s, s:I, s:s, s:i, s:s}", "plan_id", (json_int_t)pid, "title", title,
	    "owner_org_id", (json_int_t)owner_org, "due_on", demo_date(d, due), "weight",
	    demo_between(d, 1, 5), "target", "按期完成，形成工作台账");
	er = task_create(
	    d->s, d->a, &issuer->actor, &issuer->who, in, demo_at(assigned, 9, 30), errs, &id);
	if (er != APP_OK)
		er = demo_failed(d, "task", er, errs);
	json_decref(in);
	json_decref(errs);
	if (er != APP_OK || (er = demo_tick(d)) != APP_OK || fate == 3)
		return er;
	start = assigned + demo_between(d, 1, 10);
	if ((er = task_step(d, owner, id,
		 json_pack("{s:s, s:s}", "action", "start", "note", "已部署落实"), start, 10)) !=
	    APP_OK)
		return er;
	if ((er = task_step(d, owner, id,
		 json_pack("{s:s, s:i, s:s}", "action", "report", "percent",
		     demo_between(d, 30, 70), "text", "按计划推进，阶段性任务已完成"),
		 start + (due - start) / 2, 15)) != APP_OK ||
	    fate == 2)
		return er;
	/* Done by the due day, or (late) some weeks after it. */
	done = fate == 0 ? due - demo_between(d, 0, (int)((due - start) / 3))
			 : due + demo_between(d, 5, 60);
	if (done <= start)
		done = start + 1;
	if (done > d->last_day)
		done = d->last_day;
	return task_step(d, owner, id,
	    json_pack("{s:s, s:s, s:s}", "action", "complete", "text",
		"任务已全面完成，报送总结材料", "done_on", demo_date(d, done)),
	    done, 16);
}

static enum app_err
duty(struct demo *d, struct demo_staff *who, int64_t org, const char *kind, const char *content,
    const char *basis, int sort)
{
	json_t      *errs = json_array(), *in;
	enum app_err er;
	int64_t      id;

	in = json_pack("{s:I, s:s, s:s, s:s, s:i}", "org_id", (json_int_t)org, "kind", kind,
	    "content", content, "legal_basis", basis, "sort", sort);
	er = duty_create(
	    d->s, d->a, &who->actor, &who->who, in, demo_at(d->y0 + 40, 9, sort), errs, &id);
	if (er != APP_OK)
		er = demo_failed(d, "duty", er, errs);
	json_decref(in);
	json_decref(errs);
	return er == APP_OK ? demo_tick(d) : er;
}

static enum app_err
assessment(struct demo *d, int c)
{
	json_t      *errs = json_array(), *in, *x;
	enum app_err er;
	int64_t      id;
	int          s1 = demo_between(d, 22, 30), s2 = demo_between(d, 18, 25);

	in = json_pack("{s:I, s:i, s:[{s:s, s:i, s:i}, {s:s, s:i, s:i}, {s:s, s:i, s:s},"
		       " {s:s, s:b, s:b}], s:s}",
	    "org_id", (json_int_t)d->county[c].org, "year", d->year, "items", "name",
	    "安全生产责任体系建设", "weight", 30, "score", s1, "name", "隐患排查治理", "weight", 25,
	    "score", s2, "name", "年度任务完成情况", "weight", 45, "source", "task_completion",
	    "name", "发生较大及以上生产安全事故", "veto", true, "failed", false, "note",
	    "年度安全生产目标责任考核");
	er = assessment_create(d->s, d->a, &d->city.actor, &d->city.who, in,
	    demo_at(demo_day(d, 12, 20), 10, 0), errs, &id);
	json_decref(in);
	if (er == APP_OK && (er = demo_tick(d)) == APP_OK) {
		x = json_pack("{s:s}", "action", "finalize");
		er = assessment_transition(d->s, d->a, &d->city.actor, &d->city.who, id, x,
		    demo_at(demo_day(d, 12, 30), 16, 0), errs);
		json_decref(x);
		if (er == APP_OK)
			er = demo_tick(d);
	}
	if (er != APP_OK)
		er = demo_failed(d, "assessment", er, errs);
	json_decref(errs);
	return er;
}

enum app_err
demo_duty(struct demo *d)
{
	static const char *const annual[] = { "开展重大事故隐患专项排查整治",
		"落实安全生产职责清单", "组织安全生产月活动", "开展行业领域安全生产督导检查",
		"完善安全生产应急预案并组织演练", "推进安全生产治本攻坚三年行动年度任务", NULL };
	static const char *const sub[] = { "建立重大事故隐患动态清零机制",
		"开展从业人员安全素质提升", "推进安全风险分级管控和隐患排查治理双重预防机制建设",
		NULL };
	int64_t                  action, annual_plan, impl, pid, day;
	enum app_err             er;
	int                      i, k;

	/* The city's three-year plan, its 实施方案, and the year's task list. */
	if ((er = plan(d, &d->city,
		 json_pack("{s:s, s:s, s:s, s:i, s:i, s:s}", "kind", "action_plan", "title",
		     arena_printf(d->a, "%s安全生产治本攻坚三年行动方案(%d—%d)", d->city_name,
			 d->year, d->year + 2),
		     "doc_no", arena_printf(d->a, "鄂安委发〔%d〕3号", d->year), "period_from",
		     d->year, "period_to", d->year + 2, "description",
		     "深入推进安全生产治本攻坚，着力从根本上消除事故隐患"),
		 demo_day(d, 3, 8), &action)) != APP_OK)
		return er;
	if ((er = plan(d, &d->city,
		 json_pack("{s:s, s:s, s:s, s:i, s:i}", "kind", "special", "title",
		     arena_printf(d->a, "《%s安全生产治本攻坚三年行动方案(%d—%d年)》实施方案",
			 d->city_name, d->year, d->year + 2),
		     "doc_no", arena_printf(d->a, "鄂安办发〔%d〕12号", d->year), "period_from",
		     d->year, "period_to", d->year + 2),
		 demo_day(d, 3, 22), &impl)) != APP_OK)
		return er;
	if ((er = plan(d, &d->city,
		 json_pack("{s:s, s:s, s:s, s:i, s:i}", "kind", "annual_tasks", "title",
		     arena_printf(d->a, "%d年度安全生产重点工作任务清单", d->year), "doc_no",
		     arena_printf(d->a, "鄂安委发〔%d〕1号", d->year), "period_from", d->year,
		     "period_to", d->year),
		 demo_day(d, 2, 26), &annual_plan)) != APP_OK)
		return er;
	/* Each department's sub-plan (子方案), with its own tasks. */
	for (i = 0; i < d->ndept && er == APP_OK; i++) {
		struct demo_dept *dp = &d->dept[i];

		day = demo_workday(demo_day(d, 4, 1) + demo_below(d, 45));
		er = plan(d, dp->user,
		    json_pack("{s:s, s:s, s:I, s:i, s:i}", "kind", "action_plan", "title",
			arena_printf(d->a, "%s安全生产治本攻坚三年行动子方案", dp->abbr),
			"parent_id", (json_int_t)action, "period_from", d->year, "period_to",
			d->year + 2),
		    day, &pid);
		for (k = 0; k < 2 && er == APP_OK; k++)
			er = task(d, dp->user, pid, dp->org, dp->user, demo_pick(d, sub), day + 3,
			    demo_day(d, 6 + k * 5, 30));
	}
	/* The year's tasks: three per department, four per banner/district. */
	for (i = 0; i < d->ndept && er == APP_OK; i++)
		for (k = 0; k < 3 && er == APP_OK; k++)
			er = task(d, &d->city, annual_plan, d->dept[i].org, d->dept[i].user,
			    annual[(i + k) % 6], demo_day(d, 3, 1), demo_day(d, 4 + k * 3, 30));
	for (i = 0; i < d->ncounty && er == APP_OK; i++)
		for (k = 0; k < 4 && er == APP_OK; k++)
			er = task(d, &d->city, annual_plan, d->county[i].org, d->county[i].district,
			    annual[(i + k + 1) % 6], demo_day(d, 3, 1), demo_day(d, 3 + k * 3, 28));
	/* 职责清单: 管行业、管业务、管生产经营 (安全生产法第三条). */
	for (i = 0; i < d->ndept && er == APP_OK; i++) {
		struct demo_dept *dp = &d->dept[i];

		er = duty(d, dp->user, dp->org, "industry",
		    arena_printf(
			d->a, "%s负责本行业领域安全生产监督管理，督促企业落实主体责任", dp->abbr),
		    "《中华人民共和国安全生产法》第三条、第十条", 1);
		if (er == APP_OK)
			er = duty(d, dp->user, dp->org, "business",
			    "在业务审批、行业规划中统筹安全生产，将安全要求纳入业务管理全过程",
			    "管行业必须管安全、管业务必须管安全", 2);
	}
	for (i = 0; i < d->ncounty && er == APP_OK; i++)
		er = duty(d, d->county[i].district, d->county[i].org, "industry",
		    "对辖区安全生产工作实施综合监督管理，组织开展隐患排查治理和执法检查",
		    "《中华人民共和国安全生产法》第十条", 1);
	for (i = 0; i < d->ncounty && er == APP_OK; i++)
		er = assessment(d, i);
	(void)impl;
	return er;
}
