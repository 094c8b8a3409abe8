/* HTTP handler of the statistics workbook (GET /api/v1/reports/tables). */
#ifndef REPORT_TABLES_API_H
#define REPORT_TABLES_API_H

#include "core/err.h"

struct req;

/* ?year=Y[&region=CODE][&as_of=DATE] → the .xlsx, written on the worker pool. */
enum app_err tables_api_get(struct req *);

#endif
