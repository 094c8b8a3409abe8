#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/scope.h"
#include "core/arena.h"
#include "core/jsonx.h"
#include "core/jw.h"
#include "core/mem.h"
#include "core/timeutil.h"
#include "hazard/hazard.h"
#include "hazard/hazard_api.h"
#include "hazard/inspection.h"
#include "hazard/stats.h"
#include "http/download.h"
#include "http/http.h"
#include "notify/notify.h"

static const char *
query_param(void *arg, const char *name)
{
	return req_query(arg, name);
}

/* ---- hazards ---- */

/* Copies of the scope and filter strings for a download on the worker pool. */
struct hazard_job {
	struct scope              scope;
	struct hazard_filter      filter;
	struct hazard_stats_query stats;
	enum sheet_format         fmt;
	char                     *strings[12];
	int                       n;
};

static const char *
keep(struct hazard_job *x, const char *s)
{
	return s == NULL ? NULL : (x->strings[x->n++] = xstrdup(s));
}

static void
job_free(void *arg)
{
	struct hazard_job *x = arg;
	int                i;

	for (i = 0; i < x->n; i++)
		free(x->strings[i]);
	free(x);
}

static struct hazard_job *
job_new(const struct scope *sc, const char *format)
{
	struct hazard_job *x = xcalloc(1, sizeof(*x));

	x->scope = *sc;
	x->scope.sectors = keep(x, sc->sectors);
	x->fmt = format[0] == 'x' ? SHEET_XLSX : SHEET_CSV;
	return x;
}

static enum app_err
ledger_run(struct store *s, void *arg, const char *path)
{
	struct hazard_job *x = arg;
	int64_t            rows;

	return hazard_ledger_write(s, &x->scope, &x->filter, x->fmt, path, &rows);
}

static bool
format_ok(struct req *r, const char *format)
{
	if (strcmp(format, "xlsx") == 0 || strcmp(format, "csv") == 0)
		return true;
	req_field_error(r, "format", "应为 xlsx 或 csv");
	return false;
}

enum app_err
hazard_api_list(struct req *r)
{
	struct hazard_filter f;
	struct scope         sc;
	struct jw            w;
	json_t              *errs = req_own(r, json_array());
	const char          *format = req_query(r, "format");
	enum app_err         er;
	int64_t              cursor, total, last_id;
	int                  limit, n;

	if ((er = hazard_filter_parse(query_param, r, &f, errs)) != APP_OK)
		return req_fail_fields(r, er, errs);
	scope_of(r->actor, &sc);
	if (format != NULL) {
		struct hazard_job *x;
		bool               xlsx = format[0] == 'x';

		if (!format_ok(r, format))
			return APP_EINVAL;
		x = job_new(&sc, format);
		x->filter = f;
		x->filter.region = keep(x, f.region);
		x->filter.sector = keep(x, f.sector);
		x->filter.level = keep(x, f.level);
		x->filter.status = keep(x, f.status);
		x->filter.source = keep(x, f.source);
		x->filter.found_from = keep(x, f.found_from);
		x->filter.found_to = keep(x, f.found_to);
		x->filter.q = keep(x, f.q);
		return req_download(r, ledger_run, x, job_free, xlsx ? MIME_XLSX : MIME_CSV,
		    xlsx ? "hazards.xlsx" : "hazards.csv", xlsx ? "隐患台账.xlsx" : "隐患台账.csv");
	}
	if ((er = req_page(r, &limit, &cursor)) != APP_OK)
		return er;
	jw_init(&w);
	jw_obj(&w);
	jw_key(&w, "items");
	jw_arr(&w);
	if ((er = hazard_page(r->store, &sc, &f, cursor, limit, &w, &n, &last_id, &total)) !=
	    APP_OK) {
		jw_free(&w);
		return er;
	}
	resp_list_text(r, &w, n, limit, last_id, total);
	return APP_OK;
}

enum app_err
hazard_api_get(struct req *r)
{
	struct scope sc;
	json_t      *row;
	enum app_err er;
	int64_t      id;

	if ((er = req_param_id(r, 0, &id)) != APP_OK)
		return er;
	scope_of(r->actor, &sc);
	/* With its events and the actions this caller may take. */
	if ((er = hazard_detail(r->store, r->actor, &sc, id, &row)) != APP_OK)
		return er;
	resp_json(r, 200, row);
	return APP_OK;
}

/* Writes run on the writer thread (group commit): req_write_json(). */
/* The reply of a write that succeeded: the record as the caller now sees it. */
static void
reply_detail(struct write_ctx *c, const struct scope *sc, int64_t id, int status)
{
	c->err = hazard_detail(c->store, &c->actor, sc, id, &c->body);
	c->status = status;
	if (status == 201)
		snprintf(c->location, sizeof(c->location), "/api/v1/hazards/%lld", (long long)id);
}

