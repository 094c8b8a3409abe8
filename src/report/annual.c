#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/audit.h"
#include "auth/auth.h"
#include "auth/scope.h"
#include "core/embed.h"
#include "core/jsonx.h"
#include "core/mem.h"
#include "core/text.h"
#include "core/timeutil.h"
#include "doc/doc.h"
#include "report/annual.h"
#include "report/style.h"
#include "report/summary.h"
#include "store/store.h"

#define DEFAULT_TEMPLATE "report/annual-default.md"
#define BODY_MAX 100000
#define PLACEHOLDER_MAX 200

static const struct {
	const char *name, *label;
} filters[] = {
	{ "wan", "计数：一万起以万为单位保留两位小数（9.11万）" },
	{ "wanyuan", "金额（分）：以万元为单位向下取整加“余”（7125余万元）" },
	{ "wanyu", "计数：一万起以万为单位保留一位小数加“余”（13.8万余）" },
	{ "duo:100", "计数：向下取整到100加“多”（3500多）；数字可改" },
	{ "yu:100", "计数：向下取整到100加“余”（200余）；数字可改" },
	{ "percent", "比率：百分数保留两位小数（94.19%）" },
};

bool
annual_format_parse(const char *s, enum annual_format *out)
{
	if (s == NULL)
		return false;
	if (strcmp(s, "md") == 0)
		*out = ANNUAL_MD;
	else if (strcmp(s, "docx") == 0)
		*out = ANNUAL_DOCX;
	else if (strcmp(s, "pdf") == 0)
		*out = ANNUAL_PDF;
	else
		return false;
	return true;
}

/* ---- filling in ---- */

struct buf {
	char  *p;
	size_t len, cap;
};

