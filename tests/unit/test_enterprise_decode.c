/*
 * enterprise_decode: field-level validation of enterprise input (docs/api.md, the
 * enterprise table), normalisation, and the fields an enterprise user may change.
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

#define VALID_USCC "91350100M000100Y43"

struct fx {
	struct arena *arena;
	json_t       *errs;
	json_t       *clean;
};

static int
setup(void **state)
{
	struct fx *fx = calloc(1, sizeof(*fx));

	if (fx == NULL)
		return -1;
	fx->arena = arena_new(4096);
	*state = fx;
	return 0;
}

static void
fx_clear(struct fx *fx)
{
	json_decref(fx->errs);
	json_decref(fx->clean);
	fx->errs = fx->clean = NULL;
}

static int
teardown(void **state)
{
	struct fx *fx = *state;

	fx_clear(fx);
	arena_free(fx->arena);
	free(fx);
	return 0;
}

/* Decodes the JSON text; the errors and clean object stay in fx until the next call. */
static void
decode(struct fx *fx, const char *text, bool create, enum enterprise_editor ed)
{
	json_error_t je;
	json_t      *in = json_loads(text, 0, &je);

	if (in == NULL)
		fail_msg("test JSON does not parse: %s: %s", je.text, text);
	fx_clear(fx);
	fx->errs = json_array();
	enterprise_decode(fx->arena, in, create, ed, fx->errs, &fx->clean);
	json_decref(in);
	assert_non_null(fx->clean);
}

static bool
has_err(struct fx *fx, const char *field)
{
	size_t  i;
	json_t *e;

	json_array_foreach(fx->errs, i, e)
	{
		const char *f = json_string_value(json_object_get(e, "field"));
		const char *m = json_string_value(json_object_get(e, "message"));

		assert_non_null(f);
		assert_non_null(m);
		assert_true(m[0] != '\0');
		if (strcmp(f, field) == 0)
			return true;
	}
	return false;
}

/* The errors as text, for failure messages (fail_msg jumps away: nothing to free). */
static const char *
errs_text(struct fx *fx)
{
	static char buf[2048];
	size_t      n = json_dumpb(fx->errs, buf, sizeof(buf) - 1, JSON_COMPACT);

	if (n == 0 || n >= sizeof(buf))
		return "(errors too long to show)";
	buf[n] = '\0';
	return buf;
}

static void
expect_only_err(struct fx *fx, const char *field)
{
	if (json_array_size(fx->errs) != 1 || !has_err(fx, field))
		fail_msg("want one error naming %s, got %s", field, errs_text(fx));
}

static void
expect_no_err(struct fx *fx)
{
	if (json_array_size(fx->errs) != 0)
		fail_msg("want no errors, got %s", errs_text(fx));
}

static const char *
clean_str(struct fx *fx, const char *key)
{
	json_t *v = json_object_get(fx->clean, key);

	if (v == NULL || !json_is_string(v))
		fail_msg("clean.%s is not a string", key);
	return json_string_value(v);
}

/* The four required fields with valid values, then the extra members given. */
static void
decode_create(struct fx *fx, const char *extra)
{
	char *text = arena_printf(fx->arena,
	    "{\"name\":\"鄂尔多斯市某某化工有限公司\","
	    "\"uscc\":\"" VALID_USCC "\",\"region_code\":\"150602\",\"sector\":\"hazchem\"%s%s}",
	    extra[0] != '\0' ? "," : "", extra);

	decode(fx, text, true, EDITOR_STAFF);
}

/* One member alone, as an update by staff. */
static void
decode_update(struct fx *fx, const char *member)
{
	decode(fx, arena_printf(fx->arena, "{%s}", member), false, EDITOR_STAFF);
}

/* ---- create: required fields ---- */

static void
decode_create_accepts_required_fields(void **state)
{
	struct fx *fx = *state;

	decode_create(fx, "");
	expect_no_err(fx);
	assert_string_equal(clean_str(fx, "name"), "鄂尔多斯市某某化工有限公司");
	assert_string_equal(clean_str(fx, "uscc"), VALID_USCC);
	assert_string_equal(clean_str(fx, "region_code"), "150602");
	assert_string_equal(clean_str(fx, "sector"), "hazchem");
}

