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

/* ---- the report, made on the worker pool ---- */

struct annual_job {
	struct actor         actor;
	char                *username, *display_name, *region_code, *sectors;
	struct scope         sc;
	struct summary_query q;
	enum annual_format   fmt;
	char                 code[16], name[128];
};

static void
job_free(void *arg)
{
	struct annual_job *x = arg;

	free(x->username);
	free(x->display_name);
	free(x->region_code);
	free(x->sectors);
	free(x);
}

static enum app_err
annual_run(struct store *s, void *arg, const char *path)
{
	struct annual_job *x = arg;
	unsigned char     *out;
	size_t             len;
	char              *title;
	enum app_err       er;
	FILE              *f;

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

enum app_err
report_api_annual(struct req *r)
{
	static const char *const mime[] = { "text/markdown; charset=utf-8",
		"application/vnd.openxmlformats-officedocument.wordprocessingml.document",
		"application/pdf" };
	static const char *const ext[] = { "md", "docx", "pdf" };
	struct annual_job       *x = xcalloc(1, sizeof(*x));
	const char              *format = req_query(r, "format");
	enum app_err             er;
	char                     file[256], ascii[64];

	if (format == NULL)
		format = "docx";
	if (!annual_format_parse(format, &x->fmt)) {
		json_t *errs = req_own(r, json_array());

		free(x);
		jx_err(errs, "format", "应为 docx、pdf 或 md");
		return req_fail_fields(r, APP_EINVAL, errs);
	}
	if ((er = parse(r, &x->q, &x->sc, x->code, x->name, sizeof(x->name))) != APP_OK) {
		free(x);
		return er;
	}
	/* The actor outlives the request: its strings are copied. */
	x->actor = *r->actor;
	x->actor.username = x->username = xstrdup(r->actor->username);
	x->actor.display_name = x->display_name = xstrdup(r->actor->display_name);
	x->actor.region_code = x->region_code = xstrdup(r->actor->region_code);
	x->actor.sectors = x->sectors = xstrdup(r->actor->sectors);
	if (x->sc.sectors != NULL)
		x->sc.sectors = x->actor.sectors;
	snprintf(
	    file, sizeof(file), "%s应急管理局%d年度述法报告.%s", x->name, x->q.year, ext[x->fmt]);
	snprintf(ascii, sizeof(ascii), "annual-report-%d.%s", x->q.year, ext[x->fmt]);
	return req_download(r, annual_run, x, job_free, mime[x->fmt], ascii, file);
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
	enum app_err         er;

	if ((er = parse(r, &t->q, &sc, t->code, name, sizeof(name))) != APP_OK ||
	    (!remove && (er = req_json(r, &t->in)) != APP_OK)) {
		template_arg_free(t);
		return er;
	}
	json_incref(t->in); /* req_json's reference belongs to the request */
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
