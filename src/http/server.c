/* The only code, with static.c, that includes libevent's http headers. */
#include <sys/socket.h>
#include <sys/stat.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <errno.h>
#include <event2/buffer.h>
#include <event2/event.h>
#include <event2/http.h>
#include <event2/keyvalq_struct.h>
#include <event2/thread.h>
#include <fcntl.h>
#include <netdb.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "auth/auth.h"
#include "hazard/hazard.h"
#include "core/arena.h"
#include "core/jw.h"
#include "core/log.h"
#include "core/mem.h"
#include "core/timeutil.h"
#include "enforce/supervision.h"
#include "duty/duty.h"
#include "http/cookie.h"
#include "http/metrics.h"
#include "http/router.h"
#include "doc/doc.h"
#include "http/server.h"
#include "http/static.h"
#include "store/store.h"

#define HEADERS_MAX (16 * 1024)
#define IDLE_TIMEOUT_S 30
#define DRAIN_MS 1000
#define OWNED_MAX 16

struct worker {
	pthread_t                   thread;
	int                         index;
	int                         fd;
	const struct config        *cfg;
	struct event_base          *base;
	struct evhttp              *http;
	struct evhttp_bound_socket *bound;
	struct store               *store;
	struct arena               *arena;
	int                         failed;
};

/* The server's per-request state behind req->impl. */
struct req_impl {
	struct evhttp_request *er;
	struct worker         *w;
	int                    route;
	int64_t                t0;
	bool                   replied;
	bool                   deferred;
	int                    status;
	json_t                *owned[OWNED_MAX];
	size_t                 nowned;
};

static const char *
reason_phrase(int status)
{
	switch (status) {
	case 200: return "OK";
	case 201: return "Created";
	case 204: return "No Content";
	case 304: return "Not Modified";
	case 400: return "Bad Request";
	case 401: return "Unauthorized";
	case 403: return "Forbidden";
	case 404: return "Not Found";
	case 405: return "Method Not Allowed";
	case 409: return "Conflict";
	case 413: return "Payload Too Large";
	case 415: return "Unsupported Media Type";
	case 422: return "Unprocessable Entity";
	case 423: return "Locked";
	case 429: return "Too Many Requests";
	case 503: return "Service Unavailable";
	default: return status >= 500 ? "Internal Server Error" : "OK";
	}
}

static struct req_impl *
impl(struct req *r)
{
	return r->impl;
}

const char *
req_header(struct req *r, const char *name)
{
	return evhttp_find_header(evhttp_request_get_input_headers(impl(r)->er), name);
}

const char *
req_query(struct req *r, const char *name)
{
	const char *v = kv_get(&r->query, name);

	return v != NULL && v[0] != '\0' ? v : NULL;
}

json_t *
req_own(struct req *r, json_t *j)
{
	struct req_impl *ri = impl(r);

	if (j == NULL)
		return NULL;
	if (ri->nowned == OWNED_MAX) {
		log_error("http: too many owned JSON values in one request");
		abort();
	}
	ri->owned[ri->nowned++] = j;
	return j;
}

enum app_err
req_fail(struct req *r, enum app_err er, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	r->err_message = arena_vprintf(r->arena, fmt, ap);
	va_end(ap);
	return er;
}

enum app_err
req_field_error(struct req *r, const char *field, const char *message)
{
	if (r->err_fields == NULL)
		r->err_fields = req_own(r, json_array());
	json_array_append_new(
	    r->err_fields, json_pack("{s:s, s:s}", "field", field, "message", message));
	return APP_EINVAL;
}

enum app_err
req_fail_fields(struct req *r, enum app_err er, json_t *errs)
{
	if (json_array_size(errs) > 0 && (er == APP_EINVAL || er == APP_ECONFLICT)) {
		r->err_fields = req_own(r, json_incref(errs));
		if (er == APP_ECONFLICT)
			r->err_message =
			    json_string_value(json_object_get(json_array_get(errs, 0), "message"));
	}
	return er;
}

struct audit_who
req_who(struct req *r)
{
	return (struct audit_who){ r->actor ? r->actor->user_id : 0,
		r->actor ? r->actor->username : "", r->client };
}

enum app_err
req_json(struct req *r, json_t **out)
{
	json_error_t e;
	json_t      *j;

	*out = NULL;
	if (r->body_len > JSON_BODY_MAX)
		return req_fail(r, APP_ETOOBIG, "请求体超过 %u 字节上限", JSON_BODY_MAX);
	if (r->body_len == 0)
		return req_fail(r, APP_EBADREQ, "请求体为空，应为 JSON 对象");
	j = json_loadb((const char *)r->body, r->body_len, JSON_REJECT_DUPLICATES, &e);
	if (j == NULL)
		return req_fail(r, APP_EBADREQ, "JSON 格式错误（第 %d 行第 %d 列）：%s", e.line,
		    e.column, e.text);
	req_own(r, j);
	if (!json_is_object(j))
		return req_fail(r, APP_EBADREQ, "请求体应为 JSON 对象");
	*out = j;
	return APP_OK;
}

