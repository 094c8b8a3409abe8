/*
 * The pure part of the enterprise CSV import: headers in Chinese or English, labels
 * mapped to codes, typed cells, and a report naming row, column and reason.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/arena.h"
#include "enterprise/enterprise.h"
#include "enterprise/import.h"

#define ZH_HEAD "企业名称,统一社会信用代码,区划代码,行业领域"
#define EN_HEAD "name,uscc,region_code,sector"
#define ROW_A "鄂尔多斯市甲化工有限公司,91350100M000100Y43,150602,hazchem"
#define ROW_B "乙建筑公司,914403001922038216,150603,construction"

struct got {
	json_t      *rows; /* [{line, row}] */
	json_t      *problems;
	enum app_err er;
};

static void
collect(json_t *row, int64_t line, void *arg)
{
	struct got *g = arg;

	assert_non_null(row);
	assert_true(json_is_object(row));
	json_array_append_new(
	    g->rows, json_pack("{s:I, s:O}", "line", (json_int_t)line, "row", row));
}

static int
setup(void **state)
{
	struct got *g = calloc(1, sizeof(*g));

	if (g == NULL)
		return -1;
	*state = g;
	return 0;
}

static int
teardown(void **state)
{
	struct got *g = *state;

	json_decref(g->rows);
	json_decref(g->problems);
	free(g);
	return 0;
}

static void
parse_n(struct got *g, const char *data, size_t len)
{
	json_decref(g->rows);
	json_decref(g->problems);
	g->rows = json_array();
	g->problems = json_array();
	g->er = enterprise_csv_parse(data, len, collect, g, g->problems);
}

static void
parse(struct got *g, const char *data)
{
	parse_n(g, data, strlen(data));
}

static const char *
dump(json_t *j)
{
	static char buf[4096];
	size_t      n = json_dumpb(j, buf, sizeof(buf) - 1, JSON_COMPACT);

	if (n == 0 || n >= sizeof(buf))
		return "(too long to show)";
	buf[n] = '\0';
	return buf;
}

static json_t *
row_at(struct got *g, size_t i)
{
	json_t *r = json_array_get(g->rows, i);

	if (r == NULL)
		fail_msg("no row %zu; rows %s, problems %s", i, dump(g->rows), dump(g->problems));
	return json_object_get(r, "row");
}

static int64_t
line_at(struct got *g, size_t i)
{
	return json_integer_value(json_object_get(json_array_get(g->rows, i), "line"));
}

static const char *
str(json_t *row, const char *key)
{
	json_t *v = json_object_get(row, key);

	if (!json_is_string(v))
		fail_msg("%s is not a string in %s", key, dump(row));
	return json_string_value(v);
}

static void
expect_clean(struct got *g, size_t nrows)
{
	if (g->er != APP_OK || json_array_size(g->problems) != 0)
		fail_msg("want no problems, got er %d, %s", (int)g->er, dump(g->problems));
	if (json_array_size(g->rows) != nrows)
		fail_msg("want %zu rows, got %s", nrows, dump(g->rows));
}

/* True when a problem names this row and column (column NULL: any). */
static bool
has_problem(struct got *g, int64_t row, const char *column)
{
	size_t  i;
	json_t *p;

	json_array_foreach(g->problems, i, p)
	{
		const char *c = json_string_value(json_object_get(p, "column"));
		const char *m = json_string_value(json_object_get(p, "message"));

		assert_non_null(c);
		assert_non_null(m);
		assert_true(m[0] != '\0');
		if (json_integer_value(json_object_get(p, "row")) == row &&
		    (column == NULL || strcmp(c, column) == 0))
			return true;
	}
	return false;
}

static void
expect_problem(struct got *g, int64_t row, const char *column)
{
	if (!has_problem(g, row, column))
		fail_msg("want a problem at row %lld column %s, got %s", (long long)row,
		    column ? column : "(any)", dump(g->problems));
}

/* ---- headers ---- */

