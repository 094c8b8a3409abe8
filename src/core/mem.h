/* Allocation wrappers: abort on out-of-memory (as h2o, redis and kore do). Code that sizes
 * an allocation from untrusted input checks its limit before calling these. */
#ifndef CORE_MEM_H
#define CORE_MEM_H

#include <stddef.h>

void *xmalloc(size_t);
void *xcalloc(size_t, size_t);
void *xrealloc(void *, size_t);
char *xstrdup(const char *);
char *xstrndup(const char *, size_t);

#endif
