/*
 * The assessment grade (src/duty/assessment.c: assessment_grade) at its thresholds — 优秀
 * ≥ 90, 合格 ≥ 70, else 不合格, in hundredths of a point — with a failed veto item
 * (一票否决), and the task-completion score (assessment_task_score). Expected figures are
 * written out by hand.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "duty/duty.h"

static enum assessment_grade
grade(int64_t total_c)
{
	return assessment_grade(total_c, false, ASSESSMENT_EXCELLENT_MIN_C, ASSESSMENT_PASS_MIN_C);
}

static void
assessment_grade_at_the_default_thresholds(void **state)
{
	(void)state;
	assert_int_equal(grade(0), AG_FAIL);
	assert_int_equal(grade(6999), AG_FAIL);      /* 69.99 */
	assert_int_equal(grade(7000), AG_PASS);      /* 70 */
	assert_int_equal(grade(8999), AG_PASS);      /* 89.99 */
	assert_int_equal(grade(9000), AG_EXCELLENT); /* 90 */
	assert_int_equal(grade(10000), AG_EXCELLENT);
}

static void
assessment_grade_veto_fails_whatever_the_total(void **state)
{
	(void)state;
	assert_int_equal(assessment_grade(10000, true, 9000, 7000), AG_FAIL);
	assert_int_equal(assessment_grade(9000, true, 9000, 7000), AG_FAIL);
	assert_int_equal(assessment_grade(7000, true, 9000, 7000), AG_FAIL);
}

static void
assessment_grade_at_other_thresholds(void **state)
{
	(void)state;
	assert_int_equal(assessment_grade(9499, false, 9500, 8000), AG_PASS);
	assert_int_equal(assessment_grade(9500, false, 9500, 8000), AG_EXCELLENT);
	assert_int_equal(assessment_grade(7999, false, 9500, 8000), AG_FAIL);
	assert_int_equal(assessment_grade(8000, false, 9500, 8000), AG_PASS);
}

static void
assessment_grade_codes_and_labels(void **state)
{
	(void)state;
	assert_string_equal(assessment_grade_code(AG_EXCELLENT), "excellent");
	assert_string_equal(assessment_grade_code(AG_PASS), "pass");
	assert_string_equal(assessment_grade_code(AG_FAIL), "fail");
	assert_string_equal(assessment_grade_label(AG_EXCELLENT), "优秀");
	assert_string_equal(assessment_grade_label(AG_PASS), "合格");
	assert_string_equal(assessment_grade_label(AG_FAIL), "不合格");
	assert_null(assessment_grade_code(AG__MAX));
}

static void
assessment_task_score_is_weight_times_share_on_time(void **state)
{
	(void)state;
	assert_int_equal(assessment_task_score(30, 3, 4), 2250); /* 30 × 3/4 = 22.50 */
	assert_int_equal(assessment_task_score(30, 4, 4), 3000);
	assert_int_equal(assessment_task_score(30, 0, 4), 0);
	assert_int_equal(assessment_task_score(20, 1, 3), 667);  /* 6.666… → 6.67 */
	assert_int_equal(assessment_task_score(10, 1, 6), 167);  /* 1.666… → 1.67 */
	assert_int_equal(assessment_task_score(10, 1, 8), 125);  /* 1.25 exactly */
	assert_int_equal(assessment_task_score(1, 1, 200), 1);   /* 0.005 → 0.01 (half up) */
	assert_int_equal(assessment_task_score(25, 0, 0), 2500); /* no task due: nothing missed */
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(assessment_grade_at_the_default_thresholds),
		cmocka_unit_test(assessment_grade_veto_fails_whatever_the_total),
		cmocka_unit_test(assessment_grade_at_other_thresholds),
		cmocka_unit_test(assessment_grade_codes_and_labels),
		cmocka_unit_test(assessment_task_score_is_weight_times_share_on_time),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
