#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/scope.h"
#include "core/jsonx.h"
#include "core/mem.h"
#include "core/timeutil.h"
#include "enforce/supervision.h"
#include "enforce/supervision_api.h"
#include "http/download.h"
#include "http/http.h"
#include "http/record_api.h"

static const char *
query_param(void *arg, const char *name)
{
	return req_query(arg, name);
}

enum app_err
supervision_api_list(struct req *r)
{
	struct supervision_filter f;
	struct scope              sc;
	json_t                   *errs = req_own(r, json_array()), *items;
	char                      today[11];
	enum app_err              er;
	int64_t                   cursor, total;
	int                       limit;

	if ((er = supervision_filter_parse(query_param, r, &f, errs)) != APP_OK)
		return req_fail_fields(r, er, errs);
	today_str(today);
	f.today = today;
	if ((er = req_page(r, &limit, &cursor)) != APP_OK)
		return er;
	scope_of(r->actor, &sc);
	if ((er = supervision_page(r->store, &sc, &f, cursor, limit, &items, &total)) != APP_OK) {
		json_decref(items);
		return er;
	}
	resp_list(r, items, limit, total);
	return APP_OK;
}

static const struct record_api supervisions = { supervision_detail, supervision_create,
	supervision_transition, "/api/v1/supervisions", "您的角色不能下达督办",
	"您不能对该督办执行此操作" };

enum app_err
supervision_api_get(struct req *r)
{
	return record_api_get(r, &supervisions);
}

enum app_err
supervision_api_create(struct req *r)
{
	return record_api_create(r, &supervisions);
}

enum app_err
supervision_api_transition(struct req *r)
{
	return record_api_transition(r, &supervisions);
}

/* The scope (its sector list copied: the request's arena is gone when the pool runs the
 * job) and the query of a statistics download. */
struct stats_job {
	struct scope                   scope;
	struct supervision_stats_query q;
	enum sheet_format              fmt;
	char                          *sectors;
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

	if ((er = supervision_stats(s, &x->scope, &x->q, &stats)) != APP_OK)
		return er;
	er = supervision_stats_write(stats, x->fmt, path);
	json_decref(stats);
	return er;
}

enum app_err
supervision_api_stats(struct req *r)
{
	struct supervision_stats_query q;
	struct scope                   sc;
	json_t                        *errs = req_own(r, json_array()), *out;
	const char                    *format = req_query(r, "format");
	enum app_err                   er;

	if ((er = supervision_stats_parse(query_param, r, &q, errs)) != APP_OK)
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
		    xlsx ? "supervision-stats.xlsx" : "supervision-stats.csv",
		    xlsx ? "督办问责统计表.xlsx" : "督办问责统计表.csv");
	}
	if ((er = supervision_stats(r->store, &sc, &q, &out)) != APP_OK)
		return er;
	resp_json(r, 200, out);
	return APP_OK;
}
