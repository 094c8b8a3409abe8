/*
 * The demo city (`anjian demo`): a whole year of a city's safety-production work — its
 * organisations, staff, enterprises, inspections, hazards and their rectification, cases,
 * supervisions, accidents, publicity and training, plans and tasks — generated from a seed
 * and written through the same functions the API calls (validation, transitions, audit),
 * each with the instant the event took place in that year. The annual summary computed from
 * the records gives the figures of the model report (../shared/docs/PRODUCT.md).
 */
#ifndef DEMO_DEMO_H
#define DEMO_DEMO_H

#include <stdbool.h>
#include <stdint.h>

#include "core/err.h"

struct store;

struct demo_opts {
	int         year;     /* a finished year (before the current one) */
	uint64_t    seed;     /* same seed, same records */
	const char *data_dir; /* where the photos go (attachments) */
	bool        quiet;    /* no progress bar */
};

/*
 * Builds the city in an initialised store that holds no enterprise yet (APP_ECONFLICT
 * otherwise, with *problem saying so). On failure *problem names what failed; the records
 * written before it stay (the caller tells the user to start from a new database).
 */
enum app_err demo_build(struct store *, const struct demo_opts *, const char **problem);

#endif
