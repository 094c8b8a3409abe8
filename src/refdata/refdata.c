#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/embed.h"
#include "core/log.h"
#include "core/mem.h"
#include "refdata/refdata.h"
#include "store/store.h"

static const char sql_get_city[] = "SELECT value FROM settings WHERE key = 'city_code'";
static const char sql_set_setting[] = "INSERT INTO settings (key, value) VALUES (?1, ?2)"
				      " ON CONFLICT (key) DO UPDATE SET value = excluded.value";
static const char sql_region_add[] =
    "INSERT INTO regions (code, name, level, parent_code, sort) VALUES (?1, ?2, ?3, ?4, ?5)";
static const char sql_sector_add[] =
    "INSERT INTO sectors (code, name, sort) VALUES (?1, ?2, ?3)"
    " ON CONFLICT (code) DO UPDATE SET name = excluded.name, sort = excluded.sort";
static const char sql_regions[] =
    "SELECT code, name, level, parent_code FROM regions ORDER BY sort";
static const char sql_sectors[] = "SELECT code, name FROM sectors ORDER BY sort";
static const char sql_region_name[] = "SELECT name FROM regions WHERE code = ?1";
static const char sql_sector_name[] = "SELECT name FROM sectors WHERE code = ?1";

static enum app_err
one_text(struct store *s, struct arena *a, const char *sql, const char *arg, const char **out)
{
	struct stmt *st = store_stmt(s, sql);
	enum app_err er;
	bool         row;

	*out = NULL;
	if (arg != NULL)
		stmt_bind_text(st, 1, arg);
	if ((er = stmt_step(st, &row)) == APP_OK) {
		if (row)
			*out = arena_strdup(a, stmt_text(st, 0));
		else
			er = APP_ENOENT;
	}
	stmt_reset(st);
	return er;
}

enum app_err
refdata_city(struct store *s, struct arena *a, const char **code)
{
	enum app_err er = one_text(s, a, sql_get_city, NULL, code);

	if (er == APP_ENOENT) {
		*code = "";
		return APP_OK;
	}
	return er;
}

enum app_err
region_name(struct store *s, struct arena *a, const char *code, const char **name)
{
	return one_text(s, a, sql_region_name, code, name);
}

enum app_err
sector_name(struct store *s, struct arena *a, const char *code, const char **name)
{
	return one_text(s, a, sql_sector_name, code, name);
}

static enum app_err
set_setting(struct store *s, const char *k, const char *v)
{
	struct stmt *st = store_stmt(s, sql_set_setting);

	stmt_bind_text(st, 1, k);
	stmt_bind_text(st, 2, v);
	return stmt_run(st);
}

static enum app_err
load_sectors(struct store *s, const char **problem)
{
	json_t      *doc, *list, *e;
	json_error_t je;
	struct stmt *st;
	enum app_err er = APP_OK;
	size_t       i;

	doc = json_loads(embed_get("sectors.json"), 0, &je);
	list = json_object_get(doc, "sectors");
	if (!json_is_array(list)) {
		*problem = "内置行业领域数据损坏";
		json_decref(doc);
		return APP_EINTERNAL;
	}
	json_array_foreach(list, i, e)
	{
		st = store_stmt(s, sql_sector_add);
		stmt_bind_text(st, 1, json_string_value(json_object_get(e, "code")));
		stmt_bind_text(st, 2, json_string_value(json_object_get(e, "name")));
		stmt_bind_i64(st, 3, (int64_t)i);
		if ((er = stmt_run(st)) != APP_OK)
			break;
	}
	json_decref(doc);
	return er;
}

enum app_err
refdata_load(struct store *s, const char *city_code, const char *regions_file, const char **problem)
{
	struct arena *a = arena_new(1024);
	const char   *have, *text, *code, *level;
	json_t       *doc = NULL, *list, *e;
	json_error_t  je;
	struct stmt  *st;
	enum app_err  er;
	size_t        i;
	char          name[64];

	*problem = NULL;
	if ((er = refdata_city(s, a, &have)) != APP_OK)
		goto out;
	if (have[0] != '\0') {
		if (strcmp(have, city_code) != 0) {
			*problem = "数据库已初始化为另一个城市";
			er = APP_ECONFLICT;
		} else
			er = load_sectors(s, problem);
		goto out;
	}
	if (regions_file != NULL)
		doc = json_load_file(regions_file, 0, &je);
	else {
		snprintf(name, sizeof(name), "regions/%s.json", city_code);
		text = embed_get(name);
		doc = text ? json_loads(text, 0, &je) : NULL;
	}
	list = json_object_get(doc, "regions");
	if (!json_is_array(list) || json_array_size(list) == 0) {
		*problem = doc == NULL && regions_file == NULL
		    ? "没有这个城市的区划数据（可用 --regions 文件指定）"
		    : "区划数据格式不正确";
		er = APP_EINVAL;
		goto out;
	}
	code = json_string_value(json_object_get(json_array_get(list, 0), "code"));
	if (code == NULL || strcmp(code, city_code) != 0) {
		*problem = "区划数据的第一项应是该城市本身";
		er = APP_EINVAL;
		goto out;
	}
	json_array_foreach(list, i, e)
	{
		code = json_string_value(json_object_get(e, "code"));
		level = json_string_value(json_object_get(e, "level"));
		if (code == NULL || level == NULL ||
		    json_string_value(json_object_get(e, "name")) == NULL) {
			*problem = "区划数据缺少 code、name 或 level";
			er = APP_EINVAL;
			goto out;
		}
		st = store_stmt(s, sql_region_add);
		stmt_bind_text(st, 1, code);
		stmt_bind_text(st, 2, json_string_value(json_object_get(e, "name")));
		stmt_bind_text(st, 3, level);
		stmt_bind_text(st, 4, json_string_value(json_object_get(e, "parent_code")));
		stmt_bind_i64(st, 5, (int64_t)i);
		if ((er = stmt_run(st)) != APP_OK) {
			*problem = "区划数据有重复或上级不存在";
			goto out;
		}
	}
	if ((er = set_setting(s, "city_code", city_code)) != APP_OK)
		goto out;
	er = load_sectors(s, problem);
out:
	json_decref(doc);
	arena_free(a);
	return er;
}

