/* Reference data: the city's region tree and the sector list, loaded at `anjian init`. */
#ifndef REFDATA_REFDATA_H
#define REFDATA_REFDATA_H

#include <jansson.h>
#include <stdbool.h>

#include "core/err.h"

struct arena;
struct store;

/*
 * Loads the regions of `city_code` (data/regions/<code>.json compiled in, or the file
 * `regions_file` when not NULL) and the sectors; records the city in settings. Runs in
 * the caller's write transaction. Loading the same city again is a no-op; another city
 * is APP_ECONFLICT.
 */
enum app_err refdata_load(
    struct store *, const char *city_code, const char *regions_file, const char **problem);
/* The city's code from settings ("" before init). */
enum app_err refdata_city(struct store *, struct arena *, const char **code);
/* [{code,name,level,parent_code}] in tree order. */
enum app_err refdata_regions(struct store *, json_t **out);
/* [{code,name}] in catalog order. */
enum app_err refdata_sectors(struct store *, json_t **out);
/* The name of a region (arena copy); APP_ENOENT when no such region. */
enum app_err region_name(struct store *, struct arena *, const char *code, const char **name);
/* The name of a sector (arena copy); APP_ENOENT when no such sector. */
enum app_err sector_name(struct store *, struct arena *, const char *code, const char **name);

#endif
