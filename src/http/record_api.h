/*
 * The handlers of a record with a workflow (cases, supervision actions, accidents): GET one
 * as the caller sees it, POST to create, POST a transition — the writes on the writer
 * thread (req_write), each answered with the record as it now is. A feature gives its
 * functions in a `struct record_api` and its handlers call these.
 */
#ifndef HTTP_RECORD_API_H
#define HTTP_RECORD_API_H

#include <jansson.h>
#include <stdint.h>

#include "core/err.h"

struct actor;
struct arena;
struct audit_who;
struct req;
struct scope;
struct store;

struct record_api {
	enum app_err (*detail)(struct store *, const struct actor *, const struct scope *,
	    int64_t id, const char *today, json_t **out);
	enum app_err (*create)(struct store *, struct arena *, const struct actor *,
	    const struct scope *, const struct audit_who *, json_t *in, int64_t now, json_t *errs,
	    int64_t *id);
	enum app_err (*transition)(struct store *, struct arena *, const struct actor *,
	    const struct scope *, const struct audit_who *, int64_t id, json_t *in, int64_t now,
	    json_t *errs);
	const char *path;              /* "/api/v1/cases": the Location of a new record */
	const char *create_denied;     /* the 403 message of create */
	const char *transition_denied; /* the 403 message of a transition */
};

enum app_err record_api_get(struct req *, const struct record_api *);
enum app_err record_api_create(struct req *, const struct record_api *);
enum app_err record_api_transition(struct req *, const struct record_api *);

#endif
