/*
 * The hazard transition table (hazard_may) against the table of docs/api.md, for every
 * role × action × status × level × source; and the action names.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "auth/auth.h"
#include "hazard/hazard.h"

static const char *const statuses[] = { "reported", "rectifying", "awaiting_acceptance", "closed",
	"voided" };
static const char *const levels[] = { "general", "major" };
static const char *const sources[] = { "self_inspection", "government_inspection", "complaint",
	"accident_investigation", "other" };
static const char *const role_names[] = { "admin", "city", "district", "department", "inspector",
	"reviewer", "enterprise", "viewer" };

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* The action names of docs/api.md, by enum value. */
static const char *const action_names[] = {
	[HA_SUBMIT_PLAN] = "submit_plan",
	[HA_SUBMIT_DONE] = "submit_done",
	[HA_ACCEPT] = "accept",
	[HA_REJECT] = "reject",
	[HA_VOID] = "void",
};

static bool
is_staff(enum role r)
{
	return r == ROLE_ADMIN || r == ROLE_CITY || r == ROLE_DISTRICT || r == ROLE_DEPARTMENT ||
	    r == ROLE_INSPECTOR;
}

/*
 * docs/api.md, "Transitions":
 *   submit_plan  reported → rectifying              enterprise, admin, city, district,
 *                                                   department, inspector
 *   submit_done  rectifying → awaiting_acceptance   the same
 *   accept       awaiting_acceptance → closed       admin, city, district, department,
 *                                                   inspector; the enterprise for its own
 *                                                   general hazards from self_inspection
 *   reject       awaiting_acceptance → rectifying   as accept
 *   void         any but voided → voided            admin, city, district
 * Reviewers and viewers take no action.
 */
static bool
documented(
    enum role r, enum hazard_action a, const char *status, const char *level, const char *source)
{
	bool from, who;

	switch (a) {
	case HA_SUBMIT_PLAN:
		from = strcmp(status, "reported") == 0;
		who = is_staff(r) || r == ROLE_ENTERPRISE;
		break;
	case HA_SUBMIT_DONE:
		from = strcmp(status, "rectifying") == 0;
		who = is_staff(r) || r == ROLE_ENTERPRISE;
		break;
	case HA_ACCEPT:
	case HA_REJECT:
		from = strcmp(status, "awaiting_acceptance") == 0;
		who = is_staff(r) ||
		    (r == ROLE_ENTERPRISE && strcmp(level, "general") == 0 &&
			strcmp(source, "self_inspection") == 0);
		break;
	case HA_VOID:
		from = strcmp(status, "voided") != 0;
		who = r == ROLE_ADMIN || r == ROLE_CITY || r == ROLE_DISTRICT;
		break;
	default: return false;
	}
	return from && who;
}

/* ---- the whole table ---- */

static void
hazard_may_matches_the_documented_table_everywhere(void **state)
{
	size_t r, a, s, l, o, checked = 0, allowed = 0, wrong = 0;

	(void)state;
	assert_int_equal(ROLE__MAX, N(role_names));
	assert_int_equal(HA__MAX, N(action_names));
	for (r = 0; r < ROLE__MAX; r++)
		for (a = 0; a < HA__MAX; a++)
			for (s = 0; s < N(statuses); s++)
				for (l = 0; l < N(levels); l++)
					for (o = 0; o < N(sources); o++) {
						bool got =
						    hazard_may((enum role)r, (enum hazard_action)a,
							statuses[s], levels[l], sources[o]);
						bool want =
						    documented((enum role)r, (enum hazard_action)a,
							statuses[s], levels[l], sources[o]);

						checked++;
						allowed += want;
						if (got != want) {
							wrong++;
							print_error(
							    "hazard_may(%s, %s, %s, %s, %s) = %s, "
							    "docs/api.md says %s\n",
							    role_names[r], action_names[a],
							    statuses[s], levels[l], sources[o],
							    got ? "yes" : "no",
							    want ? "yes" : "no");
						}
					}
	assert_int_equal(checked, 8 * 5 * 5 * 2 * 5);
	/* submit_plan and submit_done: 6 roles × 1 status × 10 (level, source) each; accept and
	 * reject: (5 staff × 10 + the enterprise × 1) each; void: 3 roles × 4 statuses × 10. */
	assert_int_equal(allowed, 2 * 6 * 10 + 2 * (5 * 10 + 1) + 3 * 4 * 10);
	if (wrong > 0)
		fail_msg("%zu of %zu combinations differ from docs/api.md", wrong, checked);
}

