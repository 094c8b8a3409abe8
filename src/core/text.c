#include <string.h>

#include "core/arena.h"
#include "core/text.h"

bool
utf8_valid(const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t               i = 0, need, k;
	unsigned             cp, min;

	while (i < n) {
		unsigned char c = s[i];

		if (c == 0)
			return false;
		if (c < 0x80) {
			i++;
			continue;
		}
		if ((c & 0xE0) == 0xC0) {
			need = 1, cp = c & 0x1F, min = 0x80;
		} else if ((c & 0xF0) == 0xE0) {
			need = 2, cp = c & 0x0F, min = 0x800;
		} else if ((c & 0xF8) == 0xF0) {
			need = 3, cp = c & 0x07, min = 0x10000;
		} else
			return false;
		if (n - i <= need)
			return false;
		for (k = 1; k <= need; k++) {
			if ((s[i + k] & 0xC0) != 0x80)
				return false;
			cp = (cp << 6) | (s[i + k] & 0x3F);
		}
		if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
			return false;
		i += need + 1;
	}
	return true;
}

size_t
utf8_chars(const char *s)
{
	size_t n = 0;

	for (; *s != '\0'; s++)
		if (((unsigned char)*s & 0xC0) != 0x80)
			n++;
	return n;
}

bool
text_blank(const char *s)
{
	for (; *s != '\0'; s++)
		if (*s != ' ' && *s != '\t' && *s != '\r' && *s != '\n')
			return false;
	return true;
}

static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Decodes s[0..n) into the arena; NULL on a bad escape, bad UTF-8 or a control char. */
static const char *
pct_decode(struct arena *a, const char *s, size_t n, bool plus_is_space)
{
	char  *out = arena_alloc(a, n + 1);
	size_t i, o = 0;
	int    hi, lo;

	for (i = 0; i < n; i++) {
		if (s[i] == '+' && plus_is_space)
			out[o++] = ' ';
		else if (s[i] == '%') {
			if (i + 2 >= n)
				return NULL;
			if ((hi = hexval(s[i + 1])) < 0 || (lo = hexval(s[i + 2])) < 0)
				return NULL;
			out[o++] = (char)(hi << 4 | lo);
			i += 2;
		} else
			out[o++] = s[i];
	}
	out[o] = '\0';
	if (!utf8_valid(out, o))
		return NULL;
	for (i = 0; i < o; i++)
		if ((unsigned char)out[i] < 0x20 || out[i] == 0x7f)
			return NULL;
	return out;
}

const char *
path_decode(struct arena *a, const char *path)
{
	return pct_decode(a, path, strlen(path), false);
}

enum app_err
qs_parse(struct arena *a, const char *raw, size_t len, struct kvlist *out, const char **bad)
{
	size_t      i, start, eq, cap = 8;
	const char *k, *v;

	*bad = NULL;
	out->n = 0;
	out->items = arena_alloc(a, cap * sizeof(*out->items));
	for (start = 0; start < len; start = i + 1) {
		for (i = start; i < len && raw[i] != '&'; i++)
			continue;
		if (i == start)
			continue; /* "a=1&&b=2" */
		for (eq = start; eq < i && raw[eq] != '='; eq++)
			continue;
		if ((k = pct_decode(a, raw + start, eq - start, true)) == NULL)
			return APP_EBADREQ;
		v = eq < i ? pct_decode(a, raw + eq + 1, i - eq - 1, true) : "";
		if (v == NULL) {
			*bad = k;
			return APP_EBADREQ;
		}
		if (out->n == QS_MAX_PARAMS) {
			*bad = k;
			return APP_EBADREQ;
		}
		if (out->n == cap) {
			struct kv *n = arena_alloc(a, cap * 2 * sizeof(*n));

			memcpy(n, out->items, cap * sizeof(*n));
			out->items = n;
			cap *= 2;
		}
		out->items[out->n].key = k;
		out->items[out->n].val = v;
		out->n++;
	}
	return APP_OK;
}

const char *
kv_get(const struct kvlist *l, const char *key)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (strcmp(l->items[i].key, key) == 0)
			return l->items[i].val;
	return NULL;
}

const char *
url_encode(struct arena *a, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t            n = strlen(s), o = 0, i;
	char             *out = arena_alloc(a, n * 3 + 1);
	unsigned char     c;

	for (i = 0; i < n; i++) {
		c = (unsigned char)s[i];
		if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		    c == '-' || c == '.' || c == '_' || c == '~')
			out[o++] = (char)c;
		else {
			out[o++] = '%';
			out[o++] = hex[c >> 4];
			out[o++] = hex[c & 15];
		}
	}
	out[o] = '\0';
	return out;
}

const char *
code_label(const char *const *codes, const char *const *labels, const char *code)
{
	size_t i;

	for (i = 0; code != NULL && codes[i] != NULL; i++)
		if (strcmp(codes[i], code) == 0)
			return labels[i];
	return code != NULL ? code : "";
}
