#include <stdio.h>
#include <string.h>

#include "core/jsonx.h"
#include "core/timeutil.h"
#include "duty/duty.h"
#include "duty/duty_impl.h"
#include "duty/duty_api.h"
#include "http/http.h"

static const char *
query_param(void *arg, const char *name)
{
	return req_query(arg, name);
}

/* Writes run on the writer thread (group commit): req_write_json(). What a write answers:
 * the record as GET shows it, 201 with its Location for a create. */
enum kind { K_PLAN, K_TASK, K_DUTY, K_ASSESSMENT };

static void
reply(struct write_ctx *c, enum kind k, int64_t id, int status)
{
	static const char *const paths[] = { "plans", "tasks", "duties", "assessments" };
	char                     today[11];

	today_str(today);
	switch (k) {
	case K_PLAN: c->err = duty_plan_detail(c->store, &c->actor, id, today, &c->body); break;
	case K_TASK: c->err = task_detail(c->store, &c->actor, id, today, &c->body); break;
	case K_DUTY: c->err = duty_get(c->store, &c->actor, id, &c->body); break;
	case K_ASSESSMENT: c->err = assessment_get(c->store, &c->actor, id, &c->body); break;
	}
	c->status = status;
	if (status == 201)
		snprintf(
		    c->location, sizeof(c->location), "/api/v1/%s/%lld", paths[k], (long long)id);
}

static enum app_err
queue(struct req *r, write_fn fn, bool with_id)
{
	json_t      *in;
	enum app_err er;
	int64_t      id = 0;

	if (with_id && (er = req_param_id(r, 0, &id)) != APP_OK)
		return er;
	if ((er = req_json(r, &in)) != APP_OK)
		return er;
	req_write_json(r, fn, in, id);
	return APP_OK;
}

/* ---- plans ---- */

enum app_err
duty_plan_api_list(struct req *r)
{
	struct duty_plan_filter f;
	json_t                 *errs = req_own(r, json_array()), *items;
	enum app_err            er;
	int64_t                 cursor, total;
	int                     limit;

	if ((er = duty_plan_filter_parse(query_param, r, &f, errs)) != APP_OK)
		return req_fail_fields(r, er, errs);
	if ((er = req_page(r, &limit, &cursor)) != APP_OK)
		return er;
	if ((er = duty_plan_page(r->store, r->actor, &f, cursor, limit, &items, &total)) !=
	    APP_OK) {
		json_decref(items);
		return er;
	}
	resp_list(r, items, limit, total);
	return APP_OK;
}

enum app_err
duty_plan_api_get(struct req *r)
{
	json_t      *row;
	enum app_err er;
	int64_t      id;
	char         today[11];

	if ((er = req_param_id(r, 0, &id)) != APP_OK)
		return er;
	today_str(today);
	if ((er = duty_plan_detail(r->store, r->actor, id, today, &row)) != APP_OK)
		return er;
	resp_json(r, 200, row);
	return APP_OK;
}

static void
plan_create_write(struct write_ctx *c, void *arg)
{
	struct write_json *x = arg;
	int64_t            id;

	c->err =
	    duty_plan_create(c->store, c->arena, &c->actor, &c->who, x->in, now_ms(), c->errs, &id);
	if (c->err == APP_EPERM)
		c->message = "您的角色不能印发方案";
	if (c->err == APP_OK)
		reply(c, K_PLAN, id, 201);
}

enum app_err
duty_plan_api_create(struct req *r)
{
	return queue(r, plan_create_write, false);
}

/* ---- tasks ---- */

enum app_err
task_api_list(struct req *r)
{
	struct task_filter f;
	json_t            *errs = req_own(r, json_array()), *items;
	char               today[11];
	enum app_err       er;
	int64_t            cursor, total;
	int                limit;

	if ((er = task_filter_parse(query_param, r, &f, errs)) != APP_OK)
		return req_fail_fields(r, er, errs);
	today_str(today);
	f.today = today;
	if ((er = req_page(r, &limit, &cursor)) != APP_OK)
		return er;
	if ((er = task_page(r->store, r->actor, &f, cursor, limit, &items, &total)) != APP_OK) {
		json_decref(items);
		return er;
	}
	resp_list(r, items, limit, total);
	return APP_OK;
}

