/* The HTTP server: N event-loop threads, each with its own libevent base and its own
 * store connection; static files from the UI build; graceful shutdown on SIGTERM. */
#ifndef HTTP_SERVER_H
#define HTTP_SERVER_H

struct config {
	const char *db_path;
	const char *listen_host; /* "127.0.0.1" */
	int         port;
	int         threads;
	const char *data_dir; /* attachments live under data_dir/attachments */
	const char *ui_dir;   /* the built UI (ui/dist) */
};

/* Serves until SIGTERM or SIGINT; returns the process exit code. */
int server_run(const struct config *);

#endif
