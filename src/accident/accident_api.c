#include <stdio.h>
#include <string.h>

#include "accident/accident.h"
#include "accident/accident_api.h"
#include "auth/scope.h"
#include "core/jsonx.h"
#include "core/timeutil.h"
#include "http/http.h"
#include "http/record_api.h"

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

static const struct record_api accidents = { accident_detail, accident_create, accident_transition,
	"/api/v1/accidents", "您的角色不能登记事故", "您的角色不能对该事故执行此操作" };

enum app_err
accident_api_get(struct req *r)
{
	return record_api_get(r, &accidents);
}

enum app_err
accident_api_create(struct req *r)
{
	return record_api_create(r, &accidents);
}

enum app_err
accident_api_transition(struct req *r)
{
	return record_api_transition(r, &accidents);
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
