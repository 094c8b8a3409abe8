/*
 * What the files of src/duty share: the scope of org records, the org a record belongs
 * to, and small decoding helpers. Not for use outside src/duty.
 */
#ifndef DUTY_DUTY_IMPL_H
#define DUTY_DUTY_IMPL_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "auth/scope.h"
#include "core/err.h"
#include "core/jsonx.h"
#include "duty/duty.h"

struct actor;
struct arena;
struct stmt;
struct store;

/*
 * The scope of a statement over org records: ?1 ?2 the caller's region range, ?3 the
 * department's sectors (non-null: a department, which sees no org record by region), ?4
 * the enterprise (non-null: an enterprise user, which sees none), ?5 the caller's org
 * (null: none), ?6 the caller's own region (null for an enterprise user).
 * ORG_REGION_PRED: the row's region in the caller's range, for non-departments.
 */
#define ORG_REGION_PRED(region_col) "(?3 IS NULL AND " region_col " >= ?1 AND " region_col " < ?2)"
void duty_scope_bind(struct stmt *, const struct actor *);
/* A plan `p`: in the caller's range (not departments), or over the caller's own region (the
 * city plan for a district or a department), or issued by the caller's org. */
#define PLAN_PRED(p) \
	"(?4 IS NULL AND (" ORG_REGION_PRED(p ".region_code") " OR (?6 >= " p \
							      ".region_lo AND ?6 < " p \
							      ".region_hi) OR " p \
							      ".issuer_org_id = ?5))"
/* A task `t` of the plan `p`: in the caller's range (not departments), or the caller's
 * org owns it, co-owns it or issued its plan. */
#define TASK_PRED(t, p) \
	"(?4 IS NULL AND (" ORG_REGION_PRED(t \
	    ".region_code") " OR " t ".owner_org_id = ?5 OR " p \
			    ".issuer_org_id = ?5 OR EXISTS (SELECT 1 FROM task_coowners c WHERE c.task_id = " t \
			    ".id AND c.org_id = ?5)))"
/* The tasks of one plan the caller sees, as lists show them, appended to `into`. */
enum app_err duty_plan_tasks(
    struct store *, const struct actor *, int64_t plan_id, const char *today, json_t *into);

/* An org: name, kind, region and sectors (",a,b,"), strings in the arena. */
struct duty_org {
	int64_t     id;
	const char *name, *kind, *region, *sectors;
};
/* APP_ENOENT when there is no such org. */
enum app_err duty_org_load(struct store *, struct arena *, int64_t id, struct duty_org *);
/* The first sector of ",a,b," ("" when none), in the arena. */
const char *duty_first_sector(struct arena *, const char *sectors);
/* Whether `region` lies in the subtree of `root`. */
bool duty_region_under(const char *region, const char *root);

bool duty_one_of(const char *const *codes, const char *v);
/* A date field: absent → dflt (may be NULL); never after not_after when given. */
const char *duty_date_field(struct arena *, json_t *in, const char *key, const char *dflt,
    const char *not_after, json_t *errs);
/* Attachment ids: at most 20 positive integers; NULL when none (or on error). */
json_t *duty_ids_field(json_t *in, const char *key, json_t *errs);
/* An id query parameter: absent → 0; not a positive integer → an error naming it. */
void duty_id_param(duty_param_fn, void *, const char *name, int64_t *out, json_t *errs);
/* Binds a positive id, or NULL for 0. */
void duty_bind_id(struct stmt *, int idx, int64_t);
/* A row's instants to RFC 3339, its JSON text arrays to arrays, its 0/1 to booleans. */
void duty_row_fix(
    json_t *o, const char *const *instants, const char *const *arrays, const char *const *booleans);
/* The timeline rows of `sql` (?1 the record) with `at` in RFC 3339 and `data` parsed. */
enum app_err duty_events(struct store *, const char *sql, int64_t id, json_t **out);

#endif
