/* Static files of the built UI, with ETag and cache headers; unknown paths get the SPA's
 * index.html so that client-side routes load. */
#ifndef HTTP_STATIC_H
#define HTTP_STATIC_H

struct req;

void static_serve(struct req *, const char *ui_dir);

#endif
