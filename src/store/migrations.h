/* The compiled-in migrations, generated from src/store/migrations/NNNN_name.sql. */
#ifndef STORE_MIGRATIONS_H
#define STORE_MIGRATIONS_H

struct migration {
	int         version;
	const char *name;
	const char *sql;
};

/* Ordered by version; ends with an entry whose name is NULL. */
extern const struct migration migrations[];

#endif
