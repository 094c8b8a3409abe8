/* multipart/form-data: the boundary parameter and finding one part, byte-exact. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "attachment/multipart.h"
#include "core/arena.h"

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

/* ---- mp_boundary ---- */

static void
mp_boundary_reads_unquoted_value(void **state)
{
	const char *b = mp_boundary(
	    *state, "multipart/form-data; boundary=----WebKitFormBoundary7MA4YWxkTrZu0gW");

	assert_non_null(b);
	assert_string_equal(b, "----WebKitFormBoundary7MA4YWxkTrZu0gW");
}

static void
mp_boundary_reads_quoted_value(void **state)
{
	const char *b = mp_boundary(*state, "multipart/form-data; boundary=\"a b;c=d\"");

	assert_non_null(b);
	assert_string_equal(b, "a b;c=d");
}

static void
mp_boundary_stops_at_next_parameter(void **state)
{
	const char *b = mp_boundary(*state, "multipart/form-data; boundary=xyz; charset=utf-8");

	assert_non_null(b);
	assert_string_equal(b, "xyz");
}

static void
mp_boundary_is_case_insensitive_in_type_and_name(void **state)
{
	const char *b = mp_boundary(*state, "Multipart/Form-Data; BOUNDARY=AbC");

	assert_non_null(b);
	assert_string_equal(b, "AbC");
}

static void
mp_boundary_ignores_parameter_ending_in_boundary(void **state)
{
	const char *b = mp_boundary(*state, "multipart/form-data; xboundary=evil; boundary=good");

	assert_non_null(b);
	assert_string_equal(b, "good");
}

static void
mp_boundary_missing_is_null(void **state)
{
	assert_null(mp_boundary(*state, "multipart/form-data"));
	assert_null(mp_boundary(*state, "multipart/form-data; charset=utf-8"));
	assert_null(mp_boundary(*state, "multipart/form-data; boundary"));
}

static void
mp_boundary_empty_is_null(void **state)
{
	assert_null(mp_boundary(*state, "multipart/form-data; boundary="));
	assert_null(mp_boundary(*state, "multipart/form-data; boundary=\"\""));
}

static void
mp_boundary_unterminated_quote_is_null(void **state)
{
	assert_null(mp_boundary(*state, "multipart/form-data; boundary=\"abc"));
}

static void
mp_boundary_of_70_characters_is_accepted(void **state)
{
	char ct[128], b[71];

	memset(b, 'b', 70);
	b[70] = '\0';
	snprintf(ct, sizeof(ct), "multipart/form-data; boundary=%s", b);
	assert_non_null(mp_boundary(*state, ct));
	assert_string_equal(mp_boundary(*state, ct), b);
}

static void
mp_boundary_over_70_characters_is_null(void **state)
{
	char ct[128], b[72];

	memset(b, 'b', 71);
	b[71] = '\0';
	snprintf(ct, sizeof(ct), "multipart/form-data; boundary=%s", b);
	assert_null(mp_boundary(*state, ct));
	snprintf(ct, sizeof(ct), "multipart/form-data; boundary=\"%s\"", b);
	assert_null(mp_boundary(*state, ct));
}

static void
mp_boundary_of_other_media_type_is_null(void **state)
{
	assert_null(mp_boundary(*state, "application/json; boundary=x"));
	assert_null(mp_boundary(*state, "multipart/mixed; boundary=x"));
	assert_null(mp_boundary(*state, "text/plain"));
	assert_null(mp_boundary(*state, ""));
	assert_null(mp_boundary(*state, NULL));
}

/* ---- mp_find ---- */

#define CRLF "\r\n"

static const char                                                     form[] =
    "--XyZ" CRLF "Content-Disposition: form-data; name=\"note\"" CRLF CRLF "整改说明" CRLF
    "--XyZ" CRLF "Content-Disposition: form-data; name=\"file\"; filename=\"检查记录.pdf\"" CRLF
    "Content-Type: application/pdf" CRLF                      CRLF "%PDF-1.4 body" CRLF "--XyZ" CRLF
    "Content-Disposition: form-data; name=\"entity_id\"" CRLF CRLF "42" CRLF "--XyZ--" CRLF;

static enum app_err
find(struct arena *a, const void *body, size_t len, const char *field, struct mp_file *f)
{
	return mp_find(a, body, len, "XyZ", field, f);
}

static void
mp_find_finds_file_part_with_filename_and_type(void **state)
{
	struct mp_file f;

	assert_int_equal(find(*state, form, sizeof(form) - 1, "file", &f), APP_OK);
	assert_string_equal(f.filename, "检查记录.pdf");
	assert_string_equal(f.content_type, "application/pdf");
	assert_int_equal(f.len, strlen("%PDF-1.4 body"));
	assert_memory_equal(f.data, "%PDF-1.4 body", f.len);
	assert_true(f.data >= (const unsigned char *)form &&
	    f.data + f.len <= (const unsigned char *)form + sizeof(form) - 1);
}

