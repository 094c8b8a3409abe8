#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

#include "core/arena.h"
#include "core/log.h"
#include "enterprise/export.h"

struct export_ctx {
	enum export_format fmt;
	struct arena      *arena;
	lxw_worksheet     *ws;
	FILE              *csv;
	int64_t            row, total;
	export_progress_fn progress;
	void              *arg;
	bool               failed;
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

static void
write_row(json_t *row, void *arg)
{
	struct export_ctx *x = arg;
	size_t             c;
	const char        *cell;

	if (x->failed)
		return;
	arena_reset(x->arena);
	x->row++;
	for (c = 0; c < enterprise_ncolumns; c++) {
		cell = enterprise_cell(x->arena, row, enterprise_columns[c].field);
		if (x->fmt == EXPORT_CSV)
			csv_cell(x->csv, cell, c + 1 == enterprise_ncolumns);
		else if (strcmp(enterprise_columns[c].field, "id") == 0 ||
		    strcmp(enterprise_columns[c].field, "employees") == 0) {
			if (cell[0] != '\0')
				worksheet_write_number(x->ws, (lxw_row_t)x->row, (lxw_col_t)c,
				    strtod(cell, NULL), NULL);
		} else
			worksheet_write_string(x->ws, (lxw_row_t)x->row, (lxw_col_t)c, cell, NULL);
	}
	if (x->fmt == EXPORT_CSV && ferror(x->csv))
		x->failed = true;
	if (x->progress != NULL && (x->row % 1000 == 0 || x->row == x->total))
		x->progress(x->row, x->total, x->arg);
}

enum app_err
enterprise_export(struct store *s, const struct scope *sc, const struct enterprise_filter *f,
    enum export_format fmt, const char *path, export_progress_fn progress, void *arg, int64_t *rows)
{
	struct export_ctx x = { .fmt = fmt, .progress = progress, .arg = arg };
	lxw_workbook     *wb = NULL;
	lxw_format       *head = NULL;
	enum app_err      er;
	size_t            c;
	lxw_error         le;

	*rows = 0;
	x.arena = arena_new(4096);
	if (fmt == EXPORT_CSV) {
		if ((x.csv = fopen(path, "wb")) == NULL) {
			log_error("export: cannot write %s", path);
			arena_free(x.arena);
			return APP_EINTERNAL;
		}
		fputs("\xEF\xBB\xBF", x.csv);
		for (c = 0; c < enterprise_ncolumns; c++)
			csv_cell(x.csv, enterprise_columns[c].label, c + 1 == enterprise_ncolumns);
	} else {
		lxw_workbook_options opt = {
			.constant_memory = LXW_TRUE, .tmpdir = NULL, .use_zip64 = LXW_FALSE
		};

		if ((wb = workbook_new_opt(path, &opt)) == NULL) {
			log_error("export: cannot create %s", path);
			arena_free(x.arena);
			return APP_EINTERNAL;
		}
		x.ws = workbook_add_worksheet(wb, "企业档案");
		head = workbook_add_format(wb);
		format_set_bold(head);
		format_set_bg_color(head, 0xD9E1F2);
		for (c = 0; c < enterprise_ncolumns; c++) {
			worksheet_write_string(
			    x.ws, 0, (lxw_col_t)c, enterprise_columns[c].label, head);
			worksheet_set_column(
			    x.ws, (lxw_col_t)c, (lxw_col_t)c, enterprise_columns[c].width, NULL);
		}
		worksheet_freeze_panes(x.ws, 1, 0);
		/* Printed on landscape pages, all columns on one page wide. */
		worksheet_set_landscape(x.ws);
		worksheet_set_paper(x.ws, 9); /* A4 */
		worksheet_fit_to_pages(x.ws, 1, 0);
		worksheet_repeat_rows(x.ws, 0, 0);
	}
	er = enterprise_list(s, sc, f, 0, 0, write_row, &x, &x.total);
	if (fmt == EXPORT_CSV) {
		if (fclose(x.csv) != 0)
			x.failed = true;
	} else if ((le = workbook_close(wb)) != LXW_NO_ERROR) {
		log_error("export: %s", lxw_strerror(le));
		x.failed = true;
	}
	arena_free(x.arena);
	if (er == APP_OK && x.failed)
		er = APP_EINTERNAL;
	if (er != APP_OK)
		remove(path);
	*rows = x.row;
	return er;
}
