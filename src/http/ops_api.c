/* Operations endpoints: health and metrics. */
#include <stdlib.h>
#include <string.h>

#include "http/http.h"
#include "http/metrics.h"
#include "http/ops_api.h"
#include "store/store.h"

static const char sql_ping[] = "SELECT 1 FROM settings LIMIT 1";

enum app_err
ops_api_healthz(struct req *r)
{
	if (stmt_run(store_stmt(r->store, sql_ping)) != APP_OK)
		return req_fail(r, APP_EBUSY, "数据库不可用");
	resp_json(r, 200, json_pack("{s:s}", "status", "ok"));
	return APP_OK;
}

enum app_err
ops_api_metrics(struct req *r)
{
	char *text;

	/* Counters are for the operators of this machine, not for the internet. */
	if (strcmp(r->client, "127.0.0.1") != 0 && strcmp(r->client, "::1") != 0)
		return req_fail(r, APP_EPERM, "metrics 只对本机开放");
	text = metrics_render(r->store);
	resp_bytes(r, 200, "text/plain; version=0.0.4; charset=utf-8", text, strlen(text), free);
	return APP_OK;
}
