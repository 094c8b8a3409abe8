/*
 * Documents as .docx and .pdf, checked with the tools a reader's machine would trust:
 * unzip and xmllint for the package, poppler's pdfinfo, pdftotext and pdffonts for the PDF.
 * Set ANJIAN_TEST_KEEP=1 to keep the files (their directory is printed).
 */
#include <sys/wait.h>

#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/timeutil.h"
#include "doc/doc.h"

static char tmpdir[] = "/tmp/anjian-doc-XXXXXX";

/*
 * For LeakSanitizer (the asan suite), two leaks inside the libraries of Debian 12: cairo
 * 1.16.0 loses 768 bytes per embedded CFF font (the Noto CJK faces are CFF; a TrueType
 * face does not leak) per PDF in cairo_surface_finish(), and fontconfig patterns cached by
 * pango's font maps are not all freed when a thread or the process ends. Only memory
 * allocated by those two libraries is ignored: a PangoLayout, a buffer or a document this
 * code failed to free still fails the suite.
 */
const char *__lsan_default_suppressions(void);
const char *
__lsan_default_suppressions(void)
{
	return "leak:libcairo.so\nleak:libfontconfig.so\n";
}

static const char special[] = "编号 A&B <2024> \"甲\" 字样";
static const char long_para[] =
    "经查，当事人未按照规定对重大危险源进行定期检测、评估、监控，未制定应急预案，"
    "安全生产管理人员未经考核合格即上岗作业，上述行为违反了《中华人民共和国安全生产法》"
    "的有关规定。执法人员于现场检查时发现储罐区可燃气体报警装置处于停用状态，"
    "相关检测记录缺失，企业负责人对此未能作出合理说明。";

/* A 行政处罚决定书 of three pages (the signature moves to the third with its date), with
 * every kind of block. */
static struct doc *
sample(void)
{
	/* A header row and two rows, one with a line break in a cell. */
	static const char *const cells[] = { "序号", "违法行为", "依据", "处罚", "1",
		"未对重大危险源定期检测", "安全生产法第一百零一条", "罚款五万元", "2",
		"应急预案未备案\n（第二行）", "安全生产法第九十七条", "责令限期改正" };
	static const double      widths[] = { 1, 4, 4, 3 };
	struct doc              *d = doc_new("行政处罚决定书");
	int                      i;

	doc_heading(d, 0, "行政处罚决定书");
	doc_para(d, "（示例）应急罚〔2024〕12号", DOC_CENTER);
	doc_heading(d, 1, "一、当事人基本情况");
	doc_para(d, "当事人：示例化工有限公司\n统一社会信用代码：91110000MA01234567", 0);
	doc_heading(d, 2, "（一）违法事实");
	doc_table(d, 4, widths, cells, 3, DOC_TABLE_HEADER);
	doc_para(d, special, DOC_CENTER);
	for (i = 0; i < 5; i++)
		doc_para(d, long_para, DOC_INDENT);
	doc_spacer(d, 12);
	doc_para(d, "示例市应急管理局\n2024年5月1日", DOC_RIGHT | DOC_BOLD);
	return d;
}