static void
add_common_headers(struct evkeyvalq *h)
{
	evhttp_add_header(h, "X-Content-Type-Options", "nosniff");
	evhttp_add_header(h, "X-Frame-Options", "DENY");
	evhttp_add_header(h, "Referrer-Policy", "same-origin");
}

void
resp_header(struct req *r, const char *name, const char *value)
{
	evhttp_add_header(evhttp_request_get_output_headers(impl(r)->er), name, value);
}

static void
send_reply(struct req *r, int status, struct evbuffer *b)
{
	struct req_impl *ri = impl(r);

	if (ri->replied) {
		log_error("http: second reply to %s", r->path);
		return;
	}
	add_common_headers(evhttp_request_get_output_headers(ri->er));
	ri->replied = true;
	ri->status = status;
	if (r->method == HTTP_HEAD && b != NULL)
		evbuffer_drain(b, evbuffer_get_length(b));
	evhttp_send_reply(ri->er, status, reason_phrase(status), b);
}

static void
free_cb(const void *data, size_t len, void *arg)
{
	void (*fn)(void *) = (void (*)(void *))arg;

	(void)len;
	fn((void *)(uintptr_t)data);
}

void
resp_bytes(struct req *r, int status, const char *ctype, const void *data, size_t len,
    void (*free_fn)(void *))
{
	struct evbuffer *b = evbuffer_new();

	if (free_fn != NULL)
		evbuffer_add_reference(b, data, len, free_cb, (void *)free_fn);
	else
		evbuffer_add(b, data, len);
	if (ctype != NULL)
		resp_header(r, "Content-Type", ctype);
	send_reply(r, status, b);
	evbuffer_free(b);
}

void
resp_file(struct req *r, int status, const char *ctype, int fd, int64_t size)
{
	struct evbuffer *b = evbuffer_new();

	if (ctype != NULL)
		resp_header(r, "Content-Type", ctype);
	if (size > 0)
		evbuffer_add_file(b, fd, 0, size); /* takes the fd */
	else
		close(fd);
	send_reply(r, status, b);
	evbuffer_free(b);
}

void
resp_status(struct req *r, int status)
{
	send_reply(r, status, NULL);
}

void
resp_json(struct req *r, int status, json_t *j)
{
	char *s = json_dumps(j, JSON_COMPACT | JSON_REAL_PRECISION(12));

	json_decref(j);
	if (s == NULL) {
		log_error("http: cannot encode JSON reply");
		s = xstrdup("{\"error\":{\"code\":\"internal\",\"message\":\"encoding\"}}");
		status = 500;
	}
	resp_header(r, "Cache-Control", "no-store");
	resp_bytes(r, status, "application/json; charset=utf-8", s, strlen(s), free);
}

static void
resp_error(struct req *r, enum app_err er)
{
	json_t *e;

	e = json_pack("{s:s, s:s}", "code", app_err_code(er), "message",
	    r->err_message ? r->err_message : app_err_message(er));
	if (r->err_fields != NULL)
		json_object_set(e, "fields", r->err_fields);
	resp_json(r, app_err_status(er), json_pack("{s:o}", "error", e));
}

enum app_err
req_page(struct req *r, int *limit, int64_t *cursor)
{
	const char *l = req_query(r, "limit"), *c = req_query(r, "cursor");
	char       *end;
	long        v;
	long long   cv;

	*limit = LIST_DEFAULT_LIMIT;
	*cursor = 0;
	if (l != NULL) {
		v = strtol(l, &end, 10);
		if (*end != '\0' || v < 1 || v > LIST_MAX_LIMIT)
			return req_fail(
			    r, APP_EBADREQ, "limit 应为 1 到 %d 的整数", LIST_MAX_LIMIT);
		*limit = (int)v;
	}
	if (c != NULL) {
		/* The cursor is "c" followed by the last id seen, in base 36. */
		if (c[0] != 'c' || c[1] == '\0')
			return req_fail(r, APP_EBADREQ, "cursor 无效");
		errno = 0;
		cv = strtoll(c + 1, &end, 36);
		if (*end != '\0' || errno != 0 || cv <= 0)
			return req_fail(r, APP_EBADREQ, "cursor 无效");
		*cursor = cv;
	}
	return APP_OK;
}

static const char *
page_cursor(struct req *r, int64_t id)
{
	char     buf[24], *p = buf + sizeof(buf) - 1;
	uint64_t v = (uint64_t)id;

	*p = '\0';
	do {
		*--p = "0123456789abcdefghijklmnopqrstuvwxyz"[v % 36];
		v /= 36;
	} while (v != 0);
	return arena_printf(r->arena, "c%s", p);
}

