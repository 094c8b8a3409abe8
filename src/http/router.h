/* Route matching: "/api/v1/enterprises/{id}" style patterns; pure and testable. */
#ifndef HTTP_ROUTER_H
#define HTTP_ROUTER_H

#include <stddef.h>

#include "http/http.h"

typedef enum app_err (*handler_fn)(struct req *);

struct route {
	enum http_method method;
	const char      *pattern;
	unsigned         roles; /* ROLE_BIT()s allowed; 0: public */
	handler_fn       fn;
	size_t           body_max; /* 0: JSON_BODY_MAX */
};

#define ROUTER_NOT_FOUND (-1)
#define ROUTER_BAD_METHOD (-2)

/*
 * Index of the route matching method and path, capturing {…} segments into params (at
 * most REQ_MAX_PARAMS, pointing into the arena); ROUTER_BAD_METHOD when the path matches
 * a route of another method, ROUTER_NOT_FOUND otherwise. HEAD matches GET routes.
 */
int router_match(const struct route *, size_t n, enum http_method, const char *path, struct arena *,
    const char **params);

/* The server's route table (routes.c). */
extern const struct route routes[];
extern const size_t       routes_n;

const char *http_method_name(enum http_method);

#endif
