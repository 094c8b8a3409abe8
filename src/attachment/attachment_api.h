/* HTTP handlers of attachments. */
#ifndef ATTACHMENT_ATTACHMENT_API_H
#define ATTACHMENT_ATTACHMENT_API_H

#include "core/err.h"

struct req;

enum app_err attachment_api_upload(struct req *);
enum app_err attachment_api_list(struct req *);
enum app_err attachment_api_get(struct req *);

#endif
