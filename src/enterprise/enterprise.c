#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "audit/audit.h"
#include "auth/scope.h"
#include "core/arena.h"
#include "core/jsonx.h"
#include "core/jw.h"
#include "core/mem.h"
#include "core/timeutil.h"
#include "core/uscc.h"
#include "enterprise/enterprise.h"
#include "refdata/refdata.h"
#include "store/count_cache.h"
#include "store/store.h"

/* The writable columns, in the order the INSERT and UPDATE statements bind them. */
enum ent_field {
	EF_NAME,
	EF_USCC,
	EF_REGION,
	EF_SECTOR,
	EF_ADDRESS,
	EF_LAT,
	EF_LON,
	EF_SCALE,
	EF_EMPLOYEES,
	EF_LEGAL_REP,
	EF_PRINCIPAL,
	EF_PRINCIPAL_PHONE,
	EF_SAFETY_MANAGER,
	EF_HAZCHEM,
	EF_MAJOR_HAZARD,
	EF_RISK_COLOR,
	EF_SUPERVISING_ORG,
	EF__MAX
};

enum ent_kind { K_TEXT, K_REAL, K_INT, K_BOOL };

static const struct {
	const char   *name;
	enum ent_kind kind;
	bool          contact; /* an enterprise user may change it */
} fields[EF__MAX] = {
	[EF_NAME] = { "name", K_TEXT, false },
	[EF_USCC] = { "uscc", K_TEXT, false },
	[EF_REGION] = { "region_code", K_TEXT, false },
	[EF_SECTOR] = { "sector", K_TEXT, false },
	[EF_ADDRESS] = { "address", K_TEXT, true },
	[EF_LAT] = { "lat", K_REAL, true },
	[EF_LON] = { "lon", K_REAL, true },
	[EF_SCALE] = { "scale", K_TEXT, true },
	[EF_EMPLOYEES] = { "employees", K_INT, true },
	[EF_LEGAL_REP] = { "legal_rep", K_TEXT, true },
	[EF_PRINCIPAL] = { "principal", K_TEXT, true },
	[EF_PRINCIPAL_PHONE] = { "principal_phone", K_TEXT, true },
	[EF_SAFETY_MANAGER] = { "safety_manager", K_TEXT, true },
	[EF_HAZCHEM] = { "hazchem", K_BOOL, false },
	[EF_MAJOR_HAZARD] = { "major_hazard_source", K_BOOL, false },
	[EF_RISK_COLOR] = { "risk_color", K_TEXT, false },
	[EF_SUPERVISING_ORG] = { "supervising_org_id", K_INT, false },
};

static const char *const read_only[] = { "id", "status", "status_reason", "region_name",
	"sector_name", "supervising_org_name", "created_at", "updated_at", NULL };
static const char *const scales[] = { "large", "medium", "small", "micro", NULL };
static const char *const risk_colors[] = { "red", "orange", "yellow", "blue", NULL };

const struct enterprise_column enterprise_columns[] = {
	{ "id", "编号", 7 },
	{ "name", "企业名称", 36 },
	{ "uscc", "统一社会信用代码", 21 },
	{ "region_name", "所属区域", 20 },
	{ "region_code", "区划代码", 11 },
	{ "sector_name", "行业领域", 16 },
	{ "address", "地址", 28 },
	{ "lat", "纬度", 11 },
	{ "lon", "经度", 11 },
	{ "scale", "企业规模", 9 },
	{ "employees", "从业人员数", 10 },
	{ "legal_rep", "法定代表人", 10 },
	{ "principal", "主要负责人", 10 },
	{ "principal_phone", "主要负责人电话", 15 },
	{ "safety_manager", "安全管理人员", 12 },
	{ "hazchem", "涉及危险化学品", 14 },
	{ "major_hazard_source", "重大危险源", 11 },
	{ "risk_color", "风险等级", 9 },
	{ "supervising_org_name", "监管单位", 20 },
	{ "status", "状态", 7 },
	{ "updated_at", "更新时间", 28 },
};
const size_t enterprise_ncolumns = sizeof(enterprise_columns) / sizeof(enterprise_columns[0]);

static bool
phone_valid(const char *p)
{
	size_t n = strlen(p), i, digits = 0;

	if (n == 11 && p[0] == '1') {
		for (i = 0; i < n; i++)
			if (p[i] < '0' || p[i] > '9')
				return false;
		return true;
	}
	/* A landline: digits and hyphens, e.g. 0477-8581234, 7 to 20 characters. */
	if (n < 7 || n > 20)
		return false;
	for (i = 0; i < n; i++) {
		if (p[i] >= '0' && p[i] <= '9')
			digits++;
		else if (p[i] != '-')
			return false;
	}
	return digits >= 7 && p[0] != '-' && p[n - 1] != '-';
}

