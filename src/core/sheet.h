/*
 * Tables for the spreadsheet programs bureaus file with: one writer for .xlsx
 * (libxlsxwriter, Chinese headers, landscape A4 fitted to the page width) and for .csv
 * (UTF-8 with BOM, RFC 4180 quoting, a leading = + - @ defused so no cell runs as a
 * formula). Rows are written as they come (constant memory).
 */
#ifndef CORE_SHEET_H
#define CORE_SHEET_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "core/err.h"

enum sheet_format { SHEET_XLSX, SHEET_CSV };

struct sheet_column {
	const char *label;
	double      width;   /* characters, for the spreadsheet */
	bool        numeric; /* written as a number when the cell parses as one */
};

struct sheet;

/*
 * Creates the file at path. `title` (may be NULL) is a first row above the header in the
 * spreadsheet only (e.g. "隐患排查治理统计表（2024-01-01至2024-12-31）").
 */
enum app_err sheet_open(const char *path, enum sheet_format, const char *sheet_name,
    const char *title, const struct sheet_column *, size_t ncolumns, struct sheet **);
/* One row of ncolumns cells ("" for empty). `bold` emphasises it (a 合计 row). */
void sheet_row(struct sheet *, const char *const *cells, bool bold);
/* Finishes the file; on failure it is removed. */
enum app_err sheet_close(struct sheet *);
/* Removes the unfinished file. */
void sheet_abort(struct sheet *);

/*
 * A table of counts {groups: [{label, <metric>: n …}], total: {…}} as a whole file: a row
 * per group (its label, then each metric as a number) and the total as a bold 合计 row.
 * cols[0] heads the labels, cols[1 …] the metrics (NULL-terminated, ncolumns - 1 of them).
 */
enum app_err sheet_write_counts(const char *path, enum sheet_format, const char *sheet_name,
    const char *title, const struct sheet_column *, size_t ncolumns, json_t *stats,
    const char *const *metrics);

#endif
