/* Time: instants are UTC milliseconds in storage and RFC 3339 with +08:00 in JSON
 * (DOMAIN.md); calendar dates are YYYY-MM-DD in Asia/Shanghai. */
#ifndef CORE_TIMEUTIL_H
#define CORE_TIMEUTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define MS_PER_SEC 1000LL
#define MS_PER_MIN (60LL * MS_PER_SEC)
#define MS_PER_HOUR (60LL * MS_PER_MIN)
#define MS_PER_DAY (24LL * MS_PER_HOUR)
/* China Standard Time has had no daylight saving since 1991. */
#define CST_OFFSET_MS (8LL * MS_PER_HOUR)

int64_t now_ms(void);
/* Monotonic clock in microseconds, for latency measurement. */
int64_t mono_us(void);
/* Writes "2024-03-05T09:30:00.000+08:00" (29 chars + NUL) into buf (>= 32 bytes). */
void time_fmt_rfc3339(int64_t ms, char *buf, size_t sz);
/* Parses a calendar date YYYY-MM-DD (a real date) into days since 1970-01-01. */
bool date_parse(const char *s, int64_t *days);
/* Local (+08:00) midnight of a date, as UTC ms. */
int64_t date_start_ms(int64_t days);
/* The Asia/Shanghai date (days since the epoch) of an instant. */
int64_t date_of_ms(int64_t ms);
/* Writes a date as YYYY-MM-DD. */
void date_fmt(int64_t days, char buf[11]);
/* Today's date in Asia/Shanghai as YYYY-MM-DD. */
void today_str(char buf[11]);
/*
 * Parses an RFC 3339 instant with an explicit offset or Z ("2024-12-31T23:59:00+08:00",
 * seconds and fraction optional) into UTC ms.
 */
bool instant_parse(const char *s, int64_t *ms);
/* Days since the epoch <-> civil date (proleptic Gregorian). */
int64_t days_from_civil(int y, unsigned m, unsigned d);
void    civil_from_days(int64_t z, int *y, unsigned *m, unsigned *d);

#endif
