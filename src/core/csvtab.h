/*
 * Tables read from CSV files for the all-or-nothing imports (enterprises, hazards): the
 * header row names the columns, by API field name or by a Chinese label; each data row
 * becomes a JSON object of typed API fields. Everything wrong goes to a report of
 * {row, column, message}, rows numbered as a spreadsheet shows them (the header is row 1).
 *
 * Handles what Excel writes: a UTF-8 byte-order mark, CRLF, quoted cells with commas,
 * quotes and line breaks, blank lines (counted as rows) and rows of empty cells (skipped),
 * and the quote mark the exports put before a leading = + - @ (see core/sheet.c).
 */
#ifndef CORE_CSVTAB_H
#define CORE_CSVTAB_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

#define IMPORT_MAX_ROWS 200000
#define IMPORT_MAX_CELL 2000     /* bytes, unless the table sets its own limit */
#define IMPORT_MAX_PROBLEMS 1000 /* the report stops listing after this many */

struct csvtab_col;

/*
 * Reads one cell (blanks trimmed, not empty, valid UTF-8) into row[col->field]. Returns
 * NULL when it did, or the message for the report (static text) when the cell is not
 * acceptable.
 */
typedef const char *(*csvtab_read_fn)(const struct csvtab_col *, const char *cell, json_t *row);

struct csvtab_col {
	const char    *field;     /* the API name, accepted as a header too */
	csvtab_read_fn read;      /* csvtab_text, csvtab_real, … or the table's own */
	const char    *labels[4]; /* accepted Chinese headers; labels[0] names it in reports */
	bool           required;  /* the header must have it */
	const void    *arg;       /* for `read`: csvtab_code takes a struct csvtab_codes */
};

/* Code and label pairs for csvtab_code: a cell may be either; the row gets the code. */
struct csvtab_codes {
	const char *const *pairs;   /* code, label, code, label, …, NULL */
	const char        *message; /* when the cell is neither */
};

struct csvtab {
	const struct csvtab_col *cols;
	size_t                   ncols;
	const char *const       *ignored;  /* NULL-terminated headers that carry no input */
	size_t                   max_cell; /* bytes; 0: IMPORT_MAX_CELL */
	/*
	 * Called once after the header (may be NULL), with present[c] for each column of
	 * `cols`, the problems list and the row callback's argument: for rules on the set of
	 * columns beyond `required` (one of two columns, say).
	 */
	void (*header)(const bool *present, json_t *problems, void *arg);
};

/* A data row, borrowed for the call, and its row number in the spreadsheet (>= 2). */
typedef void (*import_row_fn)(json_t *row, int64_t line, void *arg);

/*
 * Parses CSV text and calls `row_fn` for each data row whose cells were all readable.
 * Header problems (unknown, duplicate, missing required columns) and unreadable cells go
 * to `problems` (a JSON array owned by the caller). Returns APP_EBADREQ when the CSV
 * itself is malformed or empty, APP_ETOOBIG over IMPORT_MAX_ROWS data rows, APP_OK
 * otherwise (even with problems).
 */
enum app_err csvtab_parse(const struct csvtab *, const char *data, size_t len, import_row_fn,
    void *arg, json_t *problems);

/* Appends {row, column, message} unless the list holds IMPORT_MAX_PROBLEMS already. */
void csvtab_problem(json_t *problems, int64_t row, const char *column, const char *message);
/* The report label of an API field (labels[0] of its column), or the field itself. */
const char *csvtab_label(const struct csvtab *, const char *field);

/* Cell readers: a string; a finite number; an integer; 是/否 (and true/false, 1/0, Y/N,
 * 有/无) as a boolean; a code or its label (arg: struct csvtab_codes). */
const char *csvtab_text(const struct csvtab_col *, const char *, json_t *);
const char *csvtab_real(const struct csvtab_col *, const char *, json_t *);
const char *csvtab_int(const struct csvtab_col *, const char *, json_t *);
const char *csvtab_bool(const struct csvtab_col *, const char *, json_t *);
const char *csvtab_code(const struct csvtab_col *, const char *, json_t *);

/*
 * A date as spreadsheets write it — 2024-03-05, 2024/3/5, 2024.3.5, 2024年3月5日 — with an
 * optional time of day after it ("2024/3/5 14:30"), or an RFC 3339 instant with its offset.
 * *days is the Asia/Shanghai date, *ms the instant (the start of the day when no time is
 * given). False when it is none of these or not a real day.
 */
bool csvtab_when(const char *s, int64_t *days, int64_t *ms);
/* Cell reader: such a date, as YYYY-MM-DD in row[field]. */
const char *csvtab_date(const struct csvtab_col *, const char *, json_t *);

/* The outcome of an import. */
struct import_result {
	int64_t rows;     /* data rows read */
	int64_t imported; /* rows written (0 on dry run or any problem) */
	json_t *problems; /* [{row, column, message}], owned by the caller */
};

/* Progress: rows processed so far, and the total when known (0 otherwise). */
typedef void (*import_progress_fn)(int64_t done, int64_t total, void *);

#endif
