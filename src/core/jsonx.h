/*
 * Decoding JSON input fields with field-level errors. Each reader looks at obj[key] and
 * returns JX_ABSENT (no such member), JX_NULL (null, where allowed), JX_SET (a valid value
 * in *out) or JX_BAD (an error naming `key` was appended to errs). Errors are Chinese
 * messages for the person filling the form.
 */
#ifndef CORE_JSONX_H
#define CORE_JSONX_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct arena;

enum jx { JX_ABSENT, JX_NULL, JX_SET, JX_BAD };

/* Reading a member of a JSON object known to be well formed (a row the store wrote): its
 * string (NULL when absent or not a string) and its integer (0 likewise). */
static inline const char *
jx_str(const json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

static inline int64_t
jx_num(const json_t *o, const char *key)
{
	return json_integer_value(json_object_get(o, key));
}

/* Appends {field, message} to the array errs. */
void jx_err(json_t *errs, const char *field, const char *message);
/* Prefixes the field of every error from index `from` on: "text" → "items[3].text". */
void jx_errs_prefix(json_t *errs, size_t from, const char *prefix);
/* True when errs already names this field. */
bool jx_has_err(json_t *errs, const char *field);

/*
 * A string of minc..maxc characters (code points) after trimming surrounding blanks, with
 * no control characters; copied into the arena. Empty strings are JX_NULL when minc is 0.
 */
enum jx jx_string(struct arena *, json_t *obj, const char *key, size_t minc, size_t maxc,
    const char **out, json_t *errs);
enum jx jx_int(json_t *obj, const char *key, int64_t min, int64_t max, int64_t *out, json_t *errs);
enum jx jx_number(json_t *obj, const char *key, double min, double max, double *out, json_t *errs);
enum jx jx_bool(json_t *obj, const char *key, bool *out, json_t *errs);
/* A required member absent or given as null (JX_ABSENT, JX_NULL): "必填" for the caller. */
static inline bool
jx_missing(enum jx r)
{
	return r == JX_ABSENT || r == JX_NULL;
}
/* A string that must be one of the NULL-terminated `allowed` codes. */
enum jx jx_enum(
    json_t *obj, const char *key, const char *const *allowed, const char **out, json_t *errs);
/* Adds an error for every member of obj not in the NULL-terminated `known`. */
void jx_unknown(json_t *obj, const char *const *known, json_t *errs);

/* Trims blanks and checks a string the same way jx_string does (for CSV cells). NULL
 * with *why set when it is not acceptable. */
const char *text_clean(struct arena *, const char *s, size_t minc, size_t maxc, const char **why);

/*
 * The changes from `before` to `after` for the audit log: {"field": [old, new], …} for
 * every member of `after` whose value differs (members absent from `before` count as
 * null). Returns a new object (possibly empty).
 */
json_t *jx_diff(json_t *before, json_t *after);
#endif
