#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "auth/scope.h"
#include "core/jsonx.h"
#include "core/mem.h"
#include "core/timeutil.h"
#include "http/download.h"
#include "http/http.h"
#include "report/annual.h"
#include "report/report_api.h"
#include "report/summary.h"
#include "report/tables.h"

static const char *
query_param(void *arg, const char *name)
{
	return req_query(arg, name);
}

/* The query and the scope narrowed to its region; errors already answered. */
static enum app_err
parse(struct req *r, struct summary_query *q, struct scope *sc, char code[16], char *name,
    size_t name_size)
{
	json_t      *errs = req_own(r, json_array());
	enum app_err er;

	if ((er = summary_parse(query_param, r, q, errs)) != APP_OK)
		return req_fail_fields(r, er, errs);
	er = summary_scope(r->store, r->actor, q, sc, code, name, name_size, errs);
	if (er == APP_EINVAL)
		return req_fail_fields(r, er, errs);
	if (er == APP_EPERM)
		return req_fail(r, er, "该行政区划不在您的数据范围内");
	return er;
}

enum app_err
report_api_summary(struct req *r)
{
	struct summary_query q;
	struct scope         sc;
	char                 code[16], name[128];
	json_t              *out;
	enum app_err         er;

	if ((er = parse(r, &q, &sc, code, name, sizeof(name))) != APP_OK)
		return er;
	if ((er = summary_build(r->store, r->actor, &sc, &q, code, name, &out)) != APP_OK)
		return er;
	resp_json(r, 200, out);
	return APP_OK;
}

/* ---- the report and the workbook, made on the worker pool ---- */

/* Copies of what the worker needs: the request's memory is gone when it runs. */
struct report_job {
	struct actor         actor;
	char                *username, *display_name, *region_code, *sectors;
	struct scope         sc;
	struct summary_query q;
	bool                 tables; /* the workbook, else the report in fmt */
	enum annual_format   fmt;
	char                 code[16], name[128];
};

static void
job_free(void *arg)
{
	struct report_job *x = arg;

	free(x->username);
	free(x->display_name);
	free(x->region_code);
	free(x->sectors);
	free(x);
}

static enum app_err
job_run(struct store *s, void *arg, const char *path)
{
	struct report_job *x = arg;
	unsigned char     *out;
	size_t             len;
	char              *title;
	enum app_err       er;
	FILE              *f;

	if (x->tables)
		return tables_write(s, &x->actor, &x->sc, &x->q, x->name, path);
	er = annual_make(s, &x->actor, &x->sc, &x->q, x->code, x->name, x->fmt, &out, &len, &title);
	if (er != APP_OK)
		return er;
	if ((f = fopen(path, "wb")) == NULL || fwrite(out, 1, len, f) != len)
		er = APP_EINTERNAL;
	if (f != NULL && fclose(f) != 0)
		er = APP_EINTERNAL;
	free(out);
	free(title);
	return er;
}

/* The job of the request's query and scope; NULL when an error was answered (*er). */
static struct report_job *
job_new(struct req *r, enum app_err *er)
{
	struct report_job *x = xcalloc(1, sizeof(*x));

	if ((*er = parse(r, &x->q, &x->sc, x->code, x->name, sizeof(x->name))) != APP_OK) {
		free(x);
		return NULL;
	}
	x->actor = *r->actor;
	x->actor.username = x->username = xstrdup(r->actor->username);
	x->actor.display_name = x->display_name = xstrdup(r->actor->display_name);
	x->actor.region_code = x->region_code = xstrdup(r->actor->region_code);
	x->actor.sectors = x->sectors = xstrdup(r->actor->sectors);
	if (x->sc.sectors != NULL)
		x->sc.sectors = x->actor.sectors;
	return x;
}

