/* A per-request arena: everything allocated while serving a request comes from here and is
 * freed at once when the response is sent (h2o's request pool). */
#ifndef CORE_ARENA_H
#define CORE_ARENA_H

#include <stdarg.h>
#include <stddef.h>

struct arena;

/* A new arena whose first block holds `first` bytes. Free with arena_free(). */
struct arena *arena_new(size_t first);
void          arena_free(struct arena *);
/* Releases every allocation but keeps the first block for reuse. */
void arena_reset(struct arena *);
/* Memory valid until the next reset/free; aligned for any type; never NULL. */
void *arena_alloc(struct arena *, size_t);
void *arena_zalloc(struct arena *, size_t);
char *arena_strdup(struct arena *, const char *);
char *arena_strndup(struct arena *, const char *, size_t);
char *arena_printf(struct arena *, const char *, ...) __attribute__((format(printf, 2, 3)));
char *arena_vprintf(struct arena *, const char *, va_list);
/* Bytes handed out since the last reset (for tests and limits). */
size_t arena_used(const struct arena *);

#endif
