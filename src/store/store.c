/* Helpers of the store interface that hold for every back-end. */
#include "store/store.h"

enum app_err
stmt_one_json(struct stmt *st, json_t *(*fn)(struct stmt *), json_t **out)
{
	enum app_err er;
	bool         row;

	*out = NULL;
	if ((er = stmt_step(st, &row)) == APP_OK) {
		if (row)
			*out = fn(st);
		else
			er = APP_ENOENT;
	}
	stmt_reset(st);
	return er;
}

enum app_err
stmt_one_i64(struct stmt *st, int64_t *out)
{
	enum app_err er;
	bool         row;

	*out = 0;
	if ((er = stmt_step(st, &row)) == APP_OK) {
		if (row)
			*out = stmt_i64(st, 0);
		else
			er = APP_ENOENT;
	}
	stmt_reset(st);
	return er;
}
