#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "audit/audit.h"
#include "auth/scope.h"
#include "core/arena.h"
#include "core/jsonx.h"
#include "core/jw.h"
#include "core/mem.h"
#include "enterprise/enterprise.h"
#include "enterprise/enterprise_api.h"
#include "enterprise/export.h"
#include "http/download.h"
#include "http/http.h"

static const char *
query_param(void *arg, const char *name)
{
	return req_query(arg, name);
}

/* An export runs on the worker pool with copies of the scope and the filter. */
struct export_job {
	struct scope             scope;
	struct enterprise_filter filter;
	enum export_format       fmt;
	char                    *strings[8];
};

static void
export_job_free(void *arg)
{
	struct export_job *x = arg;
	size_t             i;

	for (i = 0; i < sizeof(x->strings) / sizeof(x->strings[0]); i++)
		free(x->strings[i]);
	free(x);
}

static const char *
keep(struct export_job *x, int slot, const char *s)
{
	return s == NULL ? NULL : (x->strings[slot] = xstrdup(s));
}

static enum app_err
export_job_run(struct store *s, void *arg, const char *path)
{
	struct export_job *x = arg;
	int64_t            rows;

	return enterprise_export(s, &x->scope, &x->filter, x->fmt, path, NULL, NULL, &rows);
}

static enum app_err
send_export(
    struct req *r, const struct scope *sc, const struct enterprise_filter *f, const char *format)
{
	struct export_job *x;
	bool               xlsx;

	if (strcmp(format, "xlsx") != 0 && strcmp(format, "csv") != 0)
		return req_field_error(r, "format", "应为 xlsx 或 csv");
	xlsx = format[0] == 'x';
	x = xcalloc(1, sizeof(*x));
	x->scope = *sc;
	x->scope.sectors = keep(x, 0, sc->sectors);
	x->filter = *f;
	x->filter.q = keep(x, 1, f->q);
	x->filter.uscc = keep(x, 2, f->uscc);
	x->filter.region = keep(x, 3, f->region);
	x->filter.sector = keep(x, 4, f->sector);
	x->filter.risk_color = keep(x, 5, f->risk_color);
	x->filter.status = keep(x, 6, f->status);
	x->fmt = xlsx ? EXPORT_XLSX : EXPORT_CSV;
	return req_download(r, export_job_run, x, export_job_free, xlsx ? MIME_XLSX : MIME_CSV,
	    xlsx ? "enterprises.xlsx" : "enterprises.csv", xlsx ? "企业档案.xlsx" : "企业档案.csv");
}

enum app_err
enterprise_api_list(struct req *r)
{
	struct enterprise_filter f;
	struct scope             sc;
	struct jw                w;
	json_t                  *errs = req_own(r, json_array());
	const char              *format = req_query(r, "format");
	enum app_err             er;
	int64_t                  cursor, total, last_id;
	int                      limit, n;

	if ((er = enterprise_filter_parse(query_param, r, &f, errs)) != APP_OK)
		return req_fail_fields(r, er, errs);
	scope_of(r->actor, &sc);
	if (format != NULL)
		return send_export(r, &sc, &f, format);
	if ((er = req_page(r, &limit, &cursor)) != APP_OK)
		return er;
	/* Written straight from the rows into the reply: a page is the hottest read. */
	jw_init(&w);
	jw_obj(&w);
	jw_key(&w, "items");
	jw_arr(&w);
	er = enterprise_page(r->store, &sc, &f, cursor, limit, &w, &n, &last_id, &total);
	if (er != APP_OK) {
		jw_free(&w);
		return er;
	}
	resp_list_text(r, &w, n, limit, last_id, total);
	return APP_OK;
}

enum app_err
enterprise_api_get(struct req *r)
{
	return req_reply_scoped(r, enterprise_get);
}

enum app_err
enterprise_api_create(struct req *r)
{
	struct audit_who who = req_who(r);
	struct scope     sc;
	json_t          *in, *errs = req_own(r, json_array()), *row;
	enum app_err     er;
	int64_t          id;
	char             loc[64];

	if ((er = req_json(r, &in)) != APP_OK)
		return er;
	scope_of(r->actor, &sc);
	er = enterprise_create(r->store, r->arena, &sc, &who, in, errs, &id);
	if (er != APP_OK)
		return req_fail_fields(r, er, errs);
	if ((er = enterprise_get(r->store, &sc, id, &row)) != APP_OK)
		return er;
	snprintf(loc, sizeof(loc), "/api/v1/enterprises/%lld", (long long)id);
	resp_header(r, "Location", loc);
	resp_json(r, 201, row);
	return APP_OK;
}

enum app_err
enterprise_api_update(struct req *r)
{
	struct audit_who who = req_who(r);
	struct scope     sc;
	json_t          *in, *errs = req_own(r, json_array()), *row;
	enum app_err     er;
	int64_t          id;

	if ((er = req_param_id(r, 0, &id)) != APP_OK)
		return er;
	if ((er = req_json(r, &in)) != APP_OK)
		return er;
	scope_of(r->actor, &sc);
	er = enterprise_update(r->store, r->arena, &sc, &who,
	    r->actor->role == ROLE_ENTERPRISE ? EDITOR_ENTERPRISE : EDITOR_STAFF, id, in, errs);
	if (er != APP_OK)
		return req_fail_fields(r, er, errs);
	if ((er = enterprise_get(r->store, &sc, id, &row)) != APP_OK)
		return er;
	resp_json(r, 200, row);
	return APP_OK;
}

enum app_err
enterprise_api_transition(struct req *r)
{
	static const char *const known[] = { "action", "reason", NULL };
	struct audit_who         who = req_who(r);
	struct scope             sc;
	enum enterprise_action   act;
	json_t                  *in, *errs = req_own(r, json_array()), *row;
	const char              *action = NULL, *reason = NULL;
	enum app_err             er;
	int64_t                  id;

	if ((er = req_param_id(r, 0, &id)) != APP_OK)
		return er;
	if ((er = req_json(r, &in)) != APP_OK)
		return er;
	jx_unknown(in, known, errs);
	if (jx_string(r->arena, in, "action", 1, 20, &action, errs) != JX_SET ||
	    !enterprise_action_parse(action, &act)) {
		if (!jx_has_err(errs, "action"))
			jx_err(errs, "action", "应为 close、reopen 或 void");
	}
	jx_string(r->arena, in, "reason", 0, 500, &reason, errs);
	if (json_array_size(errs) > 0)
		return req_fail_fields(r, APP_EINVAL, errs);
	scope_of(r->actor, &sc);
	er = enterprise_transition(r->store, r->arena, &sc, &who, id, act, reason, errs);
	if (er != APP_OK)
		return req_fail_fields(r, er, errs);
	if ((er = enterprise_get(r->store, &sc, id, &row)) != APP_OK)
		return er;
	resp_json(r, 200, row);
	return APP_OK;
}
