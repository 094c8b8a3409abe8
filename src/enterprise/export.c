#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/sheet.h"
#include "enterprise/export.h"

struct export_ctx {
	struct arena      *arena;
	struct sheet      *sheet;
	const char       **cells;
	int64_t            row, total;
	export_progress_fn progress;
	void              *arg;
};

static void
write_row(json_t *row, void *arg)
{
	struct export_ctx *x = arg;
	size_t             c;

	arena_reset(x->arena);
	x->row++;
	for (c = 0; c < enterprise_ncolumns; c++)
		x->cells[c] = enterprise_cell(x->arena, row, enterprise_columns[c].field);
	sheet_row(x->sheet, x->cells, false);
	if (x->progress != NULL && (x->row % 1000 == 0 || x->row == x->total))
		x->progress(x->row, x->total, x->arg);
}

enum app_err
enterprise_export(struct store *s, const struct scope *sc, const struct enterprise_filter *f,
    enum export_format fmt, const char *path, export_progress_fn progress, void *arg, int64_t *rows)
{
	struct export_ctx   x = { .progress = progress, .arg = arg };
	struct sheet_column cols[64];
	const char         *cells[64];
	enum app_err        er, er2;
	size_t              c;

	*rows = 0;
	for (c = 0; c < enterprise_ncolumns && c < 64; c++)
		cols[c] =
		    (struct sheet_column){ enterprise_columns[c].label, enterprise_columns[c].width,
			    strcmp(enterprise_columns[c].field, "id") == 0 ||
				strcmp(enterprise_columns[c].field, "employees") == 0 };
	er = sheet_open(path, fmt == EXPORT_CSV ? SHEET_CSV : SHEET_XLSX, "企业档案", NULL, cols,
	    enterprise_ncolumns, &x.sheet);
	if (er != APP_OK)
		return er;
	x.arena = arena_new(4096);
	x.cells = cells;
	er = enterprise_list(s, sc, f, 0, 0, write_row, &x, &x.total);
	if (er != APP_OK)
		sheet_abort(x.sheet);
	else if ((er2 = sheet_close(x.sheet)) != APP_OK)
		er = er2;
	arena_free(x.arena);
	*rows = x.row;
	return er;
}
