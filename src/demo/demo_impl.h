/*
 * Inside the demo city generator: the state the parts share (demo.c orchestrates;
 * demo_people.c orgs, users and enterprises; demo_hazards.c inspections and hazards;
 * demo_cases.c accidents, cases and supervisions; demo_activities.c publicity and training;
 * demo_duty.c plans, tasks and duties). Not a public interface.
 */
#ifndef DEMO_DEMO_IMPL_H
#define DEMO_DEMO_IMPL_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "audit/audit.h"
#include "auth/auth.h"
#include "auth/scope.h"
#include "core/err.h"
#include "core/progress.h"
#include "demo/demo.h"
#include "seed/seed.h"

struct arena;
struct store;

/* The figures of the model report that the records must give (PRODUCT.md). */
#define DEMO_HAZARDS_FOUND 91087     /* 9.11万 */
#define DEMO_HAZARDS_RECTIFIED 85796 /* 8.58万 */
#define DEMO_MAJOR_FOUND 339
#define DEMO_MAJOR_RECTIFIED 333
#define DEMO_CASES 832
#define DEMO_FINES_FEN 7125380000LL /* 7125余万元 */
#define DEMO_STAFF_ADDED 129
#define DEMO_STAFF_ADDED_CITY 31
#define DEMO_DEPARTMENTS 28
#define DEMO_DOOR_INSPECTIONS 555

#define DEMO_MAX_COUNTIES 16

/* Someone the generator acts as: the actor, its scope and its audit name. The strings
 * live in the struct, so it is filled in place and never copied. */
struct demo_staff {
	struct actor     actor;
	struct scope     sc;
	struct audit_who who;
	char             username[40];
	char             display[48];
	char             region[16];
	char             sectors[96];
	char             cert[24];
};

struct demo_county {
	char               code[16];
	const char        *name, *pinyin;
	double             lat, lon;
	int64_t            org;
	struct demo_staff *district; /* the bureau's district user */
	struct demo_staff *reviewer; /* its legal reviewer */
	struct demo_staff *insp;     /* its inspectors */
	int                ninsp;
	char (*places)[16]; /* townships and zones */
	bool *zone;
	int   nplaces;
	int  *ents; /* indexes into demo.ents */
	int   nents;
};

struct demo_dept {
	int64_t            org;
	const char        *abbr;
	struct demo_staff *user;
};

enum demo_sector {
	SEC_COAL,
	SEC_CHEMICAL,
	SEC_MINE,
	SEC_TRADE,
	SEC_CONSTRUCTION,
	SEC_ROAD,
	SEC_GAS,
	SEC_POWER,
	SEC_FIREWORKS,
	SEC_EXPLOSIVES,
	SEC_FIRE,
	SEC_OTHER,
	SEC__MAX
};
extern const char *const demo_sector_codes[SEC__MAX];

struct demo_ent {
	int64_t id;
	int64_t user_id; /* its safety officer's account */
	char    uscc[20];
	char    region[16];
	int     county;
	int     sector;
	int     employees;
	bool    large; /* large or medium */
};

/* A government inspection written, for the cases that come from one. */
struct demo_insp {
	int64_t id;
	int     ent;
	int     day;
	bool    referred;
	bool    door;  /* made by a door-to-door visit (进门入户送安全) */
	int     group; /* the visit (one activity) it belongs to, for door ones */
};

struct demo_accident {
	int64_t id;
	int     ent;
	int     day;
};

struct demo {
	struct store           *s;
	struct arena           *perm; /* lives as long as the build */
	struct arena           *a;    /* reset between records */
	const struct demo_opts *o;
	uint64_t                rng;
	int                     year;
	int64_t                 y0;       /* day number of 1 January of the year */
	int64_t                 last_day; /* yesterday: nothing is dated later */
	const char             *city_code, *city_name;
	char                    password_hash[160];
	struct seed_orgs        seed;
	struct demo_staff       admin, city, reviewer; /* demo accounts */
	struct demo_staff      *city_insp;
	int                     ncity_insp;
	struct demo_county      county[DEMO_MAX_COUNTIES];
	int                     ncounty;
	struct demo_dept        dept[DEMO_DEPARTMENTS];
	int                     ndept;
	struct demo_ent        *ents;
	int                     nents;
	int64_t                *items[SEC__MAX]; /* citable standard items all year */
	int                     nitems[SEC__MAX];
	struct demo_insp       *insp;
	int                     ninsp;
	int                     ndoor_groups;
	struct demo_accident    acc[16];
	int                     nacc;
	/* photos: PNG images made once, uploaded for every record that needs one */
	unsigned char *png[8];
	size_t         png_len[8];
	/* progress */
	struct progress prog;
	int64_t         done, total;
	int             since_commit;
	const char     *problem;
};

/* ---- demo.c: randomness, dates, acting, writing ---- */
uint64_t demo_rand(struct demo *);
/* Uniform in [0, n) (n > 0) and in [lo, hi]. */
int     demo_below(struct demo *, int n);
int     demo_between(struct demo *, int lo, int hi);
int64_t demo_between64(struct demo *, int64_t lo, int64_t hi);
bool    demo_chance(struct demo *, double p);
/* An index drawn with the given weights (n of them, sum > 0). */
int demo_weighted(struct demo *, const int *weights, int n);
/* Splits total into n positive parts at random (total >= n). */
void        demo_split(struct demo *, int64_t total, int64_t *parts, int n);
const char *demo_pick(struct demo *, const char *const *list); /* NULL-terminated */

/* Day numbers (core/timeutil.h); demo_day(d, m, dd) in the demo year. */
int64_t demo_day(const struct demo *, int month, int dd);
/* A working day on or after `day` (skipping weekends and holidays). */
int64_t demo_workday(int64_t day);
/* The instant of hh:mm on `day`, Asia/Shanghai. */
int64_t     demo_at(int64_t day, int hh, int mm);
const char *demo_date(struct demo *, int64_t day);   /* arena text YYYY-MM-DD */
const char *demo_instant(struct demo *, int64_t ms); /* arena RFC 3339 text */

/* A person's name, a mobile number (arena text). */
const char *demo_person(struct demo *);
const char *demo_mobile(struct demo *);

/* Fills a staff member in place from their account. */
void demo_staff_set(struct demo_staff *, int64_t user_id, const char *username, const char *display,
    enum role, int64_t org_id, const char *region, const char *sectors, const char *cert);
/* The safety officer of enterprise i, in `out` (filled in place). */
void demo_ent_staff(struct demo *, int i, struct demo_staff *out);

/* Uploads a photo as `who` (not linked yet): the id, for after_photos and the like. */
enum app_err demo_photo(struct demo *, struct demo_staff *who, int64_t *id);

/* Counts one record for the progress bar and commits the batch now and then. */
enum app_err demo_tick(struct demo *);
/* Reports a failed write: what, the error and the field errors (logged), and sets problem. */
enum app_err demo_failed(struct demo *, const char *what, enum app_err, json_t *errs);

/* ---- the parts, in the order they run ---- */
enum app_err demo_people(struct demo *);
enum app_err demo_accidents(struct demo *);
enum app_err demo_hazards(struct demo *);
enum app_err demo_cases(struct demo *);
enum app_err demo_supervisions(struct demo *);
enum app_err demo_activities(struct demo *);
enum app_err demo_duty(struct demo *);

#endif
