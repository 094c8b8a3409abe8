/*
 * The annual report's number style at its edges (9,999 / 10,000 / 91,149 / 91,150;
 * 71,259,999.99 元) and the filling in of its template: placeholders, filters and the
 * errors that name the line.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "report/annual.h"
#include "report/style.h"

static char buf[REPORT_NUM_MAX];

static void
count_below_ten_thousand_is_digits(void **state)
{
	(void)state;
	assert_string_equal(style_count(0, buf, sizeof(buf)), "0");
	assert_string_equal(style_count(339, buf, sizeof(buf)), "339");
	assert_string_equal(style_count(9999, buf, sizeof(buf)), "9999");
}

static void
count_from_ten_thousand_is_wan_with_two_decimals(void **state)
{
	(void)state;
	assert_string_equal(style_count(10000, buf, sizeof(buf)), "1.00万");
	assert_string_equal(style_count(10849, buf, sizeof(buf)), "1.08万");
	assert_string_equal(style_count(10850, buf, sizeof(buf)), "1.09万");
	assert_string_equal(style_count(91149, buf, sizeof(buf)), "9.11万");
	assert_string_equal(style_count(91150, buf, sizeof(buf)), "9.12万");
	assert_string_equal(style_count(138899, buf, sizeof(buf)), "13.89万");
	/* Rounding carries into the whole 万. */
	assert_string_equal(style_count(99995, buf, sizeof(buf)), "10.00万");
}

static void
wanyuan_rounds_down_with_yu(void **state)
{
	(void)state;
	/* 71,259,999.99 元 */
	assert_string_equal(style_wanyuan(7125999999, buf, sizeof(buf)), "7125余万元");
	/* 71,250,000.00 元 exactly: nothing dropped, no 余 */
	assert_string_equal(style_wanyuan(7125000000, buf, sizeof(buf)), "7125万元");
	/* 71,250,000.01 元 */
	assert_string_equal(style_wanyuan(7125000001, buf, sizeof(buf)), "7125余万元");
	assert_string_equal(style_wanyuan(7126000000, buf, sizeof(buf)), "7126万元");
	/* below 1万元: in 元 */
	assert_string_equal(style_wanyuan(850000, buf, sizeof(buf)), "8500元");
	assert_string_equal(style_wanyuan(850001, buf, sizeof(buf)), "8500余元");
	assert_string_equal(style_wanyuan(999999, buf, sizeof(buf)), "9999余元");
	assert_string_equal(style_wanyuan(1000000, buf, sizeof(buf)), "1万元");
}

static void
about_rounds_down_to_the_step(void **state)
{
	(void)state;
	assert_string_equal(style_about(3512, 100, "多", buf, sizeof(buf)), "3500多");
	assert_string_equal(style_about(3599, 100, "多", buf, sizeof(buf)), "3500多");
	assert_string_equal(style_about(3500, 100, "多", buf, sizeof(buf)), "3500");
	assert_string_equal(style_about(203, 100, "余", buf, sizeof(buf)), "200余");
	assert_string_equal(style_about(99, 100, "余", buf, sizeof(buf)), "99");
	assert_string_equal(style_about(3456, 10, "余", buf, sizeof(buf)), "3450余");
}

static void
wan_about_rounds_down_to_a_tenth(void **state)
{
	(void)state;
	assert_string_equal(style_wan_about(138000, buf, sizeof(buf)), "13.8万");
	assert_string_equal(style_wan_about(138001, buf, sizeof(buf)), "13.8万余");
	assert_string_equal(style_wan_about(138999, buf, sizeof(buf)), "13.8万余");
	assert_string_equal(style_wan_about(139000, buf, sizeof(buf)), "13.9万");
	assert_string_equal(style_wan_about(10000, buf, sizeof(buf)), "1.0万");
	assert_string_equal(style_wan_about(9999, buf, sizeof(buf)), "9900余");
}

static void
percent_has_two_decimals(void **state)
{
	(void)state;
	assert_string_equal(style_percent(0.941874, buf, sizeof(buf)), "94.19%");
	assert_string_equal(style_percent(1.0, buf, sizeof(buf)), "100.00%");
	assert_string_equal(style_percent(0.0, buf, sizeof(buf)), "0.00%");
}

