#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/mem.h"
#include "core/text.h"
#include "doc/doc_impl.h"

/*
 * Sizes are the Chinese type sizes: 二号 22 pt, 三号 16 pt, 四号 14 pt, 小四 12 pt. The
 * body's pitch puts GB/T 9704's 22 lines in the 225 mm text area (28.95 pt, 579 twips).
 * Word gets 宋体/黑体 (SimSun/SimHei on Windows, substituted by WPS and LibreOffice); the
 * PDF gets the Noto CJK faces Debian ships (fonts-noto-cjk), serif for 宋体.
 */
const struct doc_style_def doc_styles[DOC_STYLE__MAX] = {
	[DOC_STYLE_TITLE] = { "Title", "Title", "宋体", "Noto Serif CJK SC", true, 22, 35, 28.95,
	    -1, true },
	[DOC_STYLE_H1] = { "Heading1", "heading 1", "黑体", "Noto Sans CJK SC", true, 16, 28.95, 0,
	    0, true },
	[DOC_STYLE_H2] = { "Heading2", "heading 2", "宋体", "Noto Serif CJK SC", true, 16, 28.95, 0,
	    1, true },
	[DOC_STYLE_BODY] = { "Normal", "Normal", "宋体", "Noto Serif CJK SC", false, 16, 28.95, 0,
	    -1, false },
	[DOC_STYLE_TABLE] = { "TableText", "Table Text", "宋体", "Noto Serif CJK SC", false, 12, 18,
	    0, -1, false },
	[DOC_STYLE_FOOTER] = { "Footer", "footer", "宋体", "Noto Serif CJK SC", false, 14, 20, 0,
	    -1, false },
};

void
doc_buf_add(struct doc_buf *b, const void *p, size_t n)
{
	if (b->cap - b->len < n + 1) {
		size_t cap = b->cap ? b->cap : 4096;

		while (cap - b->len < n + 1)
			cap *= 2;
		b->p = xrealloc(b->p, cap);
		b->cap = cap;
	}
	memcpy(b->p + b->len, p, n);
	b->len += n;
	b->p[b->len] = '\0';
}

void
doc_buf_puts(struct doc_buf *b, const char *s)
{
	doc_buf_add(b, s, strlen(s));
}

