#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

#include "core/log.h"
#include "core/mem.h"
#include "core/sheet.h"

struct sheet {
	enum sheet_format          fmt;
	const struct sheet_column *cols;
	size_t                     n;
	lxw_workbook              *wb;
	lxw_worksheet             *ws;
	lxw_format                *bold;
	FILE                      *csv;
	lxw_row_t                  row;
	char                       path[1024];
	bool                       failed;
};

static void
csv_cell(FILE *f, const char *s, bool last)
{
	/* RFC 4180: quote when needed, doubling quotes. A leading = + - @ is prefixed with
	 * a quote mark so that spreadsheet programs do not run it as a formula. */
	bool quote = strpbrk(s, ",\"\r\n") != NULL;

	if (quote)
		fputc('"', f);
	if (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@')
		fputc('\'', f);
	for (; *s != '\0'; s++) {
		if (*s == '"')
			fputc('"', f);
		fputc(*s, f);
	}
	if (quote)
		fputc('"', f);
	fputs(last ? "\r\n" : ",", f);
}

enum app_err
sheet_open(const char *path, enum sheet_format fmt, const char *name, const char *title,
    const struct sheet_column *cols, size_t n, struct sheet **out)
{
	struct sheet *x = xcalloc(1, sizeof(*x));
	lxw_format   *head, *big;
	size_t        c;

	x->fmt = fmt;
	x->cols = cols;
	x->n = n;
	snprintf(x->path, sizeof(x->path), "%s", path);
	if (fmt == SHEET_CSV) {
		if ((x->csv = fopen(path, "wb")) == NULL) {
			log_error("sheet: cannot write %s", path);
			free(x);
			return APP_EINTERNAL;
		}
		fputs("\xEF\xBB\xBF", x->csv);
		for (c = 0; c < n; c++)
			csv_cell(x->csv, cols[c].label, c + 1 == n);
		*out = x;
		return APP_OK;
	}
	lxw_workbook_options opt = {
		.constant_memory = LXW_TRUE, .tmpdir = NULL, .use_zip64 = LXW_FALSE
	};
	if ((x->wb = workbook_new_opt(path, &opt)) == NULL) {
		log_error("sheet: cannot create %s", path);
		free(x);
		return APP_EINTERNAL;
	}
	x->ws = workbook_add_worksheet(x->wb, name);
	head = workbook_add_format(x->wb);
	format_set_bold(head);
	format_set_bg_color(head, 0xD9E1F2);
	format_set_border(head, LXW_BORDER_THIN);
	format_set_text_wrap(head);
	x->bold = workbook_add_format(x->wb);
	format_set_bold(x->bold);
	if (title != NULL) {
		big = workbook_add_format(x->wb);
		format_set_bold(big);
		format_set_font_size(big, 14);
		format_set_align(big, LXW_ALIGN_CENTER);
		worksheet_merge_range(x->ws, 0, 0, 0, (lxw_col_t)(n - 1), title, big);
		x->row = 1;
	}
	for (c = 0; c < n; c++) {
		worksheet_write_string(x->ws, x->row, (lxw_col_t)c, cols[c].label, head);
		worksheet_set_column(x->ws, (lxw_col_t)c, (lxw_col_t)c, cols[c].width, NULL);
	}
	worksheet_freeze_panes(x->ws, x->row + 1, 0);
	/* Printed on landscape pages, all columns on one page wide, header on each page. */
	worksheet_set_landscape(x->ws);
	worksheet_set_paper(x->ws, 9); /* A4 */
	worksheet_fit_to_pages(x->ws, 1, 0);
	worksheet_repeat_rows(x->ws, x->row, x->row);
	*out = x;
	return APP_OK;
}

void
sheet_row(struct sheet *x, const char *const *cells, bool bold)
{
	size_t c;
	char  *end;
	double v;

	if (x->failed)
		return;
	x->row++;
	for (c = 0; c < x->n; c++) {
		const char *s = cells[c] ? cells[c] : "";

		if (x->fmt == SHEET_CSV) {
			csv_cell(x->csv, s, c + 1 == x->n);
			continue;
		}
		if (s[0] == '\0')
			continue;
		if (x->cols[c].numeric && (v = strtod(s, &end), *end == '\0'))
			worksheet_write_number(
			    x->ws, x->row, (lxw_col_t)c, v, bold ? x->bold : NULL);
		else
			worksheet_write_string(
			    x->ws, x->row, (lxw_col_t)c, s, bold ? x->bold : NULL);
	}
	if (x->fmt == SHEET_CSV && ferror(x->csv))
		x->failed = true;
}

enum app_err
sheet_close(struct sheet *x)
{
	lxw_error    le;
	enum app_err er = APP_OK;

	if (x->fmt == SHEET_CSV) {
		if (fclose(x->csv) != 0)
			x->failed = true;
	} else if ((le = workbook_close(x->wb)) != LXW_NO_ERROR) {
		log_error("sheet: %s", lxw_strerror(le));
		x->failed = true;
	}
	if (x->failed) {
		remove(x->path);
		er = APP_EINTERNAL;
	}
	free(x);
	return er;
}

void
sheet_abort(struct sheet *x)
{
	x->failed = true;
	(void)sheet_close(x);
}

/* The metrics of a table of counts, at most. */
#define COUNTS_MAX 16

static void
counts_row(struct sheet *sh, json_t *g, const char *const *metrics, bool bold)
{
	char        buf[COUNTS_MAX][24];
	const char *cells[COUNTS_MAX + 1];
	size_t      i;

	cells[0] = json_string_value(json_object_get(g, "label"));
	for (i = 0; metrics[i] != NULL && i < COUNTS_MAX; i++) {
		snprintf(buf[i], sizeof(buf[i]), "%lld",
		    (long long)json_integer_value(json_object_get(g, metrics[i])));
		cells[i + 1] = buf[i];
	}
	sheet_row(sh, cells, bold);
}

enum app_err
sheet_write_counts(const char *path, enum sheet_format fmt, const char *sheet_name,
    const char *title, const struct sheet_column *cols, size_t ncolumns, json_t *stats,
    const char *const *metrics)
{
	struct sheet *sh;
	enum app_err  er;
	json_t       *g;
	size_t        i;

	if ((er = sheet_open(path, fmt, sheet_name, title, cols, ncolumns, &sh)) != APP_OK)
		return er;
	json_array_foreach(json_object_get(stats, "groups"), i, g)
	{
		counts_row(sh, g, metrics, false);
	}
	counts_row(sh, json_object_get(stats, "total"), metrics, true);
	return sheet_close(sh);
}
