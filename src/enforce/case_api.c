#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/scope.h"
#include "core/jsonx.h"
#include "core/mem.h"
#include "core/timeutil.h"
#include "enforce/case.h"
#include "enforce/case_api.h"
#include "enforce/case_doc.h"
#include "enforce/case_stats.h"
#include "enforce/provision.h"
#include "http/download.h"
#include "http/http.h"
#include "http/record_api.h"
#include "http/server.h"

static const char *
query_param(void *arg, const char *name)
{
	return req_query(arg, name);
}

/* ---- provisions ---- */

/* ?q= &target= &kind= &citable=true */
enum app_err
provision_api_list(struct req *r)
{
	struct provision_filter f = { 0 };
	const char             *c = req_query(r, "citable");
	json_t                 *items;

	f.q = req_query(r, "q");
	f.target = req_query(r, "target");
	f.kind = req_query(r, "kind");
	if (c != NULL && strcmp(c, "true") != 0 && strcmp(c, "false") != 0)
		return req_field_error(r, "citable", "应为 true 或 false");
	f.citable_only = c != NULL && strcmp(c, "true") == 0;
	if (provision_catalog() == NULL)
		return APP_EINTERNAL;
	items = provision_list(&f);
	resp_json(r, 200,
	    json_pack("{s:o, s:I, s:O}", "items", items, "total",
		(json_int_t)json_array_size(items), "source",
		json_object_get(provision_catalog(), "source")));
	return APP_OK;
}

enum app_err
provision_api_get(struct req *r)
{
	const json_t *p = provision_find(r->params[0]);

	if (p == NULL)
		return APP_ENOENT;
	resp_json(r, 200, json_deep_copy(p));
	return APP_OK;
}

/* ---- cases ---- */

enum app_err
case_api_list(struct req *r)
{
	struct case_filter f;
	struct scope       sc;
	json_t            *errs = req_own(r, json_array()), *items;
	char               today[11];
	enum app_err       er;
	int64_t            cursor, total;
	int                limit;

	if ((er = case_filter_parse(query_param, r, &f, errs)) != APP_OK)
		return req_fail_fields(r, er, errs);
	today_str(today);
	f.today = today;
	if ((er = req_page(r, &limit, &cursor)) != APP_OK)
		return er;
	scope_of(r->actor, &sc);
	if ((er = case_page(r->store, &sc, &f, cursor, limit, &items, &total)) != APP_OK) {
		json_decref(items);
		return er;
	}
	resp_list(r, items, limit, total);
	return APP_OK;
}

static const struct record_api cases = { case_detail, case_create, case_transition, "/api/v1/cases",
	"您的角色不能立案", "您的角色不能对该案件执行此操作" };

enum app_err
case_api_get(struct req *r)
{
	return record_api_get(r, &cases);
}

enum app_err
case_api_create(struct req *r)
{
	return record_api_create(r, &cases);
}

enum app_err
case_api_transition(struct req *r)
{
	return record_api_transition(r, &cases);
}

/* ---- settings ---- */

enum app_err
case_api_settings_get(struct req *r)
{
	struct case_settings cs;
	enum app_err         er;
	int64_t              id;

	if ((er = req_param_id(r, 0, &id)) != APP_OK)
		return er;
	if ((er = case_settings_get(r->store, id, &cs)) != APP_OK)
		return er;
	resp_json(r, 200, case_settings_json(id, &cs));
	return APP_OK;
}

static void
settings_write(struct write_ctx *c, void *arg)
{
	struct write_json   *x = arg;
	struct case_settings cs;

	c->err = case_settings_put(
	    c->store, c->arena, &c->actor, &c->who, x->id, x->in, now_ms(), c->errs);
	if (c->err == APP_EPERM)
		c->message = "只有管理员、市局和本机关可以修改办案设置";
	if (c->err == APP_OK && (c->err = case_settings_get(c->store, x->id, &cs)) == APP_OK) {
		c->body = case_settings_json(x->id, &cs);
		c->status = 200;
	}
}

enum app_err
case_api_settings_put(struct req *r)
{
	json_t      *in;
	enum app_err er;
	int64_t      id;

	if ((er = req_param_id(r, 0, &id)) != APP_OK)
		return er;
	if ((er = req_json(r, &in)) != APP_OK)
		return er;
	req_write_json(r, settings_write, in, id);
	return APP_OK;
}

/* ---- statistics ---- */

struct stats_job {
	struct scope            scope;
	char                   *sectors;
	struct case_stats_query q;
	enum sheet_format       fmt;
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

	if ((er = case_stats(s, &x->scope, &x->q, &stats)) != APP_OK)
		return er;
	er = case_stats_write(stats, x->fmt, path);
	json_decref(stats);
	return er;
}

