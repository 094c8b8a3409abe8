/*
 * CSV import of an activity register (宣传培训台账) a bureau kept in Excel: all or nothing,
 * in one transaction, with a report naming the row, the column and the reason for every
 * problem. Columns and rules: docs/api.md, "Publicity and training". Each row is created as
 * the API creates an activity (activity_insert: every field checked); the import is
 * audited as one row naming the file.
 */
#ifndef ACTIVITY_IMPORT_H
#define ACTIVITY_IMPORT_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "core/csvtab.h"
#include "core/err.h"

struct audit_who;
struct store;

/*
 * The pure part, fuzzed: parses CSV text and calls `row_fn` with each good data row as a
 * JSON object — kind and target as codes, date as YYYY-MM-DD not after `today`, sessions
 * and participants positive integers, region_code (a code or a name, as written),
 * organiser (an org name), title and description (one line), enterprises (an array of
 * credit codes) and inspections (an array of positive ids) — and its spreadsheet row
 * number (the header is row 1). A row with a problem of its own (an unreadable cell; a
 * target without 五进, 五进 without one; inspections on another kind) is reported and not
 * handed on; none is when the header lacks a required column. Returns APP_EBADREQ when
 * the CSV itself is malformed, APP_ETOOBIG over IMPORT_MAX_ROWS.
 */
enum app_err activity_csv_parse(
    const char *data, size_t len, const char *today, import_row_fn, void *arg, json_t *problems);

/*
 * Imports the CSV text as the administrator (the whole city), at the current time. With
 * dry_run everything is checked and nothing written. APP_EINVAL when any row is bad;
 * res->problems lists why. One audit row "import" (entity activity) with the file's
 * SHA-256 and the ids created.
 */
enum app_err activity_import(struct store *, const struct audit_who *, const char *data, size_t len,
    bool dry_run, import_progress_fn, void *parg, struct import_result *);

#endif