static void
mp_find_finds_first_part(void **state)
{
	struct mp_file f;

	assert_int_equal(find(*state, form, sizeof(form) - 1, "note", &f), APP_OK);
	assert_int_equal(f.len, strlen("整改说明"));
	assert_memory_equal(f.data, "整改说明", f.len);
	assert_string_equal(f.filename, "");
	assert_string_equal(f.content_type, "");
}

static void
mp_find_finds_last_part(void **state)
{
	struct mp_file f;

	assert_int_equal(find(*state, form, sizeof(form) - 1, "entity_id", &f), APP_OK);
	assert_int_equal(f.len, 2);
	assert_memory_equal(f.data, "42", 2);
}

static void
mp_find_without_such_field_is_enoent(void **state)
{
	struct mp_file f;

	assert_int_equal(find(*state, form, sizeof(form) - 1, "photo", &f), APP_ENOENT);
	assert_int_equal(find(*state, form, sizeof(form) - 1, "fil", &f), APP_ENOENT);
	assert_int_equal(find(*state, form, sizeof(form) - 1, "file2", &f), APP_ENOENT);
}

static void
mp_find_does_not_take_filename_for_name(void **state)
{
	static const char body[] =
	    "--XyZ" CRLF
	    "Content-Disposition: form-data; filename=\"a.pdf\"; name=\"file\"" CRLF CRLF
	    "data" CRLF "--XyZ--" CRLF;
	struct mp_file f;

	assert_int_equal(find(*state, body, sizeof(body) - 1, "file", &f), APP_OK);
	assert_string_equal(f.filename, "a.pdf");
	assert_int_equal(find(*state, body, sizeof(body) - 1, "a.pdf", &f), APP_ENOENT);
}

static void
mp_find_reads_headers_case_insensitively(void **state)
{
	static const char body[] =
	    "--XyZ" CRLF "content-disposition: form-data; name=\"file\"; filename=\"x.png\"" CRLF
	    "content-type: image/png" CRLF CRLF "PNG" CRLF "--XyZ--" CRLF;
	struct mp_file                     f;

	assert_int_equal(find(*state, body, sizeof(body) - 1, "file", &f), APP_OK);
	assert_string_equal(f.filename, "x.png");
	assert_string_equal(f.content_type, "image/png");
}

static void
mp_find_skips_preamble(void **state)
{
	static const char body[] =
	    "This is the preamble." CRLF "--XyZ" CRLF
	    "Content-Disposition: form-data; name=\"file\"" CRLF CRLF "abc" CRLF "--XyZ--";
	struct mp_file                                           f;

	assert_int_equal(find(*state, body, sizeof(body) - 1, "file", &f), APP_OK);
	assert_int_equal(f.len, 3);
	assert_memory_equal(f.data, "abc", 3);
}

static void
mp_find_accepts_empty_part(void **state)
{
	static const char body[] =
	    "--XyZ" CRLF
	    "Content-Disposition: form-data; name=\"file\"; filename=\"\"" CRLF CRLF CRLF
	    "--XyZ--" CRLF;
	struct mp_file f;

	assert_int_equal(find(*state, body, sizeof(body) - 1, "file", &f), APP_OK);
	assert_int_equal(f.len, 0);
	assert_string_equal(f.filename, "");
}

/* Binary data with CR, LF, CRLF, "--", "--XyZ" without CRLF, NUL and high bytes. */
static void
mp_find_preserves_binary_data_byte_exact(void **state)
{
	static const unsigned char data[] = {
		0x89,
		'P',
		'N',
		'G',
		'\r',
		'\n',
		0x1A,
		'\n',
		0x00,
		0x00,
		0xFF,
		0xFE,
		'-',
		'-',
		'\r',
		'\n',
		'-',
		'-',
		'X',
		'y',
		'\r',
		'\n',
		'-',
		'X',
		'y',
		'Z',
		'-',
		'-',
		'X',
		'y',
		'Z',
		'\r',
		'\r',
		'\n',
		'\r',
		'\n',
		'\n',
		'-',
		'-',
		0x00,
		'\r',
		'\n',
		'-',
		'-',
		'X',
		'y',
		'z',
		'\r',
		'\n',
	};
	static const char head[] =
	    "--XyZ" CRLF "Content-Disposition: form-data; name=\"file\"; filename=\"p.png\"" CRLF
	    "Content-Type: image/png" CRLF CRLF;
	static const char                  tail[] = CRLF "--XyZ--" CRLF;
	unsigned char                      body[sizeof(head) + sizeof(data) + sizeof(tail)];
	size_t                             n = 0;
	struct mp_file                     f;

	memcpy(body + n, head, sizeof(head) - 1);
	n += sizeof(head) - 1;
	memcpy(body + n, data, sizeof(data));
	n += sizeof(data);
	memcpy(body + n, tail, sizeof(tail) - 1);
	n += sizeof(tail) - 1;
	assert_int_equal(find(*state, body, n, "file", &f), APP_OK);
	assert_int_equal(f.len, sizeof(data));
	assert_memory_equal(f.data, data, sizeof(data));
	assert_ptr_equal(f.data, body + sizeof(head) - 1);
}