static json_t *
summary(void)
{
	return json_pack("{s:i, s:s, s:{s:i, s:i, s:f}, s:{s:I}, s:{s:{s:i, s:i}}}", "year", 2024,
	    "region_name", "鄂尔多斯市", "hazards", "found", 91126, "major_found", 339,
	    "rectification_rate", 0.9416, "enforcement", "fines_fen", (json_int_t)7125300000,
	    "activities", "lecture", "sessions", 3512, "participants", 138420);
}

static void
fill_writes_every_filter(void **state)
{
	json_t *s = summary(), *errs = json_array();
	char   *out = NULL;

	(void)state;
	assert_int_equal(annual_fill("# {{region_name}}{{year}}年\n"
				     "排查{{hazards.found|wan}}项，重大{{hazards.major_found}}项，"
				     "整改率{{ hazards.rectification_rate | percent }}。\n"
				     "罚款{{enforcement.fines_fen|wanyuan}}；宣讲"
				     "{{activities.lecture.sessions|duo:100}}场，"
				     "{{activities.lecture.participants|wanyu}}人。",
			     s, &out, errs),
	    APP_OK);
	assert_string_equal(out,
	    "# 鄂尔多斯市2024年\n排查9.11万项，重大339项，整改率94.16%。\n"
	    "罚款7125余万元；宣讲3500多场，13.8万余人。");
	assert_int_equal(json_array_size(errs), 0);
	free(out);
	json_decref(errs);
	json_decref(s);
}

/* Every problem is reported, each naming its line; nothing is written. */
static void
fill_names_each_bad_placeholder(void **state)
{
	json_t     *s = summary(), *errs = json_array();
	char       *out = (char *)"x";
	const char *m[5];
	size_t      i;

	(void)state;
	assert_int_equal(annual_fill("开头\n{{hazards.lost}}\n{{hazards.found|wen}}\n"
				     "{{region_name|wan}} {{hazards}}\n{{hazards.found|duo}} "
				     "{{year",
			     s, &out, errs),
	    APP_EINVAL);
	assert_null(out);
	assert_int_equal(json_array_size(errs), 6);
	for (i = 0; i < 5; i++) {
		m[i] = json_string_value(json_object_get(json_array_get(errs, i), "message"));
		assert_string_equal(
		    json_string_value(json_object_get(json_array_get(errs, i), "field")), "body");
	}
	assert_non_null(strstr(m[0], "第2行 {{hazards.lost}}"));
	assert_non_null(strstr(m[1], "第3行 {{hazards.found|wen}}：未知的格式"));
	assert_non_null(strstr(m[2], "第4行 {{region_name|wan}}"));
	assert_non_null(strstr(m[3], "第4行 {{hazards}}"));
	assert_non_null(strstr(m[4], "第5行 {{hazards.found|duo}}"));
	assert_non_null(
	    strstr(json_string_value(json_object_get(json_array_get(errs, 5), "message")),
		"第5行：占位符 {{ 没有在同一行以 }} 结束"));
	json_decref(errs);
	json_decref(s);
}

static void
fill_keeps_text_without_placeholders(void **state)
{
	json_t *s = summary(), *errs = json_array();
	char   *out = NULL;

	(void)state;
	assert_int_equal(annual_fill("没有占位符的一段话。{ 单个括号 }", s, &out, errs), APP_OK);
	assert_string_equal(out, "没有占位符的一段话。{ 单个括号 }");
	free(out);
	json_decref(errs);
	json_decref(s);
}

#define T(f) cmocka_unit_test(f)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		T(count_below_ten_thousand_is_digits),
		T(count_from_ten_thousand_is_wan_with_two_decimals),
		T(wanyuan_rounds_down_with_yu),
		T(about_rounds_down_to_the_step),
		T(wan_about_rounds_down_to_a_tenth),
		T(percent_has_two_decimals),
		T(fill_writes_every_filter),
		T(fill_names_each_bad_placeholder),
		T(fill_keeps_text_without_placeholders),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
