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
/*
 * Region and sector names for showing records, read once by refdata_names_load() when the
 * server (or an export) starts: reference data does not change while serving (only
 * `anjian init` writes it). A region's label carries its banner/district for a township
 * ("东胜区 交通街道"). Unknown codes, or before loading, give "". The strings live as long
 * as the process.
 */
enum app_err refdata_names_load(struct store *);
const char  *region_label(const char *code);
const char  *sector_label(const char *code);
/* The name of a region (arena copy); APP_ENOENT when no such region. */
enum app_err region_name(struct store *, struct arena *, const char *code, const char **name);
/*
 * The label of a region as a row of statistics grouped by region at depth `region_len`
 * (the scope's children): its name, with （本级） when the records sit at the scope's own
 * level — a code shorter than the grouping, or the city itself. A new string (free()), or
 * NULL when no such region.
 */
enum app_err region_group_label(struct store *, const char *code, int region_len, char **label);
/* The name of a sector (arena copy); APP_ENOENT when no such sector. */
enum app_err sector_name(struct store *, struct arena *, const char *code, const char **name);

#endif
