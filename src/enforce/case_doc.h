/*
 * The documents of a case (执法文书), generated from the case as it stands and stored as
 * its attachments: 立案审批表 (filing), 行政处罚告知书 (notice), 行政处罚决定书 (decision,
 * with the contents 行政处罚法第59条 requires), 结案报告 (closing), as .docx or .pdf.
 */
#ifndef ENFORCE_CASE_DOC_H
#define ENFORCE_CASE_DOC_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "core/err.h"

struct actor;
struct audit_who;
struct scope;
struct store;

/* filing notice decision closing; false for another word. */
bool case_doc_kind_ok(const char *kind);
/* Whether a case in `status` has reached the document; *why says what is missing. */
bool case_doc_reached(const char *kind, const char *status, const char **why);
/* The Chinese name of a kind ("行政处罚决定书"). */
const char *case_doc_title(const char *kind);

/*
 * Writes the document of `kind` for the case (a case_detail() object) as docx or pdf.
 * APP_ECONFLICT with *why when the case has not reached it (a decision before the
 * decision…). Bytes malloc'd in *out.
 */
enum app_err case_doc_render(
    json_t *kase, const char *kind, bool pdf, unsigned char **out, size_t *len, const char **why);

/* 40000.00 元 → "肆万元整" (人民币大写, for the amounts of a decision). */
void case_doc_amount_upper(long long fen, char *buf, size_t sz);

/*
 * Generates the document for case `id` as the actor sees it, stores it as an attachment of
 * the case (data_dir), records it in case_documents with an event and an audit row, and
 * writes the bytes to `path` (the reply). For the worker pool.
 */
enum app_err case_doc_generate(struct store *, const char *data_dir, const struct actor *,
    const struct scope *, const struct audit_who *, long long id, const char *kind, bool pdf,
    const char *path, const char **why);

#endif
