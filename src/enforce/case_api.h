/* HTTP handlers of the provisions catalog, cases and their settings (routes.c). */
#ifndef ENFORCE_CASE_API_H
#define ENFORCE_CASE_API_H

#include "core/err.h"

struct req;

enum app_err provision_api_list(struct req *);
enum app_err provision_api_get(struct req *);
enum app_err case_api_list(struct req *);
enum app_err case_api_create(struct req *);
enum app_err case_api_get(struct req *);
enum app_err case_api_transition(struct req *);
enum app_err case_api_settings_get(struct req *);
enum app_err case_api_settings_put(struct req *);
enum app_err case_api_stats(struct req *);
enum app_err case_api_document(struct req *);

#endif
