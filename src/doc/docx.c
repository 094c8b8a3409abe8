/*
 * The .docx writer: WordprocessingML parts (ECMA-376, transitional) zipped in memory by
 * libzip. Word rejects elements out of their schema order, so each property list below
 * keeps the order of its complex type (pPr: pStyle keepNext pageBreakBefore widowControl
 * spacing ind jc outlineLvl; rPr: rFonts b bCs sz szCs lang; tcPr: tcW shd vAlign).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <zip.h>

#include "core/log.h"
#include "doc/doc_impl.h"

#define NS_W "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#define NS_R "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
#define NS_PKG_REL "http://schemas.openxmlformats.org/package/2006/relationships"
#define REL_TYPE "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
#define XML_DECL "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
#define CT_WORD "application/vnd.openxmlformats-officedocument.wordprocessingml."

static long
tw_pt(double pt)
{
	return lround(pt * 20);
}

static long
tw_mm(double mm)
{
	return lround(mm * 1440 / 25.4);
}

/* Text as XML character data; the model has already removed what XML cannot hold. */
static void
xml_text(struct doc_buf *b, const char *s, size_t n)
{
	size_t i, from = 0;

	for (i = 0; i < n; i++) {
		const char *rep;

		switch (s[i]) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = "&quot;"; break;
		default: continue;
		}
		doc_buf_add(b, s + from, i - from);
		doc_buf_puts(b, rep);
		from = i + 1;
	}
	doc_buf_add(b, s + from, n - from);
}

/* One run of text; each "\n" is a <w:br/>. */
static void
docx_run(struct doc_buf *b, const char *text, bool bold)
{
	const char *nl;

	if (*text == '\0')
		return;
	doc_buf_puts(b, "<w:r>");
	if (bold)
		doc_buf_puts(b, "<w:rPr><w:b/><w:bCs/></w:rPr>");
	for (;;) {
		nl = strchr(text, '\n');
		if (nl != text) {
			doc_buf_puts(b, "<w:t xml:space=\"preserve\">");
			xml_text(b, text, nl ? (size_t)(nl - text) : strlen(text));
			doc_buf_puts(b, "</w:t>");
		}
		if (nl == NULL)
			break;
		doc_buf_puts(b, "<w:br/>");
		text = nl + 1;
	}
	doc_buf_puts(b, "</w:r>");
}

static void
docx_para(struct doc_buf *b, const struct doc_block *k)
{
	const struct doc_style_def *st = &doc_styles[k->style];

	doc_buf_puts(b, "<w:p><w:pPr>");
	if (k->style != DOC_STYLE_BODY)
		doc_buf_printf(b, "<w:pStyle w:val=\"%s\"/>", st->docx_id);
	if (k->break_before)
		doc_buf_puts(b, "<w:pageBreakBefore/>");
	/* Two characters of the paragraph's size; Word reads the Chars form, others the twips. */
	if (k->flags & DOC_INDENT)
		doc_buf_printf(b, "<w:ind w:firstLineChars=\"200\" w:firstLine=\"%ld\"/>",
		    tw_pt(2 * st->size));
	if (k->flags & DOC_CENTER)
		doc_buf_puts(b, "<w:jc w:val=\"center\"/>");
	else if (k->flags & DOC_RIGHT)
		doc_buf_puts(b, "<w:jc w:val=\"right\"/>");
	doc_buf_puts(b, "</w:pPr>");
	docx_run(b, k->text, (k->flags & DOC_BOLD) != 0);
	doc_buf_puts(b, "</w:p>");
}

/* An empty paragraph of exactly `pt` points: a spacer, or what carries a page break
 * before a table. */
static void
docx_gap(struct doc_buf *b, double pt, bool break_before)
{
	long h = tw_pt(pt);

	doc_buf_printf(b,
	    "<w:p><w:pPr>%s<w:spacing w:before=\"0\" w:after=\"0\" w:line=\"%ld\" "
	    "w:lineRule=\"exact\"/><w:rPr><w:sz w:val=\"2\"/></w:rPr></w:pPr></w:p>",
	    break_before ? "<w:pageBreakBefore/>" : "", h > 0 ? h : 1);
}

