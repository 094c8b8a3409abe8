#include <inttypes.h>
#include <math.h>
#include <stdio.h>

#include "report/style.h"

char *
style_count(int64_t n, char *buf, size_t size)
{
	int64_t h; /* hundredths of 万, rounded half up */

	if (n < 10000) {
		snprintf(buf, size, "%" PRId64, n);
		return buf;
	}
	h = (n + 50) / 100;
	snprintf(buf, size, "%" PRId64 ".%02" PRId64 "万", h / 100, h % 100);
	return buf;
}

char *
style_wanyuan(int64_t fen, char *buf, size_t size)
{
	const int64_t wan = 10000 * 100; /* fen in 1万元 */

	if (fen < 0)
		fen = 0;
	if (fen < wan)
		snprintf(buf, size, "%" PRId64 "%s元", fen / 100, fen % 100 != 0 ? "余" : "");
	else
		snprintf(buf, size, "%" PRId64 "%s万元", fen / wan, fen % wan != 0 ? "余" : "");
	return buf;
}

char *
style_about(int64_t n, int64_t step, const char *word, char *buf, size_t size)
{
	if (step <= 1 || n < step || n % step == 0)
		snprintf(buf, size, "%" PRId64, n);
	else
		snprintf(buf, size, "%" PRId64 "%s", n - n % step, word);
	return buf;
}

char *
style_wan_about(int64_t n, char *buf, size_t size)
{
	int64_t t; /* tenths of 万, rounded down */

	if (n < 10000)
		return style_about(n, 100, "余", buf, size);
	t = n / 1000;
	snprintf(
	    buf, size, "%" PRId64 ".%" PRId64 "万%s", t / 10, t % 10, n % 1000 != 0 ? "余" : "");
	return buf;
}

char *
style_percent(double ratio, char *buf, size_t size)
{
	if (!isfinite(ratio))
		ratio = 0;
	snprintf(buf, size, "%.2f%%", ratio * 100.0);
	return buf;
}