void
doc_buf_printf(struct doc_buf *b, const char *fmt, ...)
{
	char    small[256], *big;
	va_list ap;
	int     n;

	va_start(ap, fmt);
	n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n < sizeof(small)) {
		doc_buf_add(b, small, (size_t)n);
		return;
	}
	big = xmalloc((size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(big, (size_t)n + 1, fmt, ap);
	va_end(ap);
	doc_buf_add(b, big, (size_t)n);
	free(big);
}

/*
 * A copy of s fit for both formats, or NULL when s is not well-formed UTF-8. XML 1.0
 * allows no C0 control but tab, line feed and carriage return, nor U+FFFE and U+FFFF:
 * a tab becomes a space, "\n" stays (a line break), the rest are dropped with DEL and the
 * C1 controls, which no document means to print.
 */
static char *
doc_clean(const char *s)
{
	const unsigned char *u = (const unsigned char *)(s ? s : "");
	size_t               n = strlen((const char *)u), i = 0, k;
	char                *out, *w;

	if (!utf8_valid((const char *)u, n))
		return NULL;
	out = w = xmalloc(n + 1);
	while (i < n) {
		unsigned char c = u[i];

		if (c < 0x80) {
			if (c == '\t')
				*w++ = ' ';
			else if (c == '\n' || (c >= 0x20 && c != 0x7F))
				*w++ = (char)c;
			i++;
			continue;
		}
		k = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
		if (!(c == 0xC2 && u[i + 1] < 0xA0) &&
		    !(c == 0xEF && u[i + 1] == 0xBF && (u[i + 2] == 0xBE || u[i + 2] == 0xBF))) {
			memcpy(w, u + i, k);
			w += k;
		}
		i += k;
	}
	*w = '\0';
	return out;
}

struct doc *
doc_new(const char *title)
{
	struct doc *d = xcalloc(1, sizeof(*d));

	if ((d->title = doc_clean(title)) == NULL) {
		d->title = xstrdup("");
		d->err = APP_EINVAL;
	}
	return d;
}

void
doc_free(struct doc *d)
{
	size_t i, c;

	if (d == NULL)
		return;
	for (i = 0; i < d->n; i++) {
		struct doc_block *b = &d->blocks[i];

		free(b->text);
		free(b->widths);
		if (b->cells != NULL)
			for (c = 0; c < b->nrows * b->ncols; c++)
				free(b->cells[c]);
		free(b->cells);
	}
	free(d->blocks);
	free(d->title);
	free(d);
}

static void
doc_invalid(struct doc *d)
{
	if (d->err == APP_OK)
		d->err = APP_EINVAL;
}

/* A new block at the end, carrying a pending page break. */
static struct doc_block *
doc_push(struct doc *d, enum doc_kind kind)
{
	struct doc_block *b;

	if (d->n == d->cap) {
		d->cap = d->cap ? d->cap * 2 : 16;
		d->blocks = xrealloc(d->blocks, d->cap * sizeof(*d->blocks));
	}
	b = &d->blocks[d->n++];
	memset(b, 0, sizeof(*b));
	b->kind = kind;
	b->break_before = d->pending_break;
	d->pending_break = false;
	return b;
}

static void
doc_text(struct doc *d, enum doc_style style, const char *text, unsigned flags)
{
	struct doc_block *b;
	char             *t;

	if ((t = doc_clean(text)) == NULL) {
		doc_invalid(d);
		return;
	}
	b = doc_push(d, DOC_BLOCK_TEXT);
	b->style = style;
	b->flags = flags;
	b->text = t;
}

void
doc_heading(struct doc *d, int level, const char *text)
{
	static const enum doc_style by_level[] = { DOC_STYLE_TITLE, DOC_STYLE_H1, DOC_STYLE_H2 };

	if (level < 0 || (size_t)level >= sizeof(by_level) / sizeof(by_level[0])) {
		doc_invalid(d);
		return;
	}
	doc_text(d, by_level[level], text, 0);
}

void
doc_para(struct doc *d, const char *text, unsigned flags)
{
	const unsigned known = DOC_CENTER | DOC_RIGHT | DOC_BOLD | DOC_INDENT;

	if ((flags & ~known) != 0 ||
	    (flags & (DOC_CENTER | DOC_RIGHT)) == (DOC_CENTER | DOC_RIGHT)) {
		doc_invalid(d);
		return;
	}
	doc_text(d, DOC_STYLE_BODY, text, flags);
}

void
doc_table(struct doc *d, size_t ncols, const double *rel, const char *const *cells, size_t nrows,
    unsigned flags)
{
	struct doc_block *b;
	double            sum = 0;
	size_t            i, n;
	char            **copy;

	if (ncols == 0 || ncols > DOC_TABLE_MAX_COLS || nrows == 0 || cells == NULL ||
	    nrows > SIZE_MAX / ncols || (flags & ~DOC_TABLE_HEADER) != 0) {
		doc_invalid(d);
		return;
	}
	for (i = 0; rel != NULL && i < ncols; i++) {
		if (!isfinite(rel[i]) || rel[i] <= 0) {
			doc_invalid(d);
			return;
		}
		sum += rel[i];
	}
	n = nrows * ncols;
	copy = xcalloc(n, sizeof(*copy));
	for (i = 0; i < n; i++)
		if ((copy[i] = doc_clean(cells[i])) == NULL) {
			while (i-- > 0)
				free(copy[i]);
			free(copy);
			doc_invalid(d);
			return;
		}
	b = doc_push(d, DOC_BLOCK_TABLE);
	b->flags = flags;
	b->ncols = ncols;
	b->nrows = nrows;
	b->cells = copy;
	b->widths = xmalloc(ncols * sizeof(*b->widths));
	for (i = 0; i < ncols; i++)
		b->widths[i] = rel != NULL ? rel[i] / sum : 1.0 / (double)ncols;
}

void
doc_spacer(struct doc *d, double points)
{
	if (!isfinite(points) || points < 0 || points > 720) {
		doc_invalid(d);
		return;
	}
	doc_push(d, DOC_BLOCK_SPACER)->points = points;
}

void
doc_page_break(struct doc *d)
{
	/* Nothing before it: the first page is already new. */
	if (d->n > 0)
		d->pending_break = true;
}

void
doc_warm(void)
{
	struct doc    *d = doc_new(NULL);
	unsigned char *out = NULL;
	size_t         len = 0;

	doc_para(d, "预热 warm-up", 0);
	if (doc_pdf(d, &out, &len) == APP_OK)
		free(out);
	doc_free(d);
}
