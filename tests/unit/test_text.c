/*
 * Text helpers: query strings, UTF-8, URL encoding, cookies, cleaned cell text, dates and
 * RFC 3339 instants.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/arena.h"
#include "core/jsonx.h"
#include "core/text.h"
#include "core/timeutil.h"
#include "http/cookie.h"

static int
setup(void **state)
{
	*state = arena_new(4096);
	return 0;
}

static int
teardown(void **state)
{
	arena_free(*state);
	return 0;
}

static enum app_err
qs(struct arena *a, const char *raw, struct kvlist *out, const char **bad)
{
	return qs_parse(a, raw, strlen(raw), out, bad);
}

/* ---- qs_parse ---- */

static void
qs_parse_splits_pairs(void **state)
{
	struct kvlist l;
	const char   *bad;

	assert_int_equal(qs(*state, "limit=50&q=abc", &l, &bad), APP_OK);
	assert_null(bad);
	assert_int_equal(l.n, 2);
	assert_string_equal(l.items[0].key, "limit");
	assert_string_equal(l.items[0].val, "50");
	assert_string_equal(l.items[1].key, "q");
	assert_string_equal(l.items[1].val, "abc");
}

static void
qs_parse_of_empty_string_has_no_pairs(void **state)
{
	struct kvlist l;
	const char   *bad;

	assert_int_equal(qs(*state, "", &l, &bad), APP_OK);
	assert_int_equal(l.n, 0);
}

static void
qs_parse_decodes_plus_as_space(void **state)
{
	struct kvlist l;
	const char   *bad;

	assert_int_equal(qs(*state, "q=two+words+&a+b=c", &l, &bad), APP_OK);
	assert_string_equal(kv_get(&l, "q"), "two words ");
	assert_string_equal(kv_get(&l, "a b"), "c");
}

static void
qs_parse_decodes_percent_escapes(void **state)
{
	struct kvlist l;
	const char   *bad;

	assert_int_equal(
	    qs(*state, "q=%E5%AE%89%E7%9B%91&r=%2b%26%3D%25&s=%e4%bc%81", &l, &bad), APP_OK);
	assert_string_equal(kv_get(&l, "q"), "安监");
	assert_string_equal(kv_get(&l, "r"), "+&=%");
	assert_string_equal(kv_get(&l, "s"), "企");
}

static void
qs_parse_decodes_escaped_key(void **state)
{
	struct kvlist l;
	const char   *bad;

	assert_int_equal(qs(*state, "%E5%90%8D=1", &l, &bad), APP_OK);
	assert_string_equal(l.items[0].key, "名");
}

static void
qs_parse_accepts_raw_utf8(void **state)
{
	struct kvlist l;
	const char   *bad;

	assert_int_equal(qs(*state, "q=鄂尔多斯", &l, &bad), APP_OK);
	assert_string_equal(kv_get(&l, "q"), "鄂尔多斯");
}

static void
qs_parse_rejects_non_hex_escape(void **state)
{
	struct kvlist l;
	const char   *bad;

	assert_int_equal(qs(*state, "a=1&q=%G1", &l, &bad), APP_EBADREQ);
	assert_non_null(bad);
	assert_string_equal(bad, "q");
	assert_int_equal(qs(*state, "q=%1G", &l, &bad), APP_EBADREQ);
	assert_int_equal(qs(*state, "q=%%41", &l, &bad), APP_EBADREQ);
}

static void
qs_parse_rejects_truncated_escape(void **state)
{
	struct kvlist l;
	const char   *bad;

	assert_int_equal(qs(*state, "q=%4", &l, &bad), APP_EBADREQ);
	assert_string_equal(bad, "q");
	assert_int_equal(qs(*state, "q=%", &l, &bad), APP_EBADREQ);
	assert_int_equal(qs(*state, "q=%4&b=1", &l, &bad), APP_EBADREQ);
	assert_int_equal(qs(*state, "q=abc%E5%AE", &l, &bad), APP_EBADREQ);
}