static void
csv_parse_reads_chinese_headers(void **state)
{
	struct got *g = *state;
	json_t     *r;

	parse(g, ZH_HEAD "\n" ROW_A "\n");
	expect_clean(g, 1);
	r = row_at(g, 0);
	assert_string_equal(str(r, "name"), "鄂尔多斯市甲化工有限公司");
	assert_string_equal(str(r, "uscc"), "91350100M000100Y43");
	assert_string_equal(str(r, "region_code"), "150602");
	assert_string_equal(str(r, "sector"), "hazchem");
	assert_int_equal(line_at(g, 0), 2);
}

static void
csv_parse_reads_english_headers(void **state)
{
	struct got *g = *state;

	parse(g, EN_HEAD ",address,employees\n" ROW_A ",铁西路2号,35\n" ROW_B ",,\n");
	expect_clean(g, 2);
	assert_string_equal(str(row_at(g, 0), "address"), "铁西路2号");
	assert_int_equal(json_integer_value(json_object_get(row_at(g, 0), "employees")), 35);
	assert_string_equal(str(row_at(g, 1), "uscc"), "914403001922038216");
	assert_int_equal(line_at(g, 0), 2);
	assert_int_equal(line_at(g, 1), 3);
}

static void
csv_parse_accepts_alternative_labels(void **state)
{
	struct got *g = *state;

	parse(g, "名称,信用代码,行政区划代码,行业,联系电话,危化\n" ROW_A ",13912345678,是\n");
	expect_clean(g, 1);
	assert_string_equal(str(row_at(g, 0), "principal_phone"), "13912345678");
	assert_true(json_is_true(json_object_get(row_at(g, 0), "hazchem")));
}

static void
csv_parse_columns_in_any_order(void **state)
{
	struct got *g = *state;

	parse(g,
	    "行业领域,区划代码,统一社会信用代码,企业名称\nmining,150621,91350100M000100Y43,丙矿业\n");
	expect_clean(g, 1);
	assert_string_equal(str(row_at(g, 0), "name"), "丙矿业");
	assert_string_equal(str(row_at(g, 0), "sector"), "mining");
}

static void
csv_parse_strips_utf8_bom(void **state)
{
	struct got *g = *state;

	parse(g, "\xEF\xBB\xBF" ZH_HEAD "\r\n" ROW_A "\r\n");
	expect_clean(g, 1);
	assert_string_equal(str(row_at(g, 0), "name"), "鄂尔多斯市甲化工有限公司");
}

/* Tools that quote every cell write the BOM right before the first quote. */
static void
csv_parse_strips_utf8_bom_before_quoted_header(void **state)
{
	struct got *g = *state;

	parse(g,
	    "\xEF\xBB\xBF\"企业名称\",\"统一社会信用代码\",\"区划代码\",\"行业领域\"\r\n"
	    "\"甲公司\",\"91350100M000100Y43\",\"150602\",\"hazchem\"\r\n");
	expect_clean(g, 1);
	assert_string_equal(str(row_at(g, 0), "name"), "甲公司");
}

static void
csv_parse_trims_unquoted_blanks_around_cells(void **state)
{
	struct got *g = *state;

	parse(g, " name , uscc ,region_code,sector ,lat,hazchem\n" ROW_A ", 39.8 , 是 \n");
	expect_clean(g, 1);
	assert_true(json_real_value(json_object_get(row_at(g, 0), "lat")) == 39.8);
	assert_true(json_is_true(json_object_get(row_at(g, 0), "hazchem")));
}

static void
csv_parse_reports_unknown_column_in_row_1(void **state)
{
	struct got *g = *state;

	parse(g, ZH_HEAD ",备注\n" ROW_A ",无\n");
	expect_problem(g, 1, "备注");
	assert_int_equal(json_array_size(g->problems), 1);
}

