/*
 * CSV import of enterprises: all or nothing, in one transaction, with a report naming the
 * row, the column and the reason for every bad row. The header row names the columns, in
 * English field names or the Chinese labels of the export. The CSV reading is
 * core/csvtab.h's; this module has the columns and the writing.
 */
#ifndef ENTERPRISE_IMPORT_H
#define ENTERPRISE_IMPORT_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/csvtab.h"
#include "core/err.h"

struct audit_who;
struct store;

/*
 * The pure part, fuzzed: parses CSV text and calls `row_fn` with each data row as a JSON
 * object of API fields (typed: numbers, booleans, codes for 是/否 and 红橙黄蓝 labels) and
 * its 1-based line number in the file (the header is row 1). Problems — unknown or
 * missing columns, unreadable cells — go to `problems` as {row, column, message}. Returns
 * APP_EBADREQ when the CSV itself is malformed, APP_ETOOBIG over IMPORT_MAX_ROWS.
 */
enum app_err enterprise_csv_parse(
    const char *data, size_t len, import_row_fn, void *arg, json_t *problems);

/* Imports the CSV text; with dry_run nothing is written. APP_EINVAL when any row is bad. */
enum app_err enterprise_import(struct store *, const struct audit_who *, const char *data,
    size_t len, bool dry_run, import_progress_fn, void *parg, struct import_result *);

#endif
