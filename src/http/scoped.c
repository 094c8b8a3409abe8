#include "auth/scope.h"
#include "http/http.h"

enum app_err
req_reply_scoped(struct req *r, scoped_get_fn get)
{
	struct scope sc;
	json_t      *row;
	enum app_err er;
	int64_t      id;

	if ((er = req_param_id(r, 0, &id)) != APP_OK)
		return er;
	scope_of(r->actor, &sc);
	if ((er = get(r->store, &sc, id, &row)) != APP_OK)
		return er;
	resp_json(r, 200, row);
	return APP_OK;
}
