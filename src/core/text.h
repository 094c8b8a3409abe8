/* Text helpers: UTF-8 validation and counting, query-string parsing. */
#ifndef CORE_TEXT_H
#define CORE_TEXT_H

#include <stdbool.h>
#include <stddef.h>

#include "core/err.h"

struct arena;

/* True when s[0..n) is well-formed UTF-8 (no overlongs, surrogates, or NUL bytes). */
bool utf8_valid(const char *s, size_t n);
/* Number of code points in a valid UTF-8 string. */
size_t utf8_chars(const char *s);
/* The label of `code` in parallel NULL-terminated lists of codes and labels; the code
 * itself when it is not listed, "" for NULL. */
const char *code_label(const char *const *codes, const char *const *labels, const char *code);
/* True when s has only blank characters (or is empty). */
bool text_blank(const char *s);

struct kv {
	const char *key;
	const char *val;
};

struct kvlist {
	struct kv *items;
	size_t     n;
};

#define QS_MAX_PARAMS 64

/*
 * Parses an application/x-www-form-urlencoded query (without the '?') into the arena:
 * '+' is a space, %XX decoded, keys and values must be valid UTF-8 without control
 * characters. More than QS_MAX_PARAMS pairs or a bad escape is APP_EBADREQ, with
 * *bad naming the offending key (in the arena) when known.
 */
enum app_err qs_parse(
    struct arena *, const char *raw, size_t len, struct kvlist *out, const char **bad);
/* Percent-encodes every byte but unreserved characters (RFC 3986), into the arena. */
const char *url_encode(struct arena *, const char *);
/* A URL path with %XX decoded ('+' stays '+'); NULL on a bad escape, bad UTF-8 or a
 * control character. */
const char *path_decode(struct arena *, const char *path);
/* The value of the first `key`, or NULL. */
const char *kv_get(const struct kvlist *, const char *key);

#endif
