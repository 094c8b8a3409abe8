/* HTTP handlers of the accident register (routes.c). */
#ifndef ACCIDENT_ACCIDENT_API_H
#define ACCIDENT_ACCIDENT_API_H

#include "core/err.h"

struct req;

enum app_err accident_api_list(struct req *);
enum app_err accident_api_create(struct req *);
enum app_err accident_api_get(struct req *);
enum app_err accident_api_transition(struct req *);
enum app_err accident_api_stats(struct req *);

#endif
