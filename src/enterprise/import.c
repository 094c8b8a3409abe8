#include <csv.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/audit.h"
#include "auth/auth.h"
#include "auth/scope.h"
#include "core/arena.h"
#include "core/jsonx.h"
#include "core/text.h"
#include "enterprise/enterprise.h"
#include "enterprise/import.h"
#include "store/store.h"

enum cell_kind { C_TEXT, C_REAL, C_INT, C_BOOL, C_SCALE, C_COLOR };

/* Accepted headers for each field: the API name, then Chinese labels. */
static const struct {
	const char    *field;
	enum cell_kind kind;
	const char    *labels[3];
} columns[] = {
	{ "name", C_TEXT, { "企业名称", "名称", NULL } },
	{ "uscc", C_TEXT, { "统一社会信用代码", "信用代码", NULL } },
	{ "region_code", C_TEXT, { "区划代码", "行政区划代码", NULL } },
	{ "sector", C_TEXT, { "行业领域", "行业", NULL } },
	{ "address", C_TEXT, { "地址", "注册地址", NULL } },
	{ "lat", C_REAL, { "纬度", NULL } },
	{ "lon", C_REAL, { "经度", NULL } },
	{ "scale", C_SCALE, { "企业规模", "规模", NULL } },
	{ "employees", C_INT, { "从业人员数", "从业人数", NULL } },
	{ "legal_rep", C_TEXT, { "法定代表人", NULL } },
	{ "principal", C_TEXT, { "主要负责人", NULL } },
	{ "principal_phone", C_TEXT, { "主要负责人电话", "联系电话", NULL } },
	{ "safety_manager", C_TEXT, { "安全管理人员", NULL } },
	{ "hazchem", C_BOOL, { "涉及危险化学品", "危化", NULL } },
	{ "major_hazard_source", C_BOOL, { "重大危险源", NULL } },
	{ "risk_color", C_COLOR, { "风险等级", "风险颜色", NULL } },
	{ "supervising_org_id", C_INT, { "监管单位编号", NULL } },
};
#define NCOLUMNS (sizeof(columns) / sizeof(columns[0]))
/* Columns of the export that carry no input (derived or read-only); ignored on import. */
static const char *const ignored[] = { "编号", "id", "所属区域", "region_name", "监管单位",
	"supervising_org_name", "状态", "status", "更新时间", "updated_at", NULL };

struct parse {
	json_t       *problems;
	import_row_fn fn;
	void         *arg;
	int           ncols; /* columns in the header */
	int          *map;   /* header column → columns[] index, -1 ignored */
	char        **cells; /* the current record */
	int           ncells;
	int           cap;
	int64_t       line; /* records seen, the header being 1 */
	bool          too_big;
	bool          overflow; /* a cell over IMPORT_MAX_CELL in this record */
	int           prev_c;   /* the character that ended the last record */
};

static void
problem(json_t *problems, int64_t row, const char *column, const char *message)
{
	if (json_array_size(problems) < IMPORT_MAX_PROBLEMS)
		json_array_append_new(problems,
		    json_pack("{s:I, s:s, s:s}", "row", (json_int_t)row, "column", column,
			"message", message));
}

static void
field_cb(void *s, size_t len, void *arg)
{
	struct parse *p = arg;

	if (p->ncells == p->cap) {
		p->cap = p->cap ? p->cap * 2 : 32;
		p->cells = realloc(p->cells, (size_t)p->cap * sizeof(*p->cells));
		if (p->cells == NULL)
			abort();
	}
	if (len > IMPORT_MAX_CELL) {
		p->overflow = true;
		len = 0;
	}
	p->cells[p->ncells] = malloc(len + 1);
	if (p->cells[p->ncells] == NULL)
		abort();
	memcpy(p->cells[p->ncells], s, len);
	p->cells[p->ncells][len] = '\0';
	p->ncells++;
}

static const char *
label_of(int c)
{
	return columns[c].labels[0];
}

static void
read_header(struct parse *p)
{
	int   i, k, l;
	char *h;
	bool  seen[NCOLUMNS] = { false };

	p->ncols = p->ncells;
	p->map = calloc((size_t)p->ncols, sizeof(*p->map));
	if (p->map == NULL)
		abort();
	for (i = 0; i < p->ncells; i++) {
		h = p->cells[i];
		while (*h == ' ')
			h++;
		p->map[i] = -1;
		for (k = 0; k < (int)NCOLUMNS && p->map[i] < 0; k++) {
			if (strcmp(h, columns[k].field) == 0)
				p->map[i] = k;
			for (l = 0; l < 3 && columns[k].labels[l] != NULL; l++)
				if (strcmp(h, columns[k].labels[l]) == 0)
					p->map[i] = k;
		}
		if (p->map[i] >= 0) {
			if (seen[p->map[i]])
				problem(p->problems, 1, h, "列重复");
			seen[p->map[i]] = true;
			continue;
		}
		for (k = 0; ignored[k] != NULL && strcmp(ignored[k], h) != 0; k++)
			continue;
		if (ignored[k] == NULL)
			problem(p->problems, 1, utf8_valid(h, strlen(h)) ? h : "?", "未知的列");
	}
	for (k = 0; k < 4; k++) /* name, uscc, region_code, sector */
		if (!seen[k])
			problem(p->problems, 1, label_of(k), "缺少必需的列");
}