/* ?from=&to=&as_of=&group_by=region|mode|month|provision[&format=xlsx|csv] */
enum app_err
case_api_stats(struct req *r)
{
	struct case_stats_query q;
	struct scope            sc;
	json_t                 *errs = req_own(r, json_array()), *out;
	const char             *format = req_query(r, "format");
	enum app_err            er;

	if ((er = case_stats_parse(query_param, r, &q, errs)) != APP_OK)
		return req_fail_fields(r, er, errs);
	scope_of(r->actor, &sc);
	if (format != NULL) {
		struct stats_job *x;
		bool              xlsx = strcmp(format, "xlsx") == 0;

		if (!xlsx && strcmp(format, "csv") != 0)
			return req_field_error(r, "format", "应为 xlsx 或 csv");
		x = xcalloc(1, sizeof(*x));
		x->scope = sc;
		x->sectors = sc.sectors ? xstrdup(sc.sectors) : NULL;
		x->scope.sectors = x->sectors;
		x->q = q;
		x->fmt = xlsx ? SHEET_XLSX : SHEET_CSV;
		return req_download(r, stats_run, x, stats_job_free, xlsx ? MIME_XLSX : MIME_CSV,
		    xlsx ? "enforcement-stats.xlsx" : "enforcement-stats.csv",
		    xlsx ? "行政执法统计表.xlsx" : "行政执法统计表.csv");
	}
	if ((er = case_stats(r->store, &sc, &q, &out)) != APP_OK)
		return er;
	resp_json(r, 200, out);
	return APP_OK;
}

/* ---- documents ---- */

struct doc_job {
	struct actor     actor;
	struct scope     scope;
	struct audit_who who;
	char            *strings[8];
	int64_t          id;
	char             kind[16];
	bool             pdf;
};

static const char *
dup(struct doc_job *x, int i, const char *s)
{
	return s == NULL ? NULL : (x->strings[i] = xstrdup(s));
}

static void
doc_job_free(void *arg)
{
	struct doc_job *x = arg;
	int             i;

	for (i = 0; i < 8; i++)
		free(x->strings[i]);
	free(x);
}

static enum app_err
doc_run(struct store *s, void *arg, const char *path)
{
	struct doc_job *x = arg;
	const char     *why = NULL;

	return case_doc_generate(
	    s, x->strings[7], &x->actor, &x->scope, &x->who, x->id, x->kind, x->pdf, path, &why);
}

/* {kind: filing|notice|decision|closing, format: docx|pdf} → the document (stored too). */
enum app_err
case_api_document(struct req *r)
{
	static const char *const known[] = { "kind", "format", NULL };
	static const char *const kinds[] = { "filing", "notice", "decision", "closing", NULL };
	static const char *const formats[] = { "docx", "pdf", NULL };
	struct audit_who         who = req_who(r);
	struct doc_job          *x;
	struct scope             sc;
	json_t                  *in, *errs = req_own(r, json_array()), *c = NULL;
	const char              *kind = NULL, *format = NULL, *why = NULL;
	char                     today[11], ascii[64], name[400];
	enum app_err             er;
	int64_t                  id;

	if ((er = req_param_id(r, 0, &id)) != APP_OK)
		return er;
	if ((er = req_json(r, &in)) != APP_OK)
		return er;
	jx_unknown(in, known, errs);
	if (jx_enum(in, "kind", kinds, &kind, errs) == JX_ABSENT)
		jx_err(errs, "kind", "必填: filing、notice、decision 或 closing");
	if (jx_enum(in, "format", formats, &format, errs) == JX_ABSENT)
		format = "docx";
	if (json_array_size(errs) > 0)
		return req_fail_fields(r, APP_EINVAL, errs);
	scope_of(r->actor, &sc);
	/* Refuse at once what the case has not reached, before queueing the work. */
	today_str(today);
	if ((er = case_detail(r->store, r->actor, &sc, id, today, &c)) != APP_OK)
		return er;
	if (!case_doc_reached(kind, json_string_value(json_object_get(c, "status")), &why)) {
		json_decref(c);
		return req_fail(r, APP_ECONFLICT, "%s", why);
	}
	/* Offered under the name it is stored with: 行政处罚决定书-<case number>.docx. */
	snprintf(name, sizeof(name), "%s-%s.%s", case_doc_title(kind),
	    json_string_value(json_object_get(c, "number")), format);
	json_decref(c);
	x = xcalloc(1, sizeof(*x));
	x->actor = *r->actor;
	x->actor.username = dup(x, 0, r->actor->username);
	x->actor.display_name = dup(x, 1, r->actor->display_name);
	x->actor.region_code = dup(x, 2, r->actor->region_code);
	x->actor.sectors = dup(x, 3, r->actor->sectors);
	x->scope = sc;
	x->scope.sectors = dup(x, 4, sc.sectors);
	x->who = who;
	x->who.actor_name = dup(x, 5, who.actor_name);
	x->who.client = dup(x, 6, who.client);
	dup(x, 7, r->cfg->data_dir);
	x->id = id;
	snprintf(x->kind, sizeof(x->kind), "%s", kind);
	x->pdf = strcmp(format, "pdf") == 0;
	snprintf(ascii, sizeof(ascii), "case-%lld-%s.%s", (long long)id, kind, format);
	return req_download(r, doc_run, x, doc_job_free,
	    x->pdf ? "application/pdf"
		   : "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
	    ascii, name);
}