static void
decode_create_accepts_every_field(void **state)
{
	struct fx *fx = *state;

	decode_create(fx,
	    "\"address\":\"东胜区铁西路2号\",\"lat\":39.8,\"lon\":109.99,"
	    "\"scale\":\"medium\",\"employees\":120,\"legal_rep\":\"张三\",\"principal\":\"李四\","
	    "\"principal_phone\":\"0477-8581234\",\"safety_manager\":\"王五\",\"hazchem\":true,"
	    "\"major_hazard_source\":false,\"risk_color\":\"orange\",\"supervising_org_id\":3");
	expect_no_err(fx);
	assert_string_equal(clean_str(fx, "scale"), "medium");
	assert_string_equal(clean_str(fx, "risk_color"), "orange");
	assert_string_equal(clean_str(fx, "principal_phone"), "0477-8581234");
	assert_true(json_is_true(json_object_get(fx->clean, "hazchem")));
	assert_true(json_is_false(json_object_get(fx->clean, "major_hazard_source")));
	assert_int_equal(json_integer_value(json_object_get(fx->clean, "employees")), 120);
	assert_int_equal(json_integer_value(json_object_get(fx->clean, "supervising_org_id")), 3);
	assert_true(json_number_value(json_object_get(fx->clean, "lat")) == 39.8);
	assert_true(json_number_value(json_object_get(fx->clean, "lon")) == 109.99);
}

static void
decode_create_requires_name(void **state)
{
	struct fx *fx = *state;

	decode(fx,
	    "{\"uscc\":\"" VALID_USCC "\",\"region_code\":\"150602\","
	    "\"sector\":\"hazchem\"}",
	    true, EDITOR_STAFF);
	expect_only_err(fx, "name");
}

static void
decode_create_requires_uscc(void **state)
{
	struct fx *fx = *state;

	decode(fx, "{\"name\":\"某某公司\",\"region_code\":\"150602\",\"sector\":\"hazchem\"}",
	    true, EDITOR_STAFF);
	expect_only_err(fx, "uscc");
}

static void
decode_create_requires_region_code(void **state)
{
	struct fx *fx = *state;

	decode(fx, "{\"name\":\"某某公司\",\"uscc\":\"" VALID_USCC "\",\"sector\":\"hazchem\"}",
	    true, EDITOR_STAFF);
	expect_only_err(fx, "region_code");
}

static void
decode_create_requires_sector(void **state)
{
	struct fx *fx = *state;

	decode(fx,
	    "{\"name\":\"某某公司\",\"uscc\":\"" VALID_USCC "\","
	    "\"region_code\":\"150602\"}",
	    true, EDITOR_STAFF);
	expect_only_err(fx, "sector");
}

static void
decode_create_of_empty_object_names_all_required(void **state)
{
	struct fx *fx = *state;

	decode(fx, "{}", true, EDITOR_STAFF);
	assert_int_equal(json_array_size(fx->errs), 4);
	assert_true(has_err(fx, "name"));
	assert_true(has_err(fx, "uscc"));
	assert_true(has_err(fx, "region_code"));
	assert_true(has_err(fx, "sector"));
}

static void
decode_create_rejects_null_or_blank_required(void **state)
{
	struct fx *fx = *state;

	decode(fx, "{\"name\":null,\"uscc\":\"  \",\"region_code\":\"\",\"sector\":null}", true,
	    EDITOR_STAFF);
	assert_true(has_err(fx, "name"));
	assert_true(has_err(fx, "uscc"));
	assert_true(has_err(fx, "region_code"));
	assert_true(has_err(fx, "sector"));
	assert_null(json_object_get(fx->clean, "name"));
}

/* ---- update: only what is given ---- */

static void
decode_update_of_empty_object_is_clean(void **state)
{
	struct fx *fx = *state;

	decode(fx, "{}", false, EDITOR_STAFF);
	expect_no_err(fx);
	assert_int_equal(json_object_size(fx->clean), 0);
}

static void
decode_update_returns_only_given_fields(void **state)
{
	struct fx *fx = *state;

	decode_update(fx, "\"employees\":5");
	expect_no_err(fx);
	assert_int_equal(json_object_size(fx->clean), 1);
	assert_int_equal(json_integer_value(json_object_get(fx->clean, "employees")), 5);
}

static void
decode_update_cannot_clear_required_field(void **state)
{
	struct fx *fx = *state;

	decode_update(fx, "\"name\":null");
	expect_only_err(fx, "name");
	decode_update(fx, "\"sector\":\"\"");
	expect_only_err(fx, "sector");
}

/* ---- each field's rule ---- */