enum app_err
task_api_get(struct req *r)
{
	json_t      *row;
	enum app_err er;
	int64_t      id;
	char         today[11];

	if ((er = req_param_id(r, 0, &id)) != APP_OK)
		return er;
	today_str(today);
	if ((er = task_detail(r->store, r->actor, id, today, &row)) != APP_OK)
		return er;
	resp_json(r, 200, row);
	return APP_OK;
}

enum app_err
task_api_board(struct req *r)
{
	json_t      *errs = req_own(r, json_array()), *out;
	int64_t      plan_id, org_id;
	char         today[11];
	enum app_err er;

	duty_id_param(query_param, r, "plan_id", &plan_id, errs);
	duty_id_param(query_param, r, "org_id", &org_id, errs);
	if (json_array_size(errs) > 0)
		return req_fail_fields(r, APP_EINVAL, errs);
	today_str(today);
	if ((er = task_board(r->store, r->actor, plan_id, org_id, today, &out)) != APP_OK)
		return er;
	resp_json(r, 200, out);
	return APP_OK;
}

static void
task_create_write(struct write_ctx *c, void *arg)
{
	struct write_json *x = arg;
	int64_t            id;

	c->err = task_create(c->store, c->arena, &c->actor, &c->who, x->in, now_ms(), c->errs, &id);
	if (c->err == APP_EPERM)
		c->message = "只有方案的印发单位能分派任务";
	if (c->err == APP_OK)
		reply(c, K_TASK, id, 201);
}

enum app_err
task_api_create(struct req *r)
{
	return queue(r, task_create_write, false);
}

static void
task_transition_write(struct write_ctx *c, void *arg)
{
	struct write_json *x = arg;

	c->err = task_transition(
	    c->store, c->arena, &c->actor, &c->who, x->id, x->in, now_ms(), c->errs);
	if (c->err == APP_EPERM)
		c->message = "您不能对该任务执行此操作";
	if (c->err == APP_OK)
		reply(c, K_TASK, x->id, 200);
}

enum app_err
task_api_transition(struct req *r)
{
	return queue(r, task_transition_write, true);
}

/* ---- duties ---- */

enum app_err
duty_api_list(struct req *r)
{
	struct duty_filter f;
	json_t            *errs = req_own(r, json_array()), *items;
	enum app_err       er;
	int64_t            cursor, total;
	int                limit;

	if ((er = duty_filter_parse(query_param, r, &f, errs)) != APP_OK)
		return req_fail_fields(r, er, errs);
	if ((er = req_page(r, &limit, &cursor)) != APP_OK)
		return er;
	if ((er = duty_page(r->store, r->actor, &f, cursor, limit, &items, &total)) != APP_OK) {
		json_decref(items);
		return er;
	}
	resp_list(r, items, limit, total);
	return APP_OK;
}

enum app_err
duty_api_get(struct req *r)
{
	json_t      *row;
	enum app_err er;
	int64_t      id;

	if ((er = req_param_id(r, 0, &id)) != APP_OK)
		return er;
	if ((er = duty_get(r->store, r->actor, id, &row)) != APP_OK)
		return er;
	resp_json(r, 200, row);
	return APP_OK;
}

static void
duty_create_write(struct write_ctx *c, void *arg)
{
	struct write_json *x = arg;
	int64_t            id;

	c->err = duty_create(c->store, c->arena, &c->actor, &c->who, x->in, now_ms(), c->errs, &id);
	if (c->err == APP_EPERM)
		c->message = "您不能登记该单位或企业的职责";
	if (c->err == APP_OK)
		reply(c, K_DUTY, id, 201);
}

