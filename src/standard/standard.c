#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/audit.h"
#include "core/arena.h"
#include "core/embed.h"
#include "core/jsonx.h"
#include "core/timeutil.h"
#include "standard/standard.h"
#include "store/store.h"

#define MAX_ITEMS 2000

static const char *const completeness[] = { "complete", "partial", "metadata_only", NULL };
static const char *const confidences[] = { "normal", "low", NULL };

static const char sql_sector_get[] = "SELECT name FROM sectors WHERE code = ?1";
static const char sql_sector_add[] =
    "INSERT INTO sectors (code, name, sort)"
    " VALUES (?1, ?2, (SELECT coalesce(max(sort), 0) + 1 FROM sectors))";
static const char sql_std_by_code[] = "SELECT id FROM standards WHERE code = ?1";
static const char sql_std_insert[] =
    "INSERT INTO standards (code, sector, name, doc_no, issuer, effective_on, repealed_on,"
    " completeness, notes, sources, created_at, updated_at)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?11) RETURNING id";
static const char sql_std_update[] =
    "UPDATE standards SET sector = ?2, name = ?3, doc_no = ?4, issuer = ?5, effective_on = ?6,"
    " repealed_on = ?7, completeness = ?8, notes = ?9, sources = ?10, updated_at = ?11"
    " WHERE id = ?1";
static const char sql_item_find[] =
    "SELECT id, seq, heading, text, confidence, citable, note, retired FROM standard_items"
    " WHERE standard_id = ?1 AND no = ?2";
static const char sql_item_insert[] =
    "INSERT INTO standard_items (standard_id, seq, no, heading, text, confidence, citable,"
    " note) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";
static const char sql_item_update[] =
    "UPDATE standard_items SET seq = ?2, heading = ?3, text = ?4, confidence = ?5,"
    " citable = ?6, note = ?7, retired = 0 WHERE id = ?1";
/* Items not in the new text are moved out of the way of the new sequence and retired. */
static const char sql_items_mark[] = "UPDATE standard_items SET seq = -id WHERE standard_id = ?1";
static const char sql_items_retire[] =
    "UPDATE standard_items SET retired = 1 WHERE standard_id = ?1 AND seq < 0 AND retired = 0";

/* One item of the document, checked. */
struct item_in {
	const char *no, *heading, *text, *confidence, *note;
	bool        citable;
};

static void
decode_item(struct arena *a, json_t *it, size_t i, json_t *errs, struct item_in *out)
{
	static const char *const known[] = { "no", "heading", "text", "confidence", "citable",
		"note", NULL };
	size_t                   from = json_array_size(errs);
	char                     prefix[32];

	memset(out, 0, sizeof(*out));
	out->confidence = "normal";
	out->citable = true;
	out->heading = out->note = "";
	snprintf(prefix, sizeof(prefix), "items[%zu]", i);
	if (!json_is_object(it)) {
		jx_err(errs, prefix, "应为对象");
		return;
	}
	jx_unknown(it, known, errs);
	if (jx_string(a, it, "no", 1, 60, &out->no, errs) == JX_ABSENT)
		jx_err(errs, "no", "必填");
	if (jx_string(a, it, "text", 1, 2000, &out->text, errs) == JX_ABSENT)
		jx_err(errs, "text", "必填");
	if (jx_string(a, it, "heading", 0, 500, &out->heading, errs) != JX_SET)
		out->heading = "";
	if (jx_string(a, it, "note", 0, 1000, &out->note, errs) != JX_SET)
		out->note = "";
	if (jx_enum(it, "confidence", confidences, &out->confidence, errs) != JX_SET)
		out->confidence = "normal";
	jx_bool(it, "citable", &out->citable, errs);
	jx_errs_prefix(errs, from, prefix);
}