static void
qs_parse_accepts_escape_at_very_end(void **state)
{
	struct kvlist l;
	const char   *bad;

	assert_int_equal(qs(*state, "q=%41", &l, &bad), APP_OK);
	assert_string_equal(kv_get(&l, "q"), "A");
	assert_int_equal(qs(*state, "q=ab%41", &l, &bad), APP_OK);
	assert_string_equal(kv_get(&l, "q"), "abA");
}

static void
qs_parse_rejects_bad_escape_in_key(void **state)
{
	struct kvlist l;
	const char   *bad;

	assert_int_equal(qs(*state, "%ZZ=1", &l, &bad), APP_EBADREQ);
}

static void
qs_parse_rejects_invalid_utf8(void **state)
{
	struct kvlist l;
	const char   *bad;

	assert_int_equal(qs(*state, "q=%C3%28", &l, &bad), APP_EBADREQ);
	assert_string_equal(bad, "q");
	assert_int_equal(qs(*state, "q=%C0%AF", &l, &bad), APP_EBADREQ);
	assert_int_equal(qs(*state, "q=%ED%A0%80", &l, &bad), APP_EBADREQ);
	assert_int_equal(qs(*state, "q=\xff", &l, &bad), APP_EBADREQ);
	assert_int_equal(qs(*state, "%C3%28=1", &l, &bad), APP_EBADREQ);
}

static void
qs_parse_rejects_control_characters(void **state)
{
	struct kvlist l;
	const char   *bad;

	assert_int_equal(qs(*state, "q=%01", &l, &bad), APP_EBADREQ);
	assert_string_equal(bad, "q");
	assert_int_equal(qs(*state, "q=a%0Ab", &l, &bad), APP_EBADREQ);
	assert_int_equal(qs(*state, "q=%09", &l, &bad), APP_EBADREQ);
	assert_int_equal(qs(*state, "q=%7F", &l, &bad), APP_EBADREQ);
	assert_int_equal(qs(*state, "q=%00", &l, &bad), APP_EBADREQ);
	assert_int_equal(qs(*state, "q=\x01", &l, &bad), APP_EBADREQ);
	assert_int_equal(qs(*state, "%1F=1", &l, &bad), APP_EBADREQ);
}

static void
qs_parse_skips_empty_pairs(void **state)
{
	struct kvlist l;
	const char   *bad;

	assert_int_equal(qs(*state, "&a=1&&b=2&", &l, &bad), APP_OK);
	assert_int_equal(l.n, 2);
	assert_string_equal(kv_get(&l, "a"), "1");
	assert_string_equal(kv_get(&l, "b"), "2");
	assert_int_equal(qs(*state, "&&&", &l, &bad), APP_OK);
	assert_int_equal(l.n, 0);
}

static void
qs_parse_key_without_equals_has_empty_value(void **state)
{
	struct kvlist l;
	const char   *bad;

	assert_int_equal(qs(*state, "flag&x=", &l, &bad), APP_OK);
	assert_int_equal(l.n, 2);
	assert_string_equal(l.items[0].key, "flag");
	assert_string_equal(l.items[0].val, "");
	assert_string_equal(kv_get(&l, "x"), "");
}

static void
qs_parse_keeps_later_equals_in_value(void **state)
{
	struct kvlist l;
	const char   *bad;

	assert_int_equal(qs(*state, "cursor=YWJj==", &l, &bad), APP_OK);
	assert_string_equal(kv_get(&l, "cursor"), "YWJj==");
}

static void
qs_parse_accepts_max_params(void **state)
{
	struct kvlist l;
	const char   *bad;
	char          raw[QS_MAX_PARAMS * 8 + 1];
	size_t        i, o = 0;

	for (i = 0; i < QS_MAX_PARAMS; i++)
		o += (size_t)snprintf(raw + o, sizeof(raw) - o, "%sk%zu=%zu", i ? "&" : "", i, i);
	assert_int_equal(qs(*state, raw, &l, &bad), APP_OK);
	assert_int_equal(l.n, QS_MAX_PARAMS);
	assert_string_equal(l.items[0].key, "k0");
	assert_string_equal(l.items[QS_MAX_PARAMS - 1].key, "k63");
	assert_string_equal(l.items[QS_MAX_PARAMS - 1].val, "63");
}

