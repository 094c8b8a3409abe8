/* The demo accounts of `anjian init --demo`: the bureau's organisations, one user of every
 * role, and a small set of enterprises, created through the same code paths as the API
 * (validation, audit). The full generated city, `anjian demo`, is src/demo/. */
#ifndef SEED_SEED_H
#define SEED_SEED_H

#include <stdint.h>

#include "core/err.h"

struct store;

/* What a demo account belongs to: one of the demo organisations, or the first demo
 * enterprise of the demo district. */
enum demo_home {
	HOME_NONE,
	HOME_CITY,
	HOME_DISTRICT,
	HOME_DEPARTMENT,
	HOME_LEGAL,
	HOME_ENTERPRISE,
	HOME__MAX
};

struct demo_account {
	const char    *username;
	const char    *role;
	const char    *display_name;
	enum demo_home home;
	const char    *cert_no; /* inspectors only */
};

/* The password of every demo account (documented in the README). */
#define DEMO_PASSWORD "AnQuan@2024"

extern const struct demo_account demo_accounts[];

/* Creates the demo organisations, accounts and enterprises in an initialised store. */
enum app_err seed_demo(struct store *, const char **problem);

/* The parts of seed_demo, for the generated city (src/demo/) that builds on them. */
struct arena;
struct audit_who;
struct seed_orgs {
	int64_t city;       /* the city bureau */
	int64_t legal;      /* its legal office (法制科) */
	int64_t department; /* 市住建局 (construction, city gas) */
	int64_t district;   /* the bureau of the first banner/district: the demo district */
	char    district_code[16];
};
/* The city bureau, its legal office, a bureau per banner/district and four departments
 * (住建, 交通, 能源, 工信). */
enum app_err seed_orgs(struct store *, struct arena *, const struct audit_who *, struct seed_orgs *,
    const char **problem);
/* The enterprises of data/demo/enterprises.csv, imported as one CSV. */
enum app_err seed_enterprises(struct store *, const struct audit_who *, const char **problem);
/* The accounts of demo_accounts[], bound to the orgs (the enterprise account to the first
 * enterprise of the demo district). `hash`: auth_hash_password(DEMO_PASSWORD) made once by
 * the caller, or NULL to hash it for each account. */
enum app_err seed_accounts(struct store *, struct arena *, const struct audit_who *,
    const struct seed_orgs *, const char *hash, const char **problem);

#endif
