/*
 * The .pdf writer: pango lays out each block, cairo's PDF surface draws it line by line
 * (so a paragraph continues on the next page) into memory. Units are points. Cairo
 * embeds a subset of each font it draws with.
 */
#include <cairo-pdf.h>
#include <cairo.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/log.h"
#include "core/mem.h"
#include "doc/doc_impl.h"

#define PAGE_W (DOC_PAGE_W_MM * DOC_PT_PER_MM)
#define PAGE_H (DOC_PAGE_H_MM * DOC_PT_PER_MM)
#define TEXT_W ((DOC_PAGE_W_MM - DOC_MARGIN_LEFT_MM - DOC_MARGIN_RIGHT_MM) * DOC_PT_PER_MM)
#define EPS 0.01

struct pdf {
	cairo_surface_t      *surface;
	cairo_t              *cr;
	PangoContext         *ctx;
	PangoFontDescription *fonts[DOC_STYLE__MAX][2]; /* [style][bold] */
	double                top, bottom, left;
	double                y;       /* where the next line's box starts */
	double                fresh_y; /* y of a page with nothing but a repeated header */
	int                   page;
};

struct pdf_line {
	PangoLayoutLine *line;
	double           x;   /* from the left of the layout (alignment, indent) */
	double           asc; /* baseline below the line's top */
	double           h;   /* pitch of the line: the style's, or more for a taller line */
};

/* A text laid out at a width, as lines. */
struct pdf_text {
	PangoLayout     *layout;
	struct pdf_line *lines;
	size_t           n;
	double           height;
};

static cairo_status_t
pdf_write(void *closure, const unsigned char *data, unsigned int len)
{
	doc_buf_add(closure, data, len);
	return CAIRO_STATUS_SUCCESS;
}

static void
pdf_lay(struct pdf *p, struct pdf_text *t, enum doc_style s, bool bold, PangoAlignment align,
    bool justify, double indent, double width, const char *text)
{
	const struct doc_style_def *st = &doc_styles[s];
	PangoLayoutIter            *it;
	PangoRectangle              logical;
	size_t                      i = 0;

	t->layout = pango_layout_new(p->ctx);
	pango_layout_set_font_description(t->layout, p->fonts[s][bold]);
	pango_layout_set_width(t->layout, (int)(width * PANGO_SCALE));
	pango_layout_set_wrap(t->layout, PANGO_WRAP_WORD_CHAR);
	pango_layout_set_alignment(t->layout, align);
	pango_layout_set_justify(t->layout, justify);
	pango_layout_set_indent(t->layout, (int)(indent * PANGO_SCALE));
	pango_layout_set_text(t->layout, text, -1);
	t->n = (size_t)pango_layout_get_line_count(t->layout);
	t->lines = xcalloc(t->n, sizeof(*t->lines));
	t->height = 0;
	it = pango_layout_get_iter(t->layout);
	do {
		struct pdf_line *l = &t->lines[i++];
		double           natural;

		pango_layout_iter_get_line_extents(it, NULL, &logical);
		l->line = pango_layout_iter_get_line_readonly(it);
		l->x = (double)logical.x / PANGO_SCALE;
		natural = (double)logical.height / PANGO_SCALE;
		/* Centred in its pitch, as Word centres a line in an exact line height. */
		l->h = natural > st->pitch ? natural : st->pitch;
		l->asc = (l->h - natural) / 2 +
		    (double)(pango_layout_iter_get_baseline(it) - logical.y) / PANGO_SCALE;
		t->height += l->h;
	} while (i < t->n && pango_layout_iter_next_line(it));
	t->n = i;
	pango_layout_iter_free(it);
}

static void
pdf_text_free(struct pdf_text *t)
{
	if (t->layout != NULL)
		g_object_unref(t->layout);
	free(t->lines);
	memset(t, 0, sizeof(*t));
}

static void
pdf_draw_line(struct pdf *p, const struct pdf_line *l, double x, double top)
{
	cairo_move_to(p->cr, x + l->x, top + l->asc);
	pango_cairo_show_layout_line(p->cr, l->line);
}

/* GB/T 9704 §7.5: "— 1 —" in 四号, its line 7 mm below the text area; centred here. */
static void
pdf_page_end(struct pdf *p)
{
	struct pdf_text t = { 0 };
	char            num[32];

	snprintf(num, sizeof(num), "— %d —", p->page);
	pdf_lay(p, &t, DOC_STYLE_FOOTER, false, PANGO_ALIGN_CENTER, false, 0, TEXT_W, num);
	pdf_draw_line(p, &t.lines[0], p->left, p->bottom + DOC_FOOTER_GAP_MM * DOC_PT_PER_MM);
	pdf_text_free(&t);
	cairo_show_page(p->cr);
	p->page++;
	p->y = p->fresh_y = p->top;
}

