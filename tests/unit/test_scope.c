/*
 * Data scope: region ranges, the scope of each role, the C test, and agreement between the
 * C test and the SQL predicate on a real store.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "auth/auth.h"
#include "auth/scope.h"
#include "store/store.h"

/* ---- region_range ---- */

static void
check_range(const char *code, const char *lo, const char *hi)
{
	char l[16], h[16];

	memset(l, 'X', sizeof(l));
	memset(h, 'X', sizeof(h));
	region_range(code, l, h);
	if (strcmp(l, lo) != 0 || strcmp(h, hi) != 0)
		fail_msg("region_range(%s) = [%s, %s), want [%s, %s)", code, l, h, lo, hi);
}

static void
region_range_of_province_keeps_two_digits(void **state)
{
	(void)state;
	check_range("150000", "15", "16");
}

static void
region_range_of_city_keeps_four_digits(void **state)
{
	(void)state;
	check_range("150600", "1506", "1507");
}

static void
region_range_of_county_is_its_own_prefix(void **state)
{
	(void)state;
	check_range("150602", "150602", "150603");
}

static void
region_range_of_township_is_its_own_prefix(void **state)
{
	(void)state;
	check_range("150602001", "150602001", "150602002");
}

static void
region_range_carries_9_to_colon(void **state)
{
	(void)state;
	/* ':' follows '9' in ASCII, so "15062:" is above every 15062x code. */
	check_range("150629", "150629", "15062:");
	check_range("150900", "1509", "150:");
	check_range("190000", "19", "1:");
	check_range("150602009", "150602009", "15060200:");
}

static void
region_range_of_empty_code_is_empty(void **state)
{
	char lo[16], hi[16];

	(void)state;
	region_range("", lo, hi);
	/* No code lies in [lo, hi). */
	assert_true(strcmp(lo, hi) >= 0);
}

static void
region_range_upper_bound_excludes_neighbours(void **state)
{
	char lo[16], hi[16];

	(void)state;
	region_range("150629", lo, hi);
	assert_true(strcmp("150629", lo) >= 0 && strcmp("150629", hi) < 0);
	assert_true(strcmp("150629101", lo) >= 0 && strcmp("150629101", hi) < 0);
	assert_false(strcmp("150630", hi) < 0);
	assert_false(strcmp("150628999", lo) >= 0);
}

/* ---- scope_of and scope_contains ---- */

static struct actor
actor(enum role role, const char *region, const char *sectors, int64_t enterprise_id)
{
	struct actor a;

	memset(&a, 0, sizeof(a));
	a.user_id = 1;
	a.role = role;
	a.org_id = region != NULL ? 1 : 0;
	a.region_code = region;
	a.sectors = sectors;
	a.enterprise_id = enterprise_id;
	return a;
}

static struct scope
scope_for(enum role role, const char *region, const char *sectors, int64_t enterprise_id)
{
	struct actor a = actor(role, region, sectors, enterprise_id);
	struct scope s;

	scope_of(&a, &s);
	return s;
}

static void
scope_of_admin_is_everything(void **state)
{
	struct scope s = scope_for(ROLE_ADMIN, "", "", 0);

	(void)state;
	assert_null(s.sectors);
	assert_int_equal(s.enterprise_id, 0);
	assert_true(scope_contains(&s, "150602", "construction", 1));
	assert_true(scope_contains(&s, "150700", "mining", 99));
	assert_true(scope_contains(&s, "110101001", "hazchem", 5));
	assert_true(scope_contains(&s, "", "", 1));
}

static void
scope_of_admin_ignores_org_region(void **state)
{
	struct scope s = scope_for(ROLE_ADMIN, "150602", ",mining,", 0);

	(void)state;
	assert_true(scope_contains(&s, "150700", "construction", 3));
}

static void
scope_of_city_is_city_subtree(void **state)
{
	struct scope s = scope_for(ROLE_CITY, "150600", "", 0);

	(void)state;
	assert_null(s.sectors);
	assert_true(scope_contains(&s, "150600", "mining", 1));
	assert_true(scope_contains(&s, "150602", "mining", 1));
	assert_true(scope_contains(&s, "150602001", "construction", 2));
	assert_true(scope_contains(&s, "150629", "construction", 2));
	assert_false(scope_contains(&s, "150700", "mining", 1));
	assert_false(scope_contains(&s, "150500", "mining", 1));
	assert_false(scope_contains(&s, "160600", "mining", 1));
	assert_false(
	    scope_contains(&s, "15060", "mining", 1) && scope_contains(&s, "150", "mining", 1));
}

