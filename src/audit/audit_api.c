#include <stdlib.h>

#include "audit/audit.h"
#include "audit/audit_api.h"
#include "core/jsonx.h"
#include "core/timeutil.h"
#include "http/http.h"

static int64_t
id_param(struct req *r, const char *name, json_t *errs)
{
	const char *v = req_query(r, name);
	char       *end;
	long long   n;

	if (v == NULL)
		return 0;
	n = strtoll(v, &end, 10);
	if (*end != '\0' || n <= 0) {
		jx_err(errs, name, "应为正整数");
		return 0;
	}
	return n;
}

static int64_t
date_param(struct req *r, const char *name, int add_days, json_t *errs)
{
	const char *v = req_query(r, name);
	int64_t     d;

	if (v == NULL)
		return 0;
	if (!date_parse(v, &d)) {
		jx_err(errs, name, "日期应为 YYYY-MM-DD");
		return 0;
	}
	return date_start_ms(d + add_days);
}

enum app_err
audit_api_list(struct req *r)
{
	struct audit_filter f;
	json_t             *items, *errs = req_own(r, json_array());
	enum app_err        er;
	int64_t             cursor, total;
	int                 limit;

	if ((er = req_page(r, &limit, &cursor)) != APP_OK)
		return er;
	f.actor_id = id_param(r, "actor_id", errs);
	f.action = req_query(r, "action");
	f.entity = req_query(r, "entity");
	f.entity_id = id_param(r, "entity_id", errs);
	f.from_ms = date_param(r, "from", 0, errs);
	f.to_ms = date_param(r, "to", 1, errs); /* "to" is the last day included */
	if (json_array_size(errs) > 0)
		return req_fail_fields(r, APP_EINVAL, errs);
	if ((er = audit_list(r->store, &f, cursor, limit, &items, &total)) != APP_OK) {
		json_decref(items);
		return er;
	}
	resp_list(r, items, limit, total);
	return APP_OK;
}