static void
create_write(struct write_ctx *c, void *arg)
{
	struct write_json *x = arg;
	struct scope       sc;
	int64_t            id;

	scope_of(&c->actor, &sc);
	c->err = hazard_create(
	    c->store, c->arena, &c->actor, &sc, &c->who, x->in, now_ms(), c->errs, &id);
	if (c->err == APP_OK)
		reply_detail(c, &sc, id, 201);
}

enum app_err
hazard_api_create(struct req *r)
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
	c->err = hazard_transition(
	    c->store, c->arena, &c->actor, &sc, &c->who, x->id, x->in, now_ms(), c->errs);
	if (c->err == APP_EPERM)
		c->message = "您的角色不能对该隐患执行此操作";
	if (c->err == APP_OK)
		reply_detail(c, &sc, x->id, 200);
}

enum app_err
hazard_api_transition(struct req *r)
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

static enum app_err
stats_run(struct store *s, void *arg, const char *path)
{
	struct hazard_job *x = arg;
	json_t            *stats;
	enum app_err       er;

	if ((er = hazard_stats(s, &x->scope, &x->stats, &stats)) != APP_OK)
		return er;
	er = hazard_stats_write(stats, x->fmt, path);
	json_decref(stats);
	return er;
}

enum app_err
hazard_api_stats(struct req *r)
{
	struct hazard_stats_query q;
	struct scope              sc;
	json_t                   *errs = req_own(r, json_array()), *out;
	const char               *format = req_query(r, "format");
	enum app_err              er;

	if ((er = hazard_stats_parse(query_param, r, &q, errs)) != APP_OK)
		return req_fail_fields(r, er, errs);
	scope_of(r->actor, &sc);
	if (format != NULL) {
		struct hazard_job *x;
		bool               xlsx = format[0] == 'x';

		if (!format_ok(r, format))
			return APP_EINVAL;
		x = job_new(&sc, format);
		x->stats = q;
		return req_download(r, stats_run, x, job_free, xlsx ? MIME_XLSX : MIME_CSV,
		    xlsx ? "hazard-stats.xlsx" : "hazard-stats.csv",
		    xlsx ? "隐患排查治理统计表.xlsx" : "隐患排查治理统计表.csv");
	}
	if ((er = hazard_stats(r->store, &sc, &q, &out)) != APP_OK)
		return er;
	resp_json(r, 200, out);
	return APP_OK;
}

/* ---- inspections ---- */

static bool
id_param(struct req *r, const char *name, int64_t *out, json_t *errs)
{
	const char *v = req_query(r, name);
	char       *end;

	*out = 0;
	if (v == NULL)
		return true;
	*out = strtoll(v, &end, 10);
	if (*end != '\0' || *out <= 0) {
		jx_err(errs, name, "应为编号");
		return false;
	}
	return true;
}

static bool
date_param(struct req *r, const char *name, const char **out, json_t *errs)
{
	int64_t d;

	*out = req_query(r, name);
	if (*out != NULL && !date_parse(*out, &d)) {
		jx_err(errs, name, "应为日期 YYYY-MM-DD");
		return false;
	}
	return true;
}

enum app_err
inspection_api_list(struct req *r)
{
	struct inspection_filter f = { 0 };
	struct scope             sc;
	json_t                  *errs = req_own(r, json_array()), *items;
	enum app_err             er;
	int64_t                  cursor, total;
	int                      limit;

	f.region = req_query(r, "region");
	f.kind = req_query(r, "kind");
	id_param(r, "enterprise_id", &f.enterprise_id, errs);
	id_param(r, "plan_id", &f.plan_id, errs);
	date_param(r, "from", &f.from, errs);
	date_param(r, "to", &f.to, errs);
	if (json_array_size(errs) > 0)
		return req_fail_fields(r, APP_EINVAL, errs);
	if ((er = req_page(r, &limit, &cursor)) != APP_OK)
		return er;
	scope_of(r->actor, &sc);
	if ((er = inspection_list(r->store, &sc, &f, cursor, limit, &items, &total)) != APP_OK) {
		json_decref(items);
		return er;
	}
	resp_list(r, items, limit, total);
	return APP_OK;
}

enum app_err
inspection_api_get(struct req *r)
{
	return req_reply_scoped(r, inspection_get);
}