static void
csv_parse_reports_missing_required_column(void **state)
{
	struct got *g = *state;

	parse(g, "企业名称,区划代码,行业领域\n甲公司,150602,hazchem\n");
	expect_problem(g, 1, "统一社会信用代码");
	assert_int_equal(json_array_size(g->problems), 1);
}

static void
csv_parse_reports_each_missing_required_column(void **state)
{
	struct got *g = *state;

	parse(g, "地址\n铁西路\n");
	expect_problem(g, 1, "企业名称");
	expect_problem(g, 1, "统一社会信用代码");
	expect_problem(g, 1, "区划代码");
	expect_problem(g, 1, "行业领域");
}

static void
csv_parse_reports_duplicate_column(void **state)
{
	struct got *g = *state;

	parse(g, ZH_HEAD ",名称\n" ROW_A ",又一个名称\n");
	expect_problem(g, 1, NULL);
}

static void
csv_parse_ignores_columns_the_export_derives(void **state)
{
	struct got *g = *state;

	parse(g,
	    "编号," ZH_HEAD ",所属区域,监管单位,状态,更新时间\n"
	    "17," ROW_A ",东胜区,东胜区应急管理局,在册,2024-03-05T09:30:00.000+08:00\n");
	expect_clean(g, 1);
	assert_null(json_object_get(row_at(g, 0), "status"));
	assert_null(json_object_get(row_at(g, 0), "id"));
}

/* A file Excel saved as "CSV" on Chinese Windows is GBK: its headers are not recognised. */
static void
csv_parse_reports_gbk_header(void **state)
{
	struct got *g = *state;

	/* 企业名称 in GBK */
	parse(g, "\xC6\xF3\xD2\xB5\xC3\xFB\xB3\xC6,uscc,region_code,sector\nA,B,C,D\n");
	expect_problem(g, 1, "企业名称");
	expect_problem(g, 1, "?");
}

/* ---- quoting and lines ---- */

static void
csv_parse_reads_quoted_fields_with_commas_quotes_and_newlines(void **state)
{
	struct got *g = *state;

	parse(g,
	    EN_HEAD
	    ",address\n"
	    "\"甲公司, 东胜分公司\",91350100M000100Y43,150602,hazchem,\"铁西路\"\"2号\"\"\n院内\"\n");
	expect_clean(g, 1);
	assert_string_equal(str(row_at(g, 0), "name"), "甲公司, 东胜分公司");
	assert_string_equal(str(row_at(g, 0), "address"), "铁西路\"2号\"\n院内");
}

static void
csv_parse_accepts_crlf_line_endings(void **state)
{
	struct got *g = *state;

	parse(g, EN_HEAD "\r\n" ROW_A "\r\n" ROW_B "\r\n");
	expect_clean(g, 2);
	assert_string_equal(str(row_at(g, 0), "sector"), "hazchem");
	assert_string_equal(str(row_at(g, 1), "sector"), "construction");
	assert_int_equal(line_at(g, 1), 3);
}

static void
csv_parse_reads_last_row_without_newline(void **state)
{
	struct got *g = *state;

	parse(g, EN_HEAD "\n" ROW_A);
	expect_clean(g, 1);
	assert_string_equal(str(row_at(g, 0), "sector"), "hazchem");
}

static void
csv_parse_skips_blank_lines(void **state)
{
	struct got *g = *state;

	parse(g, EN_HEAD "\n\n" ROW_A "\n\n\n" ROW_B "\n\n");
	expect_clean(g, 2);
}

static void
csv_parse_skips_rows_of_empty_cells(void **state)
{
	struct got *g = *state;

	parse(g, EN_HEAD "\n,,,\n" ROW_A "\n , ,\t,\n");
	expect_clean(g, 1);
	assert_int_equal(line_at(g, 0), 3);
}

/* The row in the report is the row the user sees: blank lines count. */
static void
csv_parse_counts_blank_lines_in_row_numbers(void **state)
{
	struct got *g = *state;

	parse(g, EN_HEAD ",lat\n" ROW_A ",39.8\n\n" ROW_B ",北纬39度\n");
	expect_problem(g, 4, "纬度");
	assert_int_equal(line_at(g, 0), 2);
}

