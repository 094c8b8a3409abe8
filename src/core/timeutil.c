#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/timeutil.h"

int64_t
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int64_t
mono_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

/* Howard Hinnant's days_from_civil algorithm (public-domain description). */
int64_t
days_from_civil(int y, unsigned m, unsigned d)
{
	int64_t  era;
	unsigned yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = (unsigned)(y - era * 400);
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int64_t)doe - 719468;
}

void
civil_from_days(int64_t z, int *y, unsigned *m, unsigned *d)
{
	int64_t  era;
	unsigned doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = (unsigned)(z - era * 146097);
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

/* Writes v as exactly n decimal digits, zero-padded. */
static void
digits(char *p, int v, int n)
{
	while (n-- > 0) {
		p[n] = (char)('0' + v % 10);
		v /= 10;
	}
}

void
time_fmt_rfc3339(int64_t ms, char *buf, size_t sz)
{
	int64_t  local = ms + CST_OFFSET_MS, days, rem;
	int      y;
	unsigned m, d;

	days = local / MS_PER_DAY;
	rem = local % MS_PER_DAY;
	if (rem < 0) {
		rem += MS_PER_DAY;
		days--;
	}
	civil_from_days(days, &y, &m, &d);
	if (y < 0 || y > 9999 || sz < 30) {
		snprintf(buf, sz, "%04d-%02u-%02uT%02d:%02d:%02d.%03d+08:00", y, m, d,
		    (int)(rem / MS_PER_HOUR), (int)(rem / MS_PER_MIN % 60),
		    (int)(rem / MS_PER_SEC % 60), (int)(rem % 1000));
		return;
	}
	/* By hand: this runs for every timestamp of every list page. */
	digits(buf, y, 4);
	buf[4] = '-';
	digits(buf + 5, (int)m, 2);
	buf[7] = '-';
	digits(buf + 8, (int)d, 2);
	buf[10] = 'T';
	digits(buf + 11, (int)(rem / MS_PER_HOUR), 2);
	buf[13] = ':';
	digits(buf + 14, (int)(rem / MS_PER_MIN % 60), 2);
	buf[16] = ':';
	digits(buf + 17, (int)(rem / MS_PER_SEC % 60), 2);
	buf[19] = '.';
	digits(buf + 20, (int)(rem % 1000), 3);
	memcpy(buf + 23, "+08:00", 7);
}

bool
date_parse(const char *s, int64_t *days)
{
	static const unsigned mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int                   y, i;
	unsigned              m, d;

	if (s == NULL || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return false;
	for (i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return false;
	y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
	m = (unsigned)((s[5] - '0') * 10 + (s[6] - '0'));
	d = (unsigned)((s[8] - '0') * 10 + (s[9] - '0'));
	if (y < 1900 || m < 1 || m > 12 || d < 1 || d > mdays[m - 1])
		return false;
	if (m == 2 && d == 29 && !((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return false;
	*days = days_from_civil(y, m, d);
	return true;
}

int64_t
date_start_ms(int64_t days)
{
	return days * MS_PER_DAY - CST_OFFSET_MS;
}

int64_t
date_of_ms(int64_t ms)
{
	int64_t local = ms + CST_OFFSET_MS, days = local / MS_PER_DAY;

	return local % MS_PER_DAY < 0 ? days - 1 : days;
}

void
date_fmt(int64_t days, char buf[11])
{
	int      y;
	unsigned m, d;

	civil_from_days(days, &y, &m, &d);
	if (y < 0 || y > 9999) {
		snprintf(buf, 11, "0000-00-00");
		return;
	}
	digits(buf, y, 4);
	buf[4] = '-';
	digits(buf + 5, (int)m, 2);
	buf[7] = '-';
	digits(buf + 8, (int)d, 2);
	buf[10] = '\0';
}

static bool
num(const char *s, int n, int *out)
{
	int i, v = 0;

	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return true;
}

bool
instant_parse(const char *s, int64_t *ms)
{
	int64_t     days;
	int         hh, mm, ss = 0, frac = 0, oh, om, sign;
	const char *p;
	char        date[11];

	if (s == NULL || strlen(s) < 16 || (s[10] != 'T' && s[10] != ' '))
		return false;
	memcpy(date, s, 10);
	date[10] = '\0';
	if (!date_parse(date, &days) || !num(s + 11, 2, &hh) || s[13] != ':' ||
	    !num(s + 14, 2, &mm) || hh > 23 || mm > 59)
		return false;
	p = s + 16;
	if (*p == ':') {
		if (!num(p + 1, 2, &ss) || ss > 59)
			return false;
		p += 3;
		if (*p == '.') {
			int n = 0;

			for (p++; *p >= '0' && *p <= '9'; p++, n++)
				if (n < 3)
					frac = frac * 10 + (*p - '0');
			if (n == 0)
				return false;
			for (; n < 3; n++)
				frac *= 10;
		}
	}
	if (*p == 'Z' || *p == 'z') {
		oh = om = 0;
		sign = 1;
		p++;
	} else if ((*p == '+' || *p == '-') && num(p + 1, 2, &oh) && p[3] == ':' &&
	    num(p + 4, 2, &om) && oh <= 14 && om <= 59) {
		sign = *p == '-' ? -1 : 1;
		p += 6;
	} else
		return false;
	if (*p != '\0')
		return false;
	*ms = days * MS_PER_DAY + hh * MS_PER_HOUR + mm * MS_PER_MIN + ss * MS_PER_SEC + frac -
	    sign * (oh * MS_PER_HOUR + om * MS_PER_MIN);
	return true;
}

void
today_str(char buf[11])
{
	date_fmt(date_of_ms(now_ms()), buf);
}