static void
qs_parse_rejects_more_than_max_params(void **state)
{
	struct kvlist l;
	const char   *bad;
	char          raw[(QS_MAX_PARAMS + 10) * 8 + 1];
	size_t        i, o = 0;

	for (i = 0; i < QS_MAX_PARAMS + 1; i++)
		o += (size_t)snprintf(raw + o, sizeof(raw) - o, "%sk%zu=%zu", i ? "&" : "", i, i);
	assert_int_equal(qs(*state, raw, &l, &bad), APP_EBADREQ);
	assert_non_null(bad);
	assert_string_equal(bad, "k64");
}

static void
qs_parse_reads_only_len_bytes(void **state)
{
	struct kvlist l;
	const char   *bad;

	assert_int_equal(qs_parse(*state, "a=1&b=%ZZ", 3, &l, &bad), APP_OK);
	assert_int_equal(l.n, 1);
	assert_string_equal(kv_get(&l, "a"), "1");
}

static void
kv_get_returns_first_of_repeated_key(void **state)
{
	struct kvlist l;
	const char   *bad;

	assert_int_equal(qs(*state, "a=1&a=2", &l, &bad), APP_OK);
	assert_string_equal(kv_get(&l, "a"), "1");
	assert_null(kv_get(&l, "b"));
	assert_null(kv_get(&l, "A"));
}

/* ---- utf8_valid ---- */

#define U8(s) utf8_valid((s), sizeof(s) - 1)

static void
utf8_valid_accepts_ascii_and_multibyte(void **state)
{
	(void)state;
	assert_true(U8(""));
	assert_true(U8("plain ascii"));
	assert_true(U8("\xC3\xA9"));                 /* é */
	assert_true(U8("\xE5\xAE\x89\xE7\x9B\x91")); /* 安监 */
	assert_true(U8("\xF0\x9F\x98\x80"));         /* U+1F600 */
	assert_true(U8("\xF4\x8F\xBF\xBF"));         /* U+10FFFF */
	assert_true(U8("\xEF\xBB\xBF"));             /* BOM */
	assert_true(U8("\xC2\x80"));                 /* U+0080, smallest 2-byte */
	assert_true(U8("\xE0\xA0\x80"));             /* U+0800, smallest 3-byte */
	assert_true(U8("\xF0\x90\x80\x80"));         /* U+10000, smallest 4-byte */
	assert_true(U8("\xED\x9F\xBF"));             /* U+D7FF, just below surrogates */
	assert_true(U8("\xEE\x80\x80"));             /* U+E000, just above */
}

static void
utf8_valid_rejects_overlong_forms(void **state)
{
	(void)state;
	assert_false(U8("\xC0\xAF"));
	assert_false(U8("\xC1\xBF"));
	assert_false(U8("\xC0\x80"));
	assert_false(U8("\xE0\x80\xAF"));
	assert_false(U8("\xE0\x9F\xBF"));
	assert_false(U8("\xF0\x80\x80\xAF"));
	assert_false(U8("\xF0\x8F\xBF\xBF"));
}

static void
utf8_valid_rejects_surrogates(void **state)
{
	(void)state;
	assert_false(U8("\xED\xA0\x80"));             /* U+D800 */
	assert_false(U8("\xED\xBF\xBF"));             /* U+DFFF */
	assert_false(U8("\xED\xA0\xBD\xED\xB8\x80")); /* CESU-8 pair */
}

static void
utf8_valid_rejects_beyond_u10ffff(void **state)
{
	(void)state;
	assert_false(U8("\xF4\x90\x80\x80"));
	assert_false(U8("\xF5\x80\x80\x80"));
	assert_false(U8("\xF7\xBF\xBF\xBF"));
	assert_false(U8("\xF8\x88\x80\x80\x80"));
	assert_false(U8("\xFE"));
	assert_false(U8("\xFF"));
}

