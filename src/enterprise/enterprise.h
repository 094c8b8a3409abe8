/*
 * The enterprise registry (一企一档): create, get, update, list, status transitions, CSV
 * import and Excel/CSV export. Legal records are never deleted: an enterprise is closed
 * or voided with a reason.
 */
#ifndef ENTERPRISE_ENTERPRISE_H
#define ENTERPRISE_ENTERPRISE_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "core/err.h"

struct actor;
struct arena;
struct audit_who;
struct scope;
struct store;

/* Who writes, for the rules on fields: an enterprise user may change contact fields only. */
enum enterprise_editor { EDITOR_STAFF, EDITOR_ENTERPRISE };

/*
 * Checks the members of `in` and returns in *clean the normalised values of those given
 * (trimmed text, upper-case USCC, booleans, numbers), one member per column. With
 * `create`, required fields must be present. Every problem is appended to errs as
 * {field, message}; unknown and read-only fields are problems too. No store access: the
 * checks against other rows (region, sector, org, duplicate USCC) are made on write.
 */
void enterprise_decode(
    struct arena *, json_t *in, bool create, enum enterprise_editor, json_t *errs, json_t **clean);

/* Create: validates, checks scope and references, writes, audits. *id is the new row. */
enum app_err enterprise_create(struct store *, struct arena *, const struct scope *,
    const struct audit_who *, json_t *in, json_t *errs, int64_t *id);
/* The same inside the caller's write transaction (for imports of many rows). */
enum app_err enterprise_insert(struct store *, struct arena *, const struct scope *,
    const struct audit_who *, json_t *in, json_t *errs, int64_t *id);
/* Update the given fields of a row inside the scope. */
enum app_err enterprise_update(struct store *, struct arena *, const struct scope *,
    const struct audit_who *, enum enterprise_editor, int64_t id, json_t *in, json_t *errs);
/* One row inside the scope, as the API shows it. */
enum app_err enterprise_get(struct store *, const struct scope *, int64_t id, json_t **out);

/*
 * For a record about an enterprise (a hazard, an inspection): the enterprise `id` inside
 * the scope, with its region, sector and name (arena copies). Not found or outside the
 * scope, or not active: APP_OK with the problem appended to errs under `field`.
 */
struct enterprise_ref {
	const char *region_code, *sector, *name;
};
enum app_err enterprise_ref(struct store *, struct arena *, const struct scope *, int64_t id,
    const char *field, json_t *errs, struct enterprise_ref *out);

enum enterprise_action { ENT_CLOSE, ENT_REOPEN, ENT_VOID, ENT_ACTION__MAX };
bool enterprise_action_parse(const char *, enum enterprise_action *);
/* Moves the status: close (active→closed), reopen (closed→active), void (any but voided →
 * voided, reason required). A move that does not apply is APP_ECONFLICT. */
enum app_err enterprise_transition(struct store *, struct arena *, const struct scope *,
    const struct audit_who *, int64_t id, enum enterprise_action, const char *reason, json_t *errs);

struct enterprise_filter {
	const char *q; /* name contains */
	const char *uscc;
	const char *region; /* subtree of this region */
	const char *sector;
	const char *risk_color;
	int         hazchem; /* -1 any, 0, 1 */
	int         major_hazard_source;
	const char *status; /* NULL: not voided; "all"; or one status */
};

/* Parses the list filters from query parameters; errors name the parameter. */
typedef const char *(*param_fn)(void *, const char *);
enum app_err enterprise_filter_parse(
    param_fn get, void *arg, struct enterprise_filter *f, json_t *errs);

/*
 * Rows inside the scope matching the filter, newest first, after the row with id
 * `cursor` (0: from the start), at most `limit` (0: all). Each row is passed to `fn` as a
 * borrowed JSON object; *total counts every match (when total is not NULL).
 */
enum app_err enterprise_list(struct store *, const struct scope *, const struct enterprise_filter *,
    int64_t cursor, int limit, void (*fn)(json_t *row, void *), void *arg, int64_t *total);

/*
 * The same rows written as JSON text (one object each) into `w`, which the caller has
 * opened as an array: the list API's fast path. *n rows, the last with id *last_id.
 */
struct jw;
enum app_err enterprise_page(struct store *, const struct scope *, const struct enterprise_filter *,
    int64_t cursor, int limit, struct jw *w, int *n, int64_t *last_id, int64_t *total);

/* Columns of the export, in order: API field and Chinese header. */
struct enterprise_column {
	const char *field;
	const char *label;
	double      width; /* in characters, for the spreadsheet */
};
extern const struct enterprise_column enterprise_columns[];
extern const size_t                   enterprise_ncolumns;
/* The cell text of a column for a row (arena string): labels for codes, 是/否 for flags. */
const char *enterprise_cell(struct arena *, json_t *row, const char *field);

#endif