void
resp_list_text(struct req *r, struct jw *w, int n, int limit, int64_t last_id, int64_t total)
{
	char  *text;
	size_t len;

	jw_arr_end(w);
	jw_key(w, "next_cursor");
	jw_str(w, limit > 0 && n == limit ? page_cursor(r, last_id) : NULL);
	jw_key(w, "total");
	jw_int(w, total);
	jw_obj_end(w);
	text = jw_take(w, &len);
	resp_header(r, "Cache-Control", "no-store");
	resp_bytes(r, 200, "application/json; charset=utf-8", text, len, free);
}

void
resp_list(struct req *r, json_t *items, int limit, int64_t total)
{
	const char *next = NULL;
	size_t      n = json_array_size(items);

	if (limit > 0 && n == (size_t)limit)
		next = page_cursor(
		    r, json_integer_value(json_object_get(json_array_get(items, n - 1), "id")));
	resp_json(r, 200,
	    json_pack("{s:o, s:s?, s:I}", "items", items, "next_cursor", next, "total",
		(json_int_t)total));
}

enum app_err
req_param_id(struct req *r, int idx, int64_t *id)
{
	const char *s = r->params[idx];
	char       *end;
	long long   v;

	*id = 0;
	if (s == NULL || s[0] < '1' || s[0] > '9')
		return APP_ENOENT;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (*end != '\0' || errno != 0)
		return APP_ENOENT;
	*id = v;
	return APP_OK;
}

/*
 * The worker pool for slow work. Jobs are queued by the loops and run by POOL_THREADS
 * threads with their own store connections; each finished job is handed back to its
 * loop (event_base_once is thread-safe with evthread_use_pthreads) to send the reply.
 */
#define POOL_THREADS 2

struct job {
	struct job *next;
	job_fn      fn;
	void       *arg;
	void (*free_arg)(void *);
	struct worker         *w;
	struct evhttp_request *er;
	enum http_method       method;
	int                    route;
	int64_t                t0;
	struct job_reply       reply;
};

static struct {
	pthread_mutex_t lock;
	pthread_cond_t  cond;
	struct job     *head, *tail;
	bool            stopping;
	pthread_t       threads[POOL_THREADS];
	struct store   *stores[POOL_THREADS];
	int             n;
} pool = { PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER };

static void
job_done(evutil_socket_t fd, short what, void *arg)
{
	struct job     *j = arg;
	struct req      r;
	struct req_impl ri = { .er = j->er, .w = j->w };

	(void)fd;
	(void)what;
	memset(&r, 0, sizeof(r));
	arena_reset(j->w->arena);
	r.arena = j->w->arena;
	r.method = j->method;
	r.path = "";
	r.impl = &ri;
	if (j->reply.err != APP_OK) {
		if (j->reply.fd >= 0)
			close(j->reply.fd);
		r.err_message = j->reply.message;
		resp_error(&r, j->reply.err);
	} else {
		if (j->reply.disposition != NULL)
			resp_header(&r, "Content-Disposition", j->reply.disposition);
		resp_header(&r, "Cache-Control", "no-store");
		resp_file(&r, 200, j->reply.content_type, j->reply.fd, j->reply.size);
	}
	metrics_record(j->route, ri.status, mono_us() - j->t0);
	if (j->free_arg != NULL)
		j->free_arg(j->arg);
	arena_reset(j->w->arena);
	free(j);
}

static void *
pool_main(void *arg)
{
	struct store *s = arg;
	struct job   *j;

	/* A thread's first PDF loads the CJK fonts into its pango font map (0.1–0.3 s,
	 * docs/documents.md): pay it now, not in the first document someone asks for. */
	doc_warm();
	for (;;) {
		pthread_mutex_lock(&pool.lock);
		while (pool.head == NULL && !pool.stopping)
			pthread_cond_wait(&pool.cond, &pool.lock);
		if (pool.head == NULL) {
			pthread_mutex_unlock(&pool.lock);
			return NULL;
		}
		j = pool.head;
		pool.head = j->next;
		if (pool.head == NULL)
			pool.tail = NULL;
		pthread_mutex_unlock(&pool.lock);
		j->reply.fd = -1;
		j->fn(s, j->arg, &j->reply);
		if (store_in_tx(s))
			store_rollback(s);
		event_base_once(j->w->base, -1, EV_TIMEOUT, job_done, j, NULL);
	}
}

void
req_defer(struct req *r, job_fn fn, void *arg, void (*free_arg)(void *))
{
	struct req_impl *ri = impl(r);
	struct job      *j = xcalloc(1, sizeof(*j));

	j->fn = fn;
	j->arg = arg;
	j->free_arg = free_arg;
	j->w = ri->w;
	j->er = ri->er;
	j->method = r->method;
	j->route = ri->route;
	j->t0 = ri->t0;
	ri->deferred = true;
	pthread_mutex_lock(&pool.lock);
	if (pool.tail != NULL)
		pool.tail->next = j;
	else
		pool.head = j;
	pool.tail = j;
	pthread_cond_signal(&pool.cond);
	pthread_mutex_unlock(&pool.lock);
}