static bool
date_or_null(struct arena *a, json_t *doc, const char *key, const char **out, json_t *errs)
{
	int64_t d;
	enum jx r = jx_string(a, doc, key, 0, 10, out, errs);

	if (r == JX_SET && !date_parse(*out, &d)) {
		jx_err(errs, key, "应为日期 YYYY-MM-DD 或 null");
		return false;
	}
	if (r != JX_SET)
		*out = NULL;
	return r != JX_BAD;
}

static bool
code_valid(const char *s)
{
	for (; *s != '\0'; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '-' ||
			*s == '_'))
			return false;
	return true;
}

static enum app_err
put_item(struct store *s, int64_t std_id, int seq, const struct item_in *it,
    struct standard_put_result *res)
{
	struct stmt *st = store_stmt(s, sql_item_find);
	enum app_err er;
	bool         row, same;
	int64_t      id;

	stmt_bind_i64(st, 1, std_id);
	stmt_bind_text(st, 2, it->no);
	if ((er = stmt_step(st, &row)) != APP_OK)
		return er;
	if (!row) {
		stmt_reset(st);
		st = store_stmt(s, sql_item_insert);
		stmt_bind_i64(st, 1, std_id);
		stmt_bind_i64(st, 2, seq);
		stmt_bind_text(st, 3, it->no);
		stmt_bind_text(st, 4, it->heading);
		stmt_bind_text(st, 5, it->text);
		stmt_bind_text(st, 6, it->confidence);
		stmt_bind_i64(st, 7, it->citable);
		stmt_bind_text(st, 8, it->note);
		res->added++;
		return stmt_run(st);
	}
	id = stmt_i64(st, 0);
	same = strcmp(stmt_text(st, 2), it->heading) == 0 &&
	    strcmp(stmt_text(st, 3), it->text) == 0 &&
	    strcmp(stmt_text(st, 4), it->confidence) == 0 && stmt_i64(st, 5) == it->citable &&
	    strcmp(stmt_text(st, 6), it->note) == 0 && stmt_i64(st, 7) == 0;
	stmt_reset(st);
	if (same)
		res->unchanged++;
	else
		res->updated++;
	st = store_stmt(s, sql_item_update);
	stmt_bind_i64(st, 1, id);
	stmt_bind_i64(st, 2, seq);
	stmt_bind_text(st, 3, it->heading);
	stmt_bind_text(st, 4, it->text);
	stmt_bind_text(st, 5, it->confidence);
	stmt_bind_i64(st, 6, it->citable);
	stmt_bind_text(st, 7, it->note);
	return stmt_run(st);
}

