/*
 * A small document model written as .docx (OOXML through libzip) and as .pdf (cairo and
 * pango, Chinese fonts embedded): the law-enforcement documents (立案审批表, 行政处罚告知书,
 * 行政处罚决定书, 结案报告) and reports. A document is a list of blocks laid out on A4
 * pages with the margins of GB/T 9704 (official documents of Party and government
 * organs); both formats use the same fonts, sizes and line pitch, so they paginate alike.
 *
 * Text is UTF-8. "\n" inside a paragraph or a cell is a line break; a tab is a space;
 * other control characters are dropped. Text that is not well-formed UTF-8 is rejected:
 * the call that brought it adds nothing, and doc_docx() and doc_pdf() then return
 * APP_EINVAL (a legal document is not issued with guessed characters). Invalid arguments
 * (an unknown heading level, flags, an empty table) are remembered the same way. A NULL
 * string is empty text.
 *
 * A struct doc is used by one thread at a time; distinct documents may be written from
 * several threads at once (see doc_pdf()).
 */
#ifndef DOC_DOC_H
#define DOC_DOC_H

#include <stddef.h>

#include "core/err.h"

/* Paragraph flags. DOC_CENTER and DOC_RIGHT exclude each other; without them a
 * paragraph is justified (两端对齐). DOC_INDENT indents the first line by two characters. */
#define DOC_CENTER 0x1u
#define DOC_RIGHT 0x2u
#define DOC_BOLD 0x4u
#define DOC_INDENT 0x8u

/* Table flags: the first row is a header (bold, centred, shaded, repeated on each page). */
#define DOC_TABLE_HEADER 0x1u

#define DOC_TABLE_MAX_COLS 16

struct doc;

/* A new empty document; `title` (may be NULL) is the title of its properties, not a
 * block. Free it with doc_free(); doc_free(NULL) does nothing. Strings given to any doc_
 * function are copied. */
struct doc *doc_new(const char *title);
void        doc_free(struct doc *);

/*
 * Blocks, in order.
 * doc_heading: level 0 is the document's title (二号, bold serif, centred, a blank line
 * after it); 1 is a section heading ("一、…", 三号 黑体); 2 a sub-heading ("（一）…",
 * 三号 bold 宋体). A heading is kept on the page of the two lines that follow it.
 */
void doc_heading(struct doc *, int level, const char *text);
/*
 * A paragraph of body text: 三号 宋体 at GB/T 9704's 22 lines a page (27 characters fill
 * the 156 mm line; the standard's 28 assume a character grid this module does not set).
 * A paragraph continues on the next page, never leaving one line alone at either end.
 */
void doc_para(struct doc *, const char *text, unsigned flags);
/*
 * A table over the text width (小四 text): ncols columns (1..DOC_TABLE_MAX_COLS) whose
 * widths are proportional to col_widths_rel (positive; NULL for equal widths), and nrows
 * rows of cells given row-major (nrows * ncols strings, NULL for empty). Cells wrap and
 * are centred vertically. A row that does not fit at the foot of a page goes to the next;
 * one taller than a page is split between lines in the PDF (Word decides for itself). A
 * "label | value" form (立案审批表) is a 2- or 4-column table without DOC_TABLE_HEADER.
 */
void doc_table(struct doc *, size_t ncols, const double *col_widths_rel, const char *const *cells,
    size_t nrows, unsigned flags);
/* Vertical space of `points` (0..720), which moves to the next page like a line of text
 * when it does not fit at the foot of a page. */
void doc_spacer(struct doc *, double points);
/* The next block starts a new page. One before any block or at the end, or several in a
 * row, add no page. */
void doc_page_break(struct doc *);

/*
 * The document as a .docx or a .pdf: malloc'd bytes in *out and their length in *len,
 * which the caller frees with free(). On an error *out is NULL: APP_EINVAL when a call
 * building the document had invalid text or arguments, APP_EINTERNAL when libzip or cairo
 * fails (logged).
 *
 * doc_pdf() lays text out with pango on the calling thread's default PangoCairo font map,
 * which pango keeps per thread (since 1.32.6): calls on different threads share nothing
 * and take no lock. A thread's first call pays for loading the CJK faces (0.13-0.2 s
 * measured; the process's very first, which also starts cairo's font subsetting, 0.3 s
 * or more), later calls reuse them (23-57 ms for a 3-page decision, see
 * docs/documents.md). The font map is released when the thread exits.
 */
enum app_err doc_docx(const struct doc *, unsigned char **out, size_t *len);
/* Lays out and discards a one-line PDF on this thread, so that its font map is loaded
 * (for worker threads at start). */
void         doc_warm(void);
enum app_err doc_pdf(const struct doc *, unsigned char **out, size_t *len);

#endif
