/* HTTP handlers of /api/v1/activities and /api/v1/stats/activities (宣传培训). */
#ifndef ACTIVITY_ACTIVITY_API_H
#define ACTIVITY_ACTIVITY_API_H

#include "core/err.h"

struct req;

enum app_err activity_api_list(struct req *);
enum app_err activity_api_create(struct req *);
enum app_err activity_api_get(struct req *);
enum app_err activity_api_update(struct req *);
enum app_err activity_api_transition(struct req *);
enum app_err activity_api_stats(struct req *);

#endif
