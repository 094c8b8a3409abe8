/* HTTP handlers of organisations. */
#ifndef ORG_ORG_API_H
#define ORG_ORG_API_H

#include "core/err.h"

struct req;

enum app_err org_api_list(struct req *);
enum app_err org_api_get(struct req *);
enum app_err org_api_create(struct req *);
enum app_err org_api_update(struct req *);

#endif