static void
csv_parse_rejects_unterminated_quote(void **state)
{
	struct got *g = *state;

	parse(g, EN_HEAD "\n" ROW_A "\n\"乙公司,914403001922038216,150603,construction\n");
	assert_int_equal(g->er, APP_EBADREQ);
	assert_true(json_array_size(g->problems) > 0);
}

static void
csv_parse_rejects_unterminated_quote_at_end(void **state)
{
	struct got *g = *state;

	parse(g, EN_HEAD "\n" ROW_A "\n乙公司,\"9144");
	assert_int_equal(g->er, APP_EBADREQ);
}

static void
csv_parse_rejects_stray_quote_in_unquoted_field(void **state)
{
	struct got *g = *state;

	parse(g, EN_HEAD "\n甲\"公司,91350100M000100Y43,150602,hazchem\n");
	assert_int_equal(g->er, APP_EBADREQ);
	expect_problem(g, 2, NULL);
}

static void
csv_parse_rejects_text_after_closing_quote(void **state)
{
	struct got *g = *state;

	parse(g, EN_HEAD "\n\"甲公司\"x,91350100M000100Y43,150602,hazchem\n");
	assert_int_equal(g->er, APP_EBADREQ);
}

static void
csv_parse_of_empty_input_is_ebadreq(void **state)
{
	struct got *g = *state;

	parse(g, "");
	assert_int_equal(g->er, APP_EBADREQ);
	assert_true(json_array_size(g->problems) > 0);
	parse(g, "\n\n\r\n");
	assert_int_equal(g->er, APP_EBADREQ);
}

static void
csv_parse_header_only_has_no_rows(void **state)
{
	struct got *g = *state;

	parse(g, ZH_HEAD "\n");
	expect_clean(g, 0);
}

static void
csv_parse_reports_row_with_more_cells_than_header(void **state)
{
	struct got *g = *state;

	parse(g, EN_HEAD "\n" ROW_A ",多余\n" ROW_B "\n");
	expect_problem(g, 2, NULL);
	assert_int_equal(json_array_size(g->rows), 1);
	assert_int_equal(line_at(g, 0), 3);
}

static void
csv_parse_reports_cell_over_limit(void **state)
{
	struct got *g = *state;
	size_t      n = IMPORT_MAX_CELL + 1;
	char       *data = malloc(n + 256), *p;

	assert_non_null(data);
	p = data + sprintf(data, EN_HEAD ",address\n" ROW_A ",");
	memset(p, 'x', n);
	strcpy(p + n, "\n" ROW_B ",ok\n");
	parse(g, data);
	free(data);
	expect_problem(g, 2, NULL);
	assert_int_equal(json_array_size(g->rows), 1);
	assert_string_equal(str(row_at(g, 0), "address"), "ok");
}

static void
csv_parse_reports_invalid_utf8_cell(void **state)
{
	struct got *g = *state;

	/* 甲公司 in GBK in a UTF-8 file */
	parse(g, EN_HEAD "\n\xBC\xD7\xB9\xAB\xCB\xBE,91350100M000100Y43,150602,hazchem\n");
	expect_problem(g, 2, "企业名称");
	assert_int_equal(json_array_size(g->rows), 0);
}

/* ---- labels and types ---- */

