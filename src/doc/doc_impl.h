/* The document model as its two writers (docx.c, pdf.c) read it; not for other modules. */
#ifndef DOC_DOC_IMPL_H
#define DOC_DOC_IMPL_H

#include <stdbool.h>
#include <stddef.h>

#include "core/err.h"
#include "doc/doc.h"

/*
 * The page: A4 with the margins of GB/T 9704-2012 §5.2.1 (版心 156 mm × 225 mm, top 37 mm,
 * left 28 mm, so bottom 35 mm and right 26 mm). These are the figures the standard is
 * commonly quoted with; they were not read from a copy of the standard (there is none in
 * /work/shared/reference).
 */
#define DOC_PAGE_W_MM 210.0
#define DOC_PAGE_H_MM 297.0
#define DOC_MARGIN_TOP_MM 37.0
#define DOC_MARGIN_BOTTOM_MM 35.0
#define DOC_MARGIN_LEFT_MM 28.0
#define DOC_MARGIN_RIGHT_MM 26.0
/* GB/T 9704 §7.5: the page number's rule (一字线) lies 7 mm below the text area. */
#define DOC_FOOTER_GAP_MM 7.0
/* Table cells: padding as Word's default cell margins (0.19 cm), rules of 0.5 pt. */
#define DOC_CELL_PAD_X_PT 5.4
#define DOC_CELL_PAD_Y_PT 2.0
#define DOC_RULE_PT 0.5

#define DOC_PT_PER_MM (72.0 / 25.4)

enum doc_style {
	DOC_STYLE_TITLE,
	DOC_STYLE_H1,
	DOC_STYLE_H2,
	DOC_STYLE_BODY,
	DOC_STYLE_TABLE,
	DOC_STYLE_FOOTER,
	DOC_STYLE__MAX
};

/* One table for both writers: the docx styles and the PDF fonts say the same thing. */
struct doc_style_def {
	const char *docx_id;   /* w:styleId */
	const char *docx_name; /* w:name */
	const char *docx_font; /* East Asian font (w:eastAsia) */
	const char *pdf_font;  /* fontconfig family */
	bool        bold;
	double      size;    /* points */
	double      pitch;   /* baseline to baseline, points (Word: exact line spacing) */
	double      after;   /* space after, points */
	int         outline; /* outline level, -1 for none */
	bool        keep_next;
};

extern const struct doc_style_def doc_styles[DOC_STYLE__MAX];

enum doc_kind { DOC_BLOCK_TEXT, DOC_BLOCK_TABLE, DOC_BLOCK_SPACER, DOC_BLOCK__MAX };

struct doc_block {
	enum doc_kind  kind;
	enum doc_style style;        /* text */
	unsigned       flags;        /* text: DOC_CENTER…, table: DOC_TABLE_HEADER */
	bool           break_before; /* starts a new page */
	char          *text;         /* text, cleaned */
	size_t         ncols, nrows;
	double        *widths; /* table: fractions of the text width, summing to 1 */
	char         **cells;  /* table: nrows * ncols, cleaned */
	double         points; /* spacer */
};

struct doc {
	char             *title;
	struct doc_block *blocks;
	size_t            n, cap;
	bool              pending_break;
	enum app_err      err; /* first invalid call */
};

/* A growing byte buffer; aborts on out-of-memory like xmalloc. */
struct doc_buf {
	char  *p;
	size_t len, cap;
};

void doc_buf_add(struct doc_buf *, const void *, size_t);
void doc_buf_puts(struct doc_buf *, const char *);
void doc_buf_printf(struct doc_buf *, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
