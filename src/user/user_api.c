#include <stdlib.h>
#include <string.h>

#include "core/jsonx.h"
#include "http/http.h"
#include "user/user.h"
#include "user/user_api.h"

enum app_err
user_api_list(struct req *r)
{
	struct user_filter f = { 0 };
	json_t            *items;
	const char        *org = req_query(r, "org_id");
	enum app_err       er;
	int64_t            cursor, total;
	int                limit;

	if ((er = req_page(r, &limit, &cursor)) != APP_OK)
		return er;
	f.q = req_query(r, "q");
	f.role = req_query(r, "role");
	f.status = req_query(r, "status");
	if (org != NULL && (f.org_id = strtoll(org, NULL, 10)) <= 0)
		return req_fail(r, APP_EBADREQ, "org_id 应为单位编号");
	if (f.status != NULL && strcmp(f.status, "active") != 0 && strcmp(f.status, "locked") != 0)
		return req_fail(r, APP_EBADREQ, "status 应为 active 或 locked");
	if ((er = user_list(r->store, &f, cursor, limit, &items, &total)) != APP_OK) {
		json_decref(items);
		return er;
	}
	resp_list(r, items, limit, total);
	return APP_OK;
}

enum app_err
user_api_get(struct req *r)
{
	json_t      *u;
	enum app_err er;
	int64_t      id;

	if ((er = req_param_id(r, 0, &id)) != APP_OK || (er = user_get(r->store, id, &u)) != APP_OK)
		return er;
	resp_json(r, 200, u);
	return APP_OK;
}

enum app_err
user_api_create(struct req *r)
{
	struct audit_who who = req_who(r);
	json_t          *in, *errs = req_own(r, json_array()), *u;
	enum app_err     er;
	int64_t          id;

	if ((er = req_json(r, &in)) != APP_OK)
		return er;
	if ((er = user_create(r->store, r->arena, &who, in, errs, &id)) != APP_OK)
		return req_fail_fields(r, er, errs);
	if ((er = user_get(r->store, id, &u)) != APP_OK)
		return er;
	resp_json(r, 201, u);
	return APP_OK;
}

enum app_err
user_api_update(struct req *r)
{
	struct audit_who who = req_who(r);
	json_t          *in, *errs = req_own(r, json_array()), *u;
	enum app_err     er;
	int64_t          id;

	if ((er = req_param_id(r, 0, &id)) != APP_OK || (er = req_json(r, &in)) != APP_OK)
		return er;
	if ((er = user_update(r->store, r->arena, &who, id, in, errs)) != APP_OK)
		return req_fail_fields(r, er, errs);
	if ((er = user_get(r->store, id, &u)) != APP_OK)
		return er;
	resp_json(r, 200, u);
	return APP_OK;
}

enum app_err
user_api_transition(struct req *r)
{
	static const char *const actions[] = { "lock", "unlock", NULL };
	static const char *const known[] = { "action", "reason", NULL };
	struct audit_who         who = req_who(r);
	json_t                  *in, *errs = req_own(r, json_array()), *u;
	const char              *action = NULL;
	enum app_err             er;
	int64_t                  id;

	if ((er = req_param_id(r, 0, &id)) != APP_OK || (er = req_json(r, &in)) != APP_OK)
		return er;
	jx_unknown(in, known, errs);
	if (jx_enum(in, "action", actions, &action, errs) != JX_SET && !jx_has_err(errs, "action"))
		jx_err(errs, "action", "应为 lock 或 unlock");
	if (json_array_size(errs) > 0)
		return req_fail_fields(r, APP_EINVAL, errs);
	er = user_set_locked(r->store, &who, id, strcmp(action, "lock") == 0, errs);
	if (er != APP_OK)
		return req_fail_fields(r, er, errs);
	if ((er = user_get(r->store, id, &u)) != APP_OK)
		return er;
	resp_json(r, 200, u);
	return APP_OK;
}
