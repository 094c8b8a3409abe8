/* HTTP handlers of supervision actions (督办问责) and their statistics (routes.c). */
#ifndef ENFORCE_SUPERVISION_API_H
#define ENFORCE_SUPERVISION_API_H

#include "core/err.h"

struct req;

enum app_err supervision_api_list(struct req *);
enum app_err supervision_api_create(struct req *);
enum app_err supervision_api_get(struct req *);
enum app_err supervision_api_transition(struct req *);
enum app_err supervision_api_stats(struct req *);

#endif