static bool
pool_start(const struct config *cfg)
{
	int i;

	for (i = 0; i < POOL_THREADS; i++) {
		if (store_open(cfg->db_path, 0, &pool.stores[i]) != APP_OK)
			return false;
		pthread_create(&pool.threads[i], NULL, pool_main, pool.stores[i]);
		pool.n++;
	}
	return true;
}

/* Lets queued jobs finish, then ends the pool threads. */
static void
pool_stop(void)
{
	int i;

	pthread_mutex_lock(&pool.lock);
	pool.stopping = true;
	pthread_cond_broadcast(&pool.cond);
	pthread_mutex_unlock(&pool.lock);
	for (i = 0; i < pool.n; i++) {
		pthread_join(pool.threads[i], NULL);
		store_close(pool.stores[i]);
	}
	pool.n = 0;
}

/*
 * The writer: one thread, one connection, group commit (see req_write in http.h). It takes
 * every write queued while it was committing the previous group, runs each in a savepoint,
 * commits them together and then hands the replies back to the loops.
 */
#define WRITE_GROUP_MAX 256

struct wjob {
	struct wjob *next;
	write_fn     fn;
	void        *arg;
	void (*free_arg)(void *);
	struct write_ctx       ctx;
	struct worker         *w;
	struct evhttp_request *er;
	enum http_method       method;
	int                    route;
	int64_t                t0;
};

static struct {
	pthread_mutex_t lock;
	pthread_cond_t  cond;
	struct wjob    *head, *tail;
	bool            stopping, running;
	pthread_t       thread;
	struct store   *store;
} writer = { PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER };

static void
wjob_done(evutil_socket_t fd, short what, void *arg)
{
	struct wjob      *j = arg;
	struct req        r;
	struct req_impl   ri = { .er = j->er, .w = j->w };
	struct write_ctx *c = &j->ctx;
	size_t            i;

	(void)fd;
	(void)what;
	memset(&r, 0, sizeof(r));
	arena_reset(j->w->arena);
	r.arena = j->w->arena;
	r.method = j->method;
	r.path = "";
	r.impl = &ri;
	if (c->err != APP_OK) {
		r.err_message = c->message;
		resp_error(&r, req_fail_fields(&r, c->err, c->errs));
	} else if (c->body == NULL)
		resp_status(&r, c->status ? c->status : 204);
	else {
		if (c->location[0] != '\0')
			resp_header(&r, "Location", c->location);
		resp_json(&r, c->status ? c->status : 200, c->body);
		c->body = NULL;
	}
	metrics_record(j->route, ri.status, mono_us() - j->t0);
	for (i = 0; i < ri.nowned; i++)
		json_decref(ri.owned[i]);
	if (j->free_arg != NULL)
		j->free_arg(j->arg);
	json_decref(c->body);
	json_decref(c->errs);
	arena_free(c->arena);
	arena_reset(j->w->arena);
	free(j);
}

/* A write whose group could not be committed: its reply becomes that error. */
static void
wjob_fail(struct wjob *j, enum app_err er)
{
	json_decref(j->ctx.body);
	j->ctx.body = NULL;
	json_array_clear(j->ctx.errs);
	j->ctx.err = er;
	j->ctx.message = "保存失败，请重试（数据库未能提交）";
}

static void *
writer_main(void *unused)
{
	struct wjob *group, *j;
	enum app_err er;
	int          n;

	(void)unused;
	for (;;) {
		pthread_mutex_lock(&writer.lock);
		while (writer.head == NULL && !writer.stopping)
			pthread_cond_wait(&writer.cond, &writer.lock);
		if (writer.head == NULL) {
			pthread_mutex_unlock(&writer.lock);
			return NULL;
		}
		group = writer.head;
		for (n = 1, j = group; j->next != NULL && n < WRITE_GROUP_MAX; n++)
			j = j->next;
		writer.head = j->next;
		if (writer.head == NULL)
			writer.tail = NULL;
		j->next = NULL;
		pthread_mutex_unlock(&writer.lock);

		er = store_batch_begin(writer.store);
		for (j = group; j != NULL && er == APP_OK; j = j->next) {
			j->ctx.store = writer.store;
			j->fn(&j->ctx, j->arg);
			store_rollback(writer.store); /* a savepoint left open is undone */
			if (!store_batch_alive(writer.store))
				er = APP_EDB; /* SQLite gave up the whole transaction */
		}
		if (er == APP_OK)
			er = store_batch_end(writer.store, true);
		else
			(void)store_batch_end(writer.store, false);
		if (er != APP_OK) {
			log_error("server: a group of writes could not be committed: %s",
			    app_err_message(er));
			for (j = group; j != NULL; j = j->next)
				wjob_fail(j, er == APP_EBUSY ? APP_EBUSY : APP_EDB);
		}
		for (j = group; j != NULL;) {
			struct wjob *next = j->next;

			event_base_once(j->w->base, -1, EV_TIMEOUT, wjob_done, j, NULL);
			j = next;
		}
	}
}