static void
docx_table(struct doc_buf *b, const struct doc_block *k)
{
	static const char *const edges[] = { "top", "left", "bottom", "right", "insideH",
		"insideV" };
	long   text_w = tw_mm(DOC_PAGE_W_MM - DOC_MARGIN_LEFT_MM - DOC_MARGIN_RIGHT_MM);
	long   w[DOC_TABLE_MAX_COLS], used = 0;
	size_t r, c, e;
	bool   header = (k->flags & DOC_TABLE_HEADER) != 0;

	/* The last column takes the rounding, so the grid spans the text width exactly. */
	for (c = 0; c < k->ncols; c++) {
		w[c] = c + 1 < k->ncols ? lround(k->widths[c] * (double)text_w) : text_w - used;
		used += w[c];
	}
	if (k->break_before)
		docx_gap(b, 1, true);
	doc_buf_printf(
	    b, "<w:tbl><w:tblPr><w:tblW w:w=\"%ld\" w:type=\"dxa\"/><w:tblBorders>", text_w);
	for (e = 0; e < sizeof(edges) / sizeof(edges[0]); e++)
		doc_buf_printf(b,
		    "<w:%s w:val=\"single\" w:sz=\"%ld\" w:space=\"0\" w:color=\"000000\"/>",
		    edges[e], lround(DOC_RULE_PT * 8));
	doc_buf_printf(b,
	    "</w:tblBorders><w:tblLayout w:type=\"fixed\"/><w:tblCellMar>"
	    "<w:top w:w=\"%ld\" w:type=\"dxa\"/><w:left w:w=\"%ld\" w:type=\"dxa\"/>"
	    "<w:bottom w:w=\"%ld\" w:type=\"dxa\"/><w:right w:w=\"%ld\" w:type=\"dxa\"/>"
	    "</w:tblCellMar><w:tblLook w:val=\"0000\"/></w:tblPr><w:tblGrid>",
	    tw_pt(DOC_CELL_PAD_Y_PT), tw_pt(DOC_CELL_PAD_X_PT), tw_pt(DOC_CELL_PAD_Y_PT),
	    tw_pt(DOC_CELL_PAD_X_PT));
	for (c = 0; c < k->ncols; c++)
		doc_buf_printf(b, "<w:gridCol w:w=\"%ld\"/>", w[c]);
	doc_buf_puts(b, "</w:tblGrid>");
	for (r = 0; r < k->nrows; r++) {
		bool head = header && r == 0;

		/* Rows stay whole on a page, as the PDF writer keeps them; the header repeats. */
		doc_buf_printf(
		    b, "<w:tr><w:trPr><w:cantSplit/>%s</w:trPr>", head ? "<w:tblHeader/>" : "");
		for (c = 0; c < k->ncols; c++) {
			doc_buf_printf(b,
			    "<w:tc><w:tcPr><w:tcW w:w=\"%ld\" w:type=\"dxa\"/>%s"
			    "<w:vAlign w:val=\"center\"/></w:tcPr>",
			    w[c],
			    head ? "<w:shd w:val=\"clear\" w:color=\"auto\" w:fill=\"D9D9D9\"/>"
				 : "");
			/* Every cell needs a paragraph, even an empty one. */
			doc_buf_printf(b, "<w:p><w:pPr><w:pStyle w:val=\"%s\"/>%s</w:pPr>",
			    doc_styles[DOC_STYLE_TABLE].docx_id,
			    head ? "<w:jc w:val=\"center\"/>" : "");
			docx_run(b, k->cells[r * k->ncols + c], head);
			doc_buf_puts(b, "</w:p></w:tc>");
		}
		doc_buf_puts(b, "</w:tr>");
	}
	doc_buf_puts(b, "</w:tbl>");
}

