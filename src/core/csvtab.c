#include <csv.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/csvtab.h"
#include "core/mem.h"
#include "core/text.h"
#include "core/timeutil.h"

struct parse {
	const struct csvtab *t;
	json_t              *problems;
	import_row_fn        fn;
	void                *arg;
	size_t               max_cell;
	int                  ncols; /* columns in the header */
	int                 *map;   /* header column → t->cols index, -1 ignored */
	/* The current record: its cells one after another in buf, each NUL-terminated. */
	char   *buf;
	size_t  len, cap;
	size_t *offs;
	char  **cells;
	int     ncells, ncap;
	int64_t line; /* records seen, the header being 1 */
	bool    too_big;
	bool    overflow; /* a cell over max_cell in this record */
	int     prev_c;   /* the character that ended the last record */
};

void
csvtab_problem(json_t *problems, int64_t row, const char *column, const char *message)
{
	if (json_array_size(problems) < IMPORT_MAX_PROBLEMS)
		json_array_append_new(problems,
		    json_pack("{s:I, s:s, s:s}", "row", (json_int_t)row, "column", column,
			"message", message));
}

const char *
csvtab_label(const struct csvtab *t, const char *field)
{
	size_t k;

	for (k = 0; field != NULL && k < t->ncols; k++)
		if (strcmp(t->cols[k].field, field) == 0)
			return t->cols[k].labels[0];
	return field != NULL ? field : "";
}

static void
field_cb(void *s, size_t len, void *arg)
{
	struct parse *p = arg;

	if (p->ncells == p->ncap) {
		p->ncap = p->ncap ? p->ncap * 2 : 32;
		p->offs = xrealloc(p->offs, (size_t)p->ncap * sizeof(*p->offs));
		p->cells = xrealloc(p->cells, (size_t)p->ncap * sizeof(*p->cells));
	}
	if (len > p->max_cell) {
		p->overflow = true;
		len = 0;
	}
	if (p->len + len + 1 > p->cap) {
		while (p->len + len + 1 > p->cap)
			p->cap = p->cap ? p->cap * 2 : 4096;
		p->buf = xrealloc(p->buf, p->cap);
	}
	if (len > 0)
		memcpy(p->buf + p->len, s, len);
	p->buf[p->len + len] = '\0';
	p->offs[p->ncells++] = p->len;
	p->len += len + 1;
}

static void
read_header(struct parse *p)
{
	const struct csvtab *t = p->t;
	int                  i, k, l;
	char                *h;
	bool                *seen = xcalloc(t->ncols, sizeof(*seen));

	p->ncols = p->ncells;
	p->map = xcalloc((size_t)p->ncols, sizeof(*p->map));
	for (i = 0; i < p->ncells; i++) {
		h = p->cells[i];
		while (*h == ' ')
			h++;
		p->map[i] = -1;
		for (k = 0; k < (int)t->ncols && p->map[i] < 0; k++) {
			if (strcmp(h, t->cols[k].field) == 0)
				p->map[i] = k;
			for (l = 0; l < 4 && t->cols[k].labels[l] != NULL; l++)
				if (strcmp(h, t->cols[k].labels[l]) == 0)
					p->map[i] = k;
		}
		if (p->map[i] >= 0) {
			if (seen[p->map[i]])
				csvtab_problem(p->problems, 1, h, "列重复");
			seen[p->map[i]] = true;
			continue;
		}
		for (k = 0;
		     t->ignored != NULL && t->ignored[k] != NULL && strcmp(t->ignored[k], h) != 0;
		     k++)
			continue;
		if (t->ignored == NULL || t->ignored[k] == NULL)
			csvtab_problem(
			    p->problems, 1, utf8_valid(h, strlen(h)) ? h : "?", "未知的列");
	}
	for (k = 0; k < (int)t->ncols; k++)
		if (t->cols[k].required && !seen[k])
			csvtab_problem(p->problems, 1, t->cols[k].labels[0], "缺少必需的列");
	if (t->header != NULL)
		t->header(seen, p->problems, p->arg);
	free(seen);
}

const char *
csvtab_text(const struct csvtab_col *c, const char *s, json_t *row)
{
	json_object_set_new(row, c->field, json_string(s));
	return NULL;
}

const char *
csvtab_real(const struct csvtab_col *c, const char *s, json_t *row)
{
	char  *end;
	double d;

	errno = 0;
	d = strtod(s, &end);
	if (*end != '\0' || errno != 0 || !isfinite(d))
		return "应为数字";
	json_object_set_new(row, c->field, json_real(d));
	return NULL;
}

