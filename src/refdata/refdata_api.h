/* HTTP handlers of reference data. */
#ifndef REFDATA_REFDATA_API_H
#define REFDATA_REFDATA_API_H

#include "core/err.h"

struct req;

enum app_err refdata_api_regions(struct req *);
enum app_err refdata_api_sectors(struct req *);

#endif
