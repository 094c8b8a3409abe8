/*
 * Inspections (监督检查) and inspection plans. An inspection records its checklist — items
 * of the major-hazard standards in force for the enterprise's sector plus free items — and
 * every failed item becomes a hazard in the same transaction: a failed standard item a
 * `major` hazard citing it, a failed free item a `general` one.
 */
#ifndef HAZARD_INSPECTION_H
#define HAZARD_INSPECTION_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "core/err.h"

struct actor;
struct arena;
struct audit_who;
struct scope;
struct store;

/* Creates an inspection with its items and hazards; *id is the new row. */
enum app_err inspection_create(struct store *, struct arena *, const struct actor *,
    const struct scope *, const struct audit_who *, json_t *in, int64_t now, json_t *errs,
    int64_t *id);
/* One inspection inside the scope, with officers, items and the hazards they made. */
enum app_err inspection_get(struct store *, const struct scope *, int64_t id, json_t **out);

struct inspection_filter {
	const char *region;
	int64_t     enterprise_id;
	const char *kind;
	int64_t     plan_id;
	const char *from, *to; /* inspected_on range */
};
enum app_err inspection_list(struct store *, const struct scope *, const struct inspection_filter *,
    int64_t cursor, int limit, json_t **items, int64_t *total);

/* Refers the inspection to a law-enforcement case (立案): once, with a note. */
enum app_err inspection_refer(struct store *, struct arena *, const struct scope *,
    const struct audit_who *, int64_t id, const char *note, int64_t now, json_t *errs);

/* The checklist for an enterprise on a date: the citable items of the standards of its
 * sector in force that day, grouped by standard. */
enum app_err inspection_checklist(
    struct store *, const struct scope *, int64_t enterprise_id, const char *on, json_t **out);

/* Inspection plans: create (org defaults to the actor's), list in scope, get with the
 * planned enterprises and whether each has been inspected under the plan. */
enum app_err plan_create(struct store *, struct arena *, const struct actor *, const struct scope *,
    const struct audit_who *, json_t *in, int64_t now, json_t *errs, int64_t *id);
enum app_err plan_get(struct store *, const struct scope *, int64_t id, json_t **out);
enum app_err plan_list(struct store *, const struct scope *, json_t **items);

/* The `officers` member of `in`: with `government`, at least two, each with a
 * certificate number (行政处罚法第42条); `what` names the record in messages ("政府检查"). */
void inspection_officers_check(
    struct arena *, json_t *in, bool government, const char *what, json_t *errs);

#endif