enum app_err
standard_put(struct store *s, struct arena *a, const struct audit_who *who, json_t *doc,
    int64_t now, json_t *errs, struct standard_put_result *res)
{
	static const char *const known[] = { "code", "sector", "sector_name", "name", "doc_no",
		"issuer", "effective_on", "repealed_on", "completeness", "notes", "sources",
		"items", NULL };
	const char *code = NULL, *sector = NULL, *sector_nm = NULL, *name = NULL, *doc_no = NULL,
		   *issuer = NULL, *eff = NULL, *rep = NULL, *compl = NULL, *notes = NULL;
	json_t         *items, *sources, *v, *ch;
	struct item_in *in = NULL;
	struct stmt    *st;
	enum app_err    er;
	size_t          i, j, n = 0;
	char           *sources_text;
	bool            row;

	memset(res, 0, sizeof(*res));
	if (!json_is_object(doc)) {
		jx_err(errs, "$", "应为 JSON 对象");
		return APP_EINVAL;
	}
	jx_unknown(doc, known, errs);
	if (jx_string(a, doc, "code", 1, 60, &code, errs) == JX_SET && !code_valid(code))
		jx_err(errs, "code", "只能包含小写字母、数字、- 和 _");
	else if (code == NULL && !jx_has_err(errs, "code"))
		jx_err(errs, "code", "必填");
	if (jx_string(a, doc, "sector", 1, 40, &sector, errs) == JX_SET && !code_valid(sector))
		jx_err(errs, "sector", "只能包含小写字母、数字、- 和 _");
	else if (sector == NULL && !jx_has_err(errs, "sector"))
		jx_err(errs, "sector", "必填");
	jx_string(a, doc, "sector_name", 0, 40, &sector_nm, errs);
	if (jx_string(a, doc, "name", 1, 200, &name, errs) == JX_ABSENT)
		jx_err(errs, "name", "必填");
	jx_string(a, doc, "doc_no", 0, 200, &doc_no, errs);
	jx_string(a, doc, "issuer", 0, 100, &issuer, errs);
	date_or_null(a, doc, "effective_on", &eff, errs);
	date_or_null(a, doc, "repealed_on", &rep, errs);
	if (eff != NULL && rep != NULL && strcmp(rep, eff) <= 0)
		jx_err(errs, "repealed_on", "废止日期应晚于施行日期");
	if (jx_enum(doc, "completeness", completeness, &compl, errs) == JX_ABSENT)
		jx_err(errs, "completeness", "必填：complete、partial 或 metadata_only");
	jx_string(a, doc, "notes", 0, 20000, &notes, errs);
	sources = json_object_get(doc, "sources");
	if (sources != NULL && !json_is_array(sources))
		jx_err(errs, "sources", "应为文本数组");
	json_array_foreach(sources, i, v)
	{
		if (!json_is_string(v)) {
			jx_err(errs, "sources", "应为文本数组");
			break;
		}
	}
	items = json_object_get(doc, "items");
	if (!json_is_array(items))
		jx_err(errs, "items", "必填：条目数组（没有条目时为 []）");
	else if ((n = json_array_size(items)) > MAX_ITEMS)
		jx_err(errs, "items", "条目过多");
	else {
		in = arena_alloc(a, (n ? n : 1) * sizeof(*in));
		json_array_foreach(items, i, v)
		{
			decode_item(a, v, i, errs, &in[i]);
			for (j = 0; in[i].no != NULL && j < i; j++)
				if (in[j].no != NULL && strcmp(in[j].no, in[i].no) == 0) {
					char f[32];

					snprintf(f, sizeof(f), "items[%zu].no", i);
					jx_err(errs, f, "条目编号重复");
					break;
				}
		}
		if (compl != NULL && strcmp(compl, "metadata_only") != 0 && n == 0)
			jx_err(errs, "items", "completeness 不是 metadata_only 时应有条目");
	}
	if (json_array_size(errs) > 0)
		return APP_EINVAL;

	/* The sector: known, or added with its name. */
	st = store_stmt(s, sql_sector_get);
	stmt_bind_text(st, 1, sector);
	if ((er = stmt_step(st, &row)) != APP_OK)
		return er;
	stmt_reset(st);
	if (!row) {
		if (sector_nm == NULL) {
			jx_err(errs, "sector_name", "行业领域不在目录中，新增时需提供名称");
			return APP_EINVAL;
		}
		st = store_stmt(s, sql_sector_add);
		stmt_bind_text(st, 1, sector);
		stmt_bind_text(st, 2, sector_nm);
		if ((er = stmt_run(st)) != APP_OK)
			return er;
	}

	sources_text = sources ? json_dumps(sources, JSON_COMPACT) : strdup("[]");
	st = store_stmt(s, sql_std_by_code);
	stmt_bind_text(st, 1, code);
	er = stmt_one_i64(st, &res->id);
	res->replaced = er == APP_OK;
	if (er == APP_OK || er == APP_ENOENT) {
		st = store_stmt(s, res->replaced ? sql_std_update : sql_std_insert);
		if (res->replaced)
			stmt_bind_i64(st, 1, res->id);
		else
			stmt_bind_text(st, 1, code);
		stmt_bind_text(st, 2, sector);
		stmt_bind_text(st, 3, name);
		stmt_bind_text(st, 4, doc_no ? doc_no : "");
		stmt_bind_text(st, 5, issuer ? issuer : "");
		stmt_bind_text(st, 6, eff);
		stmt_bind_text(st, 7, rep);
		stmt_bind_text(st, 8, compl );
		stmt_bind_text(st, 9, notes ? notes : "");
		stmt_bind_text(st, 10, sources_text);
		stmt_bind_i64(st, 11, now);
		er = res->replaced ? stmt_run(st) : stmt_one_i64(st, &res->id);
	}
	free(sources_text);
	if (er != APP_OK)
		return er;
	if (res->replaced) {
		st = store_stmt(s, sql_items_mark);
		stmt_bind_i64(st, 1, res->id);
		if ((er = stmt_run(st)) != APP_OK)
			return er;
	}
	for (i = 0; i < n; i++)
		if ((er = put_item(s, res->id, (int)i + 1, &in[i], res)) != APP_OK)
			return er;
	if (res->replaced) {
		st = store_stmt(s, sql_items_retire);
		stmt_bind_i64(st, 1, res->id);
		if ((er = stmt_run(st)) != APP_OK)
			return er;
		res->retired = (int)store_changes(s);
	}
	ch = json_pack("{s:s, s:s, s:s, s:i, s:i, s:i, s:i}", "code", code, "name", name, "sector",
	    sector, "items_added", res->added, "items_updated", res->updated, "items_unchanged",
	    res->unchanged, "items_retired", res->retired);
	er = audit_append(s, who, res->replaced ? "replace" : "create", "standard", res->id, ch);
	json_decref(ch);
	return er;
}

