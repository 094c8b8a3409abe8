/* Route matching against a small table, and the consistency of the server's own table. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/arena.h"
#include "http/router.h"

static enum app_err
h_dummy(struct req *r)
{
	(void)r;
	return APP_OK;
}

enum { R_HEALTH, R_LIST, R_CREATE, R_GET, R_PATCH, R_TRANSITION, R_NESTED, R__MAX };

static const struct route table[R__MAX] = {
	[R_HEALTH] = { HTTP_GET, "/healthz", 0, h_dummy, 0 },
	[R_LIST] = { HTTP_GET, "/api/v1/enterprises", 0, h_dummy, 0 },
	[R_CREATE] = { HTTP_POST, "/api/v1/enterprises", 0, h_dummy, 0 },
	[R_GET] = { HTTP_GET, "/api/v1/enterprises/{id}", 0, h_dummy, 0 },
	[R_PATCH] = { HTTP_PATCH, "/api/v1/enterprises/{id}", 0, h_dummy, 0 },
	[R_TRANSITION] = { HTTP_POST, "/api/v1/enterprises/{id}/transitions", 0, h_dummy, 0 },
	[R_NESTED] = { HTTP_GET, "/api/v1/orgs/{org}/users/{user}", 0, h_dummy, 0 },
};

struct fx {
	struct arena *arena;
	const char   *params[REQ_MAX_PARAMS];
};

static int
setup(void **state)
{
	struct fx *fx = calloc(1, sizeof(*fx));

	if (fx == NULL)
		return -1;
	fx->arena = arena_new(1024);
	*state = fx;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *fx = *state;

	arena_free(fx->arena);
	free(fx);
	return 0;
}

static int
match(struct fx *fx, enum http_method m, const char *path)
{
	memset(fx->params, 0, sizeof(fx->params));
	return router_match(table, R__MAX, m, path, fx->arena, fx->params);
}

static void
router_match_finds_exact_path(void **state)
{
	struct fx *fx = *state;

	assert_int_equal(match(fx, HTTP_GET, "/healthz"), R_HEALTH);
	assert_int_equal(match(fx, HTTP_GET, "/api/v1/enterprises"), R_LIST);
}

static void
router_match_distinguishes_methods_on_one_path(void **state)
{
	struct fx *fx = *state;

	assert_int_equal(match(fx, HTTP_POST, "/api/v1/enterprises"), R_CREATE);
	assert_int_equal(match(fx, HTTP_PATCH, "/api/v1/enterprises/7"), R_PATCH);
}

static void
router_match_captures_id_segment(void **state)
{
	struct fx *fx = *state;

	assert_int_equal(match(fx, HTTP_GET, "/api/v1/enterprises/42"), R_GET);
	assert_non_null(fx->params[0]);
	assert_string_equal(fx->params[0], "42");
}

static void
router_match_captures_id_before_suffix(void **state)
{
	struct fx *fx = *state;

	assert_int_equal(
	    match(fx, HTTP_POST, "/api/v1/enterprises/1234/transitions"), R_TRANSITION);
	assert_string_equal(fx->params[0], "1234");
}

static void
router_match_captures_two_segments_in_order(void **state)
{
	struct fx *fx = *state;

	assert_int_equal(match(fx, HTTP_GET, "/api/v1/orgs/3/users/99"), R_NESTED);
	assert_string_equal(fx->params[0], "3");
	assert_string_equal(fx->params[1], "99");
}

static void
router_match_capture_is_not_validated_as_number(void **state)
{
	struct fx *fx = *state;

	/* The handler checks the id (req_param_id); the router only captures. */
	assert_int_equal(match(fx, HTTP_GET, "/api/v1/enterprises/abc"), R_GET);
	assert_string_equal(fx->params[0], "abc");
}

static void
router_match_rejects_trailing_slash(void **state)
{
	struct fx *fx = *state;

	assert_int_equal(match(fx, HTTP_GET, "/healthz/"), ROUTER_NOT_FOUND);
	assert_int_equal(match(fx, HTTP_GET, "/api/v1/enterprises/"), ROUTER_NOT_FOUND);
	assert_int_equal(match(fx, HTTP_GET, "/api/v1/enterprises/5/"), ROUTER_NOT_FOUND);
}

