#include <jansson.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "core/embed.h"
#include "core/log.h"
#include "core/mem.h"
#include "core/timeutil.h"
#include "core/workday.h"

/* Years the calendar can hold: the notices' years and the year before the first (a notice
 * can start in the December before: 2023.off has 2022-12-31). */
#define WORKDAY_YEARS 64
#define YEAR_WORDS ((366 + 63) / 64)

/* Bit i of a set is day i of the year (0 = 1 January). */
struct workday_year {
	uint64_t off[YEAR_WORDS];  /* in a holiday block (放假) */
	uint64_t work[YEAR_WORDS]; /* a weekend day worked (调休上班) */
};

/*
 * years[i] is the calendar year base + i. The notices cover first..last, without a gap;
 * first > last when there is no data.
 */
struct workday_cal {
	int                 base, first, last;
	struct workday_year years[WORKDAY_YEARS];
};

static struct workday_cal cal_builtin, cal_custom;
static bool               cal_custom_on;
static pthread_once_t     cal_once = PTHREAD_ONCE_INIT;

static bool
bit_get(const uint64_t *set, unsigned i)
{
	return (set[i / 64] >> (i % 64)) & 1;
}

static void
bit_set(uint64_t *set, unsigned i)
{
	set[i / 64] |= (uint64_t)1 << (i % 64);
}

/* 0 = Sunday … 6 = Saturday; 1970-01-01 was a Thursday. */
static int
weekday(int64_t day)
{
	int64_t w = (day + 4) % 7;

	return (int)(w < 0 ? w + 7 : w);
}

/* The year of `day`, and its index in that year (0 = 1 January). */
static int
year_of(int64_t day, unsigned *doy)
{
	int      y;
	unsigned m, d;

	civil_from_days(day, &y, &m, &d);
	*doy = (unsigned)(day - days_from_civil(y, 1, 1));
	return y;
}

/* Marks one date of year `year`'s `key` list ("off" or "work"). */
static enum app_err
cal_mark(struct workday_cal *c, int year, const char *key, json_t *v, const char **problem)
{
	struct workday_year *wy;
	int64_t              day;
	unsigned             doy;
	int                  y;
	bool                 work = strcmp(key, "work") == 0;

	if (!date_parse(json_string_value(v), &day)) {
		*problem = "日历数据中有不是 YYYY-MM-DD 的日期";
		return APP_EINVAL;
	}
	y = year_of(day, &doy);
	/* shared/reference/calendar/README.md: a year's lists are what the notice for that year
	 * says, and the 2023 notice starts on 2022-12-31. */
	if (y != year && y != year - 1) {
		*problem = "日历数据中有日期不属于该年通知的年份(或其前一年)";
		return APP_EINVAL;
	}
	/* README: "Every entry [of work] is a weekend day." */
	if (work && weekday(day) != 0 && weekday(day) != 6) {
		*problem = "日历数据的调休上班日(work)应为星期六或星期日";
		return APP_EINVAL;
	}
	wy = &c->years[y - c->base];
	if (bit_get(work ? wy->off : wy->work, doy)) {
		*problem = "日历数据中同一日期既是放假日又是上班日";
		return APP_EINVAL;
	}
	bit_set(work ? wy->work : wy->off, doy);
	return APP_OK;
}

/* Reads a calendar in the format of data/calendar/cn_holidays.json into *c. */
static enum app_err
cal_parse(const char *text, struct workday_cal *c, const char **problem)
{
	static const char *const keys[] = { "off", "work" };
	json_t                  *doc, *years, *y, *list, *v;
	json_error_t             je;
	const char              *name;
	enum app_err             er = APP_EINVAL;
	size_t                   i, k, n;
	int                      year, first = 0, last = 0;

	memset(c, 0, sizeof(*c));
	doc = text != NULL ? json_loads(text, 0, &je) : NULL;
	years = json_object_get(doc, "years");
	if (!json_is_object(years) || (n = json_object_size(years)) == 0) {
		*problem = "日历数据不是含 years 的 JSON 对象";
		goto out;
	}
	json_object_foreach(years, name, y)
	{
		if (strlen(name) != 4 || strspn(name, "0123456789") != 4 || !json_is_object(y)) {
			*problem = "日历数据的年份应为四位数字，值为对象";
			goto out;
		}
		year = atoi(name);
		if (first == 0 || year < first)
			first = year;
		if (year > last)
			last = year;
	}
	if (first < 1901 || (size_t)(last - first + 1) != n || last - first + 2 > WORKDAY_YEARS) {
		*problem = "日历数据的年份应在 1900 年之后，连续，且不超过 63 年";
		goto out;
	}
	c->base = first - 1;
	json_object_foreach(years, name, y)
	{
		year = atoi(name);
		for (k = 0; k < sizeof(keys) / sizeof(keys[0]); k++) {
			list = json_object_get(y, keys[k]);
			if (!json_is_array(list)) {
				*problem = "日历数据每年应有 off 和 work 两个日期数组";
				goto out;
			}
			json_array_foreach(list, i, v)
			{
				if ((er = cal_mark(c, year, keys[k], v, problem)) != APP_OK)
					goto out;
			}
		}
	}
	c->first = first;
	c->last = last;
	er = APP_OK;
out:
	if (er != APP_OK) {
		memset(c, 0, sizeof(*c));
		c->first = 0;
		c->last = -1;
	}
	json_decref(doc);
	return er;
}

