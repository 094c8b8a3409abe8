#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/auth.h"
#include "core/mem.h"
#include "http/metrics.h"
#include "http/router.h"
#include "store/store.h"

/* Upper bounds of the latency buckets, in microseconds. */
static const int64_t bounds_us[] = { 500, 1000, 2500, 5000, 10000, 25000, 50000, 100000, 250000,
	500000, 1000000, 2500000 };
#define NBOUNDS (sizeof(bounds_us) / sizeof(bounds_us[0]))
#define NCLASSES 5 /* 1xx … 5xx */

struct route_metrics {
	_Atomic uint64_t by_class[NCLASSES];
	_Atomic uint64_t bucket[NBOUNDS + 1];
	_Atomic uint64_t sum_us;
};

static struct route_metrics *table; /* routes_n + 2 slots */

void
metrics_init(void)
{
	if (table == NULL)
		table = xcalloc(routes_n + 2, sizeof(*table));
}

static struct route_metrics *
slot(int route)
{
	if (route == METRICS_STATIC)
		return &table[routes_n];
	if (route < 0 || (size_t)route >= routes_n)
		return &table[routes_n + 1];
	return &table[route];
}

void
metrics_record(int route, int status, int64_t us)
{
	struct route_metrics *m = slot(route);
	size_t                b;
	int                   c = status / 100 - 1;

	if (c < 0 || c >= NCLASSES)
		c = NCLASSES - 1;
	atomic_fetch_add_explicit(&m->by_class[c], 1, memory_order_relaxed);
	for (b = 0; b < NBOUNDS && us > bounds_us[b]; b++)
		continue;
	atomic_fetch_add_explicit(&m->bucket[b], 1, memory_order_relaxed);
	atomic_fetch_add_explicit(&m->sum_us, (uint64_t)(us < 0 ? 0 : us), memory_order_relaxed);
}

struct out {
	char  *buf;
	size_t len, cap;
};

static void out_printf(struct out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void
out_printf(struct out *o, const char *fmt, ...)
{
	va_list ap;
	int     n;

	for (;;) {
		va_start(ap, fmt);
		n = vsnprintf(o->buf + o->len, o->cap - o->len, fmt, ap);
		va_end(ap);
		if (n >= 0 && (size_t)n < o->cap - o->len) {
			o->len += (size_t)n;
			return;
		}
		o->cap *= 2;
		o->buf = xrealloc(o->buf, o->cap);
	}
}

static void
render_route(struct out *o, const char *method, const char *route, struct route_metrics *m)
{
	uint64_t cum = 0, total = 0;
	size_t   b;
	int      c;

	for (c = 0; c < NCLASSES; c++) {
		uint64_t v = atomic_load_explicit(&m->by_class[c], memory_order_relaxed);

		total += v;
		if (v != 0)
			out_printf(o,
			    "anjian_http_requests_total{method=\"%s\",route=\"%s\","
			    "code=\"%dxx\"} %llu\n",
			    method, route, c + 1, (unsigned long long)v);
	}
	if (total == 0)
		return;
	for (b = 0; b <= NBOUNDS; b++) {
		cum += atomic_load_explicit(&m->bucket[b], memory_order_relaxed);
		if (b < NBOUNDS)
			out_printf(o,
			    "anjian_http_request_duration_seconds_bucket{method=\"%s\","
			    "route=\"%s\",le=\"%g\"} %llu\n",
			    method, route, (double)bounds_us[b] / 1e6, (unsigned long long)cum);
		else
			out_printf(o,
			    "anjian_http_request_duration_seconds_bucket{method=\"%s\","
			    "route=\"%s\",le=\"+Inf\"} %llu\n",
			    method, route, (unsigned long long)cum);
	}
	out_printf(o, "anjian_http_request_duration_seconds_sum{method=\"%s\",route=\"%s\"} %.6f\n",
	    method, route, (double)atomic_load(&m->sum_us) / 1e6);
	out_printf(o,
	    "anjian_http_request_duration_seconds_count{method=\"%s\",route=\"%s\"} %llu\n", method,
	    route, (unsigned long long)cum);
}

char *
metrics_render(struct store *s)
{
	struct out o = { xmalloc(8192), 0, 8192 };
	size_t     i;
	int64_t    sessions = 0;

	out_printf(&o,
	    "# HELP anjian_http_requests_total HTTP requests by route and status class.\n"
	    "# TYPE anjian_http_requests_total counter\n");
	out_printf(&o,
	    "# HELP anjian_http_request_duration_seconds Time to answer, by route.\n"
	    "# TYPE anjian_http_request_duration_seconds histogram\n");
	for (i = 0; i < routes_n; i++)
		render_route(&o, http_method_name(routes[i].method), routes[i].pattern, &table[i]);
	render_route(&o, "GET", "static", &table[routes_n]);
	render_route(&o, "ANY", "unmatched", &table[routes_n + 1]);
	out_printf(&o,
	    "# HELP anjian_store_errors_total Store failures and busy time-outs.\n"
	    "# TYPE anjian_store_errors_total counter\nanjian_store_errors_total %llu\n",
	    (unsigned long long)store_errors());
	(void)auth_count_sessions(s, &sessions);
	out_printf(&o,
	    "# HELP anjian_sessions Sessions that are neither expired nor idle.\n"
	    "# TYPE anjian_sessions gauge\nanjian_sessions %lld\n",
	    (long long)sessions);
	return o.buf;
}
