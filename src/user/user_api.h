/* HTTP handlers of user management (administrators only). */
#ifndef USER_USER_API_H
#define USER_USER_API_H

#include "core/err.h"

struct req;

enum app_err user_api_list(struct req *);
enum app_err user_api_get(struct req *);
enum app_err user_api_create(struct req *);
enum app_err user_api_update(struct req *);
enum app_err user_api_transition(struct req *);

#endif