const char *
csvtab_int(const struct csvtab_col *c, const char *s, json_t *row)
{
	char     *end;
	long long n;

	errno = 0;
	n = strtoll(s, &end, 10);
	if (*end != '\0' || errno != 0)
		return "应为整数";
	json_object_set_new(row, c->field, json_integer(n));
	return NULL;
}

const char *
csvtab_bool(const struct csvtab_col *c, const char *s, json_t *row)
{
	static const char *const yes[] = { "是", "true", "1", "Y", "y", "有", NULL };
	static const char *const no[] = { "否", "false", "0", "N", "n", "无", NULL };
	int                      i;

	for (i = 0; yes[i]; i++)
		if (strcmp(s, yes[i]) == 0) {
			json_object_set_new(row, c->field, json_true());
			return NULL;
		}
	for (i = 0; no[i]; i++)
		if (strcmp(s, no[i]) == 0) {
			json_object_set_new(row, c->field, json_false());
			return NULL;
		}
	return "应为 是 或 否";
}

const char *
csvtab_code(const struct csvtab_col *c, const char *s, json_t *row)
{
	const struct csvtab_codes *codes = c->arg;
	int                        i;

	for (i = 0; codes->pairs[i] != NULL; i += 2)
		if (strcmp(s, codes->pairs[i]) == 0 || strcmp(s, codes->pairs[i + 1]) == 0) {
			json_object_set_new(row, c->field, json_string(codes->pairs[i]));
			return NULL;
		}
	return codes->message;
}

static void
read_row(struct parse *p)
{
	const struct csvtab_col *col;
	json_t                  *row;
	const char              *why;
	char                    *s;
	bool                     bad = false, blank = true;
	int                      i, k;

	for (i = 0; i < p->ncells; i++)
		if (!text_blank(p->cells[i]))
			blank = false;
	if (blank)
		return; /* an empty line */
	row = json_object();
	if (p->overflow)
		csvtab_problem(p->problems, p->line, "", "单元格内容过长"), bad = true;
	if (p->ncells > p->ncols)
		csvtab_problem(p->problems, p->line, "", "列数多于表头"), bad = true;
	for (i = 0; i < p->ncells && i < p->ncols; i++) {
		if ((k = p->map[i]) < 0)
			continue;
		col = &p->t->cols[k];
		s = p->cells[i];
		while (*s == ' ' || *s == '\t')
			s++;
		/* Undo the quote mark the exports put before = + - @ (see core/sheet.c). */
		if (s[0] == '\'' && s[1] != '\0' && strchr("=+-@", s[1]) != NULL)
			s++;
		if (*s == '\0')
			continue;
		if (!utf8_valid(s, strlen(s))) {
			csvtab_problem(p->problems, p->line, col->labels[0],
			    "不是有效的 UTF-8 文本（请另存为 UTF-8 CSV）");
			bad = true;
			continue;
		}
		if ((why = (col->read ? col->read : csvtab_text)(col, s, row)) != NULL) {
			csvtab_problem(p->problems, p->line, col->labels[0], why);
			bad = true;
		}
	}
	if (!bad)
		p->fn(row, p->line, p->arg);
	json_decref(row);
}

static void
record_cb(int c, void *arg)
{
	struct parse *p = arg;
	int           i;

	/*
	 * Rows are numbered as a spreadsheet shows them: a blank line is a row of its own
	 * (libcsv reports it, with CSV_REPALL_NL, as a record end without fields), and the
	 * LF of a CRLF is not a second line.
	 */
	if (p->ncells == 0) {
		bool lf_of_crlf = c == '\n' && p->prev_c == '\r';

		p->prev_c = c;
		if (!lf_of_crlf && c != -1)
			p->line++;
		return;
	}
	p->prev_c = c;
	p->line++;
	for (i = 0; i < p->ncells; i++)
		p->cells[i] = p->buf + p->offs[i];
	if (p->map == NULL)
		read_header(p);
	else if (p->line > IMPORT_MAX_ROWS + 1)
		p->too_big = true;
	else
		read_row(p);
	p->ncells = 0;
	p->len = 0;
	p->overflow = false;
}