static void
utf8_valid_rejects_truncated_sequences(void **state)
{
	(void)state;
	assert_false(U8("\xC3"));
	assert_false(U8("\xE5\xAE"));
	assert_false(U8("\xF0\x9F\x98"));
	assert_false(U8("ab\xE5"));
	/* Truncated by the length, not by a NUL. */
	assert_false(utf8_valid("\xE5\xAE\x89", 2));
	assert_true(utf8_valid("\xE5\xAE\x89", 3));
}

static void
utf8_valid_rejects_bad_continuation(void **state)
{
	(void)state;
	assert_false(U8("\x80"));
	assert_false(U8("a\xBF"));
	assert_false(U8("\xC3\x28"));
	assert_false(U8("\xE5\x28\x89"));
	assert_false(U8("\xF0\x9F\x28\x80"));
	assert_false(U8("\xE5\xAE\xC3\xA9"));
}

static void
utf8_valid_rejects_nul(void **state)
{
	(void)state;
	assert_false(utf8_valid("a\0b", 3));
	assert_false(utf8_valid("\0", 1));
}

static void
utf8_chars_counts_code_points(void **state)
{
	(void)state;
	assert_int_equal(utf8_chars(""), 0);
	assert_int_equal(utf8_chars("abc"), 3);
	assert_int_equal(utf8_chars("安监a"), 3);
	assert_int_equal(utf8_chars("\xF0\x9F\x98\x80"), 1);
}

/* ---- url_encode ---- */

static void
url_encode_keeps_unreserved(void **state)
{
	(void)state;
	assert_string_equal(url_encode(*state, "AZaz09-._~"), "AZaz09-._~");
	assert_string_equal(url_encode(*state, ""), "");
}

static void
url_encode_escapes_everything_else(void **state)
{
	assert_string_equal(
	    url_encode(*state, "a b&c=d/e?f#g+h%"), "a%20b%26c%3Dd%2Fe%3Ff%23g%2Bh%25");
	assert_string_equal(url_encode(*state, "安监"), "%E5%AE%89%E7%9B%91");
	assert_string_equal(url_encode(*state, "\x01\x7f\xff"), "%01%7F%FF");
}

static void
url_encode_round_trips_through_qs_parse(void **state)
{
	struct kvlist l;
	const char   *bad, *v = "检查 记录&2024=a+b%/企业.pdf";
	char         *raw = arena_printf(*state, "f=%s", url_encode(*state, v));

	assert_int_equal(qs(*state, raw, &l, &bad), APP_OK);
	assert_string_equal(kv_get(&l, "f"), v);
}

/* ---- cookie_get ---- */

static void
cookie_get_finds_cookie_among_several(void **state)
{
	const char *h = "theme=dark; anjian_session=abc123; lang=zh-CN";

	assert_string_equal(cookie_get(*state, h, SESSION_COOKIE), "abc123");
	assert_string_equal(cookie_get(*state, h, "theme"), "dark");
	assert_string_equal(cookie_get(*state, h, "lang"), "zh-CN");
}

static void
cookie_get_finds_only_cookie(void **state)
{
	assert_string_equal(cookie_get(*state, "anjian_session=tok", SESSION_COOKIE), "tok");
}

static void
cookie_get_removes_quotes(void **state)
{
	assert_string_equal(
	    cookie_get(*state, "a=1; anjian_session=\"q-v\"", SESSION_COOKIE), "q-v");
	assert_string_equal(cookie_get(*state, "anjian_session=\"\"", SESSION_COOKIE), "");
}

static void
cookie_get_rejects_unbalanced_quote(void **state)
{
	assert_null(cookie_get(*state, "anjian_session=\"abc", SESSION_COOKIE));
	assert_null(cookie_get(*state, "anjian_session=abc\"", SESSION_COOKIE));
	assert_null(cookie_get(*state, "anjian_session=\"", SESSION_COOKIE));
}

