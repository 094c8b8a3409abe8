#include <stdio.h>

#include "http/http.h"
#include "org/org.h"
#include "org/org_api.h"

enum app_err
org_api_list(struct req *r)
{
	json_t      *list;
	enum app_err er;

	if ((er = org_list(r->store, req_query(r, "kind"), &list)) != APP_OK) {
		json_decref(list);
		return er;
	}
	resp_list(r, list, 0, (int64_t)json_array_size(list));
	return APP_OK;
}

enum app_err
org_api_get(struct req *r)
{
	json_t      *o;
	enum app_err er;
	int64_t      id;

	if ((er = req_param_id(r, 0, &id)) != APP_OK || (er = org_get(r->store, id, &o)) != APP_OK)
		return er;
	resp_json(r, 200, o);
	return APP_OK;
}

enum app_err
org_api_create(struct req *r)
{
	struct audit_who who = req_who(r);
	json_t          *in, *errs = req_own(r, json_array()), *o;
	enum app_err     er;
	int64_t          id;

	if ((er = req_json(r, &in)) != APP_OK)
		return er;
	if ((er = org_create(r->store, r->arena, &who, in, errs, &id)) != APP_OK)
		return req_fail_fields(r, er, errs);
	if ((er = org_get(r->store, id, &o)) != APP_OK)
		return er;
	resp_json(r, 201, o);
	return APP_OK;
}

enum app_err
org_api_update(struct req *r)
{
	struct audit_who who = req_who(r);
	json_t          *in, *errs = req_own(r, json_array()), *o;
	enum app_err     er;
	int64_t          id;

	if ((er = req_param_id(r, 0, &id)) != APP_OK || (er = req_json(r, &in)) != APP_OK)
		return er;
	if ((er = org_update(r->store, r->arena, &who, id, in, errs)) != APP_OK)
		return req_fail_fields(r, er, errs);
	if ((er = org_get(r->store, id, &o)) != APP_OK)
		return er;
	resp_json(r, 200, o);
	return APP_OK;
}
