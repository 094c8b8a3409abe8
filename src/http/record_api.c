#include <stdio.h>

#include "auth/scope.h"
#include "core/timeutil.h"
#include "http/http.h"
#include "http/record_api.h"

enum app_err
record_api_get(struct req *r, const struct record_api *api)
{
	struct scope sc;
	json_t      *row;
	enum app_err er;
	int64_t      id;
	char         today[11];

	if ((er = req_param_id(r, 0, &id)) != APP_OK)
		return er;
	today_str(today);
	scope_of(r->actor, &sc);
	if ((er = api->detail(r->store, r->actor, &sc, id, today, &row)) != APP_OK)
		return er;
	resp_json(r, 200, row);
	return APP_OK;
}

/* The reply of a write that succeeded: the record as the caller now sees it. */
static void
reply_detail(struct write_ctx *c, const struct record_api *api, const struct scope *sc, int64_t id,
    int status)
{
	char today[11];

	today_str(today);
	c->err = api->detail(c->store, &c->actor, sc, id, today, &c->body);
	c->status = status;
	if (status == 201)
		snprintf(c->location, sizeof(c->location), "%s/%lld", api->path, (long long)id);
}

static void
create_write(struct write_ctx *c, void *arg)
{
	struct write_json       *x = arg;
	const struct record_api *api = x->ctx;
	struct scope             sc;
	int64_t                  id;

	scope_of(&c->actor, &sc);
	c->err =
	    api->create(c->store, c->arena, &c->actor, &sc, &c->who, x->in, now_ms(), c->errs, &id);
	if (c->err == APP_EPERM)
		c->message = api->create_denied;
	if (c->err == APP_OK)
		reply_detail(c, api, &sc, id, 201);
}

enum app_err
record_api_create(struct req *r, const struct record_api *api)
{
	json_t      *in;
	enum app_err er;

	if ((er = req_json(r, &in)) != APP_OK)
		return er;
	req_write_json_ctx(r, create_write, in, 0, api);
	return APP_OK;
}

static void
transition_write(struct write_ctx *c, void *arg)
{
	struct write_json       *x = arg;
	const struct record_api *api = x->ctx;
	struct scope             sc;

	scope_of(&c->actor, &sc);
	c->err = api->transition(
	    c->store, c->arena, &c->actor, &sc, &c->who, x->id, x->in, now_ms(), c->errs);
	if (c->err == APP_EPERM)
		c->message = api->transition_denied;
	if (c->err == APP_OK)
		reply_detail(c, api, &sc, x->id, 200);
}

enum app_err
record_api_transition(struct req *r, const struct record_api *api)
{
	json_t      *in;
	enum app_err er;
	int64_t      id;

	if ((er = req_param_id(r, 0, &id)) != APP_OK)
		return er;
	if ((er = req_json(r, &in)) != APP_OK)
		return er;
	req_write_json_ctx(r, transition_write, in, id, api);
	return APP_OK;
}