static bool
writer_start(const struct config *cfg)
{
	if (store_open(cfg->db_path, 0, &writer.store) != APP_OK)
		return false;
	writer.stopping = false;
	pthread_create(&writer.thread, NULL, writer_main, NULL);
	writer.running = true;
	return true;
}

/* Commits the writes still queued, then ends the writer. */
static void
writer_stop(void)
{
	if (!writer.running)
		return;
	pthread_mutex_lock(&writer.lock);
	writer.stopping = true;
	pthread_cond_broadcast(&writer.cond);
	pthread_mutex_unlock(&writer.lock);
	pthread_join(writer.thread, NULL);
	store_close(writer.store);
	writer.store = NULL;
	writer.running = false;
}

static void
write_json_free(void *arg)
{
	struct write_json *x = arg;

	json_decref(x->in);
	free(x);
}

void
req_write_json_ctx(struct req *r, write_fn fn, json_t *in, int64_t id, const void *ctx)
{
	struct write_json *x = xcalloc(1, sizeof(*x));

	x->in = json_incref(in);
	x->id = id;
	x->ctx = ctx;
	req_write(r, fn, x, write_json_free);
}

void
req_write_json(struct req *r, write_fn fn, json_t *in, int64_t id)
{
	req_write_json_ctx(r, fn, in, id, NULL);
}

void
req_write(struct req *r, write_fn fn, void *arg, void (*free_arg)(void *))
{
	struct req_impl    *ri = impl(r);
	struct wjob        *j = xcalloc(1, sizeof(*j));
	struct arena       *a = arena_new(16 * 1024);
	const struct actor *src = r->actor;

	j->fn = fn;
	j->arg = arg;
	j->free_arg = free_arg;
	j->w = ri->w;
	j->er = ri->er;
	j->method = r->method;
	j->route = ri->route;
	j->t0 = ri->t0;
	j->ctx.arena = a;
	j->ctx.errs = json_array();
	if (src != NULL) {
		j->ctx.actor = *src;
		j->ctx.actor.username = arena_strdup(a, src->username ? src->username : "");
		j->ctx.actor.display_name =
		    arena_strdup(a, src->display_name ? src->display_name : "");
		j->ctx.actor.region_code =
		    arena_strdup(a, src->region_code ? src->region_code : "");
		j->ctx.actor.sectors = arena_strdup(a, src->sectors ? src->sectors : "");
	}
	j->ctx.who = req_who(r);
	j->ctx.who.actor_name = arena_strdup(a, j->ctx.who.actor_name);
	j->ctx.who.client = arena_strdup(a, j->ctx.who.client);
	ri->deferred = true;
	pthread_mutex_lock(&writer.lock);
	if (writer.tail != NULL)
		writer.tail->next = j;
	else
		writer.head = j;
	writer.tail = j;
	pthread_cond_signal(&writer.cond);
	pthread_mutex_unlock(&writer.lock);
}

static enum http_method
map_method(enum evhttp_cmd_type t, bool *ok)
{
	*ok = true;
	switch (t) {
	case EVHTTP_REQ_GET: return HTTP_GET;
	case EVHTTP_REQ_HEAD: return HTTP_HEAD;
	case EVHTTP_REQ_POST: return HTTP_POST;
	case EVHTTP_REQ_PUT: return HTTP_PUT;
	case EVHTTP_REQ_PATCH: return HTTP_PATCH;
	case EVHTTP_REQ_DELETE: return HTTP_DELETE;
	case EVHTTP_REQ_OPTIONS: return HTTP_OPTIONS;
	default: *ok = false; return HTTP_GET;
	}
}

static bool
state_changing(enum http_method m)
{
	return m == HTTP_POST || m == HTTP_PUT || m == HTTP_PATCH || m == HTTP_DELETE;
}

/*
 * A state-changing request authenticated by the cookie must come from our own pages:
 * its Origin (or Referer) must name the host the request was sent to.
 */
static bool
same_origin(struct req *r)
{
	const char *o = req_header(r, "Origin"), *host = req_header(r, "Host");
	const char *p;
	size_t      n;

	if (o == NULL || strcmp(o, "null") == 0)
		o = req_header(r, "Referer");
	if (o == NULL || host == NULL)
		return false;
	if (strncmp(o, "http://", 7) == 0)
		p = o + 7;
	else if (strncmp(o, "https://", 8) == 0)
		p = o + 8;
	else
		return false;
	n = strlen(host);
	return strncmp(p, host, n) == 0 && (p[n] == '\0' || p[n] == '/');
}

