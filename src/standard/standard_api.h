/* HTTP handlers of the standards catalog. */
#ifndef STANDARD_STANDARD_API_H
#define STANDARD_STANDARD_API_H

#include "core/err.h"

struct req;

enum app_err standard_api_list(struct req *);
enum app_err standard_api_get(struct req *);
enum app_err standard_api_items(struct req *);

#endif
