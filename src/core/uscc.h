/* Unified social credit code (统一社会信用代码), GB 32100-2015. */
#ifndef CORE_USCC_H
#define CORE_USCC_H

#include <stdbool.h>

/* The code character set of GB 32100-2015 表1: digits and 21 capitals (no I O S V Z). */
#define USCC_CHARSET "0123456789ABCDEFGHJKLMNPQRTUWXY"

/*
 * The check character for the first 17 characters of `s`, or '\0' when one of them is
 * outside the character set.
 */
char uscc_check_char(const char *s);
/* True when `s` is exactly 18 characters of the code set, positions 3–8 digits (the
 * registering authority's region code), and the 18th is the check character. */
bool uscc_valid(const char *s);

#endif