static const char *
bearer_token(struct req *r)
{
	const char *h = req_header(r, "Authorization");

	if (h != NULL && strncasecmp(h, "Bearer ", 7) == 0)
		return h + 7;
	return NULL;
}

static void
dispatch_api(struct worker *w, struct req *r, int *route_out)
{
	const struct route *rt;
	const char         *token;
	struct actor       *actor;
	enum app_err        er;
	int                 i;

	i = router_match(routes, routes_n, r->method, r->path, r->arena, r->params);
	*route_out = i;
	impl(r)->route = i;
	if (i == ROUTER_NOT_FOUND) {
		resp_error(r, req_fail(r, APP_ENOENT, "没有这个接口：%s", r->path));
		return;
	}
	if (i == ROUTER_BAD_METHOD) {
		r->err_message = "该接口不支持此方法";
		resp_json(r, 405,
		    json_pack("{s:{s:s, s:s}}", "error", "code", "method_not_allowed", "message",
			r->err_message));
		return;
	}
	rt = &routes[i];
	if (r->body_len > (rt->body_max ? rt->body_max : JSON_BODY_MAX)) {
		resp_error(r,
		    req_fail(r, APP_ETOOBIG, "请求体超过 %zu 字节上限",
			rt->body_max ? rt->body_max : (size_t)JSON_BODY_MAX));
		return;
	}
	if (rt->roles != 0) {
		token = bearer_token(r);
		if (token == NULL) {
			token = cookie_get(r->arena, req_header(r, "Cookie"), SESSION_COOKIE);
			r->via_cookie = token != NULL;
		}
		actor = arena_zalloc(r->arena, sizeof(*actor));
		er = token ? auth_resolve(w->store, r->arena, token, actor) : APP_EAUTH;
		if (er != APP_OK) {
			resp_error(r, er);
			return;
		}
		r->actor = actor;
		if (!(rt->roles & ROLE_BIT(actor->role))) {
			resp_error(r, APP_EPERM);
			return;
		}
		if (r->via_cookie && state_changing(r->method) && !same_origin(r)) {
			resp_error(r, req_fail(r, APP_EPERM, "跨站请求被拒绝（Origin 不符）"));
			return;
		}
	}
	er = rt->fn(r);
	if (store_in_tx(w->store)) {
		log_error("http: %s %s left a transaction open; rolled back",
		    http_method_name(r->method), rt->pattern);
		store_rollback(w->store);
		if (er == APP_OK)
			er = APP_EINTERNAL;
	}
	if (er != APP_OK) {
		if (!impl(r)->replied && !impl(r)->deferred)
			resp_error(r, er);
	} else if (!impl(r)->replied && !impl(r)->deferred) {
		log_error("http: %s %s returned without a reply", http_method_name(r->method),
		    rt->pattern);
		resp_error(r, APP_EINTERNAL);
	}
}

static void
handle(struct evhttp_request *er, void *arg)
{
	struct worker           *w = arg;
	struct req_impl          ri = { .er = er, .w = w };
	struct req               r;
	const struct evhttp_uri *uri = evhttp_request_get_evhttp_uri(er);
	struct evbuffer         *in = evhttp_request_get_input_buffer(er);
	const char              *raw_path, *raw_query, *bad;
	char                    *addr = NULL;
	ev_uint16_t              port;
	int64_t                  t0 = mono_us();
	int                      route = METRICS_UNMATCHED;

	ri.t0 = t0;
	bool   ok;
	size_t i;

	memset(&r, 0, sizeof(r));
	arena_reset(w->arena);
	r.arena = w->arena;
	r.store = w->store;
	r.cfg = w->cfg;
	r.impl = &ri;
	r.method = map_method(evhttp_request_get_command(er), &ok);
	evhttp_connection_get_peer(evhttp_request_get_connection(er), &addr, &port);
	r.client = arena_strdup(r.arena, addr ? addr : "");

	if (!ok) {
		resp_json(&r, 405,
		    json_pack("{s:{s:s, s:s}}", "error", "code", "method_not_allowed", "message",
			"不支持的请求方法"));
		goto done;
	}
	raw_path = uri ? evhttp_uri_get_path(uri) : NULL;
	raw_query = uri ? evhttp_uri_get_query(uri) : NULL;
	if (raw_path == NULL || raw_path[0] != '/' ||
	    (r.path = path_decode(r.arena, raw_path)) == NULL) {
		resp_error(&r, req_fail(&r, APP_EBADREQ, "请求路径无效"));
		goto done;
	}
	if (raw_query != NULL &&
	    qs_parse(r.arena, raw_query, strlen(raw_query), &r.query, &bad) != APP_OK) {
		resp_error(&r,
		    req_fail(&r, APP_EBADREQ, bad ? "查询参数 %s 无效" : "查询参数无效%s",
			bad ? bad : ""));
		goto done;
	}
	r.body_len = evbuffer_get_length(in);
	r.body = r.body_len ? evbuffer_pullup(in, -1) : NULL;

	if (strncmp(r.path, "/api/", 5) == 0 || strcmp(r.path, "/healthz") == 0 ||
	    strcmp(r.path, "/metrics") == 0)
		dispatch_api(w, &r, &route);
	else {
		route = METRICS_STATIC;
		static_serve(&r, w->cfg->ui_dir);
	}
done:
	if (!ri.replied && !ri.deferred)
		resp_error(&r, APP_EINTERNAL);
	for (i = 0; i < ri.nowned; i++)
		json_decref(ri.owned[i]);
	if (!ri.deferred)
		metrics_record(route, ri.status, mono_us() - t0);
	arena_reset(w->arena);
}

