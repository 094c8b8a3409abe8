/* The demo accounts of `anjian init --demo`: the bureau's organisations, one user of every
 * role, and a small set of enterprises, created through the same code paths as the API
 * (validation, audit). The full generated city is `anjian demo` (a later issue). */
#ifndef SEED_SEED_H
#define SEED_SEED_H

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

#endif