static void
cal_load_builtin(void)
{
	const char *problem;

	if (cal_parse(embed_get("calendar/cn_holidays.json"), &cal_builtin, &problem) != APP_OK)
		log_error("workday: built-in calendar/cn_holidays.json not loaded (%s); working "
			  "days fall back to Monday to Friday",
		    problem);
}

static const struct workday_cal *
cal_get(void)
{
	pthread_once(&cal_once, cal_load_builtin);
	return cal_custom_on ? &cal_custom : &cal_builtin;
}

enum app_err
workday_load_json(const char *text, const char **problem)
{
	struct workday_cal *c;
	enum app_err        er;

	*problem = NULL;
	if (text == NULL) {
		cal_custom_on = false;
		return APP_OK;
	}
	c = xmalloc(sizeof(*c));
	if ((er = cal_parse(text, c, problem)) == APP_OK) {
		cal_custom = *c;
		cal_custom_on = true;
	}
	free(c);
	return er;
}

/*
 * shared/reference/calendar/README.md: "treat a date as a working day when it is in `work`,
 * or when it is Monday–Friday and not in `off`". A date a notice lists is known whatever its
 * year; another date only in the notices' years.
 */
static bool
cal_is(const struct workday_cal *c, int64_t day, bool *known)
{
	const struct workday_year *wy;
	unsigned                   doy;
	int                        y = year_of(day, &doy), wd = weekday(day);

	if (y >= c->base && y - c->base < WORKDAY_YEARS) {
		wy = &c->years[y - c->base];
		if (bit_get(wy->work, doy) || bit_get(wy->off, doy)) {
			*known = true;
			return bit_get(wy->work, doy);
		}
	}
	*known = y >= c->first && y <= c->last;
	return wd >= 1 && wd <= 5;
}

bool
workday_is(int64_t day, bool *known)
{
	bool k, r = cal_is(cal_get(), day, &k);

	if (known != NULL)
		*known = k;
	return r;
}

/*
 * The first day is not counted (期间开始的日不计算在内): this is the rule on periods of
 * 民事诉讼法/民法典, which the reference does not hold. procedure_deadlines.json,
 * meta.day_counting.consequence, says so: "起算和届满规则见民事诉讼法/民法典, 未在本资料中
 * 收录". 行政复议法 第八十八条 does send its periods to 民事诉讼法 ("行政复议期间的计算……本法
 * 没有规定的，依照《中华人民共和国民事诉讼法》关于期间、送达的规定执行", sources/行政复议法_2023.md),
 * but for 行政处罚法 periods this is an interpretation.
 */
int64_t
workday_add(int64_t day, int n, bool *fallback)
{
	const struct workday_cal *c = cal_get();
	int64_t                   left = n < 0 ? -(int64_t)n : n, step = n < 0 ? -1 : 1;
	bool                      known, fb = false;

	while (left > 0) {
		day += step;
		if (cal_is(c, day, &known))
			left--;
		if (!known)
			fb = true;
	}
	if (fallback != NULL)
		*fallback = fb;
	return day;
}

int
workday_between(int64_t from, int64_t to, bool *fallback)
{
	const struct workday_cal *c = cal_get();
	int64_t                   lo = from < to ? from : to, hi = from < to ? to : from, d;
	bool                      known, fb = false;
	int                       count = 0;

	for (d = lo + 1; d <= hi; d++) {
		if (cal_is(c, d, &known))
			count++;
		if (!known)
			fb = true;
	}
	if (fallback != NULL)
		*fallback = fb;
	return from <= to ? count : -count;
}

/*
 * Periods in natural days are an interpretation: procedure_deadlines.json marks the 90 d of
 * 行政处罚法 第六十条 (XZCF-60) and the 15 d of 第六十七条 (XZCF-67) "day_type": "natural(解释)",
 * and meta.day_counting.consequence says "其他期限(如15日、90日)该法未作工作日规定, 按自然日
 * (解释: 起算和届满规则见民事诉讼法/民法典, 未在本资料中收录)".
 *
 * Moving a last day that is a holiday on to the next working day follows 民法典 第二百零三条:
 * "期间的最后一日是法定休假日的，以法定休假日结束的次日为期间的最后一日。" Neither 民法典
 * nor 民事诉讼法 is in shared/reference: the text was only compared with reprints on the web,
 * and should be added to the reference. Counting an ordinary Saturday or Sunday as a 法定休假日,
 * and a 调休 Saturday worked as not one, is a further interpretation.
 */
int64_t
workday_deadline_natural(int64_t day, int n)
{
	const struct workday_cal *c = cal_get();
	bool                      known;

	day += n;
	while (!cal_is(c, day, &known))
		day++;
	return day;
}

void
workday_years(int *first, int *last)
{
	const struct workday_cal *c = cal_get();

	*first = c->first;
	*last = c->last;
}
