/*
 * Notifications (提醒): written by the features (hazard and supervision deadlines by the
 * daily jobs, a supervision when it is issued), read by the people they concern. An
 * enterprise user sees those addressed to its enterprise; staff see those addressed to the
 * district whose scope holds the record (its region_code and sector). A notification about
 * a region or an org has no enterprise (enterprise_id null).
 */
#ifndef NOTIFY_NOTIFY_H
#define NOTIFY_NOTIFY_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "core/err.h"

struct actor;
struct audit_who;
struct store;

/* Newest first, after `cursor`; each with `read` for this user. */
enum app_err notify_list(struct store *, const struct actor *, bool unread_only, int64_t cursor,
    int limit, json_t **items, int64_t *total, int64_t *unread);
/* Marks one as read by this user (idempotent, audited once); APP_ENOENT when not the
 * user's. */
enum app_err notify_read(
    struct store *, const struct actor *, const struct audit_who *, int64_t id, int64_t now);

#endif