enum app_err
standard_load_builtin(
    struct store *s, const struct audit_who *who, int64_t now, int *loaded, const char **problem)
{
	struct arena              *a = arena_new(4096);
	json_t                    *index, *files, *f, *doc, *errs = json_array();
	json_error_t               je;
	struct standard_put_result res;
	enum app_err               er = APP_OK;
	struct stmt               *st;
	size_t                     i;
	char                       name[128];
	const char                *text;

	*loaded = 0;
	*problem = NULL;
	index = json_loads(
	    embed_get("standards/index.json") ? embed_get("standards/index.json") : "", 0, &je);
	files = json_object_get(index, "files");
	if (!json_is_array(files)) {
		*problem = "内置判定标准目录缺失（data/standards/index.json）";
		er = APP_EINTERNAL;
	}
	json_array_foreach(files, i, f)
	{
		snprintf(name, sizeof(name), "standards/%s", json_string_value(f));
		text = embed_get(name);
		doc = text ? json_loads(text, 0, &je) : NULL;
		if (doc == NULL) {
			*problem = "内置判定标准文件缺失或格式错误";
			er = APP_EINTERNAL;
			break;
		}
		st = store_stmt(s, sql_std_by_code);
		stmt_bind_text(st, 1, json_string_value(json_object_get(doc, "code")));
		if ((er = stmt_one_i64(st, &res.id)) == APP_OK) {
			json_decref(doc);
			continue; /* loaded before: a bureau's own replacement is kept */
		}
		if (er == APP_ENOENT)
			er = standard_put(s, a, who, doc, now, errs, &res);
		json_decref(doc);
		if (er != APP_OK) {
			*problem = "内置判定标准文件不符合格式";
			break;
		}
		(*loaded)++;
		arena_reset(a);
	}
	json_decref(errs);
	json_decref(index);
	arena_free(a);
	return er;
}

#define STD_COLUMNS \
	"SELECT s.id, s.code, s.sector, c.name, s.name, s.doc_no, s.issuer, s.effective_on," \
	" s.repealed_on, s.completeness, s.notes, s.sources," \
	" (SELECT count(*) FROM standard_items i WHERE i.standard_id = s.id AND NOT i.retired)," \
	" (SELECT count(*) FROM standard_items i WHERE i.standard_id = s.id AND NOT i.retired" \
	" AND i.citable AND i.confidence = 'normal')" \
	" FROM standards s JOIN sectors c ON c.code = s.sector"