static void
cookie_get_absent_is_null(void **state)
{
	assert_null(cookie_get(*state, "theme=dark; lang=zh", SESSION_COOKIE));
	assert_null(cookie_get(*state, "", SESSION_COOKIE));
	assert_null(cookie_get(*state, NULL, SESSION_COOKIE));
	assert_null(cookie_get(*state, "anjian_session", SESSION_COOKIE));
	assert_null(cookie_get(*state, ";;;", SESSION_COOKIE));
}

static void
cookie_get_does_not_match_name_suffix(void **state)
{
	assert_null(cookie_get(*state, "xanjian_session=evil", SESSION_COOKIE));
	assert_string_equal(
	    cookie_get(*state, "xanjian_session=evil; anjian_session=good", SESSION_COOKIE),
	    "good");
	assert_string_equal(
	    cookie_get(*state, "a=xanjian_session=evil; anjian_session=good", SESSION_COOKIE),
	    "good");
}

static void
cookie_get_does_not_match_name_prefix(void **state)
{
	assert_null(cookie_get(*state, "anjian_session_old=evil", SESSION_COOKIE));
	assert_null(cookie_get(*state, "anjian=evil", SESSION_COOKIE));
	assert_string_equal(
	    cookie_get(*state, "anjian_session2=evil; anjian_session=good", SESSION_COOKIE),
	    "good");
}

static void
cookie_get_rejects_invalid_octets(void **state)
{
	assert_null(cookie_get(*state, "anjian_session=a,b", SESSION_COOKIE));
	assert_null(cookie_get(*state, "anjian_session=a b", SESSION_COOKIE));
	assert_null(cookie_get(*state, "anjian_session=a\\b", SESSION_COOKIE));
	assert_null(cookie_get(*state, "anjian_session=a\"b", SESSION_COOKIE));
	assert_null(cookie_get(*state, "anjian_session=\xE5\xAE\x89", SESSION_COOKIE));
	assert_null(cookie_get(*state, "anjian_session=a\x01", SESSION_COOKIE));
	assert_null(cookie_get(*state, "anjian_session=a\x7f", SESSION_COOKIE));
}

static void
cookie_get_tolerates_spaces_between_cookies(void **state)
{
	assert_string_equal(
	    cookie_get(*state, "  a=1;   anjian_session=abc  ; b=2", SESSION_COOKIE), "abc");
	assert_string_equal(
	    cookie_get(*state, "a=1;\tanjian_session=abc\t", SESSION_COOKIE), "abc");
	assert_string_equal(cookie_get(*state, "a=1;anjian_session=abc", SESSION_COOKIE), "abc");
}

static void
cookie_get_accepts_all_cookie_octets(void **state)
{
	/* Base64 and hex tokens use only cookie-octets. */
	assert_string_equal(
	    cookie_get(*state, "anjian_session=AZaz09+/=!#$%&'()*-.:<>?@[]^_`{|}~", SESSION_COOKIE),
	    "AZaz09+/=!#$%&'()*-.:<>?@[]^_`{|}~");
}

static void
cookie_get_ignores_header_over_8k(void **state)
{
	size_t n = 8192 + 1;
	char  *h = malloc(n + 1);

	assert_non_null(h);
	memset(h, 'x', n);
	memcpy(h, "anjian_session=tok; pad=", 24);
	h[n] = '\0';
	assert_null(cookie_get(*state, h, SESSION_COOKIE));
	h[n - 1] = '\0'; /* exactly 8 KiB */
	assert_string_equal(cookie_get(*state, h, SESSION_COOKIE), "tok");
	free(h);
}

static void
cookie_get_with_empty_name_is_null(void **state)
{
	assert_null(cookie_get(*state, "=abc; a=1", ""));
}

/* ---- text_clean ---- */

