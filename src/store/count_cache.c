#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "store/count_cache.h"
#include "store/store.h"

#define SLOTS 64

struct count_slot {
	char     key[512];
	uint64_t gen, store;
	int64_t  data_version;
	int64_t  total;
};

static __thread struct count_slot slots[SLOTS];

bool
count_cache_find(
    struct count_memo *m, struct store *s, uint64_t gen, int64_t *total, const char *fmt, ...)
{
	struct count_slot *c;
	va_list            ap;
	uint32_t           h = 2166136261u;
	const char        *k;
	int                n;

	memset(m, 0, sizeof(*m));
	va_start(ap, fmt);
	n = vsnprintf(m->key, sizeof(m->key), fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof(m->key) ||
	    store_data_version(s, &m->data_version) != APP_OK)
		return false;
	for (k = m->key; *k != '\0'; k++)
		h = (h ^ (unsigned char)*k) * 16777619u;
	c = &slots[h % SLOTS];
	m->gen = gen;
	m->store = store_serial(s);
	if (c->gen == gen && c->store == m->store && c->data_version == m->data_version &&
	    strcmp(c->key, m->key) == 0) {
		*total = c->total;
		return true;
	}
	m->slot = c;
	return false;
}

void
count_cache_keep(const struct count_memo *m, int64_t total)
{
	struct count_slot *c = m->slot;

	if (c == NULL)
		return;
	memcpy(c->key, m->key, sizeof(c->key));
	c->gen = m->gen;
	c->store = m->store;
	c->data_version = m->data_version;
	c->total = total;
}
