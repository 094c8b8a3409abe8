/*
 * Generated downloads (exports, statistics sheets, documents): the file is written on
 * the worker pool into a temporary file, which is unlinked at once and sent from its
 * open descriptor.
 */
#ifndef HTTP_DOWNLOAD_H
#define HTTP_DOWNLOAD_H

#include "core/err.h"

struct req;
struct store;

/* Writes the download to `path`, with the pool thread's own store connection. */
typedef enum app_err (*download_fn)(struct store *, void *arg, const char *path);

/*
 * Defers the download; `arg` is released with free_arg after the reply. `filename` is the
 * name offered to the browser (UTF-8, e.g. "隐患台账.xlsx"); `ascii_name` its plain
 * fallback. Returns APP_OK (the reply follows).
 */
enum app_err req_download(struct req *, download_fn, void *arg, void (*free_arg)(void *),
    const char *content_type, const char *ascii_name, const char *filename);

#define MIME_XLSX "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
#define MIME_CSV "text/csv; charset=utf-8"

#endif
