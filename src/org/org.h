/* Organisations (单位): the city bureau, district bureaus, industry departments with their
 * sectors, legal offices. A user's org gives its region and, for departments, sectors. */
#ifndef ORG_ORG_H
#define ORG_ORG_H

#include <jansson.h>
#include <stdint.h>

#include "core/err.h"

struct arena;
struct audit_who;
struct store;

/* [{org}] ordered by kind then region; kind may be NULL. */
enum app_err org_list(struct store *, const char *kind, json_t **out);
enum app_err org_get(struct store *, int64_t id, json_t **out);
/* Validated writes; problems are appended to errs (a duplicate name is APP_ECONFLICT). */
enum app_err org_create(struct store *, struct arena *, const struct audit_who *, json_t *in,
    json_t *errs, int64_t *id);
enum app_err org_update(
    struct store *, struct arena *, const struct audit_who *, int64_t id, json_t *in, json_t *errs);

#endif
