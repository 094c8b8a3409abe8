#include <stdarg.h>
#include <stdio.h>
#include <time.h>

#include "core/log.h"

static enum log_level    min_level = LOG_INFO;
static const char *const level_names[LOG_LEVEL__MAX] = { "debug", "info", "warn", "error" };

void
log_set_level(enum log_level l)
{
	min_level = l;
}

void
log_msg(enum log_level l, const char *fmt, ...)
{
	char            line[2048], ts[32];
	struct timespec now;
	struct tm       tm;
	va_list         ap;

	if (l < min_level)
		return;
	clock_gettime(CLOCK_REALTIME, &now);
	gmtime_r(&now.tv_sec, &tm);
	strftime(ts, sizeof(ts), "%Y-%m-%dT%H:%M:%S", &tm);
	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	/* One fprintf per line so lines from different threads do not interleave. */
	fprintf(stderr, "%s.%03ldZ %s %s\n", ts, now.tv_nsec / 1000000L, level_names[l], line);
}