static bool
region_code_shape(const char *s)
{
	size_t n = strlen(s), i;

	if (n != 6 && n != 9)
		return false;
	for (i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

void
enterprise_decode(struct arena *a, json_t *in, bool create, enum enterprise_editor ed, json_t *errs,
    json_t **clean)
{
	const char *s, *k;
	json_t     *v;
	int64_t     i64;
	double      d;
	bool        b;
	size_t      f, i;
	enum jx     r;
	char       *up;

	*clean = json_object();
	json_object_foreach(in, k, v)
	{
		for (f = 0; f < EF__MAX && strcmp(fields[f].name, k) != 0; f++)
			continue;
		if (f < EF__MAX) {
			if (ed == EDITOR_ENTERPRISE && !fields[f].contact)
				jx_err(errs, k, "企业用户不能修改此项");
			continue;
		}
		for (i = 0; read_only[i] != NULL && strcmp(read_only[i], k) != 0; i++)
			continue;
		jx_err(errs, k, read_only[i] != NULL ? "只读字段，不能修改" : "未知字段");
	}

	if (jx_string(a, in, "name", 2, 100, &s, errs) == JX_SET)
		json_object_set_new(*clean, "name", json_string(s));
	r = jx_string(a, in, "uscc", 1, 18, &s, errs);
	if (r == JX_SET) {
		up = arena_strdup(a, s);
		for (i = 0; up[i] != '\0'; i++)
			if (up[i] >= 'a' && up[i] <= 'z')
				up[i] = (char)(up[i] - 'a' + 'A');
		if (strlen(up) != 18)
			jx_err(errs, "uscc", "统一社会信用代码应为18位");
		else if (!uscc_valid(up))
			jx_err(errs, "uscc", "统一社会信用代码校验不通过（GB 32100），请核对");
		else
			json_object_set_new(*clean, "uscc", json_string(up));
	} else if (r == JX_NULL)
		jx_err(errs, "uscc", "必填");
	r = jx_string(a, in, "region_code", 1, 9, &s, errs);
	if (r == JX_SET) {
		if (!region_code_shape(s))
			jx_err(errs, "region_code", "区划代码应为6位或9位数字");
		else
			json_object_set_new(*clean, "region_code", json_string(s));
	} else if (r == JX_NULL)
		jx_err(errs, "region_code", "必填");
	r = jx_string(a, in, "sector", 1, 40, &s, errs);
	if (r == JX_SET)
		json_object_set_new(*clean, "sector", json_string(s));
	else if (r == JX_NULL)
		jx_err(errs, "sector", "必填");

	r = jx_string(a, in, "address", 0, 200, &s, errs);
	if (r == JX_SET || r == JX_NULL)
		json_object_set_new(*clean, "address", json_string(r == JX_SET ? s : ""));
	if ((r = jx_number(in, "lat", -90, 90, &d, errs)) == JX_SET)
		json_object_set_new(*clean, "lat", json_real(d));
	else if (r == JX_NULL)
		json_object_set_new(*clean, "lat", json_null());
	if ((r = jx_number(in, "lon", -180, 180, &d, errs)) == JX_SET)
		json_object_set_new(*clean, "lon", json_real(d));
	else if (r == JX_NULL)
		json_object_set_new(*clean, "lon", json_null());
	if ((r = jx_enum(in, "scale", scales, &s, errs)) == JX_SET)
		json_object_set_new(*clean, "scale", json_string(s));
	else if (r == JX_NULL)
		json_object_set_new(*clean, "scale", json_null());
	if ((r = jx_int(in, "employees", 0, 1000000, &i64, errs)) == JX_SET)
		json_object_set_new(*clean, "employees", json_integer(i64));
	else if (r == JX_NULL)
		json_object_set_new(*clean, "employees", json_null());
	for (f = EF_LEGAL_REP; f <= EF_SAFETY_MANAGER; f++) {
		if (f == EF_PRINCIPAL_PHONE)
			continue;
		r = jx_string(a, in, fields[f].name, 0, 50, &s, errs);
		if (r == JX_SET || r == JX_NULL)
			json_object_set_new(
			    *clean, fields[f].name, json_string(r == JX_SET ? s : ""));
	}
	r = jx_string(a, in, "principal_phone", 0, 20, &s, errs);
	if (r == JX_SET && !phone_valid(s))
		jx_err(errs, "principal_phone", "电话应为11位手机号或带区号的固定电话");
	else if (r == JX_SET || r == JX_NULL)
		json_object_set_new(*clean, "principal_phone", json_string(r == JX_SET ? s : ""));
	if (jx_bool(in, "hazchem", &b, errs) == JX_SET)
		json_object_set_new(*clean, "hazchem", json_boolean(b));
	if (jx_bool(in, "major_hazard_source", &b, errs) == JX_SET)
		json_object_set_new(*clean, "major_hazard_source", json_boolean(b));
	if ((r = jx_enum(in, "risk_color", risk_colors, &s, errs)) == JX_SET)
		json_object_set_new(*clean, "risk_color", json_string(s));
	else if (r == JX_NULL)
		json_object_set_new(*clean, "risk_color", json_null());
	if ((r = jx_int(in, "supervising_org_id", 1, INT64_MAX, &i64, errs)) == JX_SET)
		json_object_set_new(*clean, "supervising_org_id", json_integer(i64));
	else if (r == JX_NULL)
		json_object_set_new(*clean, "supervising_org_id", json_null());

	if (create) {
		static const char *const required[] = { "name", "uscc", "region_code", "sector",
			NULL };

		for (i = 0; required[i] != NULL; i++)
			if (json_object_get(in, required[i]) == NULL)
				jx_err(errs, required[i], "必填");
	}
}

#define ENT_COLUMNS \
	"SELECT e.id, e.name, e.uscc, e.region_code," \
	" NULL, e.sector," \
	" NULL, e.address, e.lat, e.lon, e.scale, e.employees," \
	" e.legal_rep, e.principal, e.principal_phone, e.safety_manager, e.hazchem," \
	" e.major_hazard_source, e.risk_color, e.supervising_org_id, o.name, e.status," \
	" e.status_reason, e.created_at, e.updated_at"
#define ENT_JOINS " LEFT JOIN orgs o ON o.id = e.supervising_org_id"

#define ENT_SELECT ENT_COLUMNS " FROM enterprises e" ENT_JOINS

static const char sql_get[] =
    ENT_SELECT " WHERE " SCOPE_PRED("e.region_code", "e.sector", "e.id") " AND e.id = ?5";

/*
 * The list and its count. Their WHERE clause is put together from fixed fragments (never
 * values) by which filters are present, so that SQLite can seek the covering indexes of
 * migration 0001 (region range, risk colour, sector, status) instead of testing every
 * row: an optional filter written as "(?N IS NULL OR col = ?N)" can use no index, and a
 * name search makes an index no longer covering. The page picks its ids first and joins
 * the names of region, sector and org for those rows only. The placeholder numbers are
 * the same in every variant; bind_filter() binds them all.
 */
enum list_variant {
	LV_USCC = 0x01,
	LV_SECTOR = 0x02,
	LV_RISK = 0x04,
	LV_STATUS_ALL = 0x08, /* status=all: no status condition */
	LV_STATUS_ONE = 0x10, /* status=X; neither bit: not voided */
	LV_NAME = 0x20,
	LV_WIDE = 0x40, /* a district or more: the page walks ids from the newest */
	LV__MAX = 0x80
};

static char          *list_sql[LV__MAX], *count_sql[LV__MAX];
static pthread_once_t list_sql_once = PTHREAD_ONCE_INIT;

/* The WHERE clause of variant v with the scope written by `scope_pred`. */
static void
list_where(char *buf, size_t sz, int v, const char *scope_pred)
{
	snprintf(buf, sz,
	    " WHERE %s%s%s%s%s%s"
	    " AND (?11 IS NULL OR e.hazchem = ?11)"
	    " AND (?12 IS NULL OR e.major_hazard_source = ?12)",
	    scope_pred, v & LV_NAME ? " AND instr(e.name, ?5) > 0" : "",
	    v & LV_USCC ? " AND e.uscc = ?6" : "", v & LV_SECTOR ? " AND e.sector = ?9" : "",
	    v & LV_RISK ? " AND e.risk_color = ?10" : "",
	    v & LV_STATUS_ALL       ? ""
		: v & LV_STATUS_ONE ? " AND e.status = ?13"
				    : " AND e.status <> 'voided'");
}

static void
list_sql_build(void)
{
	char where[1024], page_where[1024];
	int  v;

	for (v = 0; v < LV__MAX; v++) {
		list_where(
		    where, sizeof(where), v, SCOPE_PRED("e.region_code", "e.sector", "e.id"));
		/*
		 * Over a wide range an index range selects every row and sorts it; "+col"
		 * keeps SQLite off the index so that the page walks ids from the newest and
		 * stops after one page. The count still uses the covering index.
		 */
		list_where(page_where, sizeof(page_where), v,
		    v & LV_WIDE ? SCOPE_PRED("+e.region_code", "e.sector", "e.id")
				: SCOPE_PRED("e.region_code", "e.sector", "e.id"));
		count_sql[v] = xmalloc(strlen(where) + 64);
		sprintf(count_sql[v], "SELECT count(*) FROM enterprises e%s", where);
		list_sql[v] =
		    xmalloc(strlen(ENT_COLUMNS) + strlen(ENT_JOINS) + strlen(page_where) + 256);
		sprintf(list_sql[v],
		    "%s FROM (SELECT e.id FROM enterprises e%s AND (?14 IS NULL OR e.id < ?14)"
		    " ORDER BY e.id DESC LIMIT ?15) AS page JOIN enterprises e ON e.id = page.id%s"
		    " ORDER BY e.id DESC",
		    ENT_COLUMNS, page_where, ENT_JOINS);
	}
}

static int
list_variant(const char *lo, const struct enterprise_filter *f)
{
	int v = 0;

	if (f->q != NULL)
		v |= LV_NAME;
	if (f->uscc != NULL)
		v |= LV_USCC;
	if (f->sector != NULL)
		v |= LV_SECTOR;
	if (f->risk_color != NULL)
		v |= LV_RISK;
	if (f->status != NULL)
		v |= strcmp(f->status, "all") == 0 ? LV_STATUS_ALL : LV_STATUS_ONE;
	/*
	 * A banner/district or more without a more selective filter: its rows are a good
	 * share of all, so walking ids from the newest finds a page after a few hundred rows,
	 * where the index range would sort them all. A township, a risk colour or a sector
	 * is sparse: the index range then wins.
	 */
	if (strlen(lo) <= 6 && !(v & (LV_NAME | LV_USCC | LV_SECTOR | LV_RISK)))
		v |= LV_WIDE;
	return v;
}

/* Bumped by every enterprise write of this process: kept totals are stale after it
 * (store/count_cache.h). */
static _Atomic uint64_t enterprise_gen = 1;

static void
enterprises_changed(void)
{
	enterprise_gen++;
}

static const char sql_insert[] =
    "INSERT INTO enterprises (name, uscc, region_code, sector, address, lat, lon, scale,"
    " employees, legal_rep, principal, principal_phone, safety_manager, hazchem,"
    " major_hazard_source, risk_color, supervising_org_id, created_at, updated_at)"
    " VALUES (?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18,"
    " ?19, ?19) RETURNING id";
static const char sql_update[] =
    "UPDATE enterprises SET name = ?2, uscc = ?3, region_code = ?4, sector = ?5,"
    " address = ?6, lat = ?7, lon = ?8, scale = ?9, employees = ?10, legal_rep = ?11,"
    " principal = ?12, principal_phone = ?13, safety_manager = ?14, hazchem = ?15,"
    " major_hazard_source = ?16, risk_color = ?17, supervising_org_id = ?18,"
    " updated_at = ?19 WHERE id = ?1";
static const char sql_set_status[] =
    "UPDATE enterprises SET status = ?2, status_reason = ?3, updated_at = ?4 WHERE id = ?1";
static const char sql_uscc_taken[] = "SELECT id FROM enterprises WHERE uscc = ?1 AND id <> ?2";
static const char sql_org_exists[] = "SELECT 1 FROM orgs WHERE id = ?1";

/* The fields of an enterprise as the API shows them, in order, with their column in
 * ENT_COLUMNS; one table for both the JSON values and the JSON text writer. */
/* O_REGION and O_SECTOR show the name of the code in column `col` (refdata_names_load). */
enum out_kind {
	O_INT,
	O_TEXT,
	O_BOOL,
	O_TIME,
	O_REGION,
	O_SECTOR,
	O_OPT_TEXT,
	O_OPT_INT,
	O_OPT_REAL
};

static const struct {
	const char   *name;
	int           col;
	enum out_kind kind;
} out_fields[] = {
	{ "id", 0, O_INT },
	{ "name", 1, O_TEXT },
	{ "uscc", 2, O_TEXT },
	{ "region_code", 3, O_TEXT },
	{ "region_name", 3, O_REGION },
	{ "sector", 5, O_TEXT },
	{ "sector_name", 5, O_SECTOR },
	{ "address", 7, O_TEXT },
	{ "lat", 8, O_OPT_REAL },
	{ "lon", 9, O_OPT_REAL },
	{ "scale", 10, O_OPT_TEXT },
	{ "employees", 11, O_OPT_INT },
	{ "legal_rep", 12, O_TEXT },
	{ "principal", 13, O_TEXT },
	{ "principal_phone", 14, O_TEXT },
	{ "safety_manager", 15, O_TEXT },
	{ "hazchem", 16, O_BOOL },
	{ "major_hazard_source", 17, O_BOOL },
	{ "risk_color", 18, O_OPT_TEXT },
	{ "supervising_org_id", 19, O_OPT_INT },
	{ "supervising_org_name", 20, O_OPT_TEXT },
	{ "status", 21, O_TEXT },
	{ "status_reason", 22, O_OPT_TEXT },
	{ "created_at", 23, O_TIME },
	{ "updated_at", 24, O_TIME },
};
#define N_OUT_FIELDS (sizeof(out_fields) / sizeof(out_fields[0]))

static json_t *
row_json(struct stmt *st)
{
	json_t *j = json_object(), *v;
	size_t  i;
	int     c;
	char    t[40];

	for (i = 0; i < N_OUT_FIELDS; i++) {
		c = out_fields[i].col;
		if (out_fields[i].kind >= O_OPT_TEXT && stmt_null(st, c))
			v = json_null();
		else
			switch (out_fields[i].kind) {
			case O_INT:
			case O_OPT_INT: v = json_integer(stmt_i64(st, c)); break;
			case O_BOOL: v = json_boolean(stmt_i64(st, c) != 0); break;
			case O_OPT_REAL: v = json_real(stmt_double(st, c)); break;
			case O_TIME:
				time_fmt_rfc3339(stmt_i64(st, c), t, sizeof(t));
				v = json_string(t);
				break;
			case O_REGION: v = json_string(region_label(stmt_text(st, c))); break;
			case O_SECTOR: v = json_string(sector_label(stmt_text(st, c))); break;
			default: v = json_string(stmt_text(st, c)); break;
			}
		json_object_set_new_nocheck(j, out_fields[i].name, v);
	}
	return j;
}

static void
row_write(struct stmt *st, struct jw *w)
{
	size_t i;
	int    c;
	char   t[40];

	jw_obj(w);
	for (i = 0; i < N_OUT_FIELDS; i++) {
		c = out_fields[i].col;
		jw_key(w, out_fields[i].name);
		if (out_fields[i].kind >= O_OPT_TEXT && stmt_null(st, c))
			jw_null(w);
		else
			switch (out_fields[i].kind) {
			case O_INT:
			case O_OPT_INT: jw_int(w, stmt_i64(st, c)); break;
			case O_BOOL: jw_bool(w, stmt_i64(st, c) != 0); break;
			case O_OPT_REAL: jw_real(w, stmt_double(st, c)); break;
			case O_TIME:
				time_fmt_rfc3339(stmt_i64(st, c), t, sizeof(t));
				jw_str(w, t);
				break;
			case O_REGION: jw_str(w, region_label(stmt_text(st, c))); break;
			case O_SECTOR: jw_str(w, sector_label(stmt_text(st, c))); break;
			default: jw_str(w, stmt_text(st, c)); break;
			}
	}
	jw_obj_end(w);
}

enum app_err
enterprise_get(struct store *s, const struct scope *sc, int64_t id, json_t **out)
{
	struct stmt *st = store_stmt(s, sql_get);

	scope_bind(st, sc);
	stmt_bind_i64(st, 5, id);
	return stmt_one_json(st, row_json, out);
}

static const char sql_ref[] =
    "SELECT region_code, sector, status, name FROM enterprises e WHERE id = ?5 AND " SCOPE_PRED(
	"e.region_code", "e.sector", "e.id");

enum app_err
enterprise_ref(struct store *s, struct arena *a, const struct scope *sc, int64_t id,
    const char *field, json_t *errs, struct enterprise_ref *out)
{
	struct stmt *st = store_stmt(s, sql_ref);
	enum app_err er;
	bool         row;

	memset(out, 0, sizeof(*out));
	scope_bind(st, sc);
	stmt_bind_i64(st, 5, id);
	if ((er = stmt_step(st, &row)) != APP_OK)
		return er;
	if (!row)
		jx_err(errs, field, "企业不存在或不在您的管辖范围内");
	else if (strcmp(stmt_text(st, 2), "active") != 0)
		jx_err(errs, field, "企业已注销或作废");
	else {
		out->region_code = arena_strdup(a, stmt_text(st, 0));
		out->sector = arena_strdup(a, stmt_text(st, 1));
		out->name = arena_strdup(a, stmt_text(st, 3));
	}
	stmt_reset(st);
	return APP_OK;
}

/* Binds ?2..?18 from a full row object. */
static void
bind_row(struct stmt *st, json_t *row)
{
	json_t *v;
	size_t  f;

	for (f = 0; f < EF__MAX; f++) {
		v = json_object_get(row, fields[f].name);
		if (v == NULL || json_is_null(v)) {
			if (fields[f].kind == K_TEXT && f != EF_SCALE && f != EF_RISK_COLOR)
				stmt_bind_text(st, (int)f + 2, "");
			else if (fields[f].kind == K_BOOL)
				stmt_bind_i64(st, (int)f + 2, 0);
			else
				stmt_bind_null(st, (int)f + 2);
			continue;
		}
		switch (fields[f].kind) {
		case K_TEXT: stmt_bind_text(st, (int)f + 2, json_string_value(v)); break;
		case K_REAL: stmt_bind_double(st, (int)f + 2, json_number_value(v)); break;
		case K_INT: stmt_bind_i64(st, (int)f + 2, json_integer_value(v)); break;
		case K_BOOL: stmt_bind_i64(st, (int)f + 2, json_is_true(v)); break;
		}
	}
}

/*
 * The checks against other rows, for the fields named in `changed` (only its keys count;
 * the values are taken from `row`, the merged row):
 * region exists and lies in the scope, sector exists (and in a department's scope), org
 * exists, USCC not used by another enterprise (409).
 */
static enum app_err
check_refs(struct store *s, struct arena *a, const struct scope *sc, int64_t id, json_t *row,
    json_t *changed, json_t *errs)
{
	const char  *region = json_string_value(json_object_get(row, "region_code"));
	const char  *sector = json_string_value(json_object_get(row, "sector"));
	const char  *name;
	json_t      *v;
	struct stmt *st;
	enum app_err er;
	bool         r;

	if (json_object_get(changed, "region_code") != NULL) {
		er = region_name(s, a, region, &name);
		if (er == APP_ENOENT)
			jx_err(errs, "region_code", "没有这个行政区划");
		else if (er != APP_OK)
			return er;
		else if (!scope_contains(sc, region, NULL, id))
			jx_err(errs, "region_code", "该区域不在您的管辖范围内");
	}
	if (json_object_get(changed, "sector") != NULL) {
		er = sector_name(s, a, sector, &name);
		if (er == APP_ENOENT)
			jx_err(errs, "sector", "没有这个行业领域");
		else if (er != APP_OK)
			return er;
		else if (!scope_contains(sc, NULL, sector, id))
			jx_err(errs, "sector", "该行业领域不在您的监管范围内");
	}
	v = json_object_get(changed, "supervising_org_id")
	    ? json_object_get(row, "supervising_org_id")
	    : NULL;
	if (v != NULL && json_is_integer(v)) {
		st = store_stmt(s, sql_org_exists);
		stmt_bind_i64(st, 1, json_integer_value(v));
		er = stmt_step(st, &r);
		stmt_reset(st);
		if (er != APP_OK)
			return er;
		if (!r)
			jx_err(errs, "supervising_org_id", "没有这个单位");
	}
	if (json_array_size(errs) > 0)
		return APP_EINVAL;
	v = json_object_get(changed, "uscc") ? json_object_get(row, "uscc") : NULL;
	if (v != NULL) {
		st = store_stmt(s, sql_uscc_taken);
		stmt_bind_text(st, 1, json_string_value(v));
		stmt_bind_i64(st, 2, id);
		er = stmt_step(st, &r);
		stmt_reset(st);
		if (er != APP_OK)
			return er;
		if (r) {
			jx_err(errs, "uscc", "该统一社会信用代码已登记");
			return APP_ECONFLICT;
		}
	}
	return APP_OK;
}

/* Latitude and longitude are given together or not at all. */
static void
check_position(json_t *row, json_t *errs)
{
	bool lat =
	    !json_is_null(json_object_get(row, "lat")) && json_object_get(row, "lat") != NULL;
	bool lon =
	    !json_is_null(json_object_get(row, "lon")) && json_object_get(row, "lon") != NULL;

	if (lat != lon && !jx_has_err(errs, lat ? "lon" : "lat"))
		jx_err(errs, lat ? "lon" : "lat", "经度和纬度须同时填写");
}

enum app_err
enterprise_insert(struct store *s, struct arena *a, const struct scope *sc,
    const struct audit_who *who, json_t *in, json_t *errs, int64_t *id)
{
	json_t      *clean;
	struct stmt *st;
	enum app_err er;
	bool         row;

	*id = 0;
	/* Every problem is reported at once: the references of the fields that decoded are
	 * checked even when others did not. */
	enterprise_decode(a, in, true, EDITOR_STAFF, errs, &clean);
	check_position(clean, errs);
	if ((er = check_refs(s, a, sc, 0, clean, clean, errs)) != APP_OK)
		goto out;
	st = store_stmt(s, sql_insert);
	bind_row(st, clean);
	stmt_bind_i64(st, 19, now_ms());
	er = stmt_step(st, &row);
	*id = row ? stmt_i64(st, 0) : 0;
	stmt_reset(st);
	if (er == APP_OK && !row)
		er = APP_EDB;
	if (er == APP_OK)
		er = audit_append(s, who, "create", "enterprise", *id, clean);
	if (er == APP_OK)
		enterprises_changed();
out:
	json_decref(clean);
	return er;
}

enum app_err
enterprise_create(struct store *s, struct arena *a, const struct scope *sc,
    const struct audit_who *who, json_t *in, json_t *errs, int64_t *id)
{
	enum app_err er;

	*id = 0;
	if ((er = store_begin(s, STORE_WRITE)) != APP_OK)
		return er;
	if ((er = enterprise_insert(s, a, sc, who, in, errs, id)) == APP_OK)
		er = store_commit(s);
	if (er != APP_OK) {
		store_rollback(s);
		*id = 0;
	}
	return er;
}

enum app_err
enterprise_update(struct store *s, struct arena *a, const struct scope *sc,
    const struct audit_who *who, enum enterprise_editor ed, int64_t id, json_t *in, json_t *errs)
{
	json_t      *clean, *before = NULL, *merged = NULL, *diff = NULL;
	struct stmt *st;
	enum app_err er;

	/* The row first: a row outside the scope is not found, whatever the input. */
	clean = NULL;
	if ((er = store_begin(s, STORE_WRITE)) != APP_OK)
		goto out;
	if ((er = enterprise_get(s, sc, id, &before)) != APP_OK)
		goto out;
	if (strcmp(json_string_value(json_object_get(before, "status")), "voided") == 0) {
		jx_err(errs, "status", "已作废的企业档案不能修改");
		er = APP_ECONFLICT;
		goto out;
	}
	enterprise_decode(a, in, false, ed, errs, &clean);
	merged = json_deep_copy(before);
	json_object_update(merged, clean);
	check_position(merged, errs);
	diff = jx_diff(before, clean);
	if ((er = check_refs(s, a, sc, id, merged, diff, errs)) != APP_OK)
		goto out;
	if (json_object_size(diff) == 0) {
		er = APP_OK; /* nothing changed: nothing to write or audit */
		store_rollback(s);
		goto out;
	}
	st = store_stmt(s, sql_update);
	stmt_bind_i64(st, 1, id);
	bind_row(st, merged);
	stmt_bind_i64(st, 19, now_ms());
	if ((er = stmt_run(st)) != APP_OK)
		goto out;
	if ((er = audit_append(s, who, "update", "enterprise", id, diff)) != APP_OK)
		goto out;
	if ((er = store_commit(s)) == APP_OK)
		enterprises_changed();
out:
	if (er != APP_OK)
		store_rollback(s);
	json_decref(clean);
	json_decref(before);
	json_decref(merged);
	json_decref(diff);
	return er;
}

static const struct {
	const char *name;
	const char *from; /* NULL: any state but `to` */
	const char *to;
	bool        reason_required;
} actions[ENT_ACTION__MAX] = {
	[ENT_CLOSE] = { "close", "active", "closed", false },
	[ENT_REOPEN] = { "reopen", "closed", "active", false },
	[ENT_VOID] = { "void", NULL, "voided", true },
};

bool
enterprise_action_parse(const char *s, enum enterprise_action *a)
{
	int i;

	for (i = 0; s != NULL && i < ENT_ACTION__MAX; i++)
		if (strcmp(s, actions[i].name) == 0) {
			*a = (enum enterprise_action)i;
			return true;
		}
	return false;
}

enum app_err
enterprise_transition(struct store *s, struct arena *a, const struct scope *sc,
    const struct audit_who *who, int64_t id, enum enterprise_action act, const char *reason,
    json_t *errs)
{
	json_t      *before = NULL, *ch = NULL;
	const char  *status;
	struct stmt *st;
	enum app_err er;

	(void)a;
	if (actions[act].reason_required && (reason == NULL || reason[0] == '\0')) {
		jx_err(errs, "reason", "作废须填写原因");
		return APP_EINVAL;
	}
	if ((er = store_begin(s, STORE_WRITE)) != APP_OK)
		return er;
	if ((er = enterprise_get(s, sc, id, &before)) != APP_OK)
		goto out;
	status = json_string_value(json_object_get(before, "status"));
	if ((actions[act].from != NULL && strcmp(status, actions[act].from) != 0) ||
	    strcmp(status, actions[act].to) == 0) {
		jx_err(errs, "action", "当前状态下不能执行此操作");
		er = APP_ECONFLICT;
		goto out;
	}
	st = store_stmt(s, sql_set_status);
	stmt_bind_i64(st, 1, id);
	stmt_bind_text(st, 2, actions[act].to);
	stmt_bind_text(st, 3, reason);
	stmt_bind_i64(st, 4, now_ms());
	if ((er = stmt_run(st)) != APP_OK)
		goto out;
	ch = json_pack("{s:s, s:[s,s], s:s?}", "action", actions[act].name, "status", status,
	    actions[act].to, "reason", reason);
	if ((er = audit_append(s, who, "transition", "enterprise", id, ch)) != APP_OK)
		goto out;
	if ((er = store_commit(s)) == APP_OK)
		enterprises_changed();
out:
	if (er != APP_OK)
		store_rollback(s);
	json_decref(before);
	json_decref(ch);
	return er;
}

static int
flag_param(const char *v, const char *name, json_t *errs)
{
	if (v == NULL)
		return -1;
	if (strcmp(v, "true") == 0 || strcmp(v, "1") == 0)
		return 1;
	if (strcmp(v, "false") == 0 || strcmp(v, "0") == 0)
		return 0;
	jx_err(errs, name, "应为 true 或 false");
	return -1;
}

enum app_err
enterprise_filter_parse(param_fn get, void *arg, struct enterprise_filter *f, json_t *errs)
{
	static const char *const statuses[] = { "active", "closed", "voided", "all", NULL };
	size_t                   i;

	memset(f, 0, sizeof(*f));
	f->q = get(arg, "q");
	f->uscc = get(arg, "uscc");
	f->region = get(arg, "region");
	f->sector = get(arg, "sector");
	f->risk_color = get(arg, "risk_color");
	f->status = get(arg, "status");
	f->hazchem = flag_param(get(arg, "hazchem"), "hazchem", errs);
	f->major_hazard_source =
	    flag_param(get(arg, "major_hazard_source"), "major_hazard_source", errs);
	if (f->q != NULL && strlen(f->q) > 200)
		jx_err(errs, "q", "查询文字过长");
	if (f->region != NULL && !region_code_shape(f->region))
		jx_err(errs, "region", "区划代码应为6位或9位数字");
	if (f->risk_color != NULL) {
		for (i = 0; risk_colors[i] && strcmp(risk_colors[i], f->risk_color); i++)
			continue;
		if (risk_colors[i] == NULL)
			jx_err(errs, "risk_color", "应为 red、orange、yellow 或 blue");
	}
	if (f->status != NULL) {
		for (i = 0; statuses[i] && strcmp(statuses[i], f->status); i++)
			continue;
		if (statuses[i] == NULL)
			jx_err(errs, "status", "应为 active、closed、voided 或 all");
	}
	return json_array_size(errs) > 0 ? APP_EINVAL : APP_OK;
}

static void
bind_filter(struct stmt *st, const struct scope *sc, const char *lo, const char *hi,
    const struct enterprise_filter *f)
{
	scope_bind_range(st, sc, lo, hi);
	stmt_bind_text(st, 5, f->q);
	stmt_bind_text(st, 6, f->uscc);
	stmt_bind_text(st, 9, f->sector);
	stmt_bind_text(st, 10, f->risk_color);
	if (f->hazchem >= 0)
		stmt_bind_i64(st, 11, f->hazchem);
	if (f->major_hazard_source >= 0)
		stmt_bind_i64(st, 12, f->major_hazard_source);
	stmt_bind_text(st, 13, f->status);
}

/* Runs the list query, handing each row's statement to `row_fn`. */
static enum app_err
list_run(struct store *s, const struct scope *sc, const struct enterprise_filter *f, int64_t cursor,
    int limit, void (*row_fn)(struct stmt *, void *), void *arg, int64_t *total)
{
	struct stmt *st;
	enum app_err er;
	bool         row;
	char         lo[16], hi[16];
	int          v;

	if (total != NULL)
		*total = 0;
	/* The filter's region narrows the scope's range; outside it there is nothing. */
	if (f->region == NULL) {
		snprintf(lo, sizeof(lo), "%s", sc->lo);
		snprintf(hi, sizeof(hi), "%s", sc->hi);
	} else if (!scope_narrow(sc, f->region, lo, hi))
		return APP_OK;
	v = list_variant(lo, f);
	pthread_once(&list_sql_once, list_sql_build);
	if ((er = store_begin(s, STORE_READ)) != APP_OK)
		return er;
	if (total != NULL) {
		struct count_memo m;

		/* Every value the count depends on is in the key. */
		if (count_cache_find(&m, s, enterprise_gen, total,
			"e|%d|%s|%s|%s|%lld|%s|%s|%s|%s|%d|%d|%s", v, lo, hi,
			sc->sectors ? sc->sectors : "-", (long long)sc->enterprise_id,
			f->q ? f->q : "-", f->uscc ? f->uscc : "-", f->sector ? f->sector : "-",
			f->risk_color ? f->risk_color : "-", f->hazchem, f->major_hazard_source,
			f->status ? f->status : "-"))
			goto page;
		st = store_stmt(s, count_sql[v]);
		bind_filter(st, sc, lo, hi, f);
		if ((er = stmt_step(st, &row)) != APP_OK)
			goto out;
		*total = row ? stmt_i64(st, 0) : 0;
		stmt_reset(st);
		count_cache_keep(&m, *total);
	}
page:
	st = store_stmt(s, list_sql[v]);
	bind_filter(st, sc, lo, hi, f);
	if (cursor > 0)
		stmt_bind_i64(st, 14, cursor);
	stmt_bind_i64(st, 15, limit > 0 ? limit : -1);
	while ((er = stmt_step(st, &row)) == APP_OK && row)
		row_fn(st, arg);
	stmt_reset(st);
out:
	store_rollback(s); /* a read transaction: nothing to keep */
	return er;
}

struct json_rows {
	void (*fn)(json_t *, void *);
	void *arg;
};

static void
json_row(struct stmt *st, void *arg)
{
	struct json_rows *x = arg;
	json_t           *j = row_json(st);

	x->fn(j, x->arg);
	json_decref(j);
}

enum app_err
enterprise_list(struct store *s, const struct scope *sc, const struct enterprise_filter *f,
    int64_t cursor, int limit, void (*fn)(json_t *, void *), void *arg, int64_t *total)
{
	struct json_rows x = { fn, arg };

	return list_run(s, sc, f, cursor, limit, json_row, &x, total);
}

struct text_rows {
	struct jw *w;
	int        n;
	int64_t    last_id;
};

static void
text_row(struct stmt *st, void *arg)
{
	struct text_rows *x = arg;

	row_write(st, x->w);
	x->n++;
	x->last_id = stmt_i64(st, 0);
}

enum app_err
enterprise_page(struct store *s, const struct scope *sc, const struct enterprise_filter *f,
    int64_t cursor, int limit, struct jw *w, int *n, int64_t *last_id, int64_t *total)
{
	struct text_rows x = { w, 0, 0 };
	enum app_err     er;

	er = list_run(s, sc, f, cursor, limit, text_row, &x, total);
	*n = x.n;
	*last_id = x.last_id;
	return er;
}

const char *
enterprise_cell(struct arena *a, json_t *row, const char *field)
{
	static const struct {
		const char *code;
		const char *label;
	} labels[] = {
		{ "large", "大型" },
		{ "medium", "中型" },
		{ "small", "小型" },
		{ "micro", "微型" },
		{ "red", "红" },
		{ "orange", "橙" },
		{ "yellow", "黄" },
		{ "blue", "蓝" },
		{ "active", "正常" },
		{ "closed", "注销" },
		{ "voided", "作废" },
	};
	json_t *v = json_object_get(row, field);
	size_t  i;

	if (v == NULL || json_is_null(v))
		return "";
	if (json_is_boolean(v))
		return json_is_true(v) ? "是" : "否";
	if (json_is_integer(v))
		return arena_printf(a, "%lld", (long long)json_integer_value(v));
	if (json_is_real(v))
		return arena_printf(a, "%.6f", json_real_value(v));
	if (strcmp(field, "scale") == 0 || strcmp(field, "risk_color") == 0 ||
	    strcmp(field, "status") == 0)
		for (i = 0; i < sizeof(labels) / sizeof(labels[0]); i++)
			if (strcmp(labels[i].code, json_string_value(v)) == 0)
				return labels[i].label;
	return arena_strdup(a, json_string_value(v));
}