/* Binds without SO_REUSEPORT first, so that a port another process holds is an error
 * and not a silent share of its traffic. */
static int
listen_probe(const struct addrinfo *ai)
{
	int fd, one = 1, rc;

	if ((fd = socket(ai->ai_family, SOCK_STREAM, 0)) < 0)
		return -1;
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	rc = bind(fd, ai->ai_addr, ai->ai_addrlen);
	close(fd);
	return rc;
}

static int
listen_socket(const struct addrinfo *ai)
{
	int fd, one = 1;

	fd = socket(ai->ai_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	/* One socket per loop thread: the kernel spreads connections over them. */
	setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &one, sizeof(one));
	/* Accepted sockets inherit this: a reply's last short piece goes out at once instead
	 * of waiting for the client's delayed ACK (40 ms on every reply over 32 KiB). */
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	if (bind(fd, ai->ai_addr, ai->ai_addrlen) != 0 || listen(fd, 1024) != 0) {
		close(fd);
		return -1;
	}
	return fd;
}

static void *
worker_main(void *arg)
{
	struct worker *w = arg;

	event_base_dispatch(w->base);
	return NULL;
}

static void
worker_stop_cb(evutil_socket_t fd, short what, void *arg)
{
	struct worker *w = arg;
	struct timeval tv = { DRAIN_MS / 1000, (DRAIN_MS % 1000) * 1000 };

	(void)fd;
	(void)what;
	/* Stop accepting; let replies in flight be written, then end the loop. */
	if (w->bound != NULL) {
		evhttp_del_accept_socket(w->http, w->bound);
		w->bound = NULL;
	}
	event_base_loopexit(w->base, &tv);
}

struct main_state {
	struct worker *workers;
	int            n;
	struct store  *store;
	struct event  *tick;
	char           last_daily[11]; /* the day the daily jobs last ran */
};

static void
signal_cb(evutil_socket_t sig, short what, void *arg)
{
	struct event_base *base = arg;

	(void)what;
	log_info("server: signal %d, shutting down", (int)sig);
	event_base_loopbreak(base);
}

/*
 * Once a day (Asia/Shanghai), and at start: the hazard deadline notifications. The job is
 * idempotent, so a restart on the same day writes nothing twice.
 */
static void
daily_jobs(struct main_state *m)
{
	static const struct audit_who system = { 0, "system", "server" };
	char                          today[11];
	int64_t                       n = 0, sn = 0, tn = 0;

	today_str(today);
	if (strcmp(today, m->last_daily) == 0)
		return;
	if (hazard_notify(m->store, &system, today, now_ms(), &n) != APP_OK ||
	    supervision_notify(m->store, &system, today, now_ms(), &sn) != APP_OK ||
	    task_notify(m->store, &system, today, now_ms(), &tn) != APP_OK) {
		log_error("server: the daily notifications failed; retried in a minute");
		return;
	}
	n += sn + tn;
	if (n > 0)
		log_info("server: %lld deadline notifications written for %s", (long long)n, today);
	memcpy(m->last_daily, today, sizeof(m->last_daily));
}

/* Periodic jobs on the main thread: expired sessions, WAL checkpoints, daily jobs. */
static void
tick_cb(evutil_socket_t fd, short what, void *arg)
{
	struct main_state *m = arg;
	int64_t            n = 0;

	(void)fd;
	(void)what;
	if (auth_purge_sessions(m->store, &n) == APP_OK && n > 0)
		log_info("server: removed %lld expired sessions", (long long)n);
	daily_jobs(m);
	(void)store_exec(m->store, "PRAGMA wal_checkpoint(PASSIVE)");
}

