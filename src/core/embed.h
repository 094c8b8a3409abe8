/* Data files compiled into the program (data/ at build time; see scripts/gen-embed). */
#ifndef CORE_EMBED_H
#define CORE_EMBED_H

struct embedded_file {
	const char *name; /* path under data/, e.g. "regions/150600.json" */
	const char *text;
};

/* Ends with an entry whose name is NULL. */
extern const struct embedded_file embedded_files[];

/* The text of an embedded file, or NULL. */
const char *embed_get(const char *name);

#endif