static void
scope_of_city_ignores_org_sectors(void **state)
{
	struct scope s = scope_for(ROLE_CITY, "150600", ",construction,", 0);

	(void)state;
	assert_null(s.sectors);
	assert_true(scope_contains(&s, "150602", "mining", 1));
}

static void
check_regional_role(enum role role)
{
	struct scope s = scope_for(role, "150602", "", 0);

	assert_null(s.sectors);
	assert_int_equal(s.enterprise_id, 0);
	assert_true(scope_contains(&s, "150602", "mining", 1));
	assert_true(scope_contains(&s, "150602001", "city_gas", 2));
	assert_true(scope_contains(&s, "150602101", "construction", 3));
	assert_false(scope_contains(&s, "150603", "mining", 1));
	assert_false(scope_contains(&s, "150621", "mining", 1));
	assert_false(scope_contains(&s, "150600", "mining", 1));
	assert_false(scope_contains(&s, "150601", "mining", 1));
	assert_false(scope_contains(&s, "150603001", "mining", 1));
}

static void
scope_of_district_is_district_subtree(void **state)
{
	(void)state;
	check_regional_role(ROLE_DISTRICT);
}

static void
scope_of_inspector_is_org_subtree(void **state)
{
	(void)state;
	check_regional_role(ROLE_INSPECTOR);
}

static void
scope_of_reviewer_is_org_subtree(void **state)
{
	(void)state;
	check_regional_role(ROLE_REVIEWER);
}

static void
scope_of_viewer_is_org_subtree(void **state)
{
	(void)state;
	check_regional_role(ROLE_VIEWER);
}

static void
scope_of_regional_role_without_region_sees_nothing(void **state)
{
	struct scope s;

	(void)state;
	s = scope_for(ROLE_DISTRICT, "", "", 0);
	assert_false(scope_contains(&s, "150602", "mining", 1));
	assert_false(scope_contains(&s, "", "mining", 1));
	s = scope_for(ROLE_VIEWER, NULL, NULL, 0);
	assert_false(scope_contains(&s, "150602", "mining", 1));
	assert_false(scope_contains(&s, "", "", 1));
}

static void
scope_of_department_is_its_sectors_in_its_region(void **state)
{
	struct scope s = scope_for(ROLE_DEPARTMENT, "150600", ",construction,city_gas,", 0);

	(void)state;
	assert_non_null(s.sectors);
	assert_true(scope_contains(&s, "150602", "construction", 1));
	assert_true(scope_contains(&s, "150621001", "city_gas", 2));
	assert_false(scope_contains(&s, "150602", "hazchem", 3));
	assert_false(scope_contains(&s, "150602", "mining", 3));
	assert_false(scope_contains(&s, "150700", "construction", 4));
}

static void
scope_of_department_matches_whole_sector_codes_only(void **state)
{
	struct scope s = scope_for(ROLE_DEPARTMENT, "150600", ",construction,city_gas,", 0);

	(void)state;
	assert_false(scope_contains(&s, "150602", "gas", 1));
	assert_false(scope_contains(&s, "150602", "city", 1));
	assert_false(scope_contains(&s, "150602", "construct", 1));
	assert_false(scope_contains(&s, "150602", "", 1));
}

static void
scope_of_department_without_sectors_sees_nothing(void **state)
{
	struct scope s;

	(void)state;
	s = scope_for(ROLE_DEPARTMENT, "150600", "", 0);
	assert_false(scope_contains(&s, "150602", "construction", 1));
	assert_false(scope_contains(&s, "150602", "", 1));
	s = scope_for(ROLE_DEPARTMENT, "150600", NULL, 0);
	assert_false(scope_contains(&s, "150602", "construction", 1));
	assert_false(scope_contains(&s, "150602", "", 1));
}

static void
scope_of_enterprise_user_is_its_enterprise(void **state)
{
	struct scope s = scope_for(ROLE_ENTERPRISE, "", "", 42);

	(void)state;
	assert_int_equal(s.enterprise_id, 42);
	assert_true(scope_contains(&s, "150602", "hazchem", 42));
	assert_false(scope_contains(&s, "150602", "hazchem", 41));
	assert_false(scope_contains(&s, "150602", "hazchem", 43));
	assert_false(scope_contains(&s, "150602", "hazchem", 0));
}

static void
scope_of_enterprise_user_ignores_org_region(void **state)
{
	struct scope s = scope_for(ROLE_ENTERPRISE, "150602", ",mining,", 42);

	(void)state;
	/* Its enterprise wherever it is registered; nothing else even in that region. */
	assert_true(scope_contains(&s, "150700", "hazchem", 42));
	assert_false(scope_contains(&s, "150602", "mining", 7));
}

