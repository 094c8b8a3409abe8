#include <sys/stat.h>

#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "core/arena.h"
#include "http/http.h"
#include "http/static.h"

static const struct {
	const char *ext;
	const char *type;
} types[] = {
	{ ".html", "text/html; charset=utf-8" },
	{ ".js", "text/javascript; charset=utf-8" },
	{ ".mjs", "text/javascript; charset=utf-8" },
	{ ".css", "text/css; charset=utf-8" },
	{ ".json", "application/json" },
	{ ".svg", "image/svg+xml" },
	{ ".png", "image/png" },
	{ ".jpg", "image/jpeg" },
	{ ".ico", "image/x-icon" },
	{ ".woff", "font/woff" },
	{ ".woff2", "font/woff2" },
	{ ".ttf", "font/ttf" },
	{ ".txt", "text/plain; charset=utf-8" },
	{ ".map", "application/json" },
};

static const char *
content_type(const char *path)
{
	const char *dot = strrchr(path, '.');
	size_t      i;

	for (i = 0; dot != NULL && i < sizeof(types) / sizeof(types[0]); i++)
		if (strcmp(dot, types[i].ext) == 0)
			return types[i].type;
	return "application/octet-stream";
}

/* No "..", no hidden files, nothing but a plain relative path. */
static bool
safe_path(const char *p)
{
	const char *seg;

	for (seg = p; *seg != '\0';) {
		if (seg[0] == '.')
			return false;
		seg = strchr(seg, '/');
		if (seg == NULL)
			break;
		seg++;
	}
	return strchr(p, '\\') == NULL;
}

static void
not_found(struct req *r)
{
	static const char msg[] = "界面文件未构建：请先运行 make ui\n";

	resp_bytes(r, 404, "text/plain; charset=utf-8", msg, sizeof(msg) - 1, NULL);
}

void
static_serve(struct req *r, const char *ui_dir)
{
	const char *rel = r->path + 1, *full, *inm;
	struct stat st;
	char        etag[64];
	bool        index;
	int         fd = -1;

	if (r->method != HTTP_GET && r->method != HTTP_HEAD) {
		resp_json(r, 405,
		    json_pack("{s:{s:s, s:s}}", "error", "code", "method_not_allowed", "message",
			"静态文件只支持 GET"));
		return;
	}
	index = rel[0] == '\0' || !safe_path(rel);
	if (!index) {
		full = arena_printf(r->arena, "%s/%s", ui_dir, rel);
		fd = open(full, O_RDONLY | O_CLOEXEC);
		if (fd >= 0 && (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode))) {
			close(fd);
			fd = -1;
		}
		/* A missing asset is a 404; any other unknown path is a client-side route. */
		if (fd < 0 && strncmp(rel, "assets/", 7) == 0) {
			not_found(r);
			return;
		}
		index = fd < 0;
	}
	if (index) {
		rel = "index.html";
		full = arena_printf(r->arena, "%s/index.html", ui_dir);
		fd = open(full, O_RDONLY | O_CLOEXEC);
		if (fd < 0 || fstat(fd, &st) != 0) {
			if (fd >= 0)
				close(fd);
			not_found(r);
			return;
		}
	}
	snprintf(etag, sizeof(etag), "\"%llx-%llx\"", (unsigned long long)st.st_size,
	    (unsigned long long)st.st_mtim.tv_sec * 1000000000ull + st.st_mtim.tv_nsec);
	resp_header(r, "ETag", etag);
	/* Vite puts content-hashed names under assets/: those never change. */
	resp_header(r, "Cache-Control",
	    strncmp(rel, "assets/", 7) == 0 ? "public, max-age=31536000, immutable" : "no-cache");
	resp_header(r, "Content-Security-Policy",
	    "default-src 'self'; "
	    "style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; "
	    "object-src 'none'; frame-ancestors 'none'; base-uri 'self'");
	inm = req_header(r, "If-None-Match");
	if (inm != NULL && strcmp(inm, etag) == 0) {
		close(fd);
		resp_status(r, 304);
		return;
	}
	resp_file(r, 200, content_type(rel), fd, st.st_size);
}