static void
write_file(const char *name, const unsigned char *data, size_t len)
{
	char  path[256];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", tmpdir, name);
	assert_non_null(f = fopen(path, "wb"));
	assert_int_equal(fwrite(data, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
}

/* The standard output of a shell command run in the temporary directory; *status is its
 * exit status. The caller frees the text. */
static char *
run(int *status, const char *fmt, ...)
{
	char    cmd[1024], *out = NULL;
	size_t  len = 0, cap = 0, n;
	va_list ap;
	FILE   *p;
	int     rc;

	n = (size_t)snprintf(cmd, sizeof(cmd), "cd %s && ", tmpdir);
	va_start(ap, fmt);
	vsnprintf(cmd + n, sizeof(cmd) - n, fmt, ap);
	va_end(ap);
	assert_non_null(p = popen(cmd, "r"));
	do {
		if (cap - len < 4096) {
			cap = cap ? cap * 2 : 8192;
			assert_non_null(out = realloc(out, cap));
		}
		n = fread(out + len, 1, cap - len - 1, p);
		len += n;
	} while (n > 0);
	out[len] = '\0';
	rc = pclose(p);
	*status = WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
	return out;
}

static void
must_run(const char *what, const char *fmt, const char *arg)
{
	int   st;
	char *out = run(&st, fmt, arg);

	if (st != 0)
		fail_msg("%s failed (%d): %s", what, st, out);
	free(out);
}

static void
write_docx(struct doc *d, const char *name)
{
	unsigned char *data;
	size_t         len;

	assert_int_equal(doc_docx(d, &data, &len), APP_OK);
	assert_true(len > 4 && memcmp(data, "PK\x03\x04", 4) == 0);
	write_file(name, data, len);
	free(data);
}

static void
write_pdf(struct doc *d, const char *name)
{
	unsigned char *data;
	size_t         len;

	assert_int_equal(doc_pdf(d, &data, &len), APP_OK);
	assert_true(len > 5 && memcmp(data, "%PDF-", 5) == 0);
	write_file(name, data, len);
	free(data);
}

/* The zip is sound, has every part, and each part is well-formed XML. */
static void
check_docx_package(const char *name)
{
	static const char *const parts[] = { "[Content_Types].xml", "_rels/.rels",
		"word/document.xml", "word/styles.xml", "word/_rels/document.xml.rels",
		"docProps/core.xml", "docProps/app.xml" };
	char                    *list;
	size_t                   i;
	int                      st;

	must_run("unzip -t", "unzip -tq %s >/dev/null", name);
	list = run(&st, "unzip -Z1 %s", name);
	assert_int_equal(st, 0);
	for (i = 0; i < sizeof(parts) / sizeof(parts[0]); i++)
		if (strstr(list, parts[i]) == NULL)
			fail_msg("%s has no part %s", name, parts[i]);
	free(list);
	must_run("xmllint",
	    "rm -rf x && mkdir x && unzip -q %s -d x && find x -type f -print0 | "
	    "xargs -0 xmllint --noout",
	    name);
}

static char *
docx_part(const char *name, const char *part)
{
	char  fmt[256];
	char *out;
	int   st;

	snprintf(fmt, sizeof(fmt), "unzip -p %%s %s", part);
	out = run(&st, fmt, name);
	assert_int_equal(st, 0);
	return out;
}

static int
pdf_pages(const char *name)
{
	char *out, *p;
	int   st, pages = -1;

	out = run(&st, "pdfinfo %s", name);
	assert_int_equal(st, 0);
	if ((p = strstr(out, "\nPages:")) != NULL)
		pages = atoi(p + 7);
	free(out);
	return pages;
}

static void
doc_docx_is_a_zip_of_well_formed_xml_parts(void **state)
{
	struct doc *d = sample();
	char       *xml;

	(void)state;
	write_docx(d, "sample.docx");
	check_docx_package("sample.docx");
	xml = docx_part("sample.docx", "word/document.xml");
	assert_non_null(strstr(xml, "行政处罚决定书"));
	assert_non_null(strstr(xml, "（第二行）"));
	assert_non_null(strstr(xml, "<w:tblHeader/>"));
	free(xml);
	xml = docx_part("sample.docx", "docProps/core.xml");
	assert_non_null(strstr(xml, "<dc:title>行政处罚决定书</dc:title>"));
	free(xml);
	doc_free(d);
}

static void
doc_docx_escapes_markup_characters_in_text(void **state)
{
	struct doc *d = sample();
	char       *xml;

	(void)state;
	write_docx(d, "escape.docx");
	xml = docx_part("escape.docx", "word/document.xml");
	assert_non_null(strstr(xml, "编号 A&amp;B &lt;2024&gt; &quot;甲&quot; 字样"));
	assert_null(strstr(xml, "<2024>"));
	free(xml);
	doc_free(d);
}

/* GB/T 9704: A4, top 37 mm, bottom 35 mm, left 28 mm, right 26 mm (in twips). */
static void
doc_docx_has_an_a4_page_with_official_document_margins(void **state)
{
	struct doc *d = sample();
	char       *xml;

	(void)state;
	write_docx(d, "page.docx");
	xml = docx_part("page.docx", "word/document.xml");
	assert_non_null(strstr(xml, "<w:pgSz w:w=\"11906\" w:h=\"16838\"/>"));
	assert_non_null(
	    strstr(xml, "w:top=\"2098\" w:right=\"1474\" w:bottom=\"1984\" w:left=\"1587\""));
	free(xml);
	xml = docx_part("page.docx", "word/styles.xml");
	assert_non_null(strstr(xml, "w:eastAsia=\"宋体\""));
	assert_non_null(strstr(xml, "w:eastAsia=\"黑体\""));
	free(xml);
	doc_free(d);
}

static void
doc_pdf_continues_a_long_document_on_a_second_page(void **state)
{
	struct doc *d = sample();

	(void)state;
	write_pdf(d, "sample.pdf");
	assert_true(pdf_pages("sample.pdf") >= 2);
	doc_free(d);
}

static void
doc_pdf_text_has_the_chinese_and_the_markup_characters(void **state)
{
	static const char *const want[] = { "行政处罚决定书", "一、当事人基本情况",
		"（一）违法事实", "违法行为", "应急预案未备案", "（第二行）",
		"安全生产法第九十七条", "示例市应急管理局", "—1—", "—2—" };
	struct doc              *d = sample();
	char                    *text, *pages;
	size_t                   i;
	int                      st;

	(void)state;
	write_pdf(d, "text.pdf");
	text = run(&st, "pdftotext -enc UTF-8 %s -", "text.pdf");
	assert_int_equal(st, 0);
	/* pdftotext may or may not see the spaces around a page number. */
	pages = run(&st, "pdftotext -enc UTF-8 %s - | tr -d ' '", "text.pdf");
	assert_int_equal(st, 0);
	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++)
		if (strstr(strncmp(want[i], "—", 3) == 0 ? pages : text, want[i]) == NULL)
			fail_msg("pdftotext lacks \"%s\"", want[i]);
	if (strstr(text, special) == NULL)
		fail_msg("pdftotext lacks \"%s\"", special);
	free(pages);
	free(text);
	doc_free(d);
}

/* Every font is embedded, and the Chinese ones are the Noto CJK faces. */
static void
doc_pdf_embeds_its_cjk_fonts(void **state)
{
	struct doc *d = sample();
	char       *out, *line, *save = NULL;
	int         st, fonts = 0, cjk = 0;

	(void)state;
	write_pdf(d, "fonts.pdf");
	out = run(&st, "pdffonts %s", "fonts.pdf");
	assert_int_equal(st, 0);
	for (line = strtok_r(out, "\n", &save); line != NULL; line = strtok_r(NULL, "\n", &save)) {
		char *tok[32];
		int   n = 0;
		char *s2 = NULL, *t;

		if (strncmp(line, "name ", 5) == 0 || strncmp(line, "----", 4) == 0)
			continue;
		if (strstr(line, "CJK") != NULL)
			cjk++;
		for (t = strtok_r(line, " ", &s2); t != NULL && n < 32;
		     t = strtok_r(NULL, " ", &s2))
			tok[n++] = t;
		/* … emb sub uni object-number generation */
		assert_true(n >= 6);
		if (strcmp(tok[n - 5], "yes") != 0)
			fail_msg("font %s is not embedded", tok[0]);
		fonts++;
	}
	assert_true(fonts >= 2);
	assert_true(cjk >= 2); /* serif body, sans headings */
	free(out);
	doc_free(d);
}

static void
doc_rejects_text_that_is_not_utf8(void **state)
{
	struct doc    *d = doc_new("标题");
	unsigned char *out = (unsigned char *)"x";
	size_t         len = 1;
	const char    *cells[] = { "好", "\xE5\xA5" };

	(void)state;
	doc_para(d, "正常文字", 0);
	doc_para(d, "截断\xE5\xA5", 0);
	assert_int_equal(doc_docx(d, &out, &len), APP_EINVAL);
	assert_null(out);
	assert_int_equal(len, 0);
	assert_int_equal(doc_pdf(d, &out, &len), APP_EINVAL);
	assert_null(out);
	doc_free(d);

	d = doc_new("标题");
	doc_table(d, 2, NULL, cells, 1, 0);
	assert_int_equal(doc_pdf(d, &out, &len), APP_EINVAL);
	doc_free(d);

	d = doc_new("\xC0\xAF"); /* an overlong "/" */
	assert_int_equal(doc_docx(d, &out, &len), APP_EINVAL);
	doc_free(d);
}

static void
doc_rejects_invalid_arguments(void **state)
{
	static const double bad_w[] = { 1, 0 };
	const char         *cells[] = { "a", "b" };
	unsigned char      *out;
	size_t              len, i;
	struct doc         *d;

	(void)state;
	for (i = 0; i < 6; i++) {
		d = doc_new("x");
		switch (i) {
		case 0: doc_heading(d, 3, "三级"); break;
		case 1: doc_para(d, "x", DOC_CENTER | DOC_RIGHT); break;
		case 2: doc_para(d, "x", 0x100); break;
		case 3: doc_table(d, 0, NULL, cells, 1, 0); break;
		case 4: doc_table(d, 2, bad_w, cells, 1, 0); break;
		case 5: doc_spacer(d, -1); break;
		}
		assert_int_equal(doc_docx(d, &out, &len), APP_EINVAL);
		assert_int_equal(doc_pdf(d, &out, &len), APP_EINVAL);
		doc_free(d);
	}
	doc_free(NULL);
}

/* XML 1.0 cannot hold them: dropped, tab as a space, the package stays well-formed. */
static void
doc_drops_control_characters(void **state)
{
	struct doc *d = doc_new("控制\x01字符");
	char       *xml;

	(void)state;
	doc_para(d, "响铃\x07制表\t回车\r\n换行\x7F\xC2\x85\xEF\xBF\xBE完", 0);
	write_docx(d, "control.docx");
	check_docx_package("control.docx");
	xml = docx_part("control.docx", "word/document.xml");
	assert_non_null(
	    strstr(xml, "响铃制表 回车</w:t><w:br/><w:t xml:space=\"preserve\">换行完"));
	free(xml);
	write_pdf(d, "control.pdf");
	doc_free(d);
}

static void
doc_empty_document_is_still_a_valid_file(void **state)
{
	struct doc *d = doc_new(NULL);
	char       *text;
	int         st;

	(void)state;
	doc_page_break(d);
	write_docx(d, "empty.docx");
	check_docx_package("empty.docx");
	write_pdf(d, "empty.pdf");
	assert_int_equal(pdf_pages("empty.pdf"), 1);
	text = run(&st, "pdftotext -enc UTF-8 %s -", "empty.pdf");
	assert_int_equal(st, 0);
	free(text);
	doc_free(d);
}

/* Page breaks: one per request, none for a trailing one. */
static void
doc_page_break_starts_a_new_page(void **state)
{
	struct doc *d = doc_new("分页");

	(void)state;
	doc_para(d, "第一页", 0);
	doc_page_break(d);
	doc_page_break(d);
	doc_para(d, "第二页", 0);
	doc_page_break(d);
	write_pdf(d, "break.pdf");
	assert_int_equal(pdf_pages("break.pdf"), 2);
	write_docx(d, "break.docx");
	check_docx_package("break.docx");
	doc_free(d);
}

/* A table longer than a page: the header row is drawn again at the top of page 2, and no
 * row is cut between the pages. */
static void
doc_pdf_repeats_the_table_header_on_the_next_page(void **state)
{
	const char *cells[2 * 40];
	char        num[40][32], *text;
	struct doc *d = doc_new("表格");
	int         i, st;

	(void)state;
	cells[0] = "表头甲";
	cells[1] = "表头乙";
	for (i = 1; i < 40; i++) {
		snprintf(num[i], sizeof(num[i]), "第%d行", i);
		cells[2 * i] = num[i];
		cells[2 * i + 1] = "内容\n两行";
	}
	doc_table(d, 2, NULL, cells, 40, DOC_TABLE_HEADER);
	write_pdf(d, "table.pdf");
	assert_true(pdf_pages("table.pdf") >= 2);
	text = run(&st, "pdftotext -enc UTF-8 -f 2 -l 2 %s -", "table.pdf");
	assert_int_equal(st, 0);
	assert_non_null(strstr(text, "表头甲"));
	free(text);
	doc_free(d);
}

/* A cell taller than a page is split between pages rather than lost. */
static void
doc_pdf_splits_a_row_taller_than_a_page(void **state)
{
	char       *big, *text;
	const char *cells[2];
	size_t      i;
	struct doc *d = doc_new("长单元格");
	int         st;

	(void)state;
	assert_non_null(big = calloc(60, sizeof("案情摘要第若干行\n")));
	for (i = 0; i < 59; i++)
		strcat(big, "案情摘要第若干行\n");
	strcat(big, "最后一行");
	cells[0] = "案情摘要";
	cells[1] = big;
	doc_table(d, 2, NULL, cells, 1, 0);
	write_pdf(d, "tall.pdf");
	assert_true(pdf_pages("tall.pdf") >= 2);
	text = run(&st, "pdftotext -enc UTF-8 %s -", "tall.pdf");
	assert_non_null(strstr(text, "最后一行"));
	free(text);
	free(big);
	doc_free(d);
}

struct worker {
	pthread_t tid;
	int       ok;
};

static void *
worker_run(void *arg)
{
	struct worker *w = arg;
	int            i;

	for (i = 0; i < 3; i++) {
		struct doc    *d = sample();
		unsigned char *out;
		size_t         len;

		if (doc_pdf(d, &out, &len) == APP_OK && len > 5 && memcmp(out, "%PDF-", 5) == 0 &&
		    memcmp(out + len - 6, "%%EOF", 5) == 0)
			w->ok++;
		free(out);
		if (doc_docx(d, &out, &len) == APP_OK)
			w->ok++;
		free(out);
		doc_free(d);
	}
	return NULL;
}

/* Worker threads write documents at once (each on its own pango font map). */
static void
doc_writes_from_several_threads_at_once(void **state)
{
	struct worker w[4] = { 0 };
	size_t        i;

	(void)state;
	for (i = 0; i < 4; i++)
		assert_int_equal(pthread_create(&w[i].tid, NULL, worker_run, &w[i]), 0);
	for (i = 0; i < 4; i++) {
		assert_int_equal(pthread_join(w[i].tid, NULL), 0);
		assert_int_equal(w[i].ok, 6);
	}
}

static void *
timed_pdf(void *arg)
{
	struct doc    *d = sample();
	unsigned char *out;
	size_t         len;
	int64_t        t0 = mono_us();

	doc_pdf(d, &out, &len);
	*(int64_t *)arg = mono_us() - t0;
	free(out);
	doc_free(d);
	return NULL;
}

/* Not a check: the costs, printed for docs/documents.md. Runs first, so the first PDF is
 * the process's first use of fontconfig. */
static void
doc_timings_are_reported(void **state)
{
	struct doc    *d = sample();
	unsigned char *out;
	size_t         len;
	int64_t        t0, first, next = 0, docx = 0, thread_first;
	pthread_t      t;
	int            i, n = 10;

	(void)state;
	t0 = mono_us();
	assert_int_equal(doc_pdf(d, &out, &len), APP_OK);
	first = mono_us() - t0;
	free(out);
	for (i = 0; i < n; i++) {
		t0 = mono_us();
		assert_int_equal(doc_pdf(d, &out, &len), APP_OK);
		next += mono_us() - t0;
		free(out);
		t0 = mono_us();
		assert_int_equal(doc_docx(d, &out, &len), APP_OK);
		docx += mono_us() - t0;
		free(out);
	}
	assert_int_equal(pthread_create(&t, NULL, timed_pdf, &thread_first), 0);
	assert_int_equal(pthread_join(t, NULL), 0);
	printf(
	    "doc timings (the 3-page sample decision): pdf first %.1f ms, next %.1f ms, first on a new "
	    "thread %.1f ms; docx %.2f ms\n",
	    first / 1e3, next / 1e3 / n, thread_first / 1e3, docx / 1e3 / n);
	doc_free(d);
}

static int
setup(void **state)
{
	(void)state;
	return mkdtemp(tmpdir) == NULL ? -1 : 0;
}

static int
teardown(void **state)
{
	char cmd[256];

	(void)state;
	if (getenv("ANJIAN_TEST_KEEP") != NULL) {
		printf("test_doc: files kept in %s\n", tmpdir);
		return 0;
	}
	snprintf(cmd, sizeof(cmd), "rm -rf %s", tmpdir);
	return system(cmd) == 0 ? 0 : -1;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(doc_timings_are_reported),
		cmocka_unit_test(doc_docx_is_a_zip_of_well_formed_xml_parts),
		cmocka_unit_test(doc_docx_escapes_markup_characters_in_text),
		cmocka_unit_test(doc_docx_has_an_a4_page_with_official_document_margins),
		cmocka_unit_test(doc_pdf_continues_a_long_document_on_a_second_page),
		cmocka_unit_test(doc_pdf_text_has_the_chinese_and_the_markup_characters),
		cmocka_unit_test(doc_pdf_embeds_its_cjk_fonts),
		cmocka_unit_test(doc_rejects_text_that_is_not_utf8),
		cmocka_unit_test(doc_rejects_invalid_arguments),
		cmocka_unit_test(doc_drops_control_characters),
		cmocka_unit_test(doc_empty_document_is_still_a_valid_file),
		cmocka_unit_test(doc_page_break_starts_a_new_page),
		cmocka_unit_test(doc_pdf_repeats_the_table_header_on_the_next_page),
		cmocka_unit_test(doc_pdf_splits_a_row_taller_than_a_page),
		cmocka_unit_test(doc_writes_from_several_threads_at_once),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
