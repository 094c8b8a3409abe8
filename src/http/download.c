#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/arena.h"
#include "core/mem.h"
#include "core/text.h"
#include "http/download.h"
#include "http/http.h"

struct download {
	download_fn fn;
	void       *arg;
	void (*free_arg)(void *);
	const char *content_type;
	char        path[40];
	char        disposition[1536];
};

static void
download_free(void *p)
{
	struct download *d = p;

	if (d->free_arg != NULL)
		d->free_arg(d->arg);
	free(d);
}

static void
download_run(struct store *s, void *p, struct job_reply *reply)
{
	struct download *d = p;
	struct stat      st;
	int              fd;

	if ((fd = mkstemp(d->path)) < 0) {
		reply->err = APP_EINTERNAL;
		return;
	}
	close(fd);
	if ((reply->err = d->fn(s, d->arg, d->path)) != APP_OK) {
		unlink(d->path);
		return;
	}
	fd = open(d->path, O_RDONLY | O_CLOEXEC);
	unlink(d->path); /* the open descriptor keeps the data until it is sent */
	if (fd < 0 || fstat(fd, &st) != 0) {
		if (fd >= 0)
			close(fd);
		reply->err = APP_EINTERNAL;
		return;
	}
	reply->fd = fd;
	reply->size = st.st_size;
	reply->content_type = d->content_type;
	reply->disposition = d->disposition;
}

enum app_err
req_download(struct req *r, download_fn fn, void *arg, void (*free_arg)(void *),
    const char *content_type, const char *ascii_name, const char *filename)
{
	struct download *d = xcalloc(1, sizeof(*d));

	d->fn = fn;
	d->arg = arg;
	d->free_arg = free_arg;
	d->content_type = content_type;
	snprintf(d->path, sizeof(d->path), "/tmp/anjian-download-XXXXXX");
	snprintf(d->disposition, sizeof(d->disposition),
	    "attachment; filename=\"%s\"; filename*=UTF-8''%s", ascii_name,
	    url_encode(r->arena, filename));
	req_defer(r, download_run, d, download_free);
	return APP_OK;
}