static void
csv_parse_maps_yes_no_labels(void **state)
{
	struct got *g = *state;

	parse(g,
	    EN_HEAD ",涉及危险化学品,重大危险源\n" ROW_A ",是,否\n" ROW_B ",否,是\n" ROW_A
		    ",true,false\n" ROW_A ",1,0\n" ROW_A ",有,无\n" ROW_A ",,\n");
	expect_clean(g, 6);
	assert_true(json_is_true(json_object_get(row_at(g, 0), "hazchem")));
	assert_true(json_is_false(json_object_get(row_at(g, 0), "major_hazard_source")));
	assert_true(json_is_false(json_object_get(row_at(g, 1), "hazchem")));
	assert_true(json_is_true(json_object_get(row_at(g, 1), "major_hazard_source")));
	assert_true(json_is_true(json_object_get(row_at(g, 2), "hazchem")));
	assert_true(json_is_true(json_object_get(row_at(g, 3), "hazchem")));
	assert_true(json_is_false(json_object_get(row_at(g, 3), "major_hazard_source")));
	assert_true(json_is_true(json_object_get(row_at(g, 4), "hazchem")));
	assert_null(json_object_get(row_at(g, 5), "hazchem"));
}

static void
csv_parse_reports_bad_yes_no(void **state)
{
	struct got *g = *state;

	parse(g, EN_HEAD ",hazchem\n" ROW_A ",可能\n" ROW_B ",是\n");
	expect_problem(g, 2, "涉及危险化学品");
	assert_int_equal(json_array_size(g->rows), 1);
}

static void
csv_parse_maps_risk_color_labels(void **state)
{
	static const char *const want[] = { "red", "orange", "yellow", "blue", "red", "blue",
		"yellow" };
	struct got              *g = *state;
	size_t                   i;

	parse(g,
	    EN_HEAD ",风险等级\n" ROW_A ",红\n" ROW_A ",橙\n" ROW_A ",黄\n" ROW_A ",蓝\n" ROW_A
		    ",红色\n" ROW_A ",blue\n" ROW_A ",黄色\n");
	expect_clean(g, 7);
	for (i = 0; i < 7; i++)
		assert_string_equal(str(row_at(g, i), "risk_color"), want[i]);
}

static void
csv_parse_reports_bad_risk_color(void **state)
{
	struct got *g = *state;

	parse(g, EN_HEAD ",risk_color\n" ROW_A ",紫\n");
	expect_problem(g, 2, "风险等级");
	assert_int_equal(json_array_size(g->rows), 0);
}

static void
csv_parse_maps_scale_labels(void **state)
{
	static const char *const want[] = { "large", "medium", "small", "micro", "large" };
	struct got              *g = *state;
	size_t                   i;

	parse(g,
	    EN_HEAD ",企业规模\n" ROW_A ",大型\n" ROW_A ",中型\n" ROW_A ",小型\n" ROW_A
		    ",微型\n" ROW_A ",large\n");
	expect_clean(g, 5);
	for (i = 0; i < 5; i++)
		assert_string_equal(str(row_at(g, i), "scale"), want[i]);
}

static void
csv_parse_reports_bad_scale(void **state)
{
	struct got *g = *state;

	parse(g, EN_HEAD ",scale\n" ROW_A ",特大型\n");
	expect_problem(g, 2, "企业规模");
}

static void
csv_parse_types_numbers(void **state)
{
	struct got *g = *state;
	json_t     *r;

	parse(g, EN_HEAD ",纬度,经度,从业人员数,监管单位编号\n" ROW_A ",39.8,109.99,120,3\n");
	expect_clean(g, 1);
	r = row_at(g, 0);
	assert_true(json_is_real(json_object_get(r, "lat")));
	assert_true(json_real_value(json_object_get(r, "lat")) == 39.8);
	assert_true(json_real_value(json_object_get(r, "lon")) == 109.99);
	assert_true(json_is_integer(json_object_get(r, "employees")));
	assert_int_equal(json_integer_value(json_object_get(r, "employees")), 120);
	assert_int_equal(json_integer_value(json_object_get(r, "supervising_org_id")), 3);
}

static void
csv_parse_reports_non_numeric_latitude_with_row(void **state)
{
	struct got *g = *state;

	parse(g, ZH_HEAD ",纬度\n" ROW_A ",39.8\n" ROW_B ",北纬39度\n" ROW_A ",40.1\n");
	assert_int_equal(g->er, APP_OK);
	expect_problem(g, 3, "纬度");
	assert_int_equal(json_array_size(g->problems), 1);
	/* The bad row is not handed on; the others are, with their rows. */
	assert_int_equal(json_array_size(g->rows), 2);
	assert_int_equal(line_at(g, 0), 2);
	assert_int_equal(line_at(g, 1), 4);
}

