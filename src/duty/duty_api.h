/* HTTP handlers of the responsibility system (责任体系): plans, tasks and their board,
 * duties, assessments (routes.c). */
#ifndef DUTY_DUTY_API_H
#define DUTY_DUTY_API_H

#include "core/err.h"

struct req;

enum app_err duty_plan_api_list(struct req *);
enum app_err duty_plan_api_create(struct req *);
enum app_err duty_plan_api_get(struct req *);
enum app_err task_api_list(struct req *);
enum app_err task_api_create(struct req *);
enum app_err task_api_get(struct req *);
enum app_err task_api_board(struct req *);
enum app_err task_api_transition(struct req *);
enum app_err duty_api_list(struct req *);
enum app_err duty_api_create(struct req *);
enum app_err duty_api_get(struct req *);
enum app_err duty_api_update(struct req *);
enum app_err duty_api_transition(struct req *);
enum app_err assessment_api_list(struct req *);
enum app_err assessment_api_create(struct req *);
enum app_err assessment_api_get(struct req *);
enum app_err assessment_api_update(struct req *);
enum app_err assessment_api_transition(struct req *);

#endif
