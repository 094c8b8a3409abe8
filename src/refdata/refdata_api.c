#include "http/http.h"
#include "refdata/refdata.h"
#include "refdata/refdata_api.h"

enum app_err
refdata_api_regions(struct req *r)
{
	json_t      *list;
	enum app_err er;

	if ((er = refdata_regions(r->store, &list)) != APP_OK) {
		json_decref(list);
		return er;
	}
	resp_json(r, 200, list);
	return APP_OK;
}

enum app_err
refdata_api_sectors(struct req *r)
{
	json_t      *list;
	enum app_err er;

	if ((er = refdata_sectors(r->store, &list)) != APP_OK) {
		json_decref(list);
		return er;
	}
	resp_json(r, 200, list);
	return APP_OK;
}