static void
router_match_head_matches_get_route(void **state)
{
	struct fx *fx = *state;

	assert_int_equal(match(fx, HTTP_HEAD, "/healthz"), R_HEALTH);
	assert_int_equal(match(fx, HTTP_HEAD, "/api/v1/enterprises/8"), R_GET);
	assert_string_equal(fx->params[0], "8");
}

static void
router_match_head_on_post_only_path_is_bad_method(void **state)
{
	struct fx *fx = *state;

	assert_int_equal(
	    match(fx, HTTP_HEAD, "/api/v1/enterprises/8/transitions"), ROUTER_BAD_METHOD);
}

static void
router_match_wrong_method_is_bad_method(void **state)
{
	struct fx *fx = *state;

	assert_int_equal(match(fx, HTTP_DELETE, "/api/v1/enterprises/8"), ROUTER_BAD_METHOD);
	assert_int_equal(match(fx, HTTP_PUT, "/api/v1/enterprises"), ROUTER_BAD_METHOD);
	assert_int_equal(match(fx, HTTP_POST, "/healthz"), ROUTER_BAD_METHOD);
	assert_int_equal(
	    match(fx, HTTP_GET, "/api/v1/enterprises/8/transitions"), ROUTER_BAD_METHOD);
}

static void
router_match_unknown_path_is_not_found(void **state)
{
	struct fx *fx = *state;

	assert_int_equal(match(fx, HTTP_GET, "/api/v1/hazards"), ROUTER_NOT_FOUND);
	assert_int_equal(match(fx, HTTP_GET, "/"), ROUTER_NOT_FOUND);
	assert_int_equal(match(fx, HTTP_GET, ""), ROUTER_NOT_FOUND);
	assert_int_equal(match(fx, HTTP_GET, "/healthzz"), ROUTER_NOT_FOUND);
	assert_int_equal(match(fx, HTTP_GET, "/healt"), ROUTER_NOT_FOUND);
	assert_int_equal(match(fx, HTTP_GET, "/API/V1/ENTERPRISES"), ROUTER_NOT_FOUND);
}

static void
router_match_unknown_path_is_not_found_for_any_method(void **state)
{
	struct fx *fx = *state;
	int        m;

	for (m = 0; m < HTTP_METHOD__MAX; m++)
		assert_int_equal(match(fx, (enum http_method)m, "/nope"), ROUTER_NOT_FOUND);
}

static void
router_match_rejects_more_segments(void **state)
{
	struct fx *fx = *state;

	assert_int_equal(match(fx, HTTP_GET, "/api/v1/enterprises/5/extra"), ROUTER_NOT_FOUND);
	assert_int_equal(
	    match(fx, HTTP_POST, "/api/v1/enterprises/5/transitions/x"), ROUTER_NOT_FOUND);
	assert_int_equal(match(fx, HTTP_GET, "/healthz/x"), ROUTER_NOT_FOUND);
	assert_int_equal(match(fx, HTTP_GET, "/api/v1/orgs/3/users/99/x"), ROUTER_NOT_FOUND);
}

static void
router_match_rejects_fewer_segments(void **state)
{
	struct fx *fx = *state;

	assert_int_equal(match(fx, HTTP_GET, "/api/v1/orgs/3/users"), ROUTER_NOT_FOUND);
	assert_int_equal(match(fx, HTTP_GET, "/api/v1"), ROUTER_NOT_FOUND);
}

static void
router_match_empty_segment_does_not_capture(void **state)
{
	struct fx *fx = *state;

	assert_int_equal(
	    match(fx, HTTP_POST, "/api/v1/enterprises//transitions"), ROUTER_NOT_FOUND);
	assert_int_equal(match(fx, HTTP_GET, "/api/v1/orgs//users/9"), ROUTER_NOT_FOUND);
	assert_int_equal(match(fx, HTTP_GET, "/api/v1/orgs/3/users/"), ROUTER_NOT_FOUND);
}