static bool
parse_bool(const char *s, bool *b)
{
	static const char *const yes[] = { "是", "true", "1", "Y", "y", "有", NULL };
	static const char *const no[] = { "否", "false", "0", "N", "n", "无", NULL };
	int                      i;

	for (i = 0; yes[i]; i++)
		if (strcmp(s, yes[i]) == 0)
			return *b = true, true;
	for (i = 0; no[i]; i++)
		if (strcmp(s, no[i]) == 0)
			return *b = false, true;
	return false;
}

static const char *
parse_label(const char *s, const char *const *pairs)
{
	int i;

	for (i = 0; pairs[i] != NULL; i += 2)
		if (strcmp(s, pairs[i]) == 0 || strcmp(s, pairs[i + 1]) == 0)
			return pairs[i];
	return NULL;
}

static void
read_row(struct parse *p)
{
	static const char *const scales[] = { "large", "大型", "medium", "中型", "small", "小型",
		"micro", "微型", NULL };
	static const char *const colors[] = { "red", "红", "orange", "橙", "yellow", "黄", "blue",
		"蓝", "red", "红色", "orange", "橙色", "yellow", "黄色", "blue", "蓝色", NULL };
	json_t                  *row = json_object();
	const char              *code, *col;
	char                    *s, *end;
	double                   d;
	long long                n;
	bool                     b, bad = false, blank = true;
	int                      i, k;

	for (i = 0; i < p->ncells; i++)
		if (!text_blank(p->cells[i]))
			blank = false;
	if (blank) {
		json_decref(row);
		return; /* an empty line */
	}
	if (p->overflow)
		problem(p->problems, p->line, "", "单元格内容过长"), bad = true;
	if (p->ncells > p->ncols)
		problem(p->problems, p->line, "", "列数多于表头"), bad = true;
	for (i = 0; i < p->ncells && i < p->ncols; i++) {
		if ((k = p->map[i]) < 0)
			continue;
		s = p->cells[i];
		col = label_of(k);
		while (*s == ' ' || *s == '\t')
			s++;
		/* Undo the quote mark the export puts before = + - @ (see export.c). */
		if (s[0] == '\'' && s[1] != '\0' && strchr("=+-@", s[1]) != NULL)
			s++;
		if (*s == '\0')
			continue;
		if (!utf8_valid(s, strlen(s))) {
			problem(p->problems, p->line, col,
			    "不是有效的 UTF-8 文本（请另存为 UTF-8 CSV）");
			bad = true;
			continue;
		}
		switch (columns[k].kind) {
		case C_TEXT: json_object_set_new(row, columns[k].field, json_string(s)); break;
		case C_REAL:
			errno = 0;
			d = strtod(s, &end);
			if (*end != '\0' || errno != 0 || !isfinite(d)) {
				problem(p->problems, p->line, col, "应为数字"), bad = true;
				break;
			}
			json_object_set_new(row, columns[k].field, json_real(d));
			break;
		case C_INT:
			errno = 0;
			n = strtoll(s, &end, 10);
			if (*end != '\0' || errno != 0) {
				problem(p->problems, p->line, col, "应为整数"), bad = true;
				break;
			}
			json_object_set_new(row, columns[k].field, json_integer(n));
			break;
		case C_BOOL:
			if (!parse_bool(s, &b)) {
				problem(p->problems, p->line, col, "应为 是 或 否"), bad = true;
				break;
			}
			json_object_set_new(row, columns[k].field, json_boolean(b));
			break;
		case C_SCALE:
		case C_COLOR:
			code = parse_label(s, columns[k].kind == C_SCALE ? scales : colors);
			if (code == NULL) {
				problem(p->problems, p->line, col,
				    columns[k].kind == C_SCALE ? "应为 大型、中型、小型 或 微型"
							       : "应为 红、橙、黄 或 蓝");
				bad = true;
				break;
			}
			json_object_set_new(row, columns[k].field, json_string(code));
			break;
		}
	}
	if (!bad)
		p->fn(row, p->line, p->arg);
	json_decref(row);
}

static void
record_cb(int c, void *arg)
{
	struct parse *p = arg;
	int           i;

	/*
	 * Rows are numbered as a spreadsheet shows them: a blank line is a row of its own
	 * (libcsv reports it, with CSV_REPALL_NL, as a record end without fields), and the
	 * LF of a CRLF is not a second line.
	 */
	if (p->ncells == 0) {
		bool lf_of_crlf = c == '\n' && p->prev_c == '\r';

		p->prev_c = c;
		if (!lf_of_crlf && c != -1)
			p->line++;
		return;
	}
	p->prev_c = c;
	p->line++;
	if (p->map == NULL)
		read_header(p);
	else if (p->line > IMPORT_MAX_ROWS + 1)
		p->too_big = true;
	else
		read_row(p);
	for (i = 0; i < p->ncells; i++)
		free(p->cells[i]);
	p->ncells = 0;
	p->overflow = false;
}