enum app_err
csvtab_parse(const struct csvtab *t, const char *data, size_t len, import_row_fn fn, void *arg,
    json_t *problems)
{
	struct csv_parser cp;
	struct parse      p = { .t = t, .problems = problems, .fn = fn, .arg = arg };
	enum app_err      er = APP_OK;
	char              msg[64];

	p.max_cell = t->max_cell ? t->max_cell : IMPORT_MAX_CELL;
	/* The byte-order mark Excel writes goes before parsing: a quoted first header
	 * cell after it would not parse in strict mode. */
	if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) {
		data += 3;
		len -= 3;
	}
	if (csv_init(&cp, CSV_STRICT | CSV_STRICT_FINI | CSV_REPALL_NL | CSV_APPEND_NULL) != 0)
		return APP_EINTERNAL;
	if (csv_parse(&cp, data, len, field_cb, record_cb, &p) != len ||
	    csv_fini(&cp, field_cb, record_cb, &p) != 0) {
		csvtab_problem(problems, p.line + 1, "", csv_strerror(csv_error(&cp)));
		er = APP_EBADREQ;
	}
	csv_free(&cp);
	free(p.buf);
	free(p.offs);
	free(p.cells);
	if (er == APP_OK && p.map == NULL) {
		csvtab_problem(problems, 1, "", "文件为空");
		er = APP_EBADREQ;
	}
	free(p.map);
	if (p.too_big) {
		snprintf(msg, sizeof(msg), "行数超过上限 %d", IMPORT_MAX_ROWS);
		csvtab_problem(problems, IMPORT_MAX_ROWS + 2, "", msg);
		er = APP_ETOOBIG;
	}
	return er;
}

/* ---- dates ---- */

/* 1 to `max` digits at *p as a number, not followed by another digit; advances *p. */
static bool
digits(const char **p, int min, int max, int *out)
{
	int n = 0, v = 0;

	while (**p >= '0' && **p <= '9' && n < max) {
		v = v * 10 + (**p - '0');
		(*p)++;
		n++;
	}
	*out = v;
	return n >= min && !(**p >= '0' && **p <= '9');
}

/*
 * A date as spreadsheets write it — 2024-03-05, 2024/3/5, 2024.3.5, 2024年3月5日 — with
 * an optional time of day after it (Excel writes "2024/3/5 14:30" for cells formatted so),
 * or an RFC 3339 instant with its offset (what the exports write for times). *days is the
 * Asia/Shanghai date, *ms the instant (the start of the day when no time is given).
 */
bool
csvtab_when(const char *s, int64_t *days, int64_t *ms)
{
	const char *p = s;
	int         y, m, d, hh = 0, mi = 0, ss = 0;
	char        sep, buf[32];
	bool        cjk;

	if (instant_parse(s, ms)) {
		*days = date_of_ms(*ms);
		return true;
	}
	if (!digits(&p, 4, 4, &y))
		return false;
	if ((cjk = strncmp(p, "年", 3) == 0))
		p += 3, sep = '\0';
	else if (*p == '-' || *p == '/' || *p == '.')
		sep = *p++;
	else
		return false;
	if (!digits(&p, 1, 2, &m))
		return false;
	if (cjk && strncmp(p, "月", 3) == 0)
		p += 3;
	else if (cjk || *p != sep)
		return false;
	else
		p++;
	if (!digits(&p, 1, 2, &d))
		return false;
	if (cjk && strncmp(p, "日", 3) == 0)
		p += 3;
	if (*p == ' ' || *p == 'T') {
		while (*p == ' ' || *p == 'T')
			p++;
		if (!digits(&p, 1, 2, &hh) || *p != ':')
			return false;
		p++;
		if (!digits(&p, 2, 2, &mi))
			return false;
		if (*p == ':') {
			p++;
			if (!digits(&p, 2, 2, &ss))
				return false;
		}
		if (hh > 23 || mi > 59 || ss > 59)
			return false;
	}
	if (*p != '\0')
		return false;
	snprintf(buf, sizeof(buf), "%04d-%02d-%02d", y, m, d);
	if (!date_parse(buf, days))
		return false;
	*ms = date_start_ms(*days) + hh * MS_PER_HOUR + mi * MS_PER_MIN + ss * MS_PER_SEC;
	return true;
}

const char *
csvtab_date(const struct csvtab_col *c, const char *s, json_t *row)
{
	int64_t days, ms;
	char    out[11];

	if (!csvtab_when(s, &days, &ms))
		return "应为日期，如 2024-03-05 或 2024/3/5";
	date_fmt(days, out);
	json_object_set_new(row, c->field, json_string(out));
	return NULL;
}