static const char sql_list[] =
    STD_COLUMNS " WHERE (?1 IS NULL OR s.sector = ?1) ORDER BY c.sort, s.effective_on DESC, s.id";
static const char sql_get[] = STD_COLUMNS " WHERE s.id = ?1";
static const char sql_items[] =
    "SELECT id, no, heading, text, confidence, citable, note, retired FROM standard_items"
    " WHERE standard_id = ?1 ORDER BY retired, seq, id";

static bool
in_force(const char *eff, const char *rep, const char *on)
{
	return (eff == NULL || strcmp(eff, on) <= 0) && (rep == NULL || strcmp(on, rep) < 0);
}

static json_t *
std_json(struct stmt *st, const char *today)
{
	json_t *j = json_object(), *src;

	json_object_set_new(j, "id", json_integer(stmt_i64(st, 0)));
	json_object_set_new(j, "code", json_string(stmt_text(st, 1)));
	json_object_set_new(j, "sector", json_string(stmt_text(st, 2)));
	json_object_set_new(j, "sector_name", json_string(stmt_text(st, 3)));
	json_object_set_new(j, "name", json_string(stmt_text(st, 4)));
	json_object_set_new(j, "doc_no", json_string(stmt_text(st, 5)));
	json_object_set_new(j, "issuer", json_string(stmt_text(st, 6)));
	json_object_set_new(
	    j, "effective_on", stmt_null(st, 7) ? json_null() : json_string(stmt_text(st, 7)));
	json_object_set_new(
	    j, "repealed_on", stmt_null(st, 8) ? json_null() : json_string(stmt_text(st, 8)));
	json_object_set_new(j, "in_force",
	    json_boolean(in_force(stmt_text_or_null(st, 7), stmt_text_or_null(st, 8), today)));
	json_object_set_new(j, "completeness", json_string(stmt_text(st, 9)));
	json_object_set_new(j, "notes", json_string(stmt_text(st, 10)));
	src = json_loads(stmt_text(st, 11), 0, NULL);
	json_object_set_new(j, "sources", src ? src : json_array());
	json_object_set_new(j, "item_count", json_integer(stmt_i64(st, 12)));
	json_object_set_new(j, "citable_count", json_integer(stmt_i64(st, 13)));
	return j;
}

enum app_err
standard_list(struct store *s, const char *sector, const char *today, json_t **out)
{
	struct stmt *st = store_stmt(s, sql_list);
	enum app_err er;
	bool         row;

	stmt_bind_text(st, 1, sector);
	*out = json_array();
	while ((er = stmt_step(st, &row)) == APP_OK && row)
		json_array_append_new(*out, std_json(st, today));
	stmt_reset(st);
	return er;
}

static json_t *
item_json(struct stmt *st, int c)
{
	return json_pack("{s:I, s:s, s:s, s:s, s:s, s:b, s:s, s:b}", "id",
	    (json_int_t)stmt_i64(st, c), "no", stmt_text(st, c + 1), "heading",
	    stmt_text(st, c + 2), "text", stmt_text(st, c + 3), "confidence", stmt_text(st, c + 4),
	    "citable", (int)stmt_i64(st, c + 5), "note", stmt_text(st, c + 6), "retired",
	    (int)stmt_i64(st, c + 7));
}

enum app_err
standard_get(struct store *s, int64_t id, const char *today, json_t **out)
{
	struct stmt *st = store_stmt(s, sql_get);
	enum app_err er;
	json_t      *items;
	bool         row;

	stmt_bind_i64(st, 1, id);
	if ((er = stmt_step(st, &row)) != APP_OK)
		return er;
	if (!row) {
		stmt_reset(st);
		return APP_ENOENT;
	}
	*out = std_json(st, today);
	stmt_reset(st);
	st = store_stmt(s, sql_items);
	stmt_bind_i64(st, 1, id);
	items = json_array();
	while ((er = stmt_step(st, &row)) == APP_OK && row)
		json_array_append_new(items, item_json(st, 0));
	stmt_reset(st);
	json_object_set_new(*out, "items", items);
	if (er != APP_OK) {
		json_decref(*out);
		*out = NULL;
	}
	return er;
}

