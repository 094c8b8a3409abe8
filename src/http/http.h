/*
 * The request as handlers see it. Handlers never see libevent types: they read the
 * request from `struct req`, call their feature, and answer with resp_*() or by
 * returning an error (the dispatcher writes the error body).
 */
#ifndef HTTP_HTTP_H
#define HTTP_HTTP_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "audit/audit.h"
#include "auth/auth.h"
#include "core/err.h"
#include "core/text.h"

struct arena;
struct store;
struct config;

enum http_method {
	HTTP_GET,
	HTTP_HEAD,
	HTTP_POST,
	HTTP_PUT,
	HTTP_PATCH,
	HTTP_DELETE,
	HTTP_OPTIONS,
	HTTP_METHOD__MAX
};

#define REQ_MAX_PARAMS 4
#define JSON_BODY_MAX (1u << 20) /* 1 MiB */
#define UPLOAD_MAX (20u << 20)   /* 20 MiB */

struct req {
	struct arena        *arena; /* freed when the response is sent */
	struct store        *store; /* this thread's connection */
	const struct config *cfg;
	enum http_method     method;
	const char          *path; /* decoded, without the query */
	struct kvlist        query;
	const char          *params[REQ_MAX_PARAMS]; /* {id} segments of the route */
	const unsigned char *body;
	size_t               body_len;
	const char          *client;     /* peer address */
	const struct actor  *actor;      /* NULL on public routes */
	bool                 via_cookie; /* authenticated by the cookie */

	/* Error detail for the dispatcher; set through req_fail*(). */
	const char *err_message;
	json_t     *err_fields; /* array of {field, message}, owned */

	void *impl; /* the server's own state */
};

/* A request header, or NULL. */
const char *req_header(struct req *, const char *name);
/* A query parameter, or NULL; empty values count as absent. */
const char *req_query(struct req *, const char *name);

/*
 * Parses the body as a JSON object. Malformed JSON (or not an object) is APP_EBADREQ with
 * a message giving line and column; over JSON_BODY_MAX is APP_ETOOBIG. The object is owned
 * by the request (freed with it).
 */
enum app_err req_json(struct req *, json_t **obj);
/* Keeps a JSON value alive until the request ends (steals the reference). */
json_t *req_own(struct req *, json_t *);

/* Records an error message for the reply and returns the error. */
enum app_err req_fail(struct req *, enum app_err, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Adds a field error ({field, message}); returns APP_EINVAL. */
enum app_err req_field_error(struct req *, const char *field, const char *message);

/*
 * Returns er, handing the field errors a feature collected (array of {field, message}) to
 * the reply when er is APP_EINVAL or APP_ECONFLICT; a conflict's message is its first.
 */
enum app_err req_fail_fields(struct req *, enum app_err, json_t *errs);
/* The actor and client of the request, for the audit log. */
struct audit_who req_who(struct req *);

/* Replies with JSON (steals the reference). */
void resp_json(struct req *, int status, json_t *);
/* Replies with bytes; `free_fn` (may be NULL) releases data after sending. */
void resp_bytes(struct req *, int status, const char *content_type, const void *data, size_t len,
    void (*free_fn)(void *));
/* Replies with a file's contents (sent with sendfile); takes ownership of fd. */
void resp_file(struct req *, int status, const char *content_type, int fd, int64_t size);
void resp_status(struct req *, int status);
/* Adds a response header (copied). */
void resp_header(struct req *, const char *name, const char *value);

/*
 * Slow work (exports, reports) runs on the worker pool, never on an event loop. The job
 * gets a store connection of its own and fills in the reply; the server sends it when
 * the job is done. Strings in the reply must live in `arg`, which is released with
 * free_arg after the reply is sent. A handler that defers returns APP_OK at once.
 */
struct job_reply {
	enum app_err err;     /* APP_OK: send the file below */
	const char  *message; /* for an error; NULL for the default */
	int          fd;      /* the file to send (taken over), -1 for none */
	int64_t      size;
	const char  *content_type;
	const char  *disposition; /* Content-Disposition, or NULL */
};
typedef void (*job_fn)(struct store *, void *arg, struct job_reply *);
void req_defer(struct req *, job_fn, void *arg, void (*free_arg)(void *));

/*
 * Durable writes go through one writer thread that commits the writes waiting at the same
 * moment together (group commit: one fsync under synchronous=FULL for many writes). Each
 * write runs in a savepoint of its own — feature code calls store_begin()/store_commit()
 * as usual — so one write's failure leaves the others alone; every reply is sent after the
 * common COMMIT succeeded. The write gets copies of the actor and audit identity and an
 * arena of its own; it fills in the reply fields of the context.
 */
struct write_ctx {
	struct store    *store;
	struct arena    *arena;
	struct actor     actor;
	struct audit_who who;
	/* The reply: err APP_OK sends `body` with `status`; otherwise the error, with the
	 * field errors in `errs` (as req_fail_fields) and `message` when set. */
	enum app_err err;
	int          status;
	json_t      *body;
	json_t      *errs;
	const char  *message;
	char         location[128];
};
typedef void (*write_fn)(struct write_ctx *, void *arg);
/* Queues the write; the handler returns APP_OK at once. `arg` is released with free_arg
 * after the reply. */
void req_write(struct req *, write_fn, void *arg, void (*free_arg)(void *));
/* The common write: the request's JSON body and the record id of its path (0 for a
 * create), as the `struct write_json` the write function gets for `arg`. */
struct write_json {
	json_t     *in;
	int64_t     id;
	const void *ctx; /* the caller's, untouched (req_write_json_ctx) */
};
void req_write_json(struct req *, write_fn, json_t *in, int64_t id);
void req_write_json_ctx(struct req *, write_fn, json_t *in, int64_t id, const void *ctx);

/* Pagination: ?limit (default 50, max 500) and the opaque ?cursor. */
#define LIST_DEFAULT_LIMIT 50
#define LIST_MAX_LIMIT 500
enum app_err req_page(struct req *, int *limit, int64_t *cursor_id);
/*
 * Replies with a list page {items, next_cursor, total} (steals items). When the page is
 * full (limit items), next_cursor continues after the last item's "id"; limit 0 is a whole
 * list with no next page.
 */
void resp_list(struct req *, json_t *items, int limit, int64_t total);
/*
 * The same for a page whose items were written as JSON text: `items` holds an open
 * array of n items (the last with id last_id); the writer's buffer is taken.
 */
struct jw;
void resp_list_text(
    struct req *, struct jw *items, int n, int limit, int64_t last_id, int64_t total);

/*
 * GET of one record: the {id} of the path read inside the caller's data scope by `get`
 * (APP_ENOENT outside it) and sent as JSON.
 */
struct scope;
typedef enum app_err (*scoped_get_fn)(struct store *, const struct scope *, int64_t id, json_t **);
enum app_err req_reply_scoped(struct req *, scoped_get_fn);

/* Path parameter {id} as a positive id, or APP_ENOENT. */
enum app_err req_param_id(struct req *, int idx, int64_t *id);

#endif