static bool
pdf_page_fresh(const struct pdf *p)
{
	return p->y <= p->fresh_y + EPS;
}

/* Room for h points below y, or a new page (unless this one is still fresh). */
static void
pdf_need(struct pdf *p, double h)
{
	if (p->y + h > p->bottom + EPS && !pdf_page_fresh(p))
		pdf_page_end(p);
}

static void
pdf_text_block(struct pdf *p, const struct doc_block *k, const struct doc_block *next)
{
	const struct doc_style_def *st = &doc_styles[k->style];
	struct pdf_text             t;
	PangoAlignment              align = PANGO_ALIGN_LEFT;
	size_t                      i = 0, fit;
	double                      keep;

	if (k->style == DOC_STYLE_TITLE || (k->flags & DOC_CENTER))
		align = PANGO_ALIGN_CENTER;
	else if (k->flags & DOC_RIGHT)
		align = PANGO_ALIGN_RIGHT;
	pdf_lay(p, &t, k->style, st->bold || (k->flags & DOC_BOLD), align,
	    k->style == DOC_STYLE_BODY && align == PANGO_ALIGN_LEFT,
	    (k->flags & DOC_INDENT) ? 2 * st->size : 0, TEXT_W, k->text);
	/* A heading goes with what follows it (Word's keepNext): two lines, which is what
	 * widow and orphan control leaves at the foot of a page. */
	keep = t.height + st->after + 2 * doc_styles[DOC_STYLE_BODY].pitch;
	if (st->keep_next && next != NULL && !next->break_before && keep <= p->bottom - p->top)
		pdf_need(p, keep);
	while (i < t.n) {
		double used = 0;

		for (fit = 0; i + fit < t.n; fit++) {
			if (p->y + used + t.lines[i + fit].h > p->bottom + EPS)
				break;
			used += t.lines[i + fit].h;
		}
		/* Widow and orphan control, as Word's (w:widowControl): no last line alone at
		 * the top of a page, no first line alone at its foot. */
		if (i + fit < t.n && !pdf_page_fresh(p)) {
			if (t.n - (i + fit) == 1 && fit > 0)
				fit--;
			if (i == 0 && fit == 1)
				fit = 0;
		}
		if (fit == 0 && pdf_page_fresh(p))
			fit = 1; /* a line taller than the page */
		for (; fit > 0; fit--, i++) {
			pdf_draw_line(p, &t.lines[i], p->left, p->y);
			p->y += t.lines[i].h;
		}
		if (i < t.n)
			pdf_page_end(p);
	}
	p->y += st->after;
	pdf_text_free(&t);
}

struct pdf_row {
	struct pdf_text cells[DOC_TABLE_MAX_COLS];
	double          height; /* of the tallest cell's text */
	bool            head;
};

struct pdf_table {
	const struct doc_block *k;
	double                  x[DOC_TABLE_MAX_COLS + 1]; /* column edges */
	struct pdf_row          head;
	bool                    repeat;
};

static void
pdf_row_lay(struct pdf *p, struct pdf_table *tb, struct pdf_row *row, size_t r)
{
	const struct doc_block *k = tb->k;
	size_t                  c;

	row->head = (k->flags & DOC_TABLE_HEADER) && r == 0;
	row->height = 0;
	for (c = 0; c < k->ncols; c++) {
		struct pdf_text *t = &row->cells[c];

		pdf_lay(p, t, DOC_STYLE_TABLE, row->head,
		    row->head ? PANGO_ALIGN_CENTER : PANGO_ALIGN_LEFT, false, 0,
		    tb->x[c + 1] - tb->x[c] - 2 * DOC_CELL_PAD_X_PT, k->cells[r * k->ncols + c]);
		if (t->height > row->height)
			row->height = t->height;
	}
}

static void
pdf_row_free(const struct pdf_table *tb, struct pdf_row *row)
{
	size_t c;

	for (c = 0; c < tb->k->ncols; c++)
		pdf_text_free(&row->cells[c]);
}

static void pdf_row(struct pdf *, struct pdf_table *, struct pdf_row *);

