/* Cookie header parsing (RFC 6265 §5.4 syntax as browsers send it); pure and fuzzed. */
#ifndef HTTP_COOKIE_H
#define HTTP_COOKIE_H

#include <stddef.h>

struct arena;

#define SESSION_COOKIE "anjian_session"

/*
 * The value of cookie `name` in a Cookie header ("a=1; b=2"), copied into the arena with
 * surrounding quotes removed, or NULL when absent or malformed. Headers over 8 KiB are
 * ignored.
 */
const char *cookie_get(struct arena *, const char *header, const char *name);

#endif
