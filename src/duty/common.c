#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/auth.h"
#include "auth/scope.h"
#include "core/arena.h"
#include "core/jsonx.h"
#include "core/timeutil.h"
#include "duty/duty_impl.h"
#include "store/store.h"

#define MAX_ATTACHMENTS 20

void
duty_scope_bind(struct stmt *st, const struct actor *actor)
{
	struct scope sc;

	scope_of(actor, &sc);
	scope_bind(st, &sc);
	duty_bind_id(st, 5, actor->org_id);
	stmt_bind_text(st, 6,
	    actor->role == ROLE_ENTERPRISE || actor->region_code == NULL ||
		    actor->region_code[0] == '\0'
		? NULL
		: actor->region_code);
}

enum app_err
duty_org_load(struct store *s, struct arena *a, int64_t id, struct duty_org *o)
{
	struct stmt *st =
	    store_stmt(s, "SELECT name, kind, region_code, sectors FROM orgs WHERE id = ?1");
	enum app_err er;
	bool         row;

	memset(o, 0, sizeof(*o));
	stmt_bind_i64(st, 1, id);
	if ((er = stmt_step(st, &row)) != APP_OK)
		return er;
	if (row) {
		o->id = id;
		o->name = arena_strdup(a, stmt_text(st, 0));
		o->kind = arena_strdup(a, stmt_text(st, 1));
		o->region = arena_strdup(a, stmt_text(st, 2));
		o->sectors = arena_strdup(a, stmt_text(st, 3));
	}
	stmt_reset(st);
	return row ? APP_OK : APP_ENOENT;
}

const char *
duty_first_sector(struct arena *a, const char *sectors)
{
	const char *p = sectors, *e;

	while (*p == ',')
		p++;
	if (*p == '\0')
		return "";
	e = strchr(p, ',');
	return arena_printf(a, "%.*s", (int)(e != NULL ? e - p : (long)strlen(p)), p);
}

bool
duty_region_under(const char *region, const char *root)
{
	char lo[16], hi[16];

	region_range(root, lo, hi);
	return strcmp(region, lo) >= 0 && strcmp(region, hi) < 0;
}

bool
duty_one_of(const char *const *codes, const char *v)
{
	size_t i;

	for (i = 0; v != NULL && codes[i] != NULL; i++)
		if (strcmp(codes[i], v) == 0)
			return true;
	return false;
}

const char *
duty_date_field(struct arena *a, json_t *in, const char *key, const char *dflt,
    const char *not_after, json_t *errs)
{
	const char *s = NULL;
	int64_t     d;

	if (jx_string(a, in, key, 0, 10, &s, errs) == JX_BAD)
		return NULL;
	if (s == NULL)
		return dflt;
	if (!date_parse(s, &d)) {
		jx_err(errs, key, "应为日期 YYYY-MM-DD");
		return NULL;
	}
	if (not_after != NULL && strcmp(s, not_after) > 0) {
		jx_err(errs, key, "不能晚于今天");
		return NULL;
	}
	return s;
}

json_t *
duty_ids_field(json_t *in, const char *key, json_t *errs)
{
	json_t *v = json_object_get(in, key), *e;
	size_t  i;

	if (v == NULL || json_is_null(v))
		return NULL;
	if (!json_is_array(v) || json_array_size(v) > MAX_ATTACHMENTS) {
		jx_err(errs, key, "应为附件编号的数组(最多20个)");
		return NULL;
	}
	json_array_foreach(v, i, e) if (!json_is_integer(e) || json_integer_value(e) <= 0)
	{
		jx_err(errs, key, "应为附件编号的数组(最多20个)");
		return NULL;
	}
	return json_array_size(v) > 0 ? v : NULL;
}

void
duty_id_param(duty_param_fn get, void *arg, const char *name, int64_t *out, json_t *errs)
{
	const char *v = get(arg, name);
	char       *end;

	*out = 0;
	if (v == NULL)
		return;
	*out = strtoll(v, &end, 10);
	if (*end != '\0' || *out <= 0) {
		*out = 0;
		jx_err(errs, name, "应为正整数");
	}
}

void
duty_bind_id(struct stmt *st, int idx, int64_t v)
{
	if (v > 0)
		stmt_bind_i64(st, idx, v);
	else
		stmt_bind_null(st, idx);
}

void
duty_row_fix(
    json_t *o, const char *const *instants, const char *const *arrays, const char *const *booleans)
{
	char buf[40];
	int  i;

	for (i = 0; instants != NULL && instants[i] != NULL; i++) {
		json_t *v = json_object_get(o, instants[i]);

		if (!json_is_integer(v))
			continue;
		time_fmt_rfc3339(json_integer_value(v), buf, sizeof(buf));
		json_object_set_new(o, instants[i], json_string(buf));
	}
	for (i = 0; arrays != NULL && arrays[i] != NULL; i++) {
		const char *t = jx_str(o, arrays[i]);
		json_t     *v;

		if (json_is_array(json_object_get(o, arrays[i])))
			continue;
		v = t ? json_loads(t, 0, NULL) : NULL;

		if (v != NULL && !json_is_array(v)) {
			json_decref(v);
			v = NULL;
		}
		json_object_set_new(o, arrays[i], v != NULL ? v : json_array());
	}
	for (i = 0; booleans != NULL && booleans[i] != NULL; i++)
		json_object_set_new(o, booleans[i], json_boolean(jx_num(o, booleans[i]) != 0));
}

enum app_err
duty_events(struct store *s, const char *sql, int64_t id, json_t **out)
{
	struct stmt *st = store_stmt(s, sql);
	enum app_err er;
	bool         row;

	*out = json_array();
	stmt_bind_i64(st, 1, id);
	while ((er = stmt_step(st, &row)) == APP_OK && row) {
		json_t *e = stmt_row_json(st), *d = json_loads(jx_str(e, "data"), 0, NULL);
		char    at[40];

		time_fmt_rfc3339(jx_num(e, "at"), at, sizeof(at));
		json_object_set_new(e, "at", json_string(at));
		json_object_set_new(e, "data", d ? d : json_object());
		json_array_append_new(*out, e);
	}
	return er;
}