static void
decode_name_length_limits(void **state)
{
	struct fx *fx = *state;
	char       name[101 * 3 + 1];
	int        i;

	decode_update(fx, "\"name\":\"A\"");
	expect_only_err(fx, "name");
	decode_update(fx, "\"name\":\"安监\"");
	expect_no_err(fx);
	for (i = 0; i < 100; i++)
		memcpy(name + i * 3, "企", 3);
	name[300] = '\0';
	decode_update(fx, arena_printf(fx->arena, "\"name\":\"%s\"", name));
	expect_no_err(fx);
	memcpy(name + 300, "企", 3);
	name[303] = '\0';
	decode_update(fx, arena_printf(fx->arena, "\"name\":\"%s\"", name));
	expect_only_err(fx, "name");
}

static void
decode_name_must_be_text(void **state)
{
	struct fx *fx = *state;

	decode_update(fx, "\"name\":123");
	expect_only_err(fx, "name");
	decode_update(fx, "\"name\":[\"a\",\"b\"]");
	expect_only_err(fx, "name");
}

static void
decode_name_rejects_control_characters(void **state)
{
	struct fx *fx = *state;

	decode_update(fx, "\"name\":\"某某\\u0007公司\"");
	expect_only_err(fx, "name");
}

static void
decode_trims_strings(void **state)
{
	struct fx *fx = *state;

	decode(fx,
	    "{\"name\":\"  某某化工  \",\"uscc\":\" " VALID_USCC "\\t\","
	    "\"region_code\":\" 150602 \",\"sector\":\" hazchem \",\"address\":\"\\n 铁西路 \","
	    "\"principal\":\" 李四 \",\"principal_phone\":\" 13912345678 \"}",
	    true, EDITOR_STAFF);
	expect_no_err(fx);
	assert_string_equal(clean_str(fx, "name"), "某某化工");
	assert_string_equal(clean_str(fx, "uscc"), VALID_USCC);
	assert_string_equal(clean_str(fx, "region_code"), "150602");
	assert_string_equal(clean_str(fx, "sector"), "hazchem");
	assert_string_equal(clean_str(fx, "address"), "铁西路");
	assert_string_equal(clean_str(fx, "principal"), "李四");
	assert_string_equal(clean_str(fx, "principal_phone"), "13912345678");
}

static void
decode_uscc_lowercase_is_normalised_to_uppercase(void **state)
{
	struct fx *fx = *state;

	decode_update(fx, "\"uscc\":\"91350100m000100y43\"");
	expect_no_err(fx);
	assert_string_equal(clean_str(fx, "uscc"), VALID_USCC);
	decode_update(fx, "\"uscc\":\"9144030071526726xg\"");
	expect_no_err(fx);
	assert_string_equal(clean_str(fx, "uscc"), "9144030071526726XG");
}

static void
decode_uscc_rejects_wrong_check_character(void **state)
{
	struct fx *fx = *state;

	decode_update(fx, "\"uscc\":\"91350100M000100Y44\"");
	expect_only_err(fx, "uscc");
	assert_null(json_object_get(fx->clean, "uscc"));
}

static void
decode_uscc_rejects_wrong_length(void **state)
{
	struct fx *fx = *state;

	decode_update(fx, "\"uscc\":\"91350100M000100Y4\"");
	expect_only_err(fx, "uscc");
	decode_update(fx, "\"uscc\":\"91350100M000100Y433\"");
	expect_only_err(fx, "uscc");
}

static void
decode_uscc_rejects_excluded_letters(void **state)
{
	struct fx *fx = *state;

	decode_update(fx, "\"uscc\":\"91350100O000100Y43\"");
	expect_only_err(fx, "uscc");
	/* Lower-case i is not normalised into an accepted code either. */
	decode_update(fx, "\"uscc\":\"91350100i000100Y43\"");
	expect_only_err(fx, "uscc");
}

static void
decode_region_code_accepts_6_or_9_digits(void **state)
{
	struct fx *fx = *state;

	decode_update(fx, "\"region_code\":\"150602\"");
	expect_no_err(fx);
	decode_update(fx, "\"region_code\":\"150602001\"");
	expect_no_err(fx);
	assert_string_equal(clean_str(fx, "region_code"), "150602001");
}