/* ---- rows of the table, spelled out ---- */

static void
submit_plan_only_from_reported(void **state)
{
	size_t s;

	(void)state;
	for (s = 0; s < N(statuses); s++) {
		bool want = strcmp(statuses[s], "reported") == 0;

		assert_int_equal(hazard_may(ROLE_ENTERPRISE, HA_SUBMIT_PLAN, statuses[s], "major",
				     "government_inspection"),
		    want);
		assert_int_equal(
		    hazard_may(ROLE_INSPECTOR, HA_SUBMIT_PLAN, statuses[s], "general", "complaint"),
		    want);
	}
}

static void
submit_done_only_from_rectifying(void **state)
{
	(void)state;
	assert_true(hazard_may(ROLE_ENTERPRISE, HA_SUBMIT_DONE, "rectifying", "major", "other"));
	assert_true(
	    hazard_may(ROLE_DEPARTMENT, HA_SUBMIT_DONE, "rectifying", "general", "complaint"));
	assert_false(hazard_may(ROLE_ENTERPRISE, HA_SUBMIT_DONE, "reported", "major", "other"));
	assert_false(hazard_may(
	    ROLE_ADMIN, HA_SUBMIT_DONE, "awaiting_acceptance", "general", "self_inspection"));
	assert_false(hazard_may(ROLE_ADMIN, HA_SUBMIT_DONE, "closed", "general", "other"));
}

static void
enterprise_accepts_only_its_general_self_inspection_hazards(void **state)
{
	enum hazard_action acts[] = { HA_ACCEPT, HA_REJECT };
	size_t             i, o;

	(void)state;
	for (i = 0; i < N(acts); i++) {
		assert_true(hazard_may(
		    ROLE_ENTERPRISE, acts[i], "awaiting_acceptance", "general", "self_inspection"));
		assert_false(hazard_may(
		    ROLE_ENTERPRISE, acts[i], "awaiting_acceptance", "major", "self_inspection"));
		for (o = 1; o < N(sources); o++)
			if (hazard_may(ROLE_ENTERPRISE, acts[i], "awaiting_acceptance", "general",
				sources[o]))
				fail_msg("the enterprise may %s a general hazard from %s",
				    action_names[acts[i]], sources[o]);
		/* Not from another status, even its own general self-inspection ones. */
		assert_false(hazard_may(
		    ROLE_ENTERPRISE, acts[i], "rectifying", "general", "self_inspection"));
		assert_false(
		    hazard_may(ROLE_ENTERPRISE, acts[i], "closed", "general", "self_inspection"));
	}
}

static void
staff_accept_and_reject_any_level_and_source(void **state)
{
	enum role roles[] = { ROLE_ADMIN, ROLE_CITY, ROLE_DISTRICT, ROLE_DEPARTMENT,
		ROLE_INSPECTOR };
	size_t    i;

	(void)state;
	for (i = 0; i < N(roles); i++) {
		assert_true(hazard_may(
		    roles[i], HA_ACCEPT, "awaiting_acceptance", "major", "government_inspection"));
		assert_true(hazard_may(
		    roles[i], HA_REJECT, "awaiting_acceptance", "general", "self_inspection"));
		assert_false(hazard_may(roles[i], HA_ACCEPT, "reported", "general", "other"));
		assert_false(hazard_may(roles[i], HA_REJECT, "closed", "major", "complaint"));
	}
}

