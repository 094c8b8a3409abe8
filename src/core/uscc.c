#include <string.h>

#include "core/uscc.h"

/*
 * GB 32100-2015 第5章 (校验码): C18 = 31 − MOD(Σ Ci·Wi, 31), Wi = MOD(3^(i−1), 31), with
 * MOD(31, 31) = 0; Ci is the value of the i-th character in 表1 (its index in
 * USCC_CHARSET). The standard is not in shared/reference; the rule and its worked example
 * (91350100M000100Y4Z → check 3) were read in public copies of the standard's text.
 */
static int
uscc_value(char c)
{
	const char *p;

	if (c == '\0' || (p = strchr(USCC_CHARSET, c)) == NULL)
		return -1;
	return (int)(p - USCC_CHARSET);
}

char
uscc_check_char(const char *s)
{
	int i, v, w = 1, sum = 0, c;

	for (i = 0; i < 17; i++) {
		if ((v = uscc_value(s[i])) < 0)
			return '\0';
		sum += v * w;
		w = (w * 3) % 31;
	}
	c = (31 - sum % 31) % 31;
	return USCC_CHARSET[c];
}

bool
uscc_valid(const char *s)
{
	int i;

	if (s == NULL || strlen(s) != 18)
		return false;
	for (i = 2; i < 8; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	if (uscc_value(s[17]) < 0)
		return false;
	return uscc_check_char(s) == s[17];
}
