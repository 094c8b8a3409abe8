/* HTTP handler of the audit view. */
#ifndef AUDIT_AUDIT_API_H
#define AUDIT_AUDIT_API_H

#include "core/err.h"

struct req;

enum app_err audit_api_list(struct req *);

#endif