static void
void_is_for_the_bureaus_from_any_status_but_voided(void **state)
{
	size_t s;

	(void)state;
	for (s = 0; s < N(statuses); s++) {
		bool want = strcmp(statuses[s], "voided") != 0;

		assert_int_equal(
		    hazard_may(ROLE_ADMIN, HA_VOID, statuses[s], "major", "other"), want);
		assert_int_equal(
		    hazard_may(ROLE_CITY, HA_VOID, statuses[s], "general", "complaint"), want);
		assert_int_equal(
		    hazard_may(ROLE_DISTRICT, HA_VOID, statuses[s], "general", "self_inspection"),
		    want);
		assert_false(hazard_may(ROLE_DEPARTMENT, HA_VOID, statuses[s], "general", "other"));
		assert_false(hazard_may(ROLE_INSPECTOR, HA_VOID, statuses[s], "major", "other"));
		assert_false(hazard_may(
		    ROLE_ENTERPRISE, HA_VOID, statuses[s], "general", "self_inspection"));
	}
}

static void
reviewer_and_viewer_take_no_action(void **state)
{
	enum role roles[] = { ROLE_REVIEWER, ROLE_VIEWER };
	size_t    i, a, s, l, o;

	(void)state;
	for (i = 0; i < N(roles); i++)
		for (a = 0; a < HA__MAX; a++)
			for (s = 0; s < N(statuses); s++)
				for (l = 0; l < N(levels); l++)
					for (o = 0; o < N(sources); o++)
						if (hazard_may(roles[i], (enum hazard_action)a,
							statuses[s], levels[l], sources[o]))
							fail_msg("%s may %s a %s hazard",
							    role_names[roles[i]], action_names[a],
							    statuses[s]);
}

static void
nothing_is_possible_from_voided_or_an_unknown_status(void **state)
{
	size_t r, a;

	(void)state;
	for (r = 0; r < ROLE__MAX; r++)
		for (a = 0; a < HA__MAX; a++) {
			assert_false(hazard_may((enum role)r, (enum hazard_action)a, "voided",
			    "general", "self_inspection"));
			assert_false(hazard_may((enum role)r, (enum hazard_action)a, "open",
			    "general", "self_inspection"));
			assert_false(hazard_may(
			    (enum role)r, (enum hazard_action)a, "", "general", "self_inspection"));
		}
}

/* ---- action names ---- */

static void
action_names_are_the_documented_ones(void **state)
{
	size_t a;

	(void)state;
	for (a = 0; a < HA__MAX; a++) {
		const char *n = hazard_action_name((enum hazard_action)a);

		assert_non_null(n);
		assert_string_equal(n, action_names[a]);
	}
}

static void
action_parse_and_name_round_trip(void **state)
{
	size_t             a;
	enum hazard_action got;

	(void)state;
	for (a = 0; a < HA__MAX; a++) {
		got = HA__MAX;
		assert_true(hazard_action_parse(hazard_action_name((enum hazard_action)a), &got));
		assert_int_equal(got, a);
		got = HA__MAX;
		assert_true(hazard_action_parse(action_names[a], &got));
		assert_string_equal(hazard_action_name(got), action_names[a]);
	}
}

static void
action_parse_rejects_other_strings(void **state)
{
	static const char *const bad[] = { "", "Accept", "ACCEPT", "accept ", " accept", "submit",
		"submit_plan_", "close", "voided", "create", "submit-plan", "acc", NULL };
	enum hazard_action       got = HA_VOID;
	size_t                   i;

	(void)state;
	for (i = 0; bad[i] != NULL; i++) {
		got = HA__MAX;
		if (hazard_action_parse(bad[i], &got))
			fail_msg("\"%s\" parsed as %s", bad[i], hazard_action_name(got));
	}
	assert_false(hazard_action_parse(NULL, &got));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(hazard_may_matches_the_documented_table_everywhere),
		cmocka_unit_test(submit_plan_only_from_reported),
		cmocka_unit_test(submit_done_only_from_rectifying),
		cmocka_unit_test(enterprise_accepts_only_its_general_self_inspection_hazards),
		cmocka_unit_test(staff_accept_and_reject_any_level_and_source),
		cmocka_unit_test(void_is_for_the_bureaus_from_any_status_but_voided),
		cmocka_unit_test(reviewer_and_viewer_take_no_action),
		cmocka_unit_test(nothing_is_possible_from_voided_or_an_unknown_status),
		cmocka_unit_test(action_names_are_the_documented_ones),
		cmocka_unit_test(action_parse_and_name_round_trip),
		cmocka_unit_test(action_parse_rejects_other_strings),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
