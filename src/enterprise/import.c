#include <string.h>

#include "audit/audit.h"
#include "auth/auth.h"
#include "auth/scope.h"
#include "core/arena.h"
#include "core/csvtab.h"
#include "enterprise/enterprise.h"
#include "enterprise/import.h"
#include "store/store.h"

static const char *const scale_pairs[] = { "large", "大型", "medium", "中型", "small", "小型",
	"micro", "微型", NULL };
static const char *const color_pairs[] = { "red", "红", "orange", "橙", "yellow", "黄", "blue",
	"蓝", "red", "红色", "orange", "橙色", "yellow", "黄色", "blue", "蓝色", NULL };
static const struct csvtab_codes scales = { scale_pairs, "应为 大型、中型、小型 或 微型" };
static const struct csvtab_codes colors = { color_pairs, "应为 红、橙、黄 或 蓝" };

/* Accepted headers for each field: the API name, then Chinese labels. */
static const struct csvtab_col columns[] = {
	{ "name", csvtab_text, { "企业名称", "名称" }, true },
	{ "uscc", csvtab_text, { "统一社会信用代码", "信用代码" }, true },
	{ "region_code", csvtab_text, { "区划代码", "行政区划代码" }, true },
	{ "sector", csvtab_text, { "行业领域", "行业" }, true },
	{ "address", csvtab_text, { "地址", "注册地址" } },
	{ "lat", csvtab_real, { "纬度" } },
	{ "lon", csvtab_real, { "经度" } },
	{ "scale", csvtab_code, { "企业规模", "规模" }, false, &scales },
	{ "employees", csvtab_int, { "从业人员数", "从业人数" } },
	{ "legal_rep", csvtab_text, { "法定代表人" } },
	{ "principal", csvtab_text, { "主要负责人" } },
	{ "principal_phone", csvtab_text, { "主要负责人电话", "联系电话" } },
	{ "safety_manager", csvtab_text, { "安全管理人员" } },
	{ "hazchem", csvtab_bool, { "涉及危险化学品", "危化" } },
	{ "major_hazard_source", csvtab_bool, { "重大危险源" } },
	{ "risk_color", csvtab_code, { "风险等级", "风险颜色" }, false, &colors },
	{ "supervising_org_id", csvtab_int, { "监管单位编号" } },
};
/* Columns of the export that carry no input (derived or read-only); ignored on import. */
static const char *const ignored[] = { "编号", "id", "所属区域", "region_name", "监管单位",
	"supervising_org_name", "状态", "status", "更新时间", "updated_at", NULL };

static const struct csvtab table = { columns, sizeof(columns) / sizeof(columns[0]), ignored, 0,
	NULL };

enum app_err
enterprise_csv_parse(const char *data, size_t len, import_row_fn fn, void *arg, json_t *problems)
{
	return csvtab_parse(&table, data, len, fn, arg, problems);
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
	json_array_foreach(errs, i, e) csvtab_problem(x->res->problems, line,
	    csvtab_label(&table, json_string_value(json_object_get(e, "field"))),
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
