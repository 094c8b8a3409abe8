/* HTTP handlers of the annual summary, the annual report (述法报告) with its template and
 * the statistics workbook. */
#ifndef REPORT_REPORT_API_H
#define REPORT_REPORT_API_H

#include "core/err.h"

struct req;

enum app_err report_api_summary(struct req *);
enum app_err report_api_annual(struct req *);
enum app_err report_api_tables(struct req *);
enum app_err report_api_template_get(struct req *);
enum app_err report_api_template_put(struct req *);
enum app_err report_api_template_delete(struct req *);

#endif
