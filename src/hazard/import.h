/*
 * CSV import of a hazard ledger (隐患台账) a bureau kept in Excel: all or nothing, in one
 * transaction, with a report naming the row, the column and the reason for every problem.
 * The header names the columns by API field name or Chinese label; the ledger export
 * (src/hazard/stats.c) reads back. Each row is created as the API creates a hazard
 * (hazard_insert: every field checked, the first event and the audit row), then moved to
 * the status the ledger gives with an "import" event.
 */
#ifndef HAZARD_IMPORT_H
#define HAZARD_IMPORT_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/csvtab.h"
#include "core/err.h"

struct audit_who;
struct store;

/*
 * The pure part, fuzzed: parses CSV text and calls `row_fn` with each good data row as a
 * JSON object — the fields hazard_insert takes (source, found_on, description, location,
 * category, level, standard_item_id, deadline, responsible, measures, funds_fen,
 * contingency; labels turned into codes, dates into YYYY-MM-DD, yuan into fen) and
 * `uscc` or `enterprise_name` naming the enterprise, `status` (always; "reported" when the
 * file has none), `closed_on` and `closed_at` (UTC ms) for closed ones — and its row
 * number in the spreadsheet (the header is row 1). A row with a problem of its own
 * (an unreadable cell; status, 销号日期 and the plan of a major hazard not agreeing) is
 * reported and not handed on; none is when the header lacks a required column. `today`
 * (YYYY-MM-DD) bounds 销号日期. Returns APP_EBADREQ when the CSV itself is malformed,
 * APP_ETOOBIG over IMPORT_MAX_ROWS.
 */
enum app_err hazard_csv_parse(
    const char *data, size_t len, const char *today, import_row_fn, void *arg, json_t *problems);

/*
 * Imports the CSV text as the administrator (the whole city), at the current time. With
 * dry_run everything is checked and nothing written. APP_EINVAL when any row is bad;
 * res->problems lists why. One audit row "import" (entity hazard) besides each hazard's.
 */
enum app_err hazard_import(struct store *, const struct audit_who *, const char *data, size_t len,
    bool dry_run, import_progress_fn, void *parg, struct import_result *);

#endif