static void
docx_document(const struct doc *d, struct doc_buf *b)
{
	size_t i;

	doc_buf_puts(b, XML_DECL "<w:document xmlns:w=\"" NS_W "\" xmlns:r=\"" NS_R "\"><w:body>");
	for (i = 0; i < d->n; i++) {
		const struct doc_block *k = &d->blocks[i];

		switch (k->kind) {
		case DOC_BLOCK_TEXT: docx_para(b, k); break;
		case DOC_BLOCK_TABLE:
			docx_table(b, k);
			/* Word joins adjacent tables and wants a paragraph before sectPr. */
			if (i + 1 == d->n || d->blocks[i + 1].kind == DOC_BLOCK_TABLE)
				docx_gap(b, 1, false);
			break;
		case DOC_BLOCK_SPACER: docx_gap(b, k->points, k->break_before); break;
		case DOC_BLOCK__MAX: break;
		}
	}
	/* The page number's line box starts DOC_FOOTER_GAP_MM below the text area; w:footer
	 * is the distance from the page's edge to the bottom of that box. */
	doc_buf_printf(b,
	    "<w:sectPr><w:footerReference w:type=\"default\" r:id=\"rIdFooter\"/>"
	    "<w:pgSz w:w=\"%ld\" w:h=\"%ld\"/><w:pgMar w:top=\"%ld\" w:right=\"%ld\" "
	    "w:bottom=\"%ld\" w:left=\"%ld\" w:header=\"851\" w:footer=\"%ld\" w:gutter=\"0\"/>"
	    "</w:sectPr></w:body></w:document>",
	    tw_mm(DOC_PAGE_W_MM), tw_mm(DOC_PAGE_H_MM), tw_mm(DOC_MARGIN_TOP_MM),
	    tw_mm(DOC_MARGIN_RIGHT_MM), tw_mm(DOC_MARGIN_BOTTOM_MM), tw_mm(DOC_MARGIN_LEFT_MM),
	    tw_mm(DOC_MARGIN_BOTTOM_MM - DOC_FOOTER_GAP_MM) -
		tw_pt(doc_styles[DOC_STYLE_FOOTER].pitch));
}

static void
docx_style(struct doc_buf *b, enum doc_style s)
{
	const struct doc_style_def *st = &doc_styles[s];

	doc_buf_printf(b, "<w:style w:type=\"paragraph\"%s w:styleId=\"%s\"><w:name w:val=\"%s\"/>",
	    s == DOC_STYLE_BODY ? " w:default=\"1\"" : "", st->docx_id, st->docx_name);
	if (s != DOC_STYLE_BODY)
		doc_buf_puts(b, "<w:basedOn w:val=\"Normal\"/><w:next w:val=\"Normal\"/>");
	doc_buf_puts(b, "<w:qFormat/><w:pPr>");
	if (st->keep_next)
		doc_buf_puts(b, "<w:keepNext/>");
	/* Inherited by the other styles; the PDF writer does the same. */
	if (s == DOC_STYLE_BODY)
		doc_buf_puts(b, "<w:widowControl/>");
	doc_buf_printf(b,
	    "<w:spacing w:before=\"0\" w:after=\"%ld\" w:line=\"%ld\" w:lineRule=\"exact\"/>",
	    tw_pt(st->after), tw_pt(st->pitch));
	doc_buf_printf(b, "<w:jc w:val=\"%s\"/>",
	    s == DOC_STYLE_TITLE || s == DOC_STYLE_FOOTER ? "center"
		: s == DOC_STYLE_BODY                     ? "both"
							  : "left");
	if (st->outline >= 0)
		doc_buf_printf(b, "<w:outlineLvl w:val=\"%d\"/>", st->outline);
	doc_buf_printf(b,
	    "</w:pPr><w:rPr><w:rFonts w:eastAsia=\"%s\"/>%s<w:sz w:val=\"%ld\"/>"
	    "<w:szCs w:val=\"%ld\"/></w:rPr></w:style>",
	    st->docx_font, st->bold ? "<w:b/><w:bCs/>" : "", lround(st->size * 2),
	    lround(st->size * 2));
}

static void
docx_styles(const struct doc *d, struct doc_buf *b)
{
	enum doc_style s;

	(void)d;
	doc_buf_puts(b,
	    XML_DECL "<w:styles xmlns:w=\"" NS_W "\"><w:docDefaults><w:rPrDefault>"
		     "<w:rPr><w:rFonts w:ascii=\"Times New Roman\" w:eastAsia=\"宋体\" "
		     "w:hAnsi=\"Times New Roman\" w:cs=\"Times New Roman\"/>"
		     "<w:lang w:val=\"en-US\" w:eastAsia=\"zh-CN\" w:bidi=\"ar-SA\"/>"
		     "</w:rPr></w:rPrDefault><w:pPrDefault/></w:docDefaults>");
	for (s = 0; s < DOC_STYLE__MAX; s++)
		docx_style(b, s);
	doc_buf_puts(b, "</w:styles>");
}