/* A new page inside a table: the header row again at its top. */
static void
pdf_table_page(struct pdf *p, struct pdf_table *tb)
{
	pdf_page_end(p);
	if (tb->repeat) {
		pdf_row(p, tb, &tb->head);
		p->fresh_y = p->y;
	}
}

/*
 * Draws a row: on this page if it fits, else on the next; a row taller than a page is
 * split between lines, each part with its own rules.
 */
static void
pdf_row(struct pdf *p, struct pdf_table *tb, struct pdf_row *row)
{
	const double pad = DOC_CELL_PAD_Y_PT;
	size_t       from[DOC_TABLE_MAX_COLS] = { 0 }, to[DOC_TABLE_MAX_COLS], c, i;
	bool         started = false;

	if (p->y + row->height + 2 * pad > p->bottom + EPS && !pdf_page_fresh(p))
		pdf_table_page(p, tb);
	for (;;) {
		double avail = p->bottom - p->y - 2 * pad, fit = 0, frame;
		bool   fresh = pdf_page_fresh(p), whole = true;

		/* The lines of each cell that fit on this page (at least one on a fresh page,
		 * or a line taller than a page would never be drawn). */
		for (c = 0; c < tb->k->ncols; c++) {
			const struct pdf_text *t = &row->cells[c];
			double                 used = 0;

			for (i = from[c]; i < t->n; i++) {
				if (used + t->lines[i].h > avail + EPS && !(fresh && i == from[c]))
					break;
				used += t->lines[i].h;
			}
			to[c] = i;
			whole = whole && i == t->n;
			if (used > fit)
				fit = used;
		}
		if (fit <= 0 && !whole) {
			pdf_table_page(p, tb);
			continue;
		}
		/* A part that continues on the next page has its rules down to the foot. */
		frame = whole || avail < fit ? fit : avail;
		for (c = 0; c < tb->k->ncols; c++) {
			const struct pdf_text *t = &row->cells[c];
			double                 y = p->y + pad;

			cairo_rectangle(
			    p->cr, tb->x[c], p->y, tb->x[c + 1] - tb->x[c], frame + 2 * pad);
			if (row->head) {
				cairo_set_source_rgb(
				    p->cr, 0xD9 / 255.0, 0xD9 / 255.0, 0xD9 / 255.0);
				cairo_fill_preserve(p->cr);
				cairo_set_source_rgb(p->cr, 0, 0, 0);
			}
			cairo_stroke(p->cr);
			/* A row drawn in one piece centres its cells vertically, as the docx does. */
			if (whole && !started)
				y += (row->height - t->height) / 2;
			for (i = from[c]; i < to[c]; i++) {
				pdf_draw_line(p, &t->lines[i], tb->x[c] + DOC_CELL_PAD_X_PT, y);
				y += t->lines[i].h;
			}
			from[c] = to[c];
		}
		p->y += frame + 2 * pad;
		if (whole)
			break;
		started = true;
		pdf_table_page(p, tb);
	}
}

static void
pdf_table_block(struct pdf *p, const struct doc_block *k)
{
	struct pdf_table tb = { .k = k };
	struct pdf_row   row;
	size_t           r, c;

	tb.x[0] = p->left;
	for (c = 0; c < k->ncols; c++)
		tb.x[c + 1] = c + 1 < k->ncols ? tb.x[c] + k->widths[c] * TEXT_W : p->left + TEXT_W;
	if (k->flags & DOC_TABLE_HEADER) {
		pdf_row_lay(p, &tb, &tb.head, 0);
		/* A header taller than a third of the page is not worth repeating. */
		tb.repeat = k->nrows > 1 &&
		    tb.head.height + 2 * DOC_CELL_PAD_Y_PT < (p->bottom - p->top) / 3;
		/* Not alone at the foot of a page: with the first row below it. */
		if (k->nrows > 1) {
			pdf_row_lay(p, &tb, &row, 1);
			if (tb.repeat)
				pdf_need(p, tb.head.height + row.height + 4 * DOC_CELL_PAD_Y_PT);
			pdf_row_free(&tb, &row);
		}
	}
	cairo_set_line_width(p->cr, DOC_RULE_PT);
	for (r = 0; r < k->nrows; r++) {
		if (r == 0 && (k->flags & DOC_TABLE_HEADER)) {
			pdf_row(p, &tb, &tb.head);
			continue;
		}
		pdf_row_lay(p, &tb, &row, r);
		pdf_row(p, &tb, &row);
		pdf_row_free(&tb, &row);
	}
	if (k->flags & DOC_TABLE_HEADER)
		pdf_row_free(&tb, &tb.head);
	/* A page that starts below a table is fresh again. */
	p->fresh_y = p->top;
}

