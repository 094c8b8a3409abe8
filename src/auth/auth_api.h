/* HTTP handlers of sessions and the caller's own account. */
#ifndef AUTH_AUTH_API_H
#define AUTH_AUTH_API_H

#include "core/err.h"

struct req;

enum app_err auth_api_login(struct req *);
enum app_err auth_api_logout(struct req *);
enum app_err auth_api_me(struct req *);
enum app_err auth_api_password(struct req *);

#endif