static void
text_clean_trims_blanks(void **state)
{
	const char *why;

	assert_string_equal(text_clean(*state, " \t\r\n 安监 局 \n\t ", 0, 10, &why), "安监 局");
	assert_null(why);
}

static void
text_clean_counts_characters_not_bytes(void **state)
{
	const char *why;

	/* 3 characters, 9 bytes. */
	assert_string_equal(text_clean(*state, "安监局", 3, 3, &why), "安监局");
	assert_null(text_clean(*state, "安监局", 0, 2, &why));
	assert_non_null(why);
	assert_non_null(strstr(why, "2"));
	assert_null(text_clean(*state, "安监局", 4, 10, &why));
	assert_non_null(strstr(why, "4"));
}

static void
text_clean_at_exact_limits(void **state)
{
	const char *why;
	char        s[101];

	memset(s, 'a', 100);
	s[100] = '\0';
	assert_non_null(text_clean(*state, s, 2, 100, &why));
	assert_null(text_clean(*state, s, 2, 99, &why));
	assert_non_null(text_clean(*state, "ab", 2, 100, &why));
	assert_null(text_clean(*state, "a", 2, 100, &why));
}

static void
text_clean_requires_text_when_min_is_one(void **state)
{
	const char *why;

	assert_null(text_clean(*state, "", 1, 10, &why));
	assert_string_equal(why, "必填");
	assert_null(text_clean(*state, "  \t ", 1, 10, &why));
	assert_string_equal(why, "必填");
}

static void
text_clean_allows_empty_when_min_is_zero(void **state)
{
	const char *why;

	assert_string_equal(text_clean(*state, "   ", 0, 10, &why), "");
	assert_null(why);
}

static void
text_clean_rejects_control_characters(void **state)
{
	const char *why;

	assert_null(text_clean(*state,
	    "a\x01"
	    "b",
	    0, 10, &why));
	assert_non_null(why);
	assert_null(text_clean(*state, "a\nb", 0, 10, &why));
	assert_null(text_clean(*state, "a\x7f", 0, 10, &why));
	assert_null(text_clean(*state, "a\x1b[31m", 0, 10, &why));
}

static void
text_clean_rejects_invalid_utf8(void **state)
{
	const char *why;

	assert_null(text_clean(*state, "ab\xC3\x28", 0, 10, &why));
	assert_non_null(why);
	assert_null(text_clean(*state, "\xED\xA0\x80", 0, 10, &why));
	assert_null(text_clean(*state, "\xE5\xAE", 0, 10, &why));
}

/* ---- date_parse ---- */

static void
date_parse_accepts_epoch(void **state)
{
	int64_t d = -1;

	(void)state;
	assert_true(date_parse("1970-01-01", &d));
	assert_int_equal(d, 0);
}

static void
date_parse_accepts_leap_day_of_leap_year(void **state)
{
	int64_t d;

	(void)state;
	assert_true(date_parse("2024-02-29", &d));
	assert_int_equal(d, 19782);
	assert_true(date_parse("2000-02-29", &d)); /* divisible by 400 */
	assert_int_equal(d, 11016);
}

static void
date_parse_rejects_leap_day_of_common_year(void **state)
{
	int64_t d;

	(void)state;
	assert_false(date_parse("2023-02-29", &d));
	assert_false(date_parse("1900-02-29", &d)); /* divisible by 100, not 400 */
	assert_false(date_parse("2100-02-29", &d));
	assert_true(date_parse("2023-02-28", &d));
}

static void
date_parse_rejects_days_past_month_end(void **state)
{
	int64_t d;

	(void)state;
	assert_false(date_parse("2024-04-31", &d));
	assert_false(date_parse("2024-06-31", &d));
	assert_false(date_parse("2024-01-32", &d));
	assert_false(date_parse("2024-02-30", &d));
	assert_true(date_parse("2024-01-31", &d));
	assert_true(date_parse("2024-12-31", &d));
}

