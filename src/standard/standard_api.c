#include <stdlib.h>
#include <string.h>

#include "core/jsonx.h"
#include "core/timeutil.h"
#include "http/http.h"
#include "standard/standard.h"
#include "standard/standard_api.h"

enum app_err
standard_api_list(struct req *r)
{
	json_t      *items;
	enum app_err er;
	char         today[11];

	today_str(today);
	if ((er = standard_list(r->store, req_query(r, "sector"), today, &items)) != APP_OK)
		return er;
	resp_list(r, items, 0, (int64_t)json_array_size(items));
	return APP_OK;
}

enum app_err
standard_api_get(struct req *r)
{
	json_t      *row;
	enum app_err er;
	int64_t      id;
	char         today[11];

	if ((er = req_param_id(r, 0, &id)) != APP_OK)
		return er;
	today_str(today);
	if ((er = standard_get(r->store, id, today, &row)) != APP_OK)
		return er;
	resp_json(r, 200, row);
	return APP_OK;
}

/* Search over item text: ?q= &sector= &on= (in force that day) &citable=true &limit= */
enum app_err
standard_api_items(struct req *r)
{
	struct standard_item_filter f = { 0 };
	json_t                     *errs = req_own(r, json_array()), *items;
	const char                 *c = req_query(r, "citable"), *l = req_query(r, "limit");
	enum app_err                er;
	int64_t                     total, d;
	long                        limit = 100;
	char                       *end;

	f.q = req_query(r, "q");
	f.sector = req_query(r, "sector");
	if ((f.on = req_query(r, "on")) != NULL && !date_parse(f.on, &d))
		jx_err(errs, "on", "应为日期 YYYY-MM-DD");
	if (c != NULL && strcmp(c, "true") != 0 && strcmp(c, "false") != 0)
		jx_err(errs, "citable", "应为 true 或 false");
	f.citable_only = c != NULL && c[0] == 't';
	if (l != NULL && ((limit = strtol(l, &end, 10)) < 1 || limit > 2000 || *end != '\0'))
		jx_err(errs, "limit", "应为 1 到 2000");
	if (json_array_size(errs) > 0)
		return req_fail_fields(r, APP_EINVAL, errs);
	if ((er = standard_items_find(r->store, &f, (int)limit, &items, &total)) != APP_OK) {
		json_decref(items);
		return er;
	}
	resp_list(r, items, 0, total);
	return APP_OK;
}
