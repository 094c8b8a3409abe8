/* HTTP handlers of the enterprise registry. */
#ifndef ENTERPRISE_ENTERPRISE_API_H
#define ENTERPRISE_ENTERPRISE_API_H

#include "core/err.h"

struct req;

enum app_err enterprise_api_list(struct req *);
enum app_err enterprise_api_create(struct req *);
enum app_err enterprise_api_get(struct req *);
enum app_err enterprise_api_update(struct req *);
enum app_err enterprise_api_transition(struct req *);

#endif