static void
date_parse_rejects_month_or_day_zero_or_over(void **state)
{
	int64_t d;

	(void)state;
	assert_false(date_parse("2024-00-10", &d));
	assert_false(date_parse("2024-13-01", &d));
	assert_false(date_parse("2024-01-00", &d));
	assert_false(date_parse("2024-99-99", &d));
}

static void
date_parse_rejects_bad_shapes(void **state)
{
	static const char *const bad[] = { "", "2024-2-29", "2024-02-1", "2024/02/29", "20240229",
		"2024-02-29 ", " 2024-02-29", "2024-02-2a", "+024-02-29", "2024-02-29T00:00",
		"24-02-29", "2024--02-29", "２０２４-02-29", "2024-0x-01", NULL };
	int64_t                  d;
	size_t                   i;

	(void)state;
	for (i = 0; bad[i] != NULL; i++)
		if (date_parse(bad[i], &d))
			fail_msg("\"%s\" accepted", bad[i]);
	assert_false(date_parse(NULL, &d));
}

static void
date_parse_consecutive_days_differ_by_one(void **state)
{
	int64_t a, b;

	(void)state;
	assert_true(date_parse("2024-02-29", &a));
	assert_true(date_parse("2024-03-01", &b));
	assert_int_equal(b - a, 1);
	assert_true(date_parse("2023-12-31", &a));
	assert_true(date_parse("2024-01-01", &b));
	assert_int_equal(b - a, 1);
}

/* ---- time_fmt_rfc3339 ---- */

static void
check_fmt(int64_t ms, const char *want)
{
	char buf[32];

	memset(buf, 'X', sizeof(buf));
	time_fmt_rfc3339(ms, buf, sizeof(buf));
	if (strcmp(buf, want) != 0)
		fail_msg("%lld formatted as %s, want %s", (long long)ms, buf, want);
	assert_int_equal(strlen(buf), 29);
}

static void
time_fmt_rfc3339_of_epoch_is_eight_oclock(void **state)
{
	(void)state;
	check_fmt(0, "1970-01-01T08:00:00.000+08:00");
}

static void
time_fmt_rfc3339_rolls_over_to_next_local_day(void **state)
{
	int64_t d;

	(void)state;
	assert_true(date_parse("2024-03-04", &d));
	/* 16:00 UTC is local midnight of the next day; one ms earlier is still the 4th. */
	check_fmt(d * MS_PER_DAY + 16 * MS_PER_HOUR, "2024-03-05T00:00:00.000+08:00");
	check_fmt(d * MS_PER_DAY + 16 * MS_PER_HOUR - 1, "2024-03-04T23:59:59.999+08:00");
	check_fmt(
	    d * MS_PER_DAY + 23 * MS_PER_HOUR + 59 * MS_PER_MIN, "2024-03-05T07:59:00.000+08:00");
}

static void
time_fmt_rfc3339_rolls_over_year_and_leap_day(void **state)
{
	int64_t d;

	(void)state;
	assert_true(date_parse("2023-12-31", &d));
	check_fmt(d * MS_PER_DAY + 16 * MS_PER_HOUR + 30 * MS_PER_MIN + 5 * MS_PER_SEC + 7,
	    "2024-01-01T00:30:05.007+08:00");
	assert_true(date_parse("2024-02-28", &d));
	check_fmt(d * MS_PER_DAY + 16 * MS_PER_HOUR, "2024-02-29T00:00:00.000+08:00");
}

static void
time_fmt_rfc3339_before_epoch(void **state)
{
	(void)state;
	check_fmt(-1, "1970-01-01T07:59:59.999+08:00");
	check_fmt(-8 * MS_PER_HOUR, "1970-01-01T00:00:00.000+08:00");
	check_fmt(-8 * MS_PER_HOUR - 1, "1969-12-31T23:59:59.999+08:00");
}

static void
date_start_ms_is_local_midnight(void **state)
{
	int64_t d;

	(void)state;
	assert_true(date_parse("2024-03-05", &d));
	check_fmt(date_start_ms(d), "2024-03-05T00:00:00.000+08:00");
	check_fmt(date_start_ms(d) - 1, "2024-03-04T23:59:59.999+08:00");
}