static void
csv_parse_reports_non_finite_number(void **state)
{
	struct got *g = *state;

	parse(g, EN_HEAD ",lat,lon\n" ROW_A ",nan,inf\n" ROW_A ",1e999,0x10\n");
	expect_problem(g, 2, "纬度");
	expect_problem(g, 2, "经度");
	expect_problem(g, 3, "纬度");
}

static void
csv_parse_reports_bad_integer(void **state)
{
	struct got *g = *state;

	parse(g,
	    EN_HEAD ",employees\n" ROW_A ",12.5\n" ROW_A ",一百\n" ROW_A
		    ",99999999999999999999999\n" ROW_A ",100人\n");
	expect_problem(g, 2, "从业人员数");
	expect_problem(g, 3, "从业人员数");
	expect_problem(g, 4, "从业人员数");
	expect_problem(g, 5, "从业人员数");
	assert_int_equal(json_array_size(g->rows), 0);
}

static void
csv_parse_names_several_problems_of_one_row(void **state)
{
	struct got *g = *state;

	parse(g, EN_HEAD ",lat,hazchem,scale\n" ROW_A ",x,x,z\n");
	expect_problem(g, 2, "纬度");
	expect_problem(g, 2, "涉及危险化学品");
	expect_problem(g, 2, "企业规模");
}

static void
csv_parse_stops_listing_after_max_problems(void **state)
{
	struct got *g = *state;
	size_t      n = IMPORT_MAX_PROBLEMS + 50, i, o;
	char       *data = malloc(64 + n * 80);

	assert_non_null(data);
	o = (size_t)sprintf(data, EN_HEAD ",lat\n");
	for (i = 0; i < n; i++)
		o += (size_t)sprintf(data + o, "甲,91350100M000100Y43,150602,hazchem,x\n");
	parse_n(g, data, o);
	free(data);
	assert_int_equal(json_array_size(g->problems), IMPORT_MAX_PROBLEMS);
}

static void
csv_parse_over_max_rows_is_etoobig(void **state)
{
	struct got *g = *state;
	size_t      n = IMPORT_MAX_ROWS + 1, i, o;
	char       *data = malloc(64 + n * 8);

	assert_non_null(data);
	o = (size_t)sprintf(data, EN_HEAD "\n");
	for (i = 0; i < n; i++) {
		memcpy(data + o, ",,,\n", 4);
		o += 4;
	}
	parse_n(g, data, o);
	free(data);
	assert_int_equal(g->er, APP_ETOOBIG);
}