enum app_err
enterprise_csv_parse(const char *data, size_t len, import_row_fn fn, void *arg, json_t *problems)
{
	struct csv_parser cp;
	struct parse      p = { .problems = problems, .fn = fn, .arg = arg };
	enum app_err      er = APP_OK;
	int               i;

	/* The byte-order mark Excel writes goes before parsing: a quoted first header
	 * cell after it would not parse in strict mode. */
	if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) {
		data += 3;
		len -= 3;
	}
	if (csv_init(&cp, CSV_STRICT | CSV_STRICT_FINI | CSV_REPALL_NL | CSV_APPEND_NULL) != 0)
		return APP_EINTERNAL;
	if (csv_parse(&cp, data, len, field_cb, record_cb, &p) != len ||
	    csv_fini(&cp, field_cb, record_cb, &p) != 0) {
		problem(problems, p.line + 1, "", csv_strerror(csv_error(&cp)));
		er = APP_EBADREQ;
	}
	csv_free(&cp);
	for (i = 0; i < p.ncells; i++)
		free(p.cells[i]);
	free(p.cells);
	if (er == APP_OK && p.map == NULL) {
		problem(problems, 1, "", "文件为空");
		er = APP_EBADREQ;
	}
	free(p.map);
	if (p.too_big) {
		problem(problems, IMPORT_MAX_ROWS + 2, "", "行数超过上限 200000");
		er = APP_ETOOBIG;
	}
	return er;
}

struct import_ctx {
	struct store           *store;
	struct arena           *arena;
	const struct audit_who *who;
	struct scope            scope;
	struct import_result   *res;
	enum app_err            fatal;
	import_progress_fn      progress;
	void                   *parg;
};

static const char sql_sector_by_name[] = "SELECT code FROM sectors WHERE name = ?1";

/* The CSV may name a sector by its label; the API takes its code. */
static void
sector_code(struct import_ctx *x, json_t *row)
{
	const char  *v = json_string_value(json_object_get(row, "sector"));
	struct stmt *st;
	bool         found;

	if (v == NULL)
		return;
	st = store_stmt(x->store, sql_sector_by_name);
	stmt_bind_text(st, 1, v);
	if (stmt_step(st, &found) == APP_OK && found)
		json_object_set_new(row, "sector", json_string(stmt_text(st, 0)));
	stmt_reset(st);
}

static const char *
column_label(const char *field)
{
	size_t k;

	for (k = 0; k < NCOLUMNS; k++)
		if (strcmp(columns[k].field, field) == 0)
			return columns[k].labels[0];
	return field;
}

static void
import_row(json_t *row, int64_t line, void *arg)
{
	struct import_ctx *x = arg;
	json_t            *errs, *e;
	enum app_err       er;
	int64_t            id;
	size_t             i;

	x->res->rows++;
	if (x->fatal != APP_OK)
		return;
	arena_reset(x->arena);
	sector_code(x, row);
	errs = json_array();
	er = enterprise_insert(x->store, x->arena, &x->scope, x->who, row, errs, &id);
	json_array_foreach(errs, i, e) problem(x->res->problems, line,
	    column_label(json_string_value(json_object_get(e, "field"))),
	    json_string_value(json_object_get(e, "message")));
	json_decref(errs);
	if (er != APP_OK && er != APP_EINVAL && er != APP_ECONFLICT)
		x->fatal = er;
	if (x->progress != NULL && x->res->rows % 500 == 0)
		x->progress(x->res->rows, 0, x->parg);
}

enum app_err
enterprise_import(struct store *s, const struct audit_who *who, const char *data, size_t len,
    bool dry_run, import_progress_fn progress, void *parg, struct import_result *res)
{
	struct actor      admin = { .role = ROLE_ADMIN };
	struct import_ctx x = {
		.store = s, .who = who, .res = res, .progress = progress, .parg = parg
	};
	enum app_err er;
	json_t      *ch;

	memset(res, 0, sizeof(*res));
	res->problems = json_array();
	/* The command line acts for the administrator: the whole city. */
	scope_of(&admin, &x.scope);
	x.arena = arena_new(8192);
	if ((er = store_begin(s, STORE_WRITE)) != APP_OK)
		goto out;
	er = enterprise_csv_parse(data, len, import_row, &x, res->problems);
	if (er == APP_OK)
		er = x.fatal;
	if (er == APP_OK && json_array_size(res->problems) > 0)
		er = APP_EINVAL;
	if (er != APP_OK || dry_run)
		goto out;
	ch = json_pack("{s:I}", "rows", (json_int_t)res->rows);
	er = audit_append(s, who, "import", "enterprise", 0, ch);
	json_decref(ch);
	if (er == APP_OK && (er = store_commit(s)) == APP_OK)
		res->imported = res->rows;
out:
	store_rollback(s);
	if (progress != NULL)
		progress(res->rows, res->rows, parg);
	arena_free(x.arena);
	return er;
}