static void
docx_settings(const struct doc *d, struct doc_buf *b)
{
	(void)d;
	doc_buf_puts(b,
	    XML_DECL "<w:settings xmlns:w=\"" NS_W "\"><w:zoom w:percent=\"100\"/>"
		     "<w:defaultTabStop w:val=\"420\"/>"
		     "<w:characterSpacingControl w:val=\"compressPunctuation\"/>"
		     /* A line ended by "\n" (w:br) in a justified paragraph is not
		      * stretched across the line (Word's and LibreOffice's default). */
		     "<w:compat><w:doNotExpandShiftReturn/>"
		     "<w:compatSetting w:name=\"compatibilityMode\" "
		     "w:uri=\"http://schemas.microsoft.com/office/word\" w:val=\"15\"/>"
		     "</w:compat><w:themeFontLang w:val=\"en-US\" w:eastAsia=\"zh-CN\"/>"
		     "</w:settings>");
}

/* GB/T 9704 §7.5: the page number between two 一字线 ("— 1 —"), 四号; centred here. */
static void
docx_footer(const struct doc *d, struct doc_buf *b)
{
	(void)d;
	doc_buf_printf(b,
	    XML_DECL "<w:ftr xmlns:w=\"" NS_W "\" xmlns:r=\"" NS_R "\"><w:p><w:pPr>"
		     "<w:pStyle w:val=\"%s\"/></w:pPr><w:r><w:t xml:space=\"preserve\">— </w:t>"
		     "</w:r><w:fldSimple w:instr=\" PAGE \"><w:r><w:t>1</w:t></w:r></w:fldSimple>"
		     "<w:r><w:t xml:space=\"preserve\"> —</w:t></w:r></w:p></w:ftr>",
	    doc_styles[DOC_STYLE_FOOTER].docx_id);
}

static void
docx_document_rels(const struct doc *d, struct doc_buf *b)
{
	(void)d;
	doc_buf_puts(b,
	    XML_DECL "<Relationships xmlns=\"" NS_PKG_REL "\">"
		     "<Relationship Id=\"rIdStyles\" Type=\"" REL_TYPE "styles\" "
		     "Target=\"styles.xml\"/>"
		     "<Relationship Id=\"rIdSettings\" Type=\"" REL_TYPE "settings\" "
		     "Target=\"settings.xml\"/>"
		     "<Relationship Id=\"rIdFooter\" Type=\"" REL_TYPE "footer\" "
		     "Target=\"footer1.xml\"/></Relationships>");
}

static void
docx_package_rels(const struct doc *d, struct doc_buf *b)
{
	(void)d;
	doc_buf_puts(b,
	    XML_DECL "<Relationships xmlns=\"" NS_PKG_REL "\">"
		     "<Relationship Id=\"rId1\" Type=\"" REL_TYPE "officeDocument\" "
		     "Target=\"word/document.xml\"/>"
		     "<Relationship Id=\"rId2\" Type=\"" NS_PKG_REL "/metadata/core-properties\" "
		     "Target=\"docProps/core.xml\"/>"
		     "<Relationship Id=\"rId3\" Type=\"" REL_TYPE "extended-properties\" "
		     "Target=\"docProps/app.xml\"/></Relationships>");
}