/* What the export writes (BOM, its labels, its cell texts, CRLF) imports back. */
static void
csv_parse_reads_the_export_format(void **state)
{
	struct got   *g = *state;
	struct arena *a = arena_new(4096);
	json_t       *row, *r;
	char         *data;
	size_t        c;

	row = json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:f, s:f, s:s, s:I, s:s,"
			" s:s, s:s, s:s, s:b, s:b, s:s, s:s, s:s, s:s}",
	    "id", (json_int_t)17, "name", "甲化工有限公司", "uscc", "91350100M000100Y43",
	    "region_name", "东胜区", "region_code", "150602", "sector", "hazchem", "sector_name",
	    "危险化学品", "address", "铁西路2号", "lat", 39.8, "lon", 109.99, "scale", "medium",
	    "employees", (json_int_t)120, "legal_rep", "张三", "principal", "李四",
	    "principal_phone", "13912345678", "safety_manager", "王五", "hazchem", 1,
	    "major_hazard_source", 0, "risk_color", "orange", "supervising_org_name",
	    "东胜区应急管理局", "status", "active", "updated_at", "2024-03-05T09:30:00.000+08:00");
	assert_non_null(row);
	data = arena_strdup(a, "\xEF\xBB\xBF");
	for (c = 0; c < enterprise_ncolumns; c++)
		data = arena_printf(a, "%s%s%s", data, enterprise_columns[c].label,
		    c + 1 < enterprise_ncolumns ? "," : "\r\n");
	for (c = 0; c < enterprise_ncolumns; c++)
		data = arena_printf(a, "%s%s%s", data,
		    enterprise_cell(a, row, enterprise_columns[c].field),
		    c + 1 < enterprise_ncolumns ? "," : "\r\n");
	parse(g, data);
	json_decref(row);
	arena_free(a);
	expect_clean(g, 1);
	r = row_at(g, 0);
	assert_string_equal(str(r, "name"), "甲化工有限公司");
	assert_string_equal(str(r, "uscc"), "91350100M000100Y43");
	assert_string_equal(str(r, "region_code"), "150602");
	assert_string_equal(str(r, "sector"), "危险化学品"); /* the name; import maps it */
	assert_string_equal(str(r, "scale"), "medium");
	assert_string_equal(str(r, "risk_color"), "orange");
	assert_true(json_is_true(json_object_get(r, "hazchem")));
	assert_true(json_is_false(json_object_get(r, "major_hazard_source")));
	assert_int_equal(json_integer_value(json_object_get(r, "employees")), 120);
	assert_true(json_real_value(json_object_get(r, "lat")) == 39.8);
	assert_string_equal(str(r, "principal_phone"), "13912345678");
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		T(csv_parse_reads_chinese_headers),
		T(csv_parse_reads_english_headers),
		T(csv_parse_accepts_alternative_labels),
		T(csv_parse_columns_in_any_order),
		T(csv_parse_strips_utf8_bom),
		T(csv_parse_strips_utf8_bom_before_quoted_header),
		T(csv_parse_trims_unquoted_blanks_around_cells),
		T(csv_parse_reports_unknown_column_in_row_1),
		T(csv_parse_reports_missing_required_column),
		T(csv_parse_reports_each_missing_required_column),
		T(csv_parse_reports_duplicate_column),
		T(csv_parse_ignores_columns_the_export_derives),
		T(csv_parse_reports_gbk_header),
		T(csv_parse_reads_quoted_fields_with_commas_quotes_and_newlines),
		T(csv_parse_accepts_crlf_line_endings),
		T(csv_parse_reads_last_row_without_newline),
		T(csv_parse_skips_blank_lines),
		T(csv_parse_skips_rows_of_empty_cells),
		T(csv_parse_counts_blank_lines_in_row_numbers),
		T(csv_parse_rejects_unterminated_quote),
		T(csv_parse_rejects_unterminated_quote_at_end),
		T(csv_parse_rejects_stray_quote_in_unquoted_field),
		T(csv_parse_rejects_text_after_closing_quote),
		T(csv_parse_of_empty_input_is_ebadreq),
		T(csv_parse_header_only_has_no_rows),
		T(csv_parse_reports_row_with_more_cells_than_header),
		T(csv_parse_reports_cell_over_limit),
		T(csv_parse_reports_invalid_utf8_cell),
		T(csv_parse_maps_yes_no_labels),
		T(csv_parse_reports_bad_yes_no),
		T(csv_parse_maps_risk_color_labels),
		T(csv_parse_reports_bad_risk_color),
		T(csv_parse_maps_scale_labels),
		T(csv_parse_reports_bad_scale),
		T(csv_parse_types_numbers),
		T(csv_parse_reports_non_numeric_latitude_with_row),
		T(csv_parse_reports_non_finite_number),
		T(csv_parse_reports_bad_integer),
		T(csv_parse_names_several_problems_of_one_row),
		T(csv_parse_stops_listing_after_max_problems),
		T(csv_parse_over_max_rows_is_etoobig),
		T(csv_parse_reads_the_export_format),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