static void
inspection_write(struct write_ctx *c, void *arg)
{
	struct write_json *x = arg;
	struct scope       sc;
	int64_t            id;

	scope_of(&c->actor, &sc);
	c->err = inspection_create(
	    c->store, c->arena, &c->actor, &sc, &c->who, x->in, now_ms(), c->errs, &id);
	if (c->err != APP_OK)
		return;
	c->err = inspection_get(c->store, &sc, id, &c->body);
	c->status = 201;
	snprintf(c->location, sizeof(c->location), "/api/v1/inspections/%lld", (long long)id);
}

enum app_err
inspection_api_create(struct req *r)
{
	json_t      *in;
	enum app_err er;

	if ((er = req_json(r, &in)) != APP_OK)
		return er;
	req_write_json(r, inspection_write, in, 0);
	return APP_OK;
}

enum app_err
inspection_api_refer(struct req *r)
{
	static const char *const known[] = { "note", NULL };
	struct audit_who         who = req_who(r);
	struct scope             sc;
	json_t                  *in, *errs = req_own(r, json_array());
	const char              *note = NULL;
	enum app_err             er;
	int64_t                  id;

	if ((er = req_param_id(r, 0, &id)) != APP_OK)
		return er;
	if ((er = req_json(r, &in)) != APP_OK)
		return er;
	jx_unknown(in, known, errs);
	jx_string(r->arena, in, "note", 0, 1000, &note, errs);
	if (json_array_size(errs) > 0)
		return req_fail_fields(r, APP_EINVAL, errs);
	scope_of(r->actor, &sc);
	er = inspection_refer(r->store, r->arena, &sc, &who, id, note, now_ms(), errs);
	if (er != APP_OK)
		return req_fail_fields(r, er, errs);
	return req_reply_scoped(r, inspection_get);
}

enum app_err
inspection_api_checklist(struct req *r)
{
	struct scope sc;
	json_t      *errs = req_own(r, json_array()), *out;
	const char  *on;
	char         today[11];
	enum app_err er;
	int64_t      ent;

	id_param(r, "enterprise_id", &ent, errs);
	if (ent == 0 && !jx_has_err(errs, "enterprise_id"))
		jx_err(errs, "enterprise_id", "必填");
	date_param(r, "on", &on, errs);
	if (json_array_size(errs) > 0)
		return req_fail_fields(r, APP_EINVAL, errs);
	today_str(today);
	scope_of(r->actor, &sc);
	if ((er = inspection_checklist(r->store, &sc, ent, on ? on : today, &out)) != APP_OK)
		return er;
	resp_json(r, 200, out);
	return APP_OK;
}

/* ---- plans ---- */

enum app_err
plan_api_list(struct req *r)
{
	struct scope sc;
	json_t      *items;
	enum app_err er;

	scope_of(r->actor, &sc);
	if ((er = plan_list(r->store, &sc, &items)) != APP_OK)
		return er;
	resp_list(r, items, 0, (int64_t)json_array_size(items));
	return APP_OK;
}

enum app_err
plan_api_get(struct req *r)
{
	return req_reply_scoped(r, plan_get);
}

enum app_err
plan_api_create(struct req *r)
{
	struct audit_who who = req_who(r);
	struct scope     sc;
	json_t          *in, *errs = req_own(r, json_array()), *row;
	enum app_err     er;
	int64_t          id;

	if ((er = req_json(r, &in)) != APP_OK)
		return er;
	scope_of(r->actor, &sc);
	er = plan_create(r->store, r->arena, r->actor, &sc, &who, in, now_ms(), errs, &id);
	if (er != APP_OK)
		return req_fail_fields(r, er, errs);
	if ((er = plan_get(r->store, &sc, id, &row)) != APP_OK)
		return er;
	resp_json(r, 201, row);
	return APP_OK;
}

/* ---- notifications ---- */

enum app_err
notification_api_list(struct req *r)
{
	const char  *u = req_query(r, "unread");
	json_t      *items;
	enum app_err er;
	int64_t      cursor, total, unread;
	int          limit;

	if (u != NULL && strcmp(u, "true") != 0 && strcmp(u, "false") != 0)
		return req_field_error(r, "unread", "应为 true 或 false");
	if ((er = req_page(r, &limit, &cursor)) != APP_OK)
		return er;
	er = notify_list(
	    r->store, r->actor, u != NULL && u[0] == 't', cursor, limit, &items, &total, &unread);
	if (er != APP_OK) {
		json_decref(items);
		return er;
	}
	resp_list(r, items, limit, total);
	return APP_OK;
}

enum app_err
notification_api_read(struct req *r)
{
	struct audit_who who = req_who(r);
	enum app_err     er;
	int64_t          id;

	if ((er = req_param_id(r, 0, &id)) != APP_OK)
		return er;
	if ((er = notify_read(r->store, r->actor, &who, id, now_ms())) != APP_OK)
		return er;
	resp_status(r, 204);
	return APP_OK;
}
