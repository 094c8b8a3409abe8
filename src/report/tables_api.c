#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/auth.h"
#include "auth/scope.h"
#include "core/arena.h"
#include "core/mem.h"
#include "core/timeutil.h"
#include "http/download.h"
#include "http/http.h"
#include "report/tables.h"
#include "report/tables_api.h"

static const char *
query_param(void *arg, const char *name)
{
	return req_query(arg, name);
}

/* Copies of what the worker needs: the request's memory is gone when it runs. */
struct tables_job {
	struct actor        actor;
	struct scope        scope;
	struct tables_query q;
	char               *strings[5];
};

static const char *
keep(struct tables_job *x, int i, const char *s)
{
	return s == NULL ? NULL : (x->strings[i] = xstrdup(s));
}

static void
job_free(void *arg)
{
	struct tables_job *x = arg;
	size_t             i;

	for (i = 0; i < sizeof(x->strings) / sizeof(x->strings[0]); i++)
		free(x->strings[i]);
	free(x);
}

static enum app_err
job_run(struct store *s, void *arg, const char *path)
{
	struct tables_job *x = arg;

	return tables_write(s, &x->actor, &x->scope, &x->q, path);
}

enum app_err
tables_api_get(struct req *r)
{
	struct tables_query q;
	struct tables_job  *x;
	struct scope        sc;
	json_t             *errs = req_own(r, json_array());
	const char         *region;
	char                today[11], ascii[64], *name;
	enum app_err        er;

	today_str(today);
	if ((er = tables_parse(query_param, r, today, &q, errs)) != APP_OK)
		return req_fail_fields(r, er, errs);
	if ((er = tables_scope(r->actor, &q, &sc)) != APP_OK)
		return req_fail(r, er, "所选地区不在您的数据范围内");
	if ((er = tables_region_name(r->store, r->arena, r->actor, &q, &region)) != APP_OK)
		return er;
	x = xcalloc(1, sizeof(*x));
	x->actor = *r->actor;
	x->actor.username = keep(x, 0, r->actor->username);
	x->actor.display_name = keep(x, 1, r->actor->display_name);
	x->actor.region_code = keep(x, 2, r->actor->region_code);
	x->actor.sectors = keep(x, 3, r->actor->sectors);
	x->scope = sc;
	x->scope.sectors = keep(x, 4, sc.sectors);
	x->q = q;
	snprintf(ascii, sizeof(ascii), "safety-statistics-%d.xlsx", q.year);
	name = arena_printf(r->arena, "%s安全生产统计报表（%d年）.xlsx", region, q.year);
	return req_download(r, job_run, x, job_free, MIME_XLSX, ascii, name);
}