static void
decode_region_code_rejects_other_shapes(void **state)
{
	static const char *const bad[] = { "15060", "1506021", "15060200", "1506020011", "15060a",
		"15 602", "１５０６０２", "-15060", NULL };
	struct fx               *fx = *state;
	size_t                   i;

	for (i = 0; bad[i] != NULL; i++) {
		decode_update(fx, arena_printf(fx->arena, "\"region_code\":\"%s\"", bad[i]));
		expect_only_err(fx, "region_code");
	}
	decode_update(fx, "\"region_code\":150602");
	expect_only_err(fx, "region_code");
}

static void
decode_lat_lon_ranges(void **state)
{
	struct fx *fx = *state;

	decode_update(fx, "\"lat\":-90,\"lon\":180");
	expect_no_err(fx);
	decode_update(fx, "\"lat\":90,\"lon\":-180");
	expect_no_err(fx);
	decode_update(fx, "\"lat\":90.0001");
	expect_only_err(fx, "lat");
	decode_update(fx, "\"lat\":-90.5");
	expect_only_err(fx, "lat");
	decode_update(fx, "\"lon\":180.5");
	expect_only_err(fx, "lon");
	decode_update(fx, "\"lon\":-181");
	expect_only_err(fx, "lon");
}

static void
decode_lat_integer_is_a_number(void **state)
{
	struct fx *fx = *state;

	decode_update(fx, "\"lat\":40,\"lon\":110");
	expect_no_err(fx);
	assert_true(json_number_value(json_object_get(fx->clean, "lat")) == 40.0);
}

static void
decode_lat_lon_must_be_numbers(void **state)
{
	struct fx *fx = *state;

	decode_update(fx, "\"lat\":\"39.8\"");
	expect_only_err(fx, "lat");
	decode_update(fx, "\"lon\":true");
	expect_only_err(fx, "lon");
}

static void
decode_lat_null_clears(void **state)
{
	struct fx *fx = *state;

	decode_update(fx, "\"lat\":null,\"lon\":null");
	expect_no_err(fx);
	assert_true(json_is_null(json_object_get(fx->clean, "lat")));
	assert_true(json_is_null(json_object_get(fx->clean, "lon")));
}

static void
decode_scale_enum(void **state)
{
	static const char *const ok[] = { "large", "medium", "small", "micro", NULL };
	static const char *const bad[] = { "huge", "Large", "大型", "", NULL };
	struct fx               *fx = *state;
	size_t                   i;

	for (i = 0; ok[i] != NULL; i++) {
		decode_update(fx, arena_printf(fx->arena, "\"scale\":\"%s\"", ok[i]));
		expect_no_err(fx);
		assert_string_equal(clean_str(fx, "scale"), ok[i]);
	}
	for (i = 0; bad[i] != NULL; i++) {
		decode_update(fx, arena_printf(fx->arena, "\"scale\":\"%s\"", bad[i]));
		expect_only_err(fx, "scale");
	}
	decode_update(fx, "\"scale\":1");
	expect_only_err(fx, "scale");
}

static void
decode_employees_range(void **state)
{
	struct fx *fx = *state;

	decode_update(fx, "\"employees\":0");
	expect_no_err(fx);
	decode_update(fx, "\"employees\":1000000");
	expect_no_err(fx);
	decode_update(fx, "\"employees\":-1");
	expect_only_err(fx, "employees");
	decode_update(fx, "\"employees\":1000001");
	expect_only_err(fx, "employees");
	decode_update(fx, "\"employees\":12.5");
	expect_only_err(fx, "employees");
	decode_update(fx, "\"employees\":\"120\"");
	expect_only_err(fx, "employees");
}

static void
decode_phone_accepts_mobile_and_landline(void **state)
{
	static const char *const ok[] = { "13912345678", "19800000000", "0477-8581234",
		"04778581234", "010-12345678", "8581234", NULL };
	struct fx               *fx = *state;
	size_t                   i;

	for (i = 0; ok[i] != NULL; i++) {
		decode_update(fx, arena_printf(fx->arena, "\"principal_phone\":\"%s\"", ok[i]));
		expect_no_err(fx);
		assert_string_equal(clean_str(fx, "principal_phone"), ok[i]);
	}
}

static void
decode_phone_rejects_other_shapes(void **state)
{
	static const char *const bad[] = { "abc", "+86 13912345678", "139 1234 5678", "-4778581234",
		"0477-858123-", "123456", "0477-85812345678901234", "1391234567a",
		"电话13912345678", NULL };
	struct fx               *fx = *state;
	size_t                   i;

	for (i = 0; bad[i] != NULL; i++) {
		decode_update(fx, arena_printf(fx->arena, "\"principal_phone\":\"%s\"", bad[i]));
		expect_only_err(fx, "principal_phone");
	}
}