static void
scope_of_enterprise_user_without_enterprise_sees_nothing(void **state)
{
	struct scope s = scope_for(ROLE_ENTERPRISE, "", "", 0);
	int64_t      id;

	(void)state;
	assert_int_not_equal(s.enterprise_id, 0);
	for (id = 0; id < 100; id++)
		assert_false(scope_contains(&s, "150602", "hazchem", id));
	assert_false(scope_contains(&s, "150602", "hazchem", -1) &&
	    scope_contains(&s, "150602", "hazchem", 1));
}

/* ---- the SQL predicate agrees with scope_contains on a real store ---- */

struct db {
	char          dir[64];
	char          path[96];
	struct store *s;
};

static int
db_setup(void **state)
{
	struct db *d = calloc(1, sizeof(*d));

	if (d == NULL)
		return -1;
	snprintf(d->dir, sizeof(d->dir), "/tmp/anjian-test-scope-XXXXXX");
	if (mkdtemp(d->dir) == NULL)
		return -1;
	snprintf(d->path, sizeof(d->path), "%s/test.db", d->dir);
	if (store_open(d->path, STORE_CREATE, &d->s) != APP_OK)
		return -1;
	if (store_migrate(d->s) != APP_OK)
		return -1;
	*state = d;
	return 0;
}

static int
db_teardown(void **state)
{
	struct db *d = *state;
	char       p[128];

	store_close(d->s);
	unlink(d->path);
	snprintf(p, sizeof(p), "%s-wal", d->path);
	unlink(p);
	snprintf(p, sizeof(p), "%s-shm", d->path);
	unlink(p);
	rmdir(d->dir);
	free(d);
	return 0;
}

static const char fixture_sql[] =
    "INSERT INTO regions (code, name, level, parent_code, sort) VALUES"
    " ('150600', '鄂尔多斯市', 'city', NULL, 1),"
    " ('150602', '东胜区', 'county', '150600', 2),"
    " ('150602001', '交通街道', 'township', '150602', 3),"
    " ('150603', '康巴什区', 'county', '150600', 4),"
    " ('150621', '达拉特旗', 'county', '150600', 5),"
    " ('150629', '伊金霍洛旗', 'county', '150600', 6),"
    " ('150629101', '阿勒腾席热镇', 'township', '150629', 7),"
    " ('150700', '呼伦贝尔市', 'city', NULL, 8);"
    "INSERT INTO sectors (code, name, sort) VALUES"
    " ('construction', '建筑施工', 1), ('city_gas', '城镇燃气', 2),"
    " ('hazchem', '危险化学品', 3), ('mining', '非煤矿山', 4), ('gas', '燃气', 5);"
    "INSERT INTO enterprises (id, name, uscc, region_code, sector, created_at, updated_at)"
    " VALUES"
    " (1, 'E1', 'U01', '150602', 'construction', 0, 0),"
    " (2, 'E2', 'U02', '150602', 'hazchem', 0, 0),"
    " (3, 'E3', 'U03', '150602001', 'city_gas', 0, 0),"
    " (4, 'E4', 'U04', '150603', 'construction', 0, 0),"
    " (5, 'E5', 'U05', '150621', 'mining', 0, 0),"
    " (6, 'E6', 'U06', '150629', 'gas', 0, 0),"
    " (7, 'E7', 'U07', '150629101', 'city_gas', 0, 0),"
    " (8, 'E8', 'U08', '150700', 'construction', 0, 0),"
    " (9, 'E9', 'U09', '150600', 'hazchem', 0, 0);";

static const char sql_all[] = "SELECT id, region_code, sector FROM enterprises ORDER BY id";
static const char sql_scoped[] = "SELECT e.id FROM enterprises e WHERE " SCOPE_PRED(
    "e.region_code", "e.sector", "e.id") " ORDER BY e.id";

#define NROWS 9

/* Bit i set: enterprise i is in the scope, as the SQL predicate says. */
static unsigned
sql_ids(struct store *s, const struct scope *sc)
{
	struct stmt *st = store_stmt(s, sql_scoped);
	unsigned     ids = 0;
	bool         row;

	scope_bind(st, sc);
	while (stmt_step(st, &row) == APP_OK && row)
		ids |= 1u << stmt_i64(st, 0);
	stmt_reset(st);
	return ids;
}

/* The same, as scope_contains says. */
static unsigned
c_ids(struct store *s, const struct scope *sc)
{
	struct stmt *st = store_stmt(s, sql_all);
	unsigned     ids = 0;
	bool         row;

	while (stmt_step(st, &row) == APP_OK && row)
		if (scope_contains(sc, stmt_text(st, 1), stmt_text(st, 2), stmt_i64(st, 0)))
			ids |= 1u << stmt_i64(st, 0);
	stmt_reset(st);
	return ids;
}