static void
mp_find_truncated_in_data_is_ebadreq(void **state)
{
	struct mp_file f;
	const char    *cut = strstr(form, "%PDF-1.4 bo");

	assert_int_equal(find(*state, form, (size_t)(cut - form) + 11, "file", &f), APP_EBADREQ);
	/* Cut inside the next part: the file part has no closing delimiter either. */
	cut = strstr(form, "%PDF-1.4 body") + 13;
	assert_int_equal(find(*state, form, (size_t)(cut - form) + 3, "file", &f), APP_EBADREQ);
}

static void
mp_find_truncated_in_headers_is_ebadreq(void **state)
{
	struct mp_file f;
	const char    *cut = strstr(form, "Content-Type: application");

	assert_int_equal(find(*state, form, (size_t)(cut - form), "file", &f), APP_EBADREQ);
}

static void
mp_find_truncated_at_every_length_never_finds_part_past_end(void **state)
{
	struct mp_file f;
	size_t         n;
	enum app_err   er;

	for (n = 0; n < sizeof(form) - 1; n++) {
		er = find(*state, form, n, "file", &f);
		if (er == APP_OK && f.data + f.len > (const unsigned char *)form + n)
			fail_msg("length %zu: part runs past the body", n);
		if (er == APP_OK && (f.len != 13 || memcmp(f.data, "%PDF-1.4 body", 13) != 0))
			fail_msg("length %zu: part found with wrong data", n);
	}
}

static void
mp_find_empty_body_is_ebadreq(void **state)
{
	struct mp_file f;

	assert_int_equal(find(*state, "", 0, "file", &f), APP_EBADREQ);
}

static void
mp_find_without_boundary_in_body_is_ebadreq(void **state)
{
	static const char body[] = "just some bytes" CRLF CRLF "no delimiter";
	struct mp_file                                    f;

	assert_int_equal(find(*state, body, sizeof(body) - 1, "file", &f), APP_EBADREQ);
	assert_int_equal(
	    mp_find(*state, (const unsigned char *)form, sizeof(form) - 1, "Other", "file", &f),
	    APP_EBADREQ);
}

static void
mp_find_bad_delimiter_line_is_ebadreq(void **state)
{
	static const char                                                             body[] =
	    "--XyZ garbage" CRLF "Content-Disposition: form-data; name=\"file\"" CRLF CRLF
	    "abc" CRLF "--XyZ--";
	struct mp_file f;

	assert_int_equal(find(*state, body, sizeof(body) - 1, "file", &f), APP_EBADREQ);
}

static void
mp_find_nul_in_headers_is_ebadreq(void **state)
{
	static const char                                                        body[] =
	    "--XyZ" CRLF "Content-Disposition: form-data; name=\"file\"\0x" CRLF CRLF "abc" CRLF
	    "--XyZ--";
	struct mp_file f;

	assert_int_equal(find(*state, body, sizeof(body) - 1, "file", &f), APP_EBADREQ);
}

static void
mp_find_invalid_utf8_filename_is_empty(void **state)
{
	static const char body[] =
	    "--XyZ" CRLF
	    "Content-Disposition: form-data; name=\"file\"; filename=\"\xC3\x28.pdf\"" CRLF CRLF
	    "abc" CRLF "--XyZ--";
	struct mp_file f;

	assert_int_equal(find(*state, body, sizeof(body) - 1, "file", &f), APP_OK);
	assert_string_equal(f.filename, "");
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		T(mp_boundary_reads_unquoted_value),
		T(mp_boundary_reads_quoted_value),
		T(mp_boundary_stops_at_next_parameter),
		T(mp_boundary_is_case_insensitive_in_type_and_name),
		T(mp_boundary_ignores_parameter_ending_in_boundary),
		T(mp_boundary_missing_is_null),
		T(mp_boundary_empty_is_null),
		T(mp_boundary_unterminated_quote_is_null),
		T(mp_boundary_of_70_characters_is_accepted),
		T(mp_boundary_over_70_characters_is_null),
		T(mp_boundary_of_other_media_type_is_null),
		T(mp_find_finds_file_part_with_filename_and_type),
		T(mp_find_finds_first_part),
		T(mp_find_finds_last_part),
		T(mp_find_without_such_field_is_enoent),
		T(mp_find_does_not_take_filename_for_name),
		T(mp_find_reads_headers_case_insensitively),
		T(mp_find_skips_preamble),
		T(mp_find_accepts_empty_part),
		T(mp_find_preserves_binary_data_byte_exact),
		T(mp_find_truncated_in_data_is_ebadreq),
		T(mp_find_truncated_in_headers_is_ebadreq),
		T(mp_find_truncated_at_every_length_never_finds_part_past_end),
		T(mp_find_empty_body_is_ebadreq),
		T(mp_find_without_boundary_in_body_is_ebadreq),
		T(mp_find_bad_delimiter_line_is_ebadreq),
		T(mp_find_nul_in_headers_is_ebadreq),
		T(mp_find_invalid_utf8_filename_is_empty),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