#define FIND_WHERE \
	" FROM standard_items i JOIN standards s ON s.id = i.standard_id" \
	" WHERE NOT i.retired AND (?1 IS NULL OR instr(i.text, ?1) > 0 OR instr(i.heading, ?1) > 0" \
	" OR instr(i.no, ?1) > 0) AND (?2 IS NULL OR s.sector = ?2)" \
	" AND (?3 IS NULL OR ((s.effective_on IS NULL OR s.effective_on <= ?3)" \
	" AND (s.repealed_on IS NULL OR ?3 < s.repealed_on)))" \
	" AND (?4 = 0 OR (i.citable AND i.confidence = 'normal'))"
static const char sql_find[] =
    "SELECT i.id, i.no, i.heading, i.text, i.confidence, i.citable, i.note, i.retired, s.id,"
    " s.code, s.name, s.sector" FIND_WHERE " ORDER BY s.sector, s.id, i.seq LIMIT ?5";
static const char sql_find_count[] = "SELECT count(*)" FIND_WHERE;

static void
find_bind(struct stmt *st, const struct standard_item_filter *f)
{
	stmt_bind_text(st, 1, f->q);
	stmt_bind_text(st, 2, f->sector);
	stmt_bind_text(st, 3, f->on);
	stmt_bind_i64(st, 4, f->citable_only);
}

enum app_err
standard_items_find(
    struct store *s, const struct standard_item_filter *f, int limit, json_t **out, int64_t *total)
{
	struct stmt *st = store_stmt(s, sql_find);
	enum app_err er;
	json_t      *j;
	bool         row;

	find_bind(st, f);
	stmt_bind_i64(st, 5, limit);
	*out = json_array();
	while ((er = stmt_step(st, &row)) == APP_OK && row) {
		j = item_json(st, 0);
		json_object_set_new(j, "standard_id", json_integer(stmt_i64(st, 8)));
		json_object_set_new(j, "standard_code", json_string(stmt_text(st, 9)));
		json_object_set_new(j, "standard_name", json_string(stmt_text(st, 10)));
		json_object_set_new(j, "sector", json_string(stmt_text(st, 11)));
		json_array_append_new(*out, j);
	}
	stmt_reset(st);
	if (er != APP_OK)
		return er;
	st = store_stmt(s, sql_find_count);
	find_bind(st, f);
	return stmt_one_i64(st, total);
}

static const char sql_citable[] =
    "SELECT i.citable AND i.confidence = 'normal', i.retired, s.effective_on, s.repealed_on,"
    " s.sector, s.name"
    " FROM standard_items i JOIN standards s ON s.id = i.standard_id WHERE i.id = ?1";

enum app_err
standard_item_citable(
    struct store *s, struct arena *a, int64_t id, const char *on, const char **why)
{
	struct stmt *st = store_stmt(s, sql_citable);
	enum app_err er;
	bool         row;

	*why = NULL;
	stmt_bind_i64(st, 1, id);
	if ((er = stmt_step(st, &row)) != APP_OK)
		return er;
	if (!row)
		*why = "判定标准条目不存在";
	else if (stmt_i64(st, 1))
		*why = "该条目已被新版本替换，不能再引用";
	else if (!stmt_i64(st, 0))
		*why = "该条目可信度低、未经核对，不能引用";
	else if (on != NULL && !in_force(stmt_text_or_null(st, 2), stmt_text_or_null(st, 3), on))
		*why = arena_printf(a, "《%s》在 %s 不在施行期内", stmt_text(st, 5), on);
	stmt_reset(st);
	return *why == NULL ? APP_OK : APP_EINVAL;
}
