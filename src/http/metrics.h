/* Request counters and latency histograms per route, kept with relaxed atomics so that no
 * lock is taken on the request path; rendered in Prometheus text format. */
#ifndef HTTP_METRICS_H
#define HTTP_METRICS_H

#include <stdint.h>

struct store;

/* Route slots beyond the route table. */
#define METRICS_STATIC (-10)    /* static files of the UI */
#define METRICS_UNMATCHED (-11) /* 404/405 on the API */

void metrics_init(void);
void metrics_record(int route, int status, int64_t micros);
/* The text exposition (malloc'd; caller frees). */
char *metrics_render(struct store *);

#endif
