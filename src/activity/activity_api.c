#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "activity/activity.h"
#include "activity/activity_api.h"
#include "auth/scope.h"
#include "core/mem.h"
#include "core/timeutil.h"
#include "http/download.h"
#include "http/http.h"

static const char *
query_param(void *arg, const char *name)
{
	return req_query(arg, name);
}

enum app_err
activity_api_list(struct req *r)
{
	struct activity_filter f;
	struct scope           sc;
	json_t                *errs = req_own(r, json_array()), *items;
	enum app_err           er;
	int64_t                cursor, total;
	int                    limit;

	if ((er = activity_filter_parse(query_param, r, &f, errs)) != APP_OK)
		return req_fail_fields(r, er, errs);
	if ((er = req_page(r, &limit, &cursor)) != APP_OK)
		return er;
	scope_of(r->actor, &sc);
	if ((er = activity_page(r->store, &sc, &f, cursor, limit, &items, &total)) != APP_OK) {
		json_decref(items);
		return er;
	}
	resp_list(r, items, limit, total);
	return APP_OK;
}

enum app_err
activity_api_get(struct req *r)
{
	struct scope sc;
	json_t      *row;
	enum app_err er;
	int64_t      id;

	if ((er = req_param_id(r, 0, &id)) != APP_OK)
		return er;
	scope_of(r->actor, &sc);
	if ((er = activity_detail(r->store, r->actor, &sc, id, &row)) != APP_OK)
		return er;
	resp_json(r, 200, row);
	return APP_OK;
}

/* Writes run on the writer thread (group commit): req_write_json(). */
static void
reply_detail(struct write_ctx *c, const struct scope *sc, int64_t id, int status)
{
	c->err = activity_detail(c->store, &c->actor, sc, id, &c->body);
	c->status = status;
	if (status == 201)
		snprintf(
		    c->location, sizeof(c->location), "/api/v1/activities/%lld", (long long)id);
}

static void
create_write(struct write_ctx *c, void *arg)
{
	struct write_json *x = arg;
	struct scope       sc;
	int64_t            id;

	scope_of(&c->actor, &sc);
	c->err = activity_create(
	    c->store, c->arena, &c->actor, &sc, &c->who, x->in, now_ms(), c->errs, &id);
	if (c->err == APP_EPERM)
		c->message = "您的角色不能登记宣传培训活动";
	if (c->err == APP_OK)
		reply_detail(c, &sc, id, 201);
}

enum app_err
activity_api_create(struct req *r)
{
	json_t      *in;
	enum app_err er;

	if ((er = req_json(r, &in)) != APP_OK)
		return er;
	req_write_json(r, create_write, in, 0);
	return APP_OK;
}

static void
update_write(struct write_ctx *c, void *arg)
{
	struct write_json *x = arg;
	struct scope       sc;

	scope_of(&c->actor, &sc);
	c->err = activity_update(
	    c->store, c->arena, &c->actor, &sc, &c->who, x->id, x->in, now_ms(), c->errs);
	if (c->err == APP_EPERM)
		c->message = "只有组织单位（或市局、管理员）能修改该活动";
	if (c->err == APP_OK)
		reply_detail(c, &sc, x->id, 200);
}

enum app_err
activity_api_update(struct req *r)
{
	json_t      *in;
	enum app_err er;
	int64_t      id;

	if ((er = req_param_id(r, 0, &id)) != APP_OK)
		return er;
	if ((er = req_json(r, &in)) != APP_OK)
		return er;
	req_write_json(r, update_write, in, id);
	return APP_OK;
}

static void
transition_write(struct write_ctx *c, void *arg)
{
	struct write_json *x = arg;
	struct scope       sc;

	scope_of(&c->actor, &sc);
	c->err = activity_transition(
	    c->store, c->arena, &c->actor, &sc, &c->who, x->id, x->in, now_ms(), c->errs);
	if (c->err == APP_EPERM)
		c->message = "只有组织单位（或市局、管理员）能作废该活动";
	if (c->err == APP_OK)
		reply_detail(c, &sc, x->id, 200);
}

enum app_err
activity_api_transition(struct req *r)
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

/* The scope (its sector list copied: the request's arena is gone when the pool runs the
 * job) and the query of a statistics download. */
struct stats_job {
	struct scope                scope;
	struct activity_stats_query q;
	enum sheet_format           fmt;
	char                       *sectors;
};

static void
stats_job_free(void *arg)
{
	struct stats_job *x = arg;

	free(x->sectors);
	free(x);
}

static enum app_err
stats_run(struct store *s, void *arg, const char *path)
{
	struct stats_job *x = arg;
	json_t           *stats;
	enum app_err      er;

	if ((er = activity_stats(s, &x->scope, &x->q, &stats)) != APP_OK)
		return er;
	er = activity_stats_write(stats, x->fmt, path);
	json_decref(stats);
	return er;
}

enum app_err
activity_api_stats(struct req *r)
{
	struct activity_stats_query q;
	struct scope                sc;
	json_t                     *errs = req_own(r, json_array()), *out;
	const char                 *format = req_query(r, "format");
	enum app_err                er;

	if ((er = activity_stats_parse(query_param, r, &q, errs)) != APP_OK)
		return req_fail_fields(r, er, errs);
	scope_of(r->actor, &sc);
	if (format != NULL) {
		struct stats_job *x;
		bool              xlsx = strcmp(format, "xlsx") == 0;

		if (!xlsx && strcmp(format, "csv") != 0)
			return req_field_error(r, "format", "应为 xlsx 或 csv");
		x = xcalloc(1, sizeof(*x));
		x->scope = sc;
		x->sectors = sc.sectors != NULL ? xstrdup(sc.sectors) : NULL;
		x->scope.sectors = x->sectors;
		x->q = q;
		x->fmt = xlsx ? SHEET_XLSX : SHEET_CSV;
		return req_download(r, stats_run, x, stats_job_free, xlsx ? MIME_XLSX : MIME_CSV,
		    xlsx ? "activity-stats.xlsx" : "activity-stats.csv",
		    xlsx ? "宣传培训统计表.xlsx" : "宣传培训统计表.csv");
	}
	if ((er = activity_stats(r->store, &sc, &q, &out)) != APP_OK)
		return er;
	resp_json(r, 200, out);
	return APP_OK;
}
