/*
 * A JSON text writer for hot paths: list pages are written straight from the database's
 * columns into one buffer, without building a tree of values first.
 */
#ifndef CORE_JW_H
#define CORE_JW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define JW_MAX_DEPTH 16

struct jw {
	char  *buf;
	size_t len, cap;
	int    depth;
	bool   more[JW_MAX_DEPTH]; /* an element was written at this depth: next needs a comma */
};

/* An empty writer; free its buffer with jw_free() or take it with jw_take(). */
void jw_init(struct jw *);
void jw_free(struct jw *);
/* The text (NUL-terminated, malloc'd; the caller frees it); the writer is emptied. */
char *jw_take(struct jw *, size_t *len);

void jw_obj(struct jw *);
void jw_obj_end(struct jw *);
void jw_arr(struct jw *);
void jw_arr_end(struct jw *);
/* The member name of the next value inside an object. */
void jw_key(struct jw *, const char *);
/* Values. jw_str(NULL) writes null. Strings are escaped as RFC 8259 requires. */
void jw_str(struct jw *, const char *);
void jw_int(struct jw *, int64_t);
/* With 12 significant digits and always a fraction or exponent, as jansson writes reals. */
void jw_real(struct jw *, double);
void jw_bool(struct jw *, bool);
void jw_null(struct jw *);

#endif
