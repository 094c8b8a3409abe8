/* HTTP handlers of hazards, inspections, inspection plans and notifications. */
#ifndef HAZARD_HAZARD_API_H
#define HAZARD_HAZARD_API_H

#include "core/err.h"

struct req;

enum app_err hazard_api_list(struct req *);
enum app_err hazard_api_create(struct req *);
enum app_err hazard_api_get(struct req *);
enum app_err hazard_api_transition(struct req *);
enum app_err hazard_api_stats(struct req *);
enum app_err inspection_api_list(struct req *);
enum app_err inspection_api_create(struct req *);
enum app_err inspection_api_get(struct req *);
enum app_err inspection_api_refer(struct req *);
enum app_err inspection_api_checklist(struct req *);
enum app_err plan_api_list(struct req *);
enum app_err plan_api_create(struct req *);
enum app_err plan_api_get(struct req *);
enum app_err notification_api_list(struct req *);
enum app_err notification_api_read(struct req *);

#endif
