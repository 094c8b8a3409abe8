/*
 * Data scope: the one place that turns an actor into the predicate every scoped query
 * uses. Handlers never build scope predicates by hand.
 *
 * A scoped statement reserves ?1..?4 for the scope and writes SCOPE_PRED() with the
 * columns of its row; scope_bind() binds them. A row outside the scope is simply not
 * found (404).
 */
#ifndef AUTH_SCOPE_H
#define AUTH_SCOPE_H

#include <stdbool.h>
#include <stdint.h>

struct actor;
struct stmt;

struct scope {
	char        lo[16];        /* region_code >= lo */
	char        hi[16];        /* region_code < hi */
	const char *sectors;       /* ",a,b," or NULL for any sector */
	int64_t     enterprise_id; /* 0 for any enterprise */
};

/* ?1 ?2: the region range; ?3: the sector list; ?4: the one enterprise. */
#define SCOPE_PRED(region_col, sector_col, enterprise_col) \
	"(" region_col " >= ?1 AND " region_col " < ?2" \
	" AND (?3 IS NULL OR instr(?3, ',' || " sector_col " || ',') > 0)" \
	" AND (?4 IS NULL OR " enterprise_col " = ?4))"

void scope_of(const struct actor *, struct scope *);
void scope_bind(struct stmt *, const struct scope *);
/*
 * The part of the scope's region range inside the subtree of `region` (a filter), in
 * lo/hi (16 bytes each); false when they do not meet. scope_bind_range() binds the scope
 * with that narrower range, so that one indexed range serves both.
 */
bool scope_narrow(const struct scope *, const char *region, char *lo, char *hi);
void scope_bind_range(struct stmt *, const struct scope *, const char *lo, const char *hi);
/* The same test in C, for a row about to be written; a NULL region or sector is not
 * checked (for checking one field at a time). */
bool scope_contains(
    const struct scope *, const char *region_code, const char *sector, int64_t enterprise_id);
/*
 * The half-open range [lo, hi) of region codes in the subtree of `code`: 150000 → 15,
 * 150600 → 1506, 150602 → 150602, 150602001 → 150602001. Buffers of 16 bytes.
 */
void region_range(const char *code, char lo[16], char hi[16]);

#endif