enum app_err
duty_api_create(struct req *r)
{
	return queue(r, duty_create_write, false);
}

static void
duty_update_write(struct write_ctx *c, void *arg)
{
	struct write_json *x = arg;

	c->err =
	    duty_update(c->store, c->arena, &c->actor, &c->who, x->id, x->in, now_ms(), c->errs);
	if (c->err == APP_EPERM)
		c->message = "您不能修改该职责";
	if (c->err == APP_OK)
		reply(c, K_DUTY, x->id, 200);
}

enum app_err
duty_api_update(struct req *r)
{
	return queue(r, duty_update_write, true);
}

static void
duty_transition_write(struct write_ctx *c, void *arg)
{
	struct write_json *x = arg;

	c->err = duty_transition(
	    c->store, c->arena, &c->actor, &c->who, x->id, x->in, now_ms(), c->errs);
	if (c->err == APP_EPERM)
		c->message = "您不能废止该职责";
	if (c->err == APP_OK)
		reply(c, K_DUTY, x->id, 200);
}

enum app_err
duty_api_transition(struct req *r)
{
	return queue(r, duty_transition_write, true);
}

/* ---- assessments ---- */

enum app_err
assessment_api_list(struct req *r)
{
	struct assessment_filter f;
	json_t                  *errs = req_own(r, json_array()), *items;
	enum app_err             er;
	int64_t                  cursor, total;
	int                      limit;

	if ((er = assessment_filter_parse(query_param, r, &f, errs)) != APP_OK)
		return req_fail_fields(r, er, errs);
	if ((er = req_page(r, &limit, &cursor)) != APP_OK)
		return er;
	if ((er = assessment_page(r->store, r->actor, &f, cursor, limit, &items, &total)) !=
	    APP_OK) {
		json_decref(items);
		return er;
	}
	resp_list(r, items, limit, total);
	return APP_OK;
}

enum app_err
assessment_api_get(struct req *r)
{
	json_t      *row;
	enum app_err er;
	int64_t      id;

	if ((er = req_param_id(r, 0, &id)) != APP_OK)
		return er;
	if ((er = assessment_get(r->store, r->actor, id, &row)) != APP_OK)
		return er;
	resp_json(r, 200, row);
	return APP_OK;
}

static void
assessment_create_write(struct write_ctx *c, void *arg)
{
	struct write_json *x = arg;
	int64_t            id;

	c->err = assessment_create(
	    c->store, c->arena, &c->actor, &c->who, x->in, now_ms(), c->errs, &id);
	if (c->err == APP_EPERM)
		c->message = "您的角色不能组织考核";
	if (c->err == APP_OK)
		reply(c, K_ASSESSMENT, id, 201);
}

enum app_err
assessment_api_create(struct req *r)
{
	return queue(r, assessment_create_write, false);
}

static void
assessment_update_write(struct write_ctx *c, void *arg)
{
	struct write_json *x = arg;

	c->err = assessment_update(
	    c->store, c->arena, &c->actor, &c->who, x->id, x->in, now_ms(), c->errs);
	if (c->err == APP_EPERM)
		c->message = "只有组织考核的单位能修改考核";
	if (c->err == APP_OK)
		reply(c, K_ASSESSMENT, x->id, 200);
}

enum app_err
assessment_api_update(struct req *r)
{
	return queue(r, assessment_update_write, true);
}

static void
assessment_transition_write(struct write_ctx *c, void *arg)
{
	struct write_json *x = arg;

	c->err = assessment_transition(
	    c->store, c->arena, &c->actor, &c->who, x->id, x->in, now_ms(), c->errs);
	if (c->err == APP_EPERM)
		c->message = "只有组织考核的单位能评分和定稿";
	if (c->err == APP_OK)
		reply(c, K_ASSESSMENT, x->id, 200);
}

enum app_err
assessment_api_transition(struct req *r)
{
	return queue(r, assessment_transition_write, true);
}