static void
put(struct buf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		b->cap = (b->len + n + 1) * 2;
		b->p = xrealloc(b->p, b->cap);
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

/* The member of `summary` a dotted path names, or NULL. */
static json_t *
lookup(json_t *summary, const char *path)
{
	char    part[PLACEHOLDER_MAX];
	json_t *v = summary;

	while (v != NULL && *path != '\0') {
		size_t n = strcspn(path, ".");

		if (n == 0 || n >= sizeof(part) || !json_is_object(v))
			return NULL;
		memcpy(part, path, n);
		part[n] = '\0';
		v = json_object_get(v, part);
		path += n + (path[n] == '.');
	}
	return v;
}

static void
trim(char *s)
{
	size_t n = strlen(s), i = 0;

	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		s[--n] = '\0';
	while (s[i] == ' ' || s[i] == '\t')
		i++;
	memmove(s, s + i, n - i + 1);
}

/* One placeholder's text into out (REPORT_NUM_MAX+), or a message why not. */
static const char *
format_one(json_t *summary, char *spec, char *out, size_t size)
{
	char   *bar = strchr(spec, '|'), *arg = NULL, *end;
	json_t *v;
	long    step = 0;

	if (bar != NULL) {
		*bar++ = '\0';
		trim(bar);
		if ((arg = strchr(bar, ':')) != NULL) {
			*arg++ = '\0';
			trim(bar);
			trim(arg);
		}
	}
	trim(spec);
	if ((v = lookup(summary, spec)) == NULL || json_is_object(v) || json_is_array(v))
		return "没有这个统计项";
	if (bar == NULL) {
		if (json_is_string(v))
			snprintf(out, size, "%s", json_string_value(v));
		else if (json_is_integer(v))
			snprintf(out, size, "%lld", (long long)json_integer_value(v));
		else if (json_is_real(v))
			snprintf(out, size, "%.4f", json_real_value(v));
		else
			return "该统计项不能写入报告";
		return NULL;
	}
	if (strcmp(bar, "percent") == 0 && arg == NULL) {
		if (!json_is_number(v))
			return "percent 只用于数值";
		style_percent(json_number_value(v), out, size);
		return NULL;
	}
	if (!json_is_integer(v))
		return "该格式只用于整数统计项";
	if (strcmp(bar, "duo") == 0 || strcmp(bar, "yu") == 0) {
		if (arg == NULL || (step = strtol(arg, &end, 10)) < 2 || *end != '\0' ||
		    step > 100000000)
			return "duo 与 yu 需要取整单位，如 duo:100";
		style_about(json_integer_value(v), step, bar[0] == 'd' ? "多" : "余", out, size);
		return NULL;
	}
	if (arg != NULL)
		return "该格式不带参数";
	if (strcmp(bar, "wan") == 0)
		style_count(json_integer_value(v), out, size);
	else if (strcmp(bar, "wanyuan") == 0)
		style_wanyuan(json_integer_value(v), out, size);
	else if (strcmp(bar, "wanyu") == 0)
		style_wan_about(json_integer_value(v), out, size);
	else
		return "未知的格式（可用 wan、wanyuan、wanyu、duo:N、yu:N、percent）";
	return NULL;
}

static void __attribute__((format(printf, 2, 3))) body_err(json_t *errs, const char *fmt, ...)
{
	char    msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	jx_err(errs, "body", msg);
}

enum app_err
annual_fill(const char *body, json_t *summary, char **out, json_t *errs)
{
	struct buf  b = { 0 };
	const char *p = body, *open, *close, *nl;
	size_t      before = json_array_size(errs);
	int         line = 1;

	*out = NULL;
	put(&b, "", 0);
	while ((open = strstr(p, "{{")) != NULL) {
		char        spec[PLACEHOLDER_MAX], num[REPORT_NUM_MAX + PLACEHOLDER_MAX];
		const char *why;
		size_t      n;

		for (nl = p; (nl = memchr(nl, '\n', (size_t)(open - nl))) != NULL; nl++)
			line++;
		put(&b, p, (size_t)(open - p));
		close = strstr(open + 2, "}}");
		nl = strchr(open, '\n');
		if (close == NULL || (nl != NULL && nl < close)) {
			body_err(errs, "第%d行：占位符 {{ 没有在同一行以 }} 结束", line);
			p = open + 2;
			continue;
		}
		n = (size_t)(close - open - 2);
		if (n >= sizeof(spec)) {
			body_err(errs, "第%d行：占位符过长", line);
			p = close + 2;
			continue;
		}
		memcpy(spec, open + 2, n);
		spec[n] = '\0';
		if ((why = format_one(summary, spec, num, sizeof(num))) != NULL) {
			char shown[PLACEHOLDER_MAX];

			memcpy(shown, open + 2, n);
			shown[n] = '\0';
			body_err(errs, "第%d行 {{%s}}：%s", line, shown, why);
		} else
			put(&b, num, strlen(num));
		p = close + 2;
	}
	put(&b, p, strlen(p));
	if (json_array_size(errs) > before) {
		free(b.p);
		return APP_EINVAL;
	}
	*out = b.p;
	return APP_OK;
}

/* ---- the stored templates ---- */

static const char sql_get[] =
    "SELECT t.id, t.body, t.updated_at, t.updated_by, u.display_name FROM report_templates t"
    " LEFT JOIN users u ON u.id = t.updated_by WHERE t.region_code = ?1 AND t.year = ?2";
static const char sql_upsert[] =
    "INSERT INTO report_templates (region_code, year, body, updated_by, updated_at)"
    " VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (region_code, year) DO UPDATE SET"
    " body = excluded.body, updated_by = excluded.updated_by, updated_at = excluded.updated_at";
static const char sql_delete[] = "DELETE FROM report_templates WHERE id = ?1";

static json_t *
filter_list(void)
{
	json_t *a = json_array();
	size_t  i;

	for (i = 0; i < sizeof(filters) / sizeof(filters[0]); i++)
		json_array_append_new(
		    a, json_pack("{s:s, s:s}", "name", filters[i].name, "label", filters[i].label));
	return a;
}

enum app_err
annual_template_get(struct store *s, const char *region, int year, json_t **out)
{
	struct stmt *st = store_stmt(s, sql_get);
	enum app_err er;
	bool         row;
	char         at[40];

	*out = NULL;
	stmt_bind_text(st, 1, region);
	stmt_bind_i64(st, 2, year);
	if ((er = stmt_step(st, &row)) != APP_OK)
		goto out;
	if (row) {
		time_fmt_rfc3339(stmt_i64(st, 2), at, sizeof(at));
		*out = json_pack("{s:i, s:s, s:s, s:b, s:s, s:I, s:s}", "year", year, "region",
		    region, "body", stmt_text(st, 1), "is_default", 0, "updated_at", at,
		    "updated_by", (json_int_t)stmt_i64(st, 3), "updated_by_name", stmt_text(st, 4));
	} else {
		*out = json_pack("{s:i, s:s, s:s, s:b, s:n, s:n, s:n}", "year", year, "region",
		    region, "body", embed_get(DEFAULT_TEMPLATE), "is_default", 1, "updated_at",
		    "updated_by", "updated_by_name");
	}
	json_object_set_new(*out, "filters", filter_list());
out:
	stmt_reset(st);
	return er;
}

/* A summary with every member and nothing counted: what a template may name. */
static enum app_err
skeleton(struct store *s, const struct actor *actor, int year, json_t **out)
{
	struct summary_query q;
	struct scope         none;
	json_t              *errs = json_array();
	enum app_err         er;

	memset(&none, 0, sizeof(none));
	snprintf(none.lo, sizeof(none.lo), "~");
	snprintf(none.hi, sizeof(none.hi), "~");
	if ((er = summary_query_init(&q, year, NULL, NULL, errs)) == APP_OK)
		er = summary_build(s, actor, &none, &q, "", "", out);
	json_decref(errs);
	return er;
}

enum app_err
annual_template_put(struct store *s, const struct actor *actor, const struct audit_who *who,
    const char *region, int year, const char *body, int64_t now, json_t *errs)
{
	json_t      *old = NULL, *shape = NULL, *change;
	struct stmt *st;
	enum app_err er;
	char        *filled = NULL;
	int64_t      id = 0;

	if (body != NULL) {
		size_t n = strlen(body);

		if (n == 0 || n > BODY_MAX || !utf8_valid(body, n)) {
			jx_err(errs, "body", "应为 1–100000 字节的文本");
			return APP_EINVAL;
		}
	}
	if ((er = store_begin(s, STORE_WRITE)) != APP_OK)
		return er;
	if ((er = annual_template_get(s, region, year, &old)) != APP_OK)
		goto out;
	if (body != NULL) {
		if ((er = skeleton(s, actor, year, &shape)) != APP_OK)
			goto out;
		if ((er = annual_fill(body, shape, &filled, errs)) != APP_OK)
			goto out;
		st = store_stmt(s, sql_upsert);
		stmt_bind_text(st, 1, region);
		stmt_bind_i64(st, 2, year);
		stmt_bind_text(st, 3, body);
		stmt_bind_i64(st, 4, actor->user_id);
		stmt_bind_i64(st, 5, now);
		if ((er = stmt_run(st)) != APP_OK)
			goto out;
	} else if (json_is_true(json_object_get(old, "is_default"))) {
		goto out; /* the default already: nothing to delete */
	}
	st = store_stmt(s, sql_get);
	stmt_bind_text(st, 1, region);
	stmt_bind_i64(st, 2, year);
	er = stmt_one_i64(st, &id);
	if (er != APP_OK)
		goto out;
	if (body == NULL) {
		st = store_stmt(s, sql_delete);
		stmt_bind_i64(st, 1, id);
		if ((er = stmt_run(st)) != APP_OK)
			goto out;
	}
	change = json_pack("{s:s, s:i, s:[O, s?]}", "region", region, "year", year, "body",
	    json_object_get(old, "body"), body);
	er =
	    audit_append(s, who, body != NULL ? "update" : "delete", "report_template", id, change);
	json_decref(change);
out:
	if (er == APP_OK)
		er = store_commit(s);
	else
		store_rollback(s);
	free(filled);
	json_decref(shape);
	json_decref(old);
	return er;
}

/* ---- writing ---- */

struct doc *
annual_doc(const char *text, char **title)
{
	struct doc *d;
	const char *p = text, *nl;
	char       *line;

	*title = NULL;
	for (; *p != '\0'; p = *nl != '\0' ? nl + 1 : nl) {
		nl = p + strcspn(p, "\n");
		if (strncmp(p, "# ", 2) == 0) {
			*title = strndup(p + 2, (size_t)(nl - p - 2));
			break;
		}
	}
	d = doc_new(*title);
	for (p = text; *p != '\0'; p = *nl != '\0' ? nl + 1 : nl) {
		size_t n;

		nl = p + strcspn(p, "\n");
		n = (size_t)(nl - p);
		while (n > 0 && (p[n - 1] == '\r' || p[n - 1] == ' '))
			n--;
		if (n == 0)
			continue;
		line = strndup(p, n);
		if (strncmp(line, "### ", 4) == 0)
			doc_heading(d, 2, line + 4);
		else if (strncmp(line, "## ", 3) == 0)
			doc_heading(d, 1, line + 3);
		else if (strncmp(line, "# ", 2) == 0)
			doc_heading(d, 0, line + 2);
		else
			doc_para(d, line, DOC_INDENT);
		free(line);
	}
	if (*title == NULL)
		*title = xstrdup("述法报告");
	return d;
}

enum app_err
annual_make(struct store *s, const struct actor *actor, const struct scope *sc,
    const struct summary_query *q, const char *region_code, const char *region_name,
    enum annual_format fmt, unsigned char **out, size_t *len, char **title)
{
	json_t      *summary = NULL, *tpl = NULL, *errs = json_array();
	char        *text = NULL;
	struct doc  *d = NULL;
	enum app_err er;

	*out = NULL;
	*len = 0;
	*title = NULL;
	if ((er = summary_build(s, actor, sc, q, region_code, region_name, &summary)) != APP_OK)
		goto out;
	if ((er = annual_template_get(s, region_code, q->year, &tpl)) != APP_OK)
		goto out;
	if ((er = annual_fill(
		 json_string_value(json_object_get(tpl, "body")), summary, &text, errs)) != APP_OK)
		goto out;
	d = annual_doc(text, title);
	switch (fmt) {
	case ANNUAL_MD:
		*len = strlen(text);
		*out = (unsigned char *)text;
		text = NULL;
		break;
	case ANNUAL_DOCX: er = doc_docx(d, out, len); break;
	case ANNUAL_PDF: er = doc_pdf(d, out, len); break;
	}
out:
	doc_free(d);
	free(text);
	json_decref(errs);
	json_decref(tpl);
	json_decref(summary);
	return er;
}