enum app_err
report_api_annual(struct req *r)
{
	static const char *const mime[] = { "text/markdown; charset=utf-8",
		"application/vnd.openxmlformats-officedocument.wordprocessingml.document",
		"application/pdf" };
	static const char *const ext[] = { "md", "docx", "pdf" };
	const char              *format = req_query(r, "format");
	struct report_job       *x;
	enum annual_format       fmt;
	enum app_err             er;
	char                     file[256], ascii[64];

	if (!annual_format_parse(format != NULL ? format : "docx", &fmt)) {
		json_t *errs = req_own(r, json_array());

		jx_err(errs, "format", "应为 docx、pdf 或 md");
		return req_fail_fields(r, APP_EINVAL, errs);
	}
	if ((x = job_new(r, &er)) == NULL)
		return er;
	x->fmt = fmt;
	snprintf(file, sizeof(file), "%s应急管理局%d年度述法报告.%s", x->name, x->q.year, ext[fmt]);
	snprintf(ascii, sizeof(ascii), "annual-report-%d.%s", x->q.year, ext[fmt]);
	return req_download(r, job_run, x, job_free, mime[fmt], ascii, file);
}

enum app_err
report_api_tables(struct req *r)
{
	struct report_job *x;
	enum app_err       er;
	char               file[256], ascii[64];

	if ((x = job_new(r, &er)) == NULL)
		return er;
	x->tables = true;
	snprintf(file, sizeof(file), "%s安全生产统计报表（%d年）.xlsx", x->name, x->q.year);
	snprintf(ascii, sizeof(ascii), "safety-statistics-%d.xlsx", x->q.year);
	return req_download(r, job_run, x, job_free, MIME_XLSX, ascii, file);
}

/* ---- the template ---- */

struct template_arg {
	struct summary_query q;
	char                 code[16];
	json_t              *in; /* NULL: back to the default */
};

static void
template_arg_free(void *arg)
{
	struct template_arg *t = arg;

	json_decref(t->in);
	free(t);
}

enum app_err
report_api_template_get(struct req *r)
{
	struct summary_query q;
	struct scope         sc;
	char                 code[16], name[128];
	json_t              *out;
	enum app_err         er;

	if ((er = parse(r, &q, &sc, code, name, sizeof(name))) != APP_OK)
		return er;
	if ((er = annual_template_get(r->store, code, q.year, &out)) != APP_OK)
		return er;
	json_object_set_new(out, "region_name", json_string(name));
	resp_json(r, 200, out);
	return APP_OK;
}

static void
template_write(struct write_ctx *c, void *arg)
{
	struct template_arg *t = arg;
	json_t              *body = t->in != NULL ? json_object_get(t->in, "body") : NULL;

	if (t->in != NULL && !json_is_string(body)) {
		jx_err(c->errs, "body", "必填: 报告模板正文");
		c->err = APP_EINVAL;
		return;
	}
	c->err = annual_template_put(c->store, &c->actor, &c->who, t->code, t->q.year,
	    json_string_value(body), now_ms(), c->errs);
	if (c->err == APP_OK) {
		c->err = annual_template_get(c->store, t->code, t->q.year, &c->body);
		c->status = 200;
	}
}

static enum app_err
template_change(struct req *r, bool remove)
{
	struct template_arg *t = xcalloc(1, sizeof(*t));
	struct scope         sc;
	char                 name[128];
	json_t              *in = NULL;
	enum app_err         er;

	if ((er = parse(r, &t->q, &sc, t->code, name, sizeof(name))) != APP_OK) {
		template_arg_free(t);
		return er;
	}
	/* A region holding the caller's (the city, for a district) is not theirs to edit. */
	if (t->q.region[0] != '\0' && strcmp(t->q.region, t->code) != 0) {
		template_arg_free(t);
		return req_fail(r, APP_EPERM, "只能编辑本级的报告模板");
	}
	if (!remove && (er = req_json(r, &in)) != APP_OK) {
		template_arg_free(t);
		return er;
	}
	t->in = json_incref(in); /* req_json's reference belongs to the request */
	req_write(r, template_write, t, template_arg_free);
	return APP_OK;
}

enum app_err
report_api_template_put(struct req *r)
{
	return template_change(r, false);
}

enum app_err
report_api_template_delete(struct req *r)
{
	return template_change(r, true);
}