enum app_err
refdata_regions(struct store *s, json_t **out)
{
	struct stmt *st = store_stmt(s, sql_regions);
	enum app_err er;
	bool         row;

	*out = json_array();
	while ((er = stmt_step(st, &row)) == APP_OK && row)
		json_array_append_new(*out,
		    json_pack("{s:s, s:s, s:s, s:s?}", "code", stmt_text(st, 0), "name",
			stmt_text(st, 1), "level", stmt_text(st, 2), "parent_code",
			stmt_text_or_null(st, 3)));
	stmt_reset(st);
	return er;
}

enum app_err
refdata_sectors(struct store *s, json_t **out)
{
	struct stmt *st = store_stmt(s, sql_sectors);
	enum app_err er;
	bool         row;

	*out = json_array();
	while ((er = stmt_step(st, &row)) == APP_OK && row)
		json_array_append_new(*out,
		    json_pack("{s:s, s:s}", "code", stmt_text(st, 0), "name", stmt_text(st, 1)));
	stmt_reset(st);
	return er;
}

struct label {
	char *code;
	char *text;
};

static struct {
	pthread_mutex_t lock;
	struct label   *regions, *sectors;
	size_t          nregions, nsectors;
} names = { PTHREAD_MUTEX_INITIALIZER };

static const char sql_region_labels[] =
    "SELECT r.code, coalesce(p.name || ' ', '') || r.name FROM regions r"
    " LEFT JOIN regions p ON p.code = r.parent_code AND p.level = 'county' ORDER BY r.code";
static const char sql_sector_labels[] = "SELECT code, name FROM sectors ORDER BY code";

static enum app_err
load_labels(struct store *s, const char *sql, struct label **out, size_t *n)
{
	struct stmt *st = store_stmt(s, sql);
	enum app_err er;
	bool         row;
	size_t       cap = 0;

	*out = NULL;
	*n = 0;
	while ((er = stmt_step(st, &row)) == APP_OK && row) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 128;
			*out = xrealloc(*out, cap * sizeof(**out));
		}
		(*out)[*n].code = xstrdup(stmt_text(st, 0));
		(*out)[*n].text = xstrdup(stmt_text(st, 1));
		(*n)++;
	}
	stmt_reset(st);
	return er;
}

enum app_err
refdata_names_load(struct store *s)
{
	enum app_err er = APP_OK;

	pthread_mutex_lock(&names.lock);
	if (names.regions == NULL && names.sectors == NULL) {
		if ((er = load_labels(s, sql_region_labels, &names.regions, &names.nregions)) ==
		    APP_OK)
			er = load_labels(s, sql_sector_labels, &names.sectors, &names.nsectors);
	}
	pthread_mutex_unlock(&names.lock);
	return er;
}

static int
label_cmp(const void *key, const void *elem)
{
	return strcmp(key, ((const struct label *)elem)->code);
}

static const char *
find_label(const struct label *list, size_t n, const char *code)
{
	const struct label *l;

	if (code == NULL || list == NULL)
		return "";
	l = bsearch(code, list, n, sizeof(*list), label_cmp);
	return l != NULL ? l->text : "";
}

const char *
region_label(const char *code)
{
	return find_label(names.regions, names.nregions, code);
}

const char *
sector_label(const char *code)
{
	return find_label(names.sectors, names.nsectors, code);
}

enum app_err
region_group_label(struct store *s, const char *code, int region_len, char **label)
{
	struct stmt *st = store_stmt(s, "SELECT name, level FROM regions WHERE code = ?1");
	enum app_err er;
	bool         row;

	*label = NULL;
	stmt_bind_text(st, 1, code);
	if ((er = stmt_step(st, &row)) != APP_OK)
		return er;
	if (row) {
		bool own =
		    strlen(code) < (size_t)region_len || strcmp(stmt_text(st, 1), "city") == 0;
		size_t n = strlen(stmt_text(st, 0)) + sizeof("（本级）");

		*label = xmalloc(n);
		snprintf(*label, n, "%s%s", stmt_text(st, 0), own ? "（本级）" : "");
	}
	stmt_reset(st);
	return APP_OK;
}