int
server_run(const struct config *cfg)
{
	struct addrinfo    hints = { .ai_family = AF_UNSPEC,
		   .ai_socktype = SOCK_STREAM,
		   .ai_flags = AI_PASSIVE | AI_NUMERICSERV };
	struct addrinfo   *ai = NULL;
	struct main_state  m = { 0 };
	struct event_base *base = NULL;
	struct event      *sigterm = NULL, *sigint = NULL;
	struct timeval     tick_tv = { 60, 0 };
	char               portstr[16];
	int                i, rc = 1;

	if (evthread_use_pthreads() != 0) {
		log_error("server: libevent threads unavailable");
		return 1;
	}
	signal(SIGPIPE, SIG_IGN);
	snprintf(portstr, sizeof(portstr), "%d", cfg->port);
	if ((i = getaddrinfo(cfg->listen_host, portstr, &hints, &ai)) != 0) {
		log_error("server: bad listen address %s: %s", cfg->listen_host, gai_strerror(i));
		return 1;
	}
	if (listen_probe(ai) != 0) {
		log_error("server: cannot listen on %s:%d: %s", cfg->listen_host, cfg->port,
		    strerror(errno));
		goto out;
	}
	if (store_open(cfg->db_path, 0, &m.store) != APP_OK)
		goto out;
	metrics_init();
	m.n = cfg->threads;
	m.workers = xcalloc((size_t)m.n, sizeof(*m.workers));
	for (i = 0; i < m.n; i++) {
		struct worker *w = &m.workers[i];

		w->index = i;
		w->cfg = cfg;
		w->arena = arena_new(64 * 1024);
		if (store_open(cfg->db_path, 0, &w->store) != APP_OK)
			goto out;
		if ((w->fd = listen_socket(ai)) < 0) {
			log_error("server: cannot listen on %s:%d: %s", cfg->listen_host, cfg->port,
			    strerror(errno));
			goto out;
		}
		w->base = event_base_new();
		w->http = evhttp_new(w->base);
		evhttp_set_allowed_methods(w->http,
		    EVHTTP_REQ_GET | EVHTTP_REQ_HEAD | EVHTTP_REQ_POST | EVHTTP_REQ_PUT |
			EVHTTP_REQ_PATCH | EVHTTP_REQ_DELETE | EVHTTP_REQ_OPTIONS);
		evhttp_set_max_headers_size(w->http, HEADERS_MAX);
		/* The largest body any route takes; evhttp refuses a larger Content-Length
		 * with 413 before reading it. Smaller per-route limits are checked at
		 * dispatch. */
		evhttp_set_max_body_size(w->http, UPLOAD_MAX);
		evhttp_set_timeout(w->http, IDLE_TIMEOUT_S);
		/* Read and discard an over-limit body before closing, so that the client
		 * sees the 413 instead of a reset connection. */
		evhttp_set_flags(w->http, EVHTTP_SERVER_LINGERING_CLOSE);
		evhttp_set_gencb(w->http, handle, w);
		if ((w->bound = evhttp_accept_socket_with_handle(w->http, w->fd)) == NULL) {
			log_error("server: cannot accept on socket");
			goto out;
		}
	}
	if (!pool_start(cfg) || !writer_start(cfg))
		goto out;
	for (i = 0; i < m.n; i++)
		pthread_create(&m.workers[i].thread, NULL, worker_main, &m.workers[i]);
	log_info("server: listening on http://%s:%d with %d threads (db %s)", cfg->listen_host,
	    cfg->port, m.n, cfg->db_path);

	base = event_base_new();
	sigterm = evsignal_new(base, SIGTERM, signal_cb, base);
	sigint = evsignal_new(base, SIGINT, signal_cb, base);
	evsignal_add(sigterm, NULL);
	evsignal_add(sigint, NULL);
	m.tick = event_new(base, -1, EV_PERSIST, tick_cb, &m);
	event_add(m.tick, &tick_tv);
	daily_jobs(&m);
	event_base_dispatch(base);

	/* Finish the slow work and the queued writes first: their replies reach the loops
	 * before they stop. */
	pool_stop();
	writer_stop();
	for (i = 0; i < m.n; i++)
		event_base_once(
		    m.workers[i].base, -1, EV_TIMEOUT, worker_stop_cb, &m.workers[i], NULL);
	for (i = 0; i < m.n; i++)
		pthread_join(m.workers[i].thread, NULL);
	log_info("server: stopped");
	rc = 0;
out:
	pool_stop();
	writer_stop();
	if (m.tick)
		event_free(m.tick);
	if (sigterm)
		event_free(sigterm);
	if (sigint)
		event_free(sigint);
	if (base)
		event_base_free(base);
	for (i = 0; m.workers != NULL && i < m.n; i++) {
		if (m.workers[i].http)
			evhttp_free(m.workers[i].http);
		if (m.workers[i].base)
			event_base_free(m.workers[i].base);
		store_close(m.workers[i].store);
		arena_free(m.workers[i].arena);
	}
	free(m.workers);
	store_close(m.store);
	freeaddrinfo(ai);
	return rc;
}
