/* Writing enterprise lists as .xlsx (libxlsxwriter, Chinese headers) and .csv (UTF-8 with
 * a byte-order mark so that Excel and WPS detect the encoding). */
#ifndef ENTERPRISE_EXPORT_H
#define ENTERPRISE_EXPORT_H

#include <stdint.h>

#include "core/err.h"
#include "enterprise/enterprise.h"

enum export_format { EXPORT_XLSX, EXPORT_CSV };

/* Progress: rows written so far and the total. */
typedef void (*export_progress_fn)(int64_t done, int64_t total, void *);

/* Writes every row inside the scope matching the filter to `path`. */
enum app_err enterprise_export(struct store *, const struct scope *,
    const struct enterprise_filter *, enum export_format, const char *path, export_progress_fn,
    void *arg, int64_t *rows);

#endif
