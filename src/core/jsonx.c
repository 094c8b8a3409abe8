#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/arena.h"
#include "core/jsonx.h"
#include "core/text.h"

void
jx_err(json_t *errs, const char *field, const char *message)
{
	json_array_append_new(errs, json_pack("{s:s, s:s}", "field", field, "message", message));
}

void
jx_errs_prefix(json_t *errs, size_t from, const char *prefix)
{
	json_t *e;
	char    buf[256];

	for (; from < json_array_size(errs); from++) {
		e = json_array_get(errs, from);
		snprintf(buf, sizeof(buf), "%s.%s", prefix,
		    json_string_value(json_object_get(e, "field")));
		json_object_set_new(e, "field", json_string(buf));
	}
}

bool
jx_has_err(json_t *errs, const char *field)
{
	size_t  i;
	json_t *e;

	json_array_foreach(errs, i,
	    e) if (strcmp(json_string_value(json_object_get(e, "field")), field) == 0) return true;
	return false;
}

const char *
text_clean(struct arena *a, const char *s, size_t minc, size_t maxc, const char **why)
{
	size_t n, i, chars;

	*why = NULL;
	while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
		s++;
	n = strlen(s);
	while (
	    n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\n'))
		n--;
	if (!utf8_valid(s, n)) {
		*why = "不是有效的文本";
		return NULL;
	}
	for (i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f) {
			*why = "不能包含控制字符";
			return NULL;
		}
	s = arena_strndup(a, s, n);
	chars = utf8_chars(s);
	if (chars < minc) {
		*why = minc == 1 ? "必填" : arena_printf(a, "至少 %zu 个字符", minc);
		return NULL;
	}
	if (chars > maxc) {
		*why = arena_printf(a, "不能超过 %zu 个字符", maxc);
		return NULL;
	}
	return s;
}

enum jx
jx_string(struct arena *a, json_t *obj, const char *key, size_t minc, size_t maxc, const char **out,
    json_t *errs)
{
	json_t     *v = json_object_get(obj, key);
	const char *why, *s;

	if (v == NULL)
		return JX_ABSENT;
	if (json_is_null(v)) {
		if (minc > 0) {
			jx_err(errs, key, "必填");
			return JX_BAD;
		}
		*out = NULL;
		return JX_NULL;
	}
	if (!json_is_string(v)) {
		jx_err(errs, key, "应为文本");
		return JX_BAD;
	}
	if ((s = text_clean(a, json_string_value(v), minc, maxc, &why)) == NULL) {
		jx_err(errs, key, why);
		return JX_BAD;
	}
	if (s[0] == '\0') {
		*out = NULL;
		return JX_NULL;
	}
	*out = s;
	return JX_SET;
}

enum jx
jx_int(json_t *obj, const char *key, int64_t min, int64_t max, int64_t *out, json_t *errs)
{
	json_t *v = json_object_get(obj, key);
	char    msg[96];

	if (v == NULL)
		return JX_ABSENT;
	if (json_is_null(v))
		return JX_NULL;
	if (!json_is_integer(v)) {
		jx_err(errs, key, "应为整数");
		return JX_BAD;
	}
	if (json_integer_value(v) < min || json_integer_value(v) > max) {
		snprintf(
		    msg, sizeof(msg), "应在 %lld 到 %lld 之间", (long long)min, (long long)max);
		jx_err(errs, key, msg);
		return JX_BAD;
	}
	*out = json_integer_value(v);
	return JX_SET;
}

enum jx
jx_number(json_t *obj, const char *key, double min, double max, double *out, json_t *errs)
{
	json_t *v = json_object_get(obj, key);
	char    msg[96];
	double  d;

	if (v == NULL)
		return JX_ABSENT;
	if (json_is_null(v))
		return JX_NULL;
	if (!json_is_number(v)) {
		jx_err(errs, key, "应为数字");
		return JX_BAD;
	}
	d = json_number_value(v);
	if (!isfinite(d) || d < min || d > max) {
		snprintf(msg, sizeof(msg), "应在 %g 到 %g 之间", min, max);
		jx_err(errs, key, msg);
		return JX_BAD;
	}
	*out = d;
	return JX_SET;
}

enum jx
jx_bool(json_t *obj, const char *key, bool *out, json_t *errs)
{
	json_t *v = json_object_get(obj, key);

	if (v == NULL)
		return JX_ABSENT;
	if (!json_is_boolean(v)) {
		jx_err(errs, key, "应为是或否（true/false）");
		return JX_BAD;
	}
	*out = json_is_true(v);
	return JX_SET;
}

enum jx
jx_enum(json_t *obj, const char *key, const char *const *allowed, const char **out, json_t *errs)
{
	json_t     *v = json_object_get(obj, key);
	const char *s;
	size_t      i;

	if (v == NULL)
		return JX_ABSENT;
	if (json_is_null(v))
		return JX_NULL;
	if (json_is_string(v)) {
		s = json_string_value(v);
		for (i = 0; allowed[i] != NULL; i++)
			if (strcmp(s, allowed[i]) == 0) {
				*out = allowed[i];
				return JX_SET;
			}
	}
	{
		char   msg[512];
		size_t n = (size_t)snprintf(msg, sizeof(msg), "应为以下之一：");

		for (i = 0; allowed[i] != NULL && n < sizeof(msg); i++)
			n += (size_t)snprintf(
			    msg + n, sizeof(msg) - n, "%s%s", i ? "、" : "", allowed[i]);
		jx_err(errs, key, msg);
	}
	return JX_BAD;
}

void
jx_unknown(json_t *obj, const char *const *known, json_t *errs)
{
	const char *k;
	json_t     *v;
	size_t      i;

	json_object_foreach(obj, k, v)
	{
		for (i = 0; known[i] != NULL; i++)
			if (strcmp(k, known[i]) == 0)
				break;
		if (known[i] == NULL)
			jx_err(errs, k, "未知字段");
	}
}

json_t *
jx_diff(json_t *before, json_t *after)
{
	json_t     *d = json_object(), *old, *v;
	const char *k;

	json_object_foreach(after, k, v)
	{
		old = before ? json_object_get(before, k) : NULL;
		if (old == NULL)
			old = json_null();
		if (!json_equal(old, v))
			json_object_set_new(d, k, json_pack("[OO]", old, v));
	}
	return d;
}