static void
civil_from_days_inverts_days_from_civil(void **state)
{
	int64_t  z;
	int      y;
	unsigned m, d;

	(void)state;
	for (z = -800000; z <= 800000; z += 97) {
		civil_from_days(z, &y, &m, &d);
		if (days_from_civil(y, m, d) != z)
			fail_msg("day %lld → %d-%u-%u → %lld", (long long)z, y, m, d,
			    (long long)days_from_civil(y, m, d));
	}
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		T(qs_parse_splits_pairs),
		T(qs_parse_of_empty_string_has_no_pairs),
		T(qs_parse_decodes_plus_as_space),
		T(qs_parse_decodes_percent_escapes),
		T(qs_parse_decodes_escaped_key),
		T(qs_parse_accepts_raw_utf8),
		T(qs_parse_rejects_non_hex_escape),
		T(qs_parse_rejects_truncated_escape),
		T(qs_parse_accepts_escape_at_very_end),
		T(qs_parse_rejects_bad_escape_in_key),
		T(qs_parse_rejects_invalid_utf8),
		T(qs_parse_rejects_control_characters),
		T(qs_parse_skips_empty_pairs),
		T(qs_parse_key_without_equals_has_empty_value),
		T(qs_parse_keeps_later_equals_in_value),
		T(qs_parse_accepts_max_params),
		T(qs_parse_rejects_more_than_max_params),
		T(qs_parse_reads_only_len_bytes),
		T(kv_get_returns_first_of_repeated_key),
		T(utf8_valid_accepts_ascii_and_multibyte),
		T(utf8_valid_rejects_overlong_forms),
		T(utf8_valid_rejects_surrogates),
		T(utf8_valid_rejects_beyond_u10ffff),
		T(utf8_valid_rejects_truncated_sequences),
		T(utf8_valid_rejects_bad_continuation),
		T(utf8_valid_rejects_nul),
		T(utf8_chars_counts_code_points),
		T(url_encode_keeps_unreserved),
		T(url_encode_escapes_everything_else),
		T(url_encode_round_trips_through_qs_parse),
		T(cookie_get_finds_cookie_among_several),
		T(cookie_get_finds_only_cookie),
		T(cookie_get_removes_quotes),
		T(cookie_get_rejects_unbalanced_quote),
		T(cookie_get_absent_is_null),
		T(cookie_get_does_not_match_name_suffix),
		T(cookie_get_does_not_match_name_prefix),
		T(cookie_get_rejects_invalid_octets),
		T(cookie_get_tolerates_spaces_between_cookies),
		T(cookie_get_accepts_all_cookie_octets),
		T(cookie_get_ignores_header_over_8k),
		T(cookie_get_with_empty_name_is_null),
		T(text_clean_trims_blanks),
		T(text_clean_counts_characters_not_bytes),
		T(text_clean_at_exact_limits),
		T(text_clean_requires_text_when_min_is_one),
		T(text_clean_allows_empty_when_min_is_zero),
		T(text_clean_rejects_control_characters),
		T(text_clean_rejects_invalid_utf8),
		T(date_parse_accepts_epoch),
		T(date_parse_accepts_leap_day_of_leap_year),
		T(date_parse_rejects_leap_day_of_common_year),
		T(date_parse_rejects_days_past_month_end),
		T(date_parse_rejects_month_or_day_zero_or_over),
		T(date_parse_rejects_bad_shapes),
		T(date_parse_consecutive_days_differ_by_one),
		T(time_fmt_rfc3339_of_epoch_is_eight_oclock),
		T(time_fmt_rfc3339_rolls_over_to_next_local_day),
		T(time_fmt_rfc3339_rolls_over_year_and_leap_day),
		T(time_fmt_rfc3339_before_epoch),
		T(date_start_ms_is_local_midnight),
		T(civil_from_days_inverts_days_from_civil),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
