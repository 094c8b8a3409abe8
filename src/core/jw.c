#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/jw.h"
#include "core/mem.h"

void
jw_init(struct jw *w)
{
	memset(w, 0, sizeof(*w));
	w->cap = 4096;
	w->buf = xmalloc(w->cap);
}

void
jw_free(struct jw *w)
{
	free(w->buf);
	w->buf = NULL;
}

char *
jw_take(struct jw *w, size_t *len)
{
	char *b = w->buf;

	b[w->len] = '\0';
	*len = w->len;
	w->buf = NULL;
	return b;
}

static void
reserve(struct jw *w, size_t n)
{
	if (w->len + n + 1 <= w->cap)
		return;
	while (w->len + n + 1 > w->cap)
		w->cap *= 2;
	w->buf = xrealloc(w->buf, w->cap);
}

static void
put(struct jw *w, const char *s, size_t n)
{
	reserve(w, n);
	memcpy(w->buf + w->len, s, n);
	w->len += n;
}

/* A comma before every element but the first of its object or array. */
static void
element(struct jw *w)
{
	if (w->more[w->depth])
		put(w, ",", 1);
	w->more[w->depth] = true;
}

static void
open_scope(struct jw *w, char c)
{
	element(w);
	put(w, &c, 1);
	if (w->depth + 1 < JW_MAX_DEPTH)
		w->depth++;
	w->more[w->depth] = false;
}

static void
close_scope(struct jw *w, char c)
{
	put(w, &c, 1);
	if (w->depth > 0)
		w->depth--;
}

void
jw_obj(struct jw *w)
{
	open_scope(w, '{');
}

void
jw_obj_end(struct jw *w)
{
	close_scope(w, '}');
}

void
jw_arr(struct jw *w)
{
	open_scope(w, '[');
}

void
jw_arr_end(struct jw *w)
{
	close_scope(w, ']');
}

/* Writes s as a JSON string. Room for the worst case (every byte \u00XX) is made once,
 * then runs of plain bytes are copied whole: this is most of a list page's work. */
static void
quoted(struct jw *w, const char *s)
{
	static const char hex[] = "0123456789abcdef";
	size_t            n = strlen(s), i, run = 0;
	char             *o;

	reserve(w, n * 6 + 2);
	o = w->buf + w->len;
	*o++ = '"';
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c >= 0x20 && c != '"' && c != '\\')
			continue;
		memcpy(o, s + run, i - run);
		o += i - run;
		run = i + 1;
		*o++ = '\\';
		switch (c) {
		case '"': *o++ = '"'; break;
		case '\\': *o++ = '\\'; break;
		case '\n': *o++ = 'n'; break;
		case '\t': *o++ = 't'; break;
		case '\r': *o++ = 'r'; break;
		default:
			memcpy(o, "u00", 3);
			o[3] = hex[c >> 4];
			o[4] = hex[c & 15];
			o += 5;
		}
	}
	memcpy(o, s + run, n - run);
	o += n - run;
	*o++ = '"';
	w->len = (size_t)(o - w->buf);
}

void
jw_key(struct jw *w, const char *k)
{
	element(w);
	quoted(w, k);
	put(w, ":", 1);
	/* The value that follows is part of this member: no comma before it. */
	w->more[w->depth] = false;
}

/* After a value: the next member or element needs a comma. */
static void
done(struct jw *w)
{
	w->more[w->depth] = true;
}

void
jw_str(struct jw *w, const char *s)
{
	if (s == NULL) {
		jw_null(w);
		return;
	}
	element(w);
	quoted(w, s);
	done(w);
}

void
jw_int(struct jw *w, int64_t v)
{
	char b[24];

	element(w);
	put(w, b, (size_t)snprintf(b, sizeof(b), "%lld", (long long)v));
	done(w);
}

/*
 * A value with at most six decimals from 0.0001 to a million (coordinates, most measures) is
 * written from its integer millionths, which is what "%.12g" gives for it but without
 * glibc's multi-precision path; anything else goes through "%.12g".
 */
static int
real_fast(char *b, double v)
{
	double  a = v < 0 ? -v : v, scaled = a * 1e6;
	int64_t n, ip, fp;
	int     len = 0, i;
	char    frac[7];

	/* Below 1e-4 "%.12g" switches to an exponent (and keeps the sign of zero). */
	if (!(a < 1e6) || !(a >= 1e-4))
		return -1;
	n = (int64_t)(scaled + 0.5);
	if ((double)n / 1e6 != a)
		return -1;
	ip = n / 1000000;
	fp = n % 1000000;
	if (v < 0 && n != 0)
		b[len++] = '-';
	len += snprintf(b + len, 24, "%lld", (long long)ip);
	for (i = 5; i >= 0; i--) {
		frac[i] = (char)('0' + fp % 10);
		fp /= 10;
	}
	for (i = 6; i > 1 && frac[i - 1] == '0'; i--)
		continue;
	b[len++] = '.';
	memcpy(b + len, frac, (size_t)i);
	return len + i;
}

void
jw_real(struct jw *w, double v)
{
	char b[40];
	int  n = real_fast(b, v);

	if (n < 0) {
		n = snprintf(b, sizeof(b), "%.12g", v);
		if (strpbrk(b, ".eEn") == NULL && n < (int)sizeof(b) - 3) {
			memcpy(b + n, ".0", 3);
			n += 2;
		}
	}
	element(w);
	put(w, b, (size_t)n);
	done(w);
}

void
jw_bool(struct jw *w, bool v)
{
	element(w);
	put(w, v ? "true" : "false", v ? 4 : 5);
	done(w);
}

void
jw_null(struct jw *w)
{
	element(w);
	put(w, "null", 4);
	done(w);
}
