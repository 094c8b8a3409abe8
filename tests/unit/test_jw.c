/* The JSON text writer: its output parses, with the same values, as jansson reads them. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "core/jw.h"

/* The writer's text, parsed; fails the test when it is not valid JSON. */
static json_t *
parse(struct jw *w, char **text)
{
	json_error_t e;
	size_t       len;
	json_t      *j;

	*text = jw_take(w, &len);
	assert_int_equal(strlen(*text), len);
	j = json_loads(*text, JSON_REJECT_DUPLICATES, &e);
	if (j == NULL)
		fail_msg("not JSON: %s (%s)", *text, e.text);
	return j;
}

static void
jw_writes_nested_objects_and_arrays_with_commas(void **state)
{
	struct jw w;
	json_t   *j, *want;
	char     *text;

	(void)state;
	jw_init(&w);
	jw_obj(&w);
	jw_key(&w, "items");
	jw_arr(&w);
	jw_obj(&w);
	jw_key(&w, "a");
	jw_int(&w, 1);
	jw_key(&w, "b");
	jw_arr(&w);
	jw_arr_end(&w);
	jw_obj_end(&w);
	jw_obj(&w);
	jw_obj_end(&w);
	jw_int(&w, -9007199254740993LL);
	jw_arr_end(&w);
	jw_key(&w, "next");
	jw_str(&w, NULL);
	jw_key(&w, "ok");
	jw_bool(&w, true);
	jw_key(&w, "no");
	jw_bool(&w, false);
	jw_obj_end(&w);
	j = parse(&w, &text);
	want = json_loads("{\"items\":[{\"a\":1,\"b\":[]},{},-9007199254740993],"
			  "\"next\":null,\"ok\":true,\"no\":false}",
	    0, NULL);
	assert_true(json_equal(j, want));
	json_decref(j);
	json_decref(want);
	free(text);
}

static void
jw_escapes_quotes_backslashes_and_control_characters(void **state)
{
	static const char s[] = "引号\"反斜杠\\换行\n制表\t回车\r响铃\x07结束";
	struct jw         w;
	json_t           *j;
	char             *text;

	(void)state;
	jw_init(&w);
	jw_arr(&w);
	jw_str(&w, s);
	jw_str(&w, "");
	jw_arr_end(&w);
	j = parse(&w, &text);
	assert_string_equal(json_string_value(json_array_get(j, 0)), s);
	assert_string_equal(json_string_value(json_array_get(j, 1)), "");
	assert_non_null(strstr(text, "\\u0007"));
	json_decref(j);
	free(text);
}

static void
jw_writes_reals_as_reals_with_twelve_digits(void **state)
{
	struct jw w;
	json_t   *j;
	char     *text;

	(void)state;
	jw_init(&w);
	jw_arr(&w);
	jw_real(&w, 40.0);
	jw_real(&w, 109.405727);
	jw_real(&w, -0.5);
	jw_real(&w, 1e21);
	jw_arr_end(&w);
	j = parse(&w, &text);
	assert_true(json_is_real(json_array_get(j, 0)));
	assert_true(json_real_value(json_array_get(j, 0)) == 40.0);
	assert_true(json_real_value(json_array_get(j, 1)) == 109.405727);
	assert_true(json_real_value(json_array_get(j, 2)) == -0.5);
	assert_true(json_real_value(json_array_get(j, 3)) == 1e21);
	assert_string_equal(text, "[40.0,109.405727,-0.5,1e+21]");
	json_decref(j);
	free(text);
}

/* The fast path for short decimals must write what "%.12g" (and jansson) would. */
static void
jw_real_matches_printf_for_many_values(void **state)
{
	static const double vals[] = { 0.0, 1.0, -1.0, 0.5, 39.123456, 109.405727, 40.017837,
		-107.2, 999999.999999, 123456.5, 0.000001, 0.0000005, 1e-7, 12345678.9,
		3.14159265358979, 40.1, 110.251827, -0.000001, -0.0, 0.0001, 0.00012 };
	struct jw           w;
	char                want[64], *text;
	size_t              i, len;

	(void)state;
	for (i = 0; i < sizeof(vals) / sizeof(vals[0]); i++) {
		jw_init(&w);
		jw_real(&w, vals[i]);
		text = jw_take(&w, &len);
		snprintf(want, sizeof(want), "%.12g", vals[i]);
		if (strpbrk(want, ".eEn") == NULL)
			strcat(want, ".0");
		if (strcmp(text, want) != 0)
			fail_msg("%.17g: wrote %s, \"%%.12g\" gives %s", vals[i], text, want);
		free(text);
	}
}

static void
jw_grows_its_buffer_for_long_output(void **state)
{
	struct jw w;
	json_t   *j;
	char     *text;
	int       i;

	(void)state;
	jw_init(&w);
	jw_arr(&w);
	for (i = 0; i < 20000; i++)
		jw_str(&w, "企业名称企业名称");
	jw_arr_end(&w);
	j = parse(&w, &text);
	assert_int_equal(json_array_size(j), 20000);
	json_decref(j);
	free(text);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(jw_writes_nested_objects_and_arrays_with_commas),
		cmocka_unit_test(jw_escapes_quotes_backslashes_and_control_characters),
		cmocka_unit_test(jw_writes_reals_as_reals_with_twelve_digits),
		cmocka_unit_test(jw_real_matches_printf_for_many_values),
		cmocka_unit_test(jw_grows_its_buffer_for_long_output),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
