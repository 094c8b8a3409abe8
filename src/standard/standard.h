/*
 * The catalog of major-accident-hazard determination standards (重大事故隐患判定标准) and
 * their items. Loaded at `anjian init` from data/standards/ (derived from the reference by
 * scripts/gen-standards); `anjian standards import` adds or replaces one. The file format
 * is docs/standards.md.
 */
#ifndef STANDARD_STANDARD_H
#define STANDARD_STANDARD_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "core/err.h"

struct arena;
struct audit_who;
struct store;

struct standard_put_result {
	int64_t id;
	bool    replaced; /* a standard with this code existed */
	int     added, updated, unchanged, retired;
};

/*
 * Adds or replaces the standard described by `doc` inside the caller's write transaction,
 * and audits it. Every problem of the document is appended to errs ({field, message},
 * fields like "items[3].text"); then nothing is written and the result is APP_EINVAL.
 */
enum app_err standard_put(struct store *, struct arena *, const struct audit_who *, json_t *doc,
    int64_t now, json_t *errs, struct standard_put_result *);

/* Loads every standard compiled in (data/standards/index.json order) that is not yet in
 * the store; a standard already loaded is left as it is. *loaded counts those added. */
enum app_err standard_load_builtin(
    struct store *, const struct audit_who *, int64_t now, int *loaded, const char **problem);

/* [{id, code, sector, sector_name, name, doc_no, issuer, effective_on, repealed_on,
 * in_force, completeness, notes, sources, item_count, citable_count}], by sector. */
enum app_err standard_list(struct store *, const char *sector, const char *today, json_t **out);
/* One standard with its items (retired ones too, marked). */
enum app_err standard_get(struct store *, int64_t id, const char *today, json_t **out);

struct standard_item_filter {
	const char *q;      /* item text, heading or number contains */
	const char *sector; /* standards of this sector */
	const char *on;     /* standards in force on this date */
	bool        citable_only;
};
/* Matching items with their standard's code and name, at most `limit`. */
enum app_err standard_items_find(
    struct store *, const struct standard_item_filter *, int limit, json_t **out, int64_t *total);

/*
 * The item `id` for citing on a hazard found on `on` (a date): APP_OK with *sector set
 * (arena copy) when it exists, is citable, not retired, and its standard is in force on
 * that date; otherwise APP_EINVAL with *why explaining.
 */
enum app_err standard_item_citable(
    struct store *, struct arena *, int64_t id, const char *on, const char **why);

#endif
