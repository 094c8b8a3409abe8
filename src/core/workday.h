/*
 * Working days (工作日) of mainland China, for statutory deadlines.
 *
 * 行政处罚法 第八十五条: "本法中“二日”“三日”“五日”“七日”的规定是指工作日，不含法定节假日。"
 * (shared/reference/law/sources/行政处罚法_2021.md; procedure_deadlines.json,
 * meta.day_counting). The same holds for 行政强制法 第六十九条 ("本法中十日以内期限的规定是指
 * 工作日，不含法定节假日。", sources/行政强制法_2011.md) and 行政复议法 第八十八条 ("三日"、
 * "五日"、"七日"、"十日", sources/行政复议法_2023.md).
 *
 * A date is a working day when a notice lists it as a weekend day worked (调休上班, `work`), or
 * when it is Monday to Friday and no notice lists it in a holiday block (`off`)
 * (shared/reference/calendar/README.md). The dates are data, not code:
 * data/calendar/cn_holidays.json, written by scripts/gen-calendar from the yearly 国务院办公厅
 * notices in shared/reference/calendar/cn_holidays.json and compiled in (docs/calendar.md).
 * A year with no notice in the data falls back to Monday to Friday, and every function says
 * when it had to.
 *
 * Days are day numbers as in core/timeutil.h (days since 1970-01-01; date_parse, date_fmt)
 * of the years 1900–9999. The calendar is read once, on first use (pthread_once); after that
 * these functions only read it and are safe from any thread. `known` and `fallback` may be
 * NULL.
 */
#ifndef CORE_WORKDAY_H
#define CORE_WORKDAY_H

#include <stdbool.h>
#include <stdint.h>

#include "core/err.h"

/*
 * True when `day` is a working day. *known is false when no notice in the data covers the
 * day's year and does not list the day: the answer is then only Monday to Friday.
 */
bool workday_is(int64_t day, bool *known);

/*
 * The n-th working day after `day`, which itself is not counted (a period's first day is not
 * counted: see workday.c on where that rule comes from). n = 0 gives `day`, even when it is
 * not a working day; n < 0 counts back: the -n-th working day before `day`. *fallback is set
 * to whether any day stepped over fell outside the data. Time is proportional to |n|: n is a
 * statutory period, and a caller taking it from input bounds it.
 */
int64_t workday_add(int64_t day, int n, bool *fallback);

/*
 * The number of working days in (from, to]: the working days left from `from` until a
 * deadline `to`, which counts when it is itself a working day. When to < from, minus the
 * number in (to, from]; 0 when they are equal. workday_between(d, workday_add(d, n)) == n
 * for n ≥ 0. *fallback as for workday_add.
 */
int workday_between(int64_t from, int64_t to, bool *fallback);

/*
 * The last day of a period of n natural days from `day` (not counted): day + n, moved on to
 * the next working day when that is a holiday or an ordinary weekend day. This is an
 * interpretation of the law, not text from the reference: see workday.c.
 */
int64_t workday_deadline_natural(int64_t day, int n);

/*
 * The first and last year with a notice in the data, for messages such as "2027年无节假日
 * 数据，按周末推算". *first > *last when there is no data (the built-in calendar failed to
 * load: logged once).
 */
void workday_years(int *first, int *last);

/*
 * Replaces the calendar with `text`, in the format of data/calendar/cn_holidays.json; NULL
 * goes back to the built-in one. For tests and for start-up: not safe while another thread
 * uses the module. On APP_EINVAL the calendar is unchanged and *problem (a static string)
 * says what is wrong.
 */
enum app_err workday_load_json(const char *text, const char **problem);

#endif