static void
router_match_doubled_slash_is_not_found(void **state)
{
	struct fx *fx = *state;

	assert_int_equal(match(fx, HTTP_GET, "//healthz"), ROUTER_NOT_FOUND);
	assert_int_equal(match(fx, HTTP_GET, "/api//v1/enterprises"), ROUTER_NOT_FOUND);
}

static void
router_match_on_empty_table_is_not_found(void **state)
{
	struct fx *fx = *state;

	assert_int_equal(
	    router_match(table, 0, HTTP_GET, "/healthz", fx->arena, fx->params), ROUTER_NOT_FOUND);
}

static void
http_method_name_names_each_method(void **state)
{
	(void)state;
	assert_string_equal(http_method_name(HTTP_GET), "GET");
	assert_string_equal(http_method_name(HTTP_HEAD), "HEAD");
	assert_string_equal(http_method_name(HTTP_POST), "POST");
	assert_string_equal(http_method_name(HTTP_PATCH), "PATCH");
	assert_string_equal(http_method_name(HTTP_DELETE), "DELETE");
	assert_string_equal(http_method_name(HTTP_METHOD__MAX), "?");
}

/* The server's table: one route per method and pattern, or the later one is dead. */
static void
routes_have_no_duplicate_method_and_pattern(void **state)
{
	size_t i, j;

	(void)state;
	assert_true(routes_n > 0);
	for (i = 0; i < routes_n; i++)
		for (j = i + 1; j < routes_n; j++)
			if (routes[i].method == routes[j].method &&
			    strcmp(routes[i].pattern, routes[j].pattern) == 0)
				fail_msg("routes %zu and %zu are both %s %s", i, j,
				    http_method_name(routes[i].method), routes[i].pattern);
}

static void
routes_each_route_matches_itself_first(void **state)
{
	struct fx  *fx = *state;
	const char *params[REQ_MAX_PARAMS];
	char        path[256];
	const char *p;
	size_t      i, o;
	int         got;

	/* Substituting "1" for every {…} must find this very route: no earlier route
	 * shadows it. */
	for (i = 0; i < routes_n; i++) {
		for (p = routes[i].pattern, o = 0; *p != '\0' && o < sizeof(path) - 2; p++) {
			if (*p == '{') {
				path[o++] = '1';
				if ((p = strchr(p, '}')) == NULL)
					fail_msg("route %zu: unclosed {", i);
				continue;
			}
			path[o++] = *p;
		}
		path[o] = '\0';
		got = router_match(routes, routes_n, routes[i].method, path, fx->arena, params);
		if (got != (int)i)
			fail_msg("%s %s matched route %d, not %zu",
			    http_method_name(routes[i].method), path, got, i);
	}
}

static void
routes_have_handlers_and_absolute_patterns(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < routes_n; i++) {
		assert_non_null(routes[i].fn);
		assert_non_null(routes[i].pattern);
		if (routes[i].pattern[0] != '/')
			fail_msg("route %zu pattern %s is not absolute", i, routes[i].pattern);
		if (routes[i].method == HTTP_HEAD)
			fail_msg("route %zu is HEAD: HEAD is served by GET routes", i);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(router_match_finds_exact_path, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    router_match_distinguishes_methods_on_one_path, setup, teardown),
		cmocka_unit_test_setup_teardown(router_match_captures_id_segment, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    router_match_captures_id_before_suffix, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    router_match_captures_two_segments_in_order, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    router_match_capture_is_not_validated_as_number, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    router_match_rejects_trailing_slash, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    router_match_head_matches_get_route, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    router_match_head_on_post_only_path_is_bad_method, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    router_match_wrong_method_is_bad_method, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    router_match_unknown_path_is_not_found, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    router_match_unknown_path_is_not_found_for_any_method, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    router_match_rejects_more_segments, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    router_match_rejects_fewer_segments, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    router_match_empty_segment_does_not_capture, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    router_match_doubled_slash_is_not_found, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    router_match_on_empty_table_is_not_found, setup, teardown),
		cmocka_unit_test(http_method_name_names_each_method),
		cmocka_unit_test(routes_have_no_duplicate_method_and_pattern),
		cmocka_unit_test_setup_teardown(
		    routes_each_route_matches_itself_first, setup, teardown),
		cmocka_unit_test(routes_have_handlers_and_absolute_patterns),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