static void
decode_phone_empty_clears(void **state)
{
	struct fx *fx = *state;

	decode_update(fx, "\"principal_phone\":\"\"");
	expect_no_err(fx);
	assert_string_equal(clean_str(fx, "principal_phone"), "");
}

static void
decode_hazchem_must_be_boolean(void **state)
{
	struct fx *fx = *state;

	decode_update(fx, "\"hazchem\":true,\"major_hazard_source\":false");
	expect_no_err(fx);
	decode_update(fx, "\"hazchem\":\"yes\"");
	expect_only_err(fx, "hazchem");
	decode_update(fx, "\"hazchem\":1");
	expect_only_err(fx, "hazchem");
	decode_update(fx, "\"hazchem\":\"是\"");
	expect_only_err(fx, "hazchem");
	decode_update(fx, "\"major_hazard_source\":0");
	expect_only_err(fx, "major_hazard_source");
}

static void
decode_risk_color_enum(void **state)
{
	static const char *const ok[] = { "red", "orange", "yellow", "blue", NULL };
	struct fx               *fx = *state;
	size_t                   i;

	for (i = 0; ok[i] != NULL; i++) {
		decode_update(fx, arena_printf(fx->arena, "\"risk_color\":\"%s\"", ok[i]));
		expect_no_err(fx);
		assert_string_equal(clean_str(fx, "risk_color"), ok[i]);
	}
	decode_update(fx, "\"risk_color\":\"purple\"");
	expect_only_err(fx, "risk_color");
	decode_update(fx, "\"risk_color\":\"红\"");
	expect_only_err(fx, "risk_color");
	decode_update(fx, "\"risk_color\":\"RED\"");
	expect_only_err(fx, "risk_color");
}

static void
decode_supervising_org_id_must_be_positive_integer(void **state)
{
	struct fx *fx = *state;

	decode_update(fx, "\"supervising_org_id\":1");
	expect_no_err(fx);
	decode_update(fx, "\"supervising_org_id\":0");
	expect_only_err(fx, "supervising_org_id");
	decode_update(fx, "\"supervising_org_id\":-3");
	expect_only_err(fx, "supervising_org_id");
	decode_update(fx, "\"supervising_org_id\":\"3\"");
	expect_only_err(fx, "supervising_org_id");
}

static void
decode_address_length_limit(void **state)
{
	struct fx *fx = *state;
	char       s[202];

	memset(s, 'a', 200);
	s[200] = '\0';
	decode_update(fx, arena_printf(fx->arena, "\"address\":\"%s\"", s));
	expect_no_err(fx);
	s[200] = 'a';
	s[201] = '\0';
	decode_update(fx, arena_printf(fx->arena, "\"address\":\"%s\"", s));
	expect_only_err(fx, "address");
}

static void
decode_rejects_unknown_field(void **state)
{
	struct fx *fx = *state;

	decode_create(fx, "\"remark\":\"x\"");
	expect_only_err(fx, "remark");
	decode_update(fx, "\"Name\":\"大小写不同\"");
	expect_only_err(fx, "Name");
}

static void
decode_rejects_read_only_fields(void **state)
{
	static const char *const ro[] = { "status", "id", "status_reason", "region_name",
		"sector_name", "supervising_org_name", "created_at", "updated_at", NULL };
	struct fx               *fx = *state;
	size_t                   i;

	for (i = 0; ro[i] != NULL; i++) {
		decode_update(fx, arena_printf(fx->arena, "\"%s\":\"x\"", ro[i]));
		expect_only_err(fx, ro[i]);
	}
	decode_create(fx, "\"status\":\"active\"");
	expect_only_err(fx, "status");
}

static void
decode_names_every_bad_field_at_once(void **state)
{
	struct fx *fx = *state;

	decode(fx,
	    "{\"name\":\"A\",\"uscc\":\"91350100M000100Y44\",\"region_code\":\"1\","
	    "\"sector\":\"hazchem\",\"lat\":100,\"scale\":\"x\",\"risk_color\":\"x\","
	    "\"hazchem\":\"x\",\"foo\":1}",
	    true, EDITOR_STAFF);
	assert_true(has_err(fx, "name"));
	assert_true(has_err(fx, "uscc"));
	assert_true(has_err(fx, "region_code"));
	assert_true(has_err(fx, "lat"));
	assert_true(has_err(fx, "scale"));
	assert_true(has_err(fx, "risk_color"));
	assert_true(has_err(fx, "hazchem"));
	assert_true(has_err(fx, "foo"));
	assert_false(has_err(fx, "sector"));
	assert_int_equal(json_array_size(fx->errs), 8);
}