#define B(i) (1u << (i))

static void
check_sql_agrees(struct store *s, enum role role, const char *region, const char *sectors,
    int64_t enterprise_id, unsigned want)
{
	struct scope sc = scope_for(role, region, sectors, enterprise_id);
	unsigned     got_sql = sql_ids(s, &sc), got_c = c_ids(s, &sc);

	if (got_sql != got_c || got_sql != want)
		fail_msg("role %d region %s sectors %s enterprise %lld: SQL %#x, C %#x, want %#x",
		    (int)role, region ? region : "(null)", sectors ? sectors : "(null)",
		    (long long)enterprise_id, got_sql, got_c, want);
}

static void
scope_pred_selects_the_rows_scope_contains_accepts(void **state)
{
	struct db     *d = *state;
	const unsigned all = B(1) | B(2) | B(3) | B(4) | B(5) | B(6) | B(7) | B(8) | B(9);
	const unsigned city = all & ~B(8);

	assert_int_equal(store_exec(d->s, fixture_sql), APP_OK);
	check_sql_agrees(d->s, ROLE_ADMIN, "", "", 0, all);
	check_sql_agrees(d->s, ROLE_CITY, "150600", "", 0, city);
	check_sql_agrees(d->s, ROLE_DISTRICT, "150602", "", 0, B(1) | B(2) | B(3));
	check_sql_agrees(d->s, ROLE_INSPECTOR, "150629", "", 0, B(6) | B(7));
	check_sql_agrees(d->s, ROLE_REVIEWER, "150603", "", 0, B(4));
	check_sql_agrees(d->s, ROLE_VIEWER, "150602001", "", 0, B(3));
	check_sql_agrees(d->s, ROLE_VIEWER, "", "", 0, 0);
	check_sql_agrees(d->s, ROLE_DEPARTMENT, "150600", ",construction,city_gas,", 0,
	    B(1) | B(3) | B(4) | B(7));
	check_sql_agrees(
	    d->s, ROLE_DEPARTMENT, "150602", ",construction,city_gas,", 0, B(1) | B(3));
	check_sql_agrees(d->s, ROLE_DEPARTMENT, "150600", ",city_gas,", 0, B(3) | B(7));
	check_sql_agrees(d->s, ROLE_DEPARTMENT, "150600", "", 0, 0);
	check_sql_agrees(d->s, ROLE_ENTERPRISE, "", "", 5, B(5));
	check_sql_agrees(d->s, ROLE_ENTERPRISE, "", "", 8, B(8));
	check_sql_agrees(d->s, ROLE_ENTERPRISE, "", "", 0, 0);
	check_sql_agrees(d->s, ROLE_ENTERPRISE, "", "", 77, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(region_range_of_province_keeps_two_digits),
		cmocka_unit_test(region_range_of_city_keeps_four_digits),
		cmocka_unit_test(region_range_of_county_is_its_own_prefix),
		cmocka_unit_test(region_range_of_township_is_its_own_prefix),
		cmocka_unit_test(region_range_carries_9_to_colon),
		cmocka_unit_test(region_range_of_empty_code_is_empty),
		cmocka_unit_test(region_range_upper_bound_excludes_neighbours),
		cmocka_unit_test(scope_of_admin_is_everything),
		cmocka_unit_test(scope_of_admin_ignores_org_region),
		cmocka_unit_test(scope_of_city_is_city_subtree),
		cmocka_unit_test(scope_of_city_ignores_org_sectors),
		cmocka_unit_test(scope_of_district_is_district_subtree),
		cmocka_unit_test(scope_of_inspector_is_org_subtree),
		cmocka_unit_test(scope_of_reviewer_is_org_subtree),
		cmocka_unit_test(scope_of_viewer_is_org_subtree),
		cmocka_unit_test(scope_of_regional_role_without_region_sees_nothing),
		cmocka_unit_test(scope_of_department_is_its_sectors_in_its_region),
		cmocka_unit_test(scope_of_department_matches_whole_sector_codes_only),
		cmocka_unit_test(scope_of_department_without_sectors_sees_nothing),
		cmocka_unit_test(scope_of_enterprise_user_is_its_enterprise),
		cmocka_unit_test(scope_of_enterprise_user_ignores_org_region),
		cmocka_unit_test(scope_of_enterprise_user_without_enterprise_sees_nothing),
		cmocka_unit_test_setup_teardown(
		    scope_pred_selects_the_rows_scope_contains_accepts, db_setup, db_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
