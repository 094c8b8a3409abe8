/*
 * Exact list totals cost a pass over the matching index entries on every page. A total is
 * kept per thread (each thread has its own connection) while nothing has been committed
 * since: not by another connection (the connection's data version, which also sees other
 * processes, e.g. an import from the command line), and not by this process to the table
 * counted (the caller's generation, bumped by its own writes). One small cache per thread
 * serves every feature; keys carry everything the total depends on.
 */
#ifndef STORE_COUNT_CACHE_H
#define STORE_COUNT_CACHE_H

#include <stdbool.h>
#include <stdint.h>

struct store;
struct count_slot;

struct count_memo {
	struct count_slot *slot; /* NULL: not kept (the key did not fit, or a store error) */
	uint64_t           gen, store;
	int64_t            data_version;
	char               key[512];
};

/*
 * Looks up the total of `key` (printf-style) under generation `gen`: true with *total
 * when kept and still valid; otherwise false, and `m` remembers where to keep the total
 * the caller counts (count_cache_keep).
 */
bool count_cache_find(struct count_memo *m, struct store *, uint64_t gen, int64_t *total,
    const char *fmt, ...) __attribute__((format(printf, 5, 6)));
void count_cache_keep(const struct count_memo *m, int64_t total);

#endif