/* ---- the enterprise user edits contact fields only ---- */

static void
decode_enterprise_editor_may_change_contact_fields(void **state)
{
	struct fx *fx = *state;

	decode(fx,
	    "{\"address\":\"新地址\",\"lat\":39.5,\"lon\":109.8,\"scale\":\"small\","
	    "\"employees\":30,\"legal_rep\":\"张三\",\"principal\":\"李四\","
	    "\"principal_phone\":\"13912345678\",\"safety_manager\":\"王五\"}",
	    false, EDITOR_ENTERPRISE);
	expect_no_err(fx);
	assert_string_equal(clean_str(fx, "address"), "新地址");
}

static void
decode_enterprise_editor_may_not_change_registry_fields(void **state)
{
	static const char *const members[][2] = {
		{ "name", "\"name\":\"改名公司\"" },
		{ "uscc", "\"uscc\":\"" VALID_USCC "\"" },
		{ "region_code", "\"region_code\":\"150603\"" },
		{ "sector", "\"sector\":\"mining\"" },
		{ "hazchem", "\"hazchem\":false" },
		{ "major_hazard_source", "\"major_hazard_source\":false" },
		{ "risk_color", "\"risk_color\":\"blue\"" },
		{ "supervising_org_id", "\"supervising_org_id\":2" },
	};
	struct fx *fx = *state;
	size_t     i;

	for (i = 0; i < sizeof(members) / sizeof(members[0]); i++) {
		decode(
		    fx, arena_printf(fx->arena, "{%s}", members[i][1]), false, EDITOR_ENTERPRISE);
		expect_only_err(fx, members[i][0]);
	}
}

static void
decode_enterprise_editor_may_not_change_read_only_fields(void **state)
{
	struct fx *fx = *state;

	decode(fx, "{\"status\":\"closed\"}", false, EDITOR_ENTERPRISE);
	expect_only_err(fx, "status");
}

static void
decode_staff_may_change_registry_fields(void **state)
{
	struct fx *fx = *state;

	decode(fx,
	    "{\"name\":\"改名公司\",\"hazchem\":false,\"risk_color\":\"blue\","
	    "\"supervising_org_id\":2}",
	    false, EDITOR_STAFF);
	expect_no_err(fx);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		T(decode_create_accepts_required_fields),
		T(decode_create_accepts_every_field),
		T(decode_create_requires_name),
		T(decode_create_requires_uscc),
		T(decode_create_requires_region_code),
		T(decode_create_requires_sector),
		T(decode_create_of_empty_object_names_all_required),
		T(decode_create_rejects_null_or_blank_required),
		T(decode_update_of_empty_object_is_clean),
		T(decode_update_returns_only_given_fields),
		T(decode_update_cannot_clear_required_field),
		T(decode_name_length_limits),
		T(decode_name_must_be_text),
		T(decode_name_rejects_control_characters),
		T(decode_trims_strings),
		T(decode_uscc_lowercase_is_normalised_to_uppercase),
		T(decode_uscc_rejects_wrong_check_character),
		T(decode_uscc_rejects_wrong_length),
		T(decode_uscc_rejects_excluded_letters),
		T(decode_region_code_accepts_6_or_9_digits),
		T(decode_region_code_rejects_other_shapes),
		T(decode_lat_lon_ranges),
		T(decode_lat_integer_is_a_number),
		T(decode_lat_lon_must_be_numbers),
		T(decode_lat_null_clears),
		T(decode_scale_enum),
		T(decode_employees_range),
		T(decode_phone_accepts_mobile_and_landline),
		T(decode_phone_rejects_other_shapes),
		T(decode_phone_empty_clears),
		T(decode_hazchem_must_be_boolean),
		T(decode_risk_color_enum),
		T(decode_supervising_org_id_must_be_positive_integer),
		T(decode_address_length_limit),
		T(decode_rejects_unknown_field),
		T(decode_rejects_read_only_fields),
		T(decode_names_every_bad_field_at_once),
		T(decode_enterprise_editor_may_change_contact_fields),
		T(decode_enterprise_editor_may_not_change_registry_fields),
		T(decode_enterprise_editor_may_not_change_read_only_fields),
		T(decode_staff_may_change_registry_fields),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