static void
pdf_fonts(struct pdf *p)
{
	enum doc_style s;
	int            bold;

	for (s = 0; s < DOC_STYLE__MAX; s++)
		for (bold = 0; bold < 2; bold++) {
			PangoFontDescription *f = pango_font_description_new();

			pango_font_description_set_family_static(f, doc_styles[s].pdf_font);
			pango_font_description_set_weight(
			    f, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
			pango_font_description_set_absolute_size(
			    f, doc_styles[s].size * PANGO_SCALE);
			p->fonts[s][bold] = f;
		}
}

enum app_err
doc_pdf(const struct doc *d, unsigned char **out, size_t *len)
{
	struct pdf            p = { 0 };
	struct doc_buf        b = { 0 };
	cairo_font_options_t *fo = NULL;
	cairo_status_t        cs;
	size_t                i;
	enum app_err          er = APP_EINTERNAL;

	*out = NULL;
	*len = 0;
	if (d->err != APP_OK)
		return d->err;
	p.surface = cairo_pdf_surface_create_for_stream(pdf_write, &b, PAGE_W, PAGE_H);
	if ((cs = cairo_surface_status(p.surface)) != CAIRO_STATUS_SUCCESS)
		goto out;
	cairo_pdf_surface_set_metadata(p.surface, CAIRO_PDF_METADATA_TITLE, d->title);
	cairo_pdf_surface_set_metadata(p.surface, CAIRO_PDF_METADATA_CREATOR, "anjian");
	p.cr = cairo_create(p.surface);
	/* The thread's own font map (pango keeps one per thread): no lock, fonts loaded once
	 * per thread. Metrics unhinted and positions unrounded, or text drawn at 72 units
	 * an inch would snap to whole points. */
	p.ctx = pango_font_map_create_context(pango_cairo_font_map_get_default());
	fo = cairo_font_options_create();
	cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
	cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
	pango_cairo_context_set_font_options(p.ctx, fo);
	pango_context_set_round_glyph_positions(p.ctx, FALSE);
	pango_context_set_language(p.ctx, pango_language_from_string("zh-cn"));
	pango_cairo_update_context(p.cr, p.ctx);
	pdf_fonts(&p);
	p.top = DOC_MARGIN_TOP_MM * DOC_PT_PER_MM;
	p.bottom = PAGE_H - DOC_MARGIN_BOTTOM_MM * DOC_PT_PER_MM;
	p.left = DOC_MARGIN_LEFT_MM * DOC_PT_PER_MM;
	p.y = p.fresh_y = p.top;
	p.page = 1;
	cairo_set_source_rgb(p.cr, 0, 0, 0);
	for (i = 0; i < d->n; i++) {
		const struct doc_block *k = &d->blocks[i];

		if (k->break_before && !pdf_page_fresh(&p))
			pdf_page_end(&p);
		switch (k->kind) {
		case DOC_BLOCK_TEXT: pdf_text_block(&p, k, i + 1 < d->n ? k + 1 : NULL); break;
		case DOC_BLOCK_TABLE: pdf_table_block(&p, k); break;
		case DOC_BLOCK_SPACER:
			pdf_need(&p, k->points);
			p.y += k->points;
			break;
		case DOC_BLOCK__MAX: break;
		}
	}
	pdf_page_end(&p);
	if ((cs = cairo_status(p.cr)) != CAIRO_STATUS_SUCCESS)
		goto out;
	cairo_destroy(p.cr);
	p.cr = NULL;
	cairo_surface_finish(p.surface);
	if ((cs = cairo_surface_status(p.surface)) != CAIRO_STATUS_SUCCESS)
		goto out;
	*out = (unsigned char *)b.p;
	*len = b.len;
	b.p = NULL;
	er = APP_OK;
out:
	if (er != APP_OK)
		log_error("doc: pdf: %s", cairo_status_to_string(cs));
	for (i = 0; i < DOC_STYLE__MAX; i++) {
		if (p.fonts[i][0] != NULL)
			pango_font_description_free(p.fonts[i][0]);
		if (p.fonts[i][1] != NULL)
			pango_font_description_free(p.fonts[i][1]);
	}
	if (fo != NULL)
		cairo_font_options_destroy(fo);
	if (p.ctx != NULL)
		g_object_unref(p.ctx);
	if (p.cr != NULL)
		cairo_destroy(p.cr);
	cairo_surface_destroy(p.surface);
	free(b.p);
	return er;
}
