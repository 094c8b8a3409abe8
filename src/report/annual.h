/*
 * The annual rule-of-law report (述法报告): a per-year template with placeholders filled
 * in from the annual summary (report/summary.h) and written as .md, .docx or .pdf.
 *
 * Template: text in which a line "# …" is the title, "## …" a section heading, "### …" a
 * sub-heading and every other non-blank line a paragraph. A placeholder is
 * {{path}} or {{path|filter}} or {{path|filter:arg}}, where path names a member of the
 * summary ("hazards.found", "activities.lecture.sessions", "year", "region_name") and the
 * filter writes the number in the report's style (report/style.h):
 *   (none)     the value as it is        wan        9.11万 (counts)
 *   wanyuan    7125余万元 (fen)           wanyu      13.8万余
 *   duo:N      3500多 (rounded down to N) yu:N      200余
 *   percent    94.19% (a ratio)
 * The built-in default (data/report/annual-default.md) follows the model report's
 * structure; a bureau replaces it for a year (and its region) in the UI.
 */
#ifndef REPORT_ANNUAL_H
#define REPORT_ANNUAL_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

struct actor;
struct audit_who;
struct scope;
struct store;
struct summary_query;

enum annual_format { ANNUAL_MD, ANNUAL_DOCX, ANNUAL_PDF };

/* "md", "docx", "pdf" → *out; false for anything else. */
bool annual_format_parse(const char *s, enum annual_format *out);

/*
 * The template body filled in from `summary`: a malloc'd string in *out. APP_EINVAL when
 * the template is not well formed, a path names nothing or a filter is unknown or does
 * not suit the value — each problem an error of field `body` naming the line and the
 * placeholder (all of them are reported).
 */
enum app_err annual_fill(const char *body, json_t *summary, char **out, json_t *errs);

/* The filled-in text as a document (doc/doc.h): "# " the title, "## " and "### "
 * headings, every other non-blank line an indented paragraph. *title is the first "# "
 * line (or 述法报告), malloc'd. */
struct doc;
struct doc *annual_doc(const char *text, char **title);

/* The template of (region, year): {year, region, body, is_default, updated_at,
 * updated_by, updated_by_name, filters: [{name, label}]}. */
enum app_err annual_template_get(struct store *, const char *region, int year, json_t **out);

/*
 * Stores `body` (1–100,000 bytes of UTF-8, every placeholder known) as the template of
 * (region, year), or with body NULL deletes it (back to the default). Audited
 * ("update"/"delete", entity report_template); own transaction.
 */
enum app_err annual_template_put(struct store *, const struct actor *, const struct audit_who *,
    const char *region, int year, const char *body, int64_t now, json_t *errs);

/*
 * The report of the summary query for `actor` in scope `sc` (narrowed to the region):
 * the region's template for the year filled in and written in `fmt`. *out is malloc'd
 * (len bytes); *title the report's title (malloc'd) for the file name.
 */
enum app_err annual_make(struct store *, const struct actor *, const struct scope *,
    const struct summary_query *, const char *region_code, const char *region_name,
    enum annual_format, unsigned char **out, size_t *len, char **title);

#endif
