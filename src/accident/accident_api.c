#include <stdio.h>
#include <string.h>

#include "accident/accident.h"
#include "accident/accident_api.h"
#include "auth/scope.h"
#include "core/jsonx.h"
#include "core/timeutil.h"
#include "http/http.h"

static const char *
query_param(void *arg, const char *name)
{
	return req_query(arg, name);
}

enum app_err
accident_api_list(struct req *r)
{
	struct accident_filter f;
	struct scope           sc;
	json_t                *errs = req_own(r, json_array()), *items;
	enum app_err           er;
	int64_t                cursor, total;
	int                    limit;

	if ((er = accident_filter_parse(query_param, r, &f, errs)) != APP_OK)
		return req_fail_fields(r, er, errs);
	if ((er = req_page(r, &limit, &cursor)) != APP_OK)
		return er;
	scope_of(r->actor, &sc);
	if ((er = accident_page(r->store, &sc, &f, cursor, limit, &items, &total)) != APP_OK) {
		json_decref(items);
		return er;
	}
	resp_list(r, items, limit, total);
	return APP_OK;
}

enum app_err
accident_api_get(struct req *r)
{
	struct scope sc;
	json_t      *row;
	enum app_err er;
	int64_t      id;
	char         today[11];

	if ((er = req_param_id(r, 0, &id)) != APP_OK)
		return er;
	today_str(today);
	scope_of(r->actor, &sc);
	if ((er = accident_detail(r->store, r->actor, &sc, id, today, &row)) != APP_OK)
		return er;
	resp_json(r, 200, row);
	return APP_OK;
}

static void
reply_detail(struct write_ctx *c, const struct scope *sc, int64_t id, int status)
{
	char today[11];

	today_str(today);
	c->err = accident_detail(c->store, &c->actor, sc, id, today, &c->body);
	c->status = status;
	if (status == 201)
		snprintf(c->location, sizeof(c->location), "/api/v1/accidents/%lld", (long long)id);
}

static void
create_write(struct write_ctx *c, void *arg)
{
	struct write_json *x = arg;
	struct scope       sc;
	int64_t            id;

	scope_of(&c->actor, &sc);
	c->err = accident_create(
	    c->store, c->arena, &c->actor, &sc, &c->who, x->in, now_ms(), c->errs, &id);
	if (c->err == APP_EPERM)
		c->message = "您的角色不能登记事故";
	if (c->err == APP_OK)
		reply_detail(c, &sc, id, 201);
}

enum app_err
accident_api_create(struct req *r)
{
	json_t      *in;
	enum app_err er;

	if ((er = req_json(r, &in)) != APP_OK)
		return er;
	req_write_json(r, create_write, in, 0);
	return APP_OK;
}

static void
transition_write(struct write_ctx *c, void *arg)
{
	struct write_json *x = arg;
	struct scope       sc;

	scope_of(&c->actor, &sc);
	c->err = accident_transition(
	    c->store, c->arena, &c->actor, &sc, &c->who, x->id, x->in, now_ms(), c->errs);
	if (c->err == APP_EPERM)
		c->message = "您的角色不能对该事故执行此操作";
	if (c->err == APP_OK)
		reply_detail(c, &sc, x->id, 200);
}

enum app_err
accident_api_transition(struct req *r)
{
	json_t      *in;
	enum app_err er;
	int64_t      id;

	if ((er = req_param_id(r, 0, &id)) != APP_OK)
		return er;
	if ((er = req_json(r, &in)) != APP_OK)
		return er;
	req_write_json(r, transition_write, in, id);
	return APP_OK;
}

/* ?from=&to=&group_by=grade|type|region|month (default this year, by grade). */
enum app_err
accident_api_stats(struct req *r)
{
	static const char *const bys[] = { "grade", "type", "region", "month", NULL };
	const char              *from = req_query(r, "from"), *to = req_query(r, "to"),
		   *by = req_query(r, "group_by");
	json_t      *errs = req_own(r, json_array()), *out;
	struct scope sc;
	char         today[11], f[11], t[11];
	enum app_err er;
	int64_t      d;
	int          i;

	today_str(today);
	snprintf(f, sizeof(f), "%.4s-01-01", today);
	snprintf(t, sizeof(t), "%.4s-12-31", today);
	if (from != NULL && (strlen(from) != 10 || !date_parse(from, &d)))
		jx_err(errs, "from", "应为日期 YYYY-MM-DD");
	if (to != NULL && (strlen(to) != 10 || !date_parse(to, &d)))
		jx_err(errs, "to", "应为日期 YYYY-MM-DD");
	for (i = 0; by != NULL && bys[i] != NULL && strcmp(bys[i], by) != 0; i++)
		;
	if (by != NULL && bys[i] == NULL)
		jx_err(errs, "group_by", "应为 grade、type、region 或 month");
	if (json_array_size(errs) > 0)
		return req_fail_fields(r, APP_EINVAL, errs);
	scope_of(r->actor, &sc);
	if ((er = accident_stats(
		 r->store, &sc, from ? from : f, to ? to : t, by ? by : "grade", &out)) != APP_OK)
		return er;
	resp_json(r, 200, out);
	return APP_OK;
}