static void
docx_core(const struct doc *d, struct doc_buf *b)
{
	char      when[32];
	time_t    now = time(NULL);
	struct tm tm;

	gmtime_r(&now, &tm);
	strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", &tm);
	doc_buf_puts(b,
	    XML_DECL
	    "<cp:coreProperties "
	    "xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" "
	    "xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" "
	    "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"><dc:title>");
	xml_text(b, d->title, strlen(d->title));
	doc_buf_printf(b,
	    "</dc:title><dc:creator>anjian</dc:creator><dc:language>zh-CN</dc:language>"
	    "<dcterms:created xsi:type=\"dcterms:W3CDTF\">%s</dcterms:created>"
	    "<dcterms:modified xsi:type=\"dcterms:W3CDTF\">%s</dcterms:modified>"
	    "</cp:coreProperties>",
	    when, when);
}

static void
docx_app(const struct doc *d, struct doc_buf *b)
{
	(void)d;
	doc_buf_puts(b,
	    XML_DECL "<Properties xmlns=\"http://schemas.openxmlformats.org/"
		     "officeDocument/2006/extended-properties\"><Application>anjian"
		     "</Application></Properties>");
}

static void docx_content_types(const struct doc *, struct doc_buf *);

/* The package's parts, in the order they are zipped ([Content_Types].xml first). */
static const struct docx_part {
	const char *name;
	const char *content_type; /* NULL: covered by a Default of [Content_Types].xml */
	void (*write)(const struct doc *, struct doc_buf *);
} docx_parts[] = {
	{ "[Content_Types].xml", NULL, docx_content_types },
	{ "_rels/.rels", NULL, docx_package_rels },
	{ "docProps/core.xml", "application/vnd.openxmlformats-package.core-properties+xml",
	    docx_core },
	{ "docProps/app.xml",
	    "application/vnd.openxmlformats-officedocument.extended-properties+xml", docx_app },
	{ "word/_rels/document.xml.rels", NULL, docx_document_rels },
	{ "word/document.xml", CT_WORD "document.main+xml", docx_document },
	{ "word/styles.xml", CT_WORD "styles+xml", docx_styles },
	{ "word/settings.xml", CT_WORD "settings+xml", docx_settings },
	{ "word/footer1.xml", CT_WORD "footer+xml", docx_footer },
};

static void
docx_content_types(const struct doc *d, struct doc_buf *b)
{
	size_t i;

	(void)d;
	doc_buf_puts(b,
	    XML_DECL "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/"
		     "content-types\"><Default Extension=\"rels\" ContentType=\"application/"
		     "vnd.openxmlformats-package.relationships+xml\"/>"
		     "<Default Extension=\"xml\" ContentType=\"application/xml\"/>");
	for (i = 0; i < sizeof(docx_parts) / sizeof(docx_parts[0]); i++)
		if (docx_parts[i].content_type != NULL)
			doc_buf_printf(b, "<Override PartName=\"/%s\" ContentType=\"%s\"/>",
			    docx_parts[i].name, docx_parts[i].content_type);
	doc_buf_puts(b, "</Types>");
}

enum app_err
doc_docx(const struct doc *d, unsigned char **out, size_t *len)
{
	zip_error_t   ze;
	zip_source_t *mem = NULL, *part;
	zip_t        *z = NULL;
	zip_stat_t    st;
	size_t        i;
	enum app_err  er = APP_EINTERNAL;

	*out = NULL;
	*len = 0;
	if (d->err != APP_OK)
		return d->err;
	zip_error_init(&ze);
	/* The archive is written into a buffer source, which it owns once opened; one more
	 * reference (zip_source_keep) keeps the bytes past zip_close(). */
	if ((mem = zip_source_buffer_create(NULL, 0, 0, &ze)) == NULL)
		goto out;
	if ((z = zip_open_from_source(mem, ZIP_CREATE | ZIP_TRUNCATE, &ze)) == NULL)
		goto out;
	zip_source_keep(mem);
	for (i = 0; i < sizeof(docx_parts) / sizeof(docx_parts[0]); i++) {
		struct doc_buf b = { 0 };

		docx_parts[i].write(d, &b);
		/* libzip frees the text with free() once it is written. */
		if ((part = zip_source_buffer(z, b.p, b.len, 1)) == NULL) {
			free(b.p);
			zip_error_set(&ze, zip_error_code_zip(zip_get_error(z)), 0);
			goto out;
		}
		if (zip_file_add(z, docx_parts[i].name, part, ZIP_FL_ENC_UTF_8) < 0) {
			zip_source_free(part);
			zip_error_set(&ze, zip_error_code_zip(zip_get_error(z)), 0);
			goto out;
		}
	}
	if (zip_close(z) != 0) {
		zip_error_set(&ze, zip_error_code_zip(zip_get_error(z)), 0);
		goto out;
	}
	z = NULL;
	zip_stat_init(&st);
	if (zip_source_stat(mem, &st) != 0 || !(st.valid & ZIP_STAT_SIZE) ||
	    zip_source_open(mem) != 0) {
		zip_error_set(&ze, zip_error_code_zip(zip_source_error(mem)), 0);
		goto out;
	}
	*out = malloc(st.size ? st.size : 1);
	if (*out == NULL || zip_source_read(mem, *out, st.size) != (zip_int64_t)st.size) {
		zip_error_set(&ze, *out == NULL ? ZIP_ER_MEMORY : ZIP_ER_READ, 0);
		zip_source_close(mem);
		free(*out);
		*out = NULL;
		goto out;
	}
	zip_source_close(mem);
	*len = st.size;
	er = APP_OK;
out:
	if (er != APP_OK)
		log_error("doc: docx: %s", zip_error_strerror(&ze));
	if (z != NULL)
		zip_discard(z);
	if (mem != NULL)
		zip_source_free(mem);
	zip_error_fini(&ze);
	return er;
}
