/*
 * The number style of the annual rule-of-law report (述法报告), as the model report
 * (../shared/reference/ordos-emergency-bureau-report-2024.txt) writes its figures and
 * DOMAIN.md "Money, time, numbers" states it:
 *
 *   count      below 10,000 as digits ("339"); from 10,000 up in 万 rounded half up to
 *              two decimals ("9.11万": 91,149 → 9.11万, 91,150 → 9.12万; 10,000 → 1.00万)
 *   wanyuan    an amount of fen in 万元 rounded down, with 余 when something was dropped
 *              ("7125余万元" for 71,259,999.99 元; "7125万元" for exactly 71,250,000 元);
 *              below 1万元 in 元 the same way ("8500余元")
 *   about      a count rounded down to `step` with a word for "more than" ("3500多",
 *              "200余"); exact multiples and counts below `step` stay as digits
 *   wan_about  a count from 10,000 up rounded down to 0.1万 with 余 ("13.8万余");
 *              below 10,000 as `about` with step 100
 *   percent    a ratio as a percentage with two decimals ("94.19%")
 *
 * Every function writes a NUL-terminated string into buf (REPORT_NUM_MAX bytes suffice)
 * and returns buf. Negative counts are written as plain digits (they do not occur).
 */
#ifndef REPORT_STYLE_H
#define REPORT_STYLE_H

#include <stddef.h>
#include <stdint.h>

#define REPORT_NUM_MAX 48

char *style_count(int64_t n, char *buf, size_t size);
char *style_wanyuan(int64_t fen, char *buf, size_t size);
char *style_about(int64_t n, int64_t step, const char *word, char *buf, size_t size);
char *style_wan_about(int64_t n, char *buf, size_t size);
char *style_percent(double ratio, char *buf, size_t size);

#endif
