/* Health and metrics. */
#ifndef HTTP_OPS_API_H
#define HTTP_OPS_API_H

#include "core/err.h"

struct req;

enum app_err ops_api_healthz(struct req *);
enum app_err ops_api_metrics(struct req *);

#endif
