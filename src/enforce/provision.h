/*
 * The legal provisions catalog (法律条款): the penalty articles cases cite, compiled in
 * from data/provisions/provisions.json (made from the reference by scripts/gen-provisions;
 * docs/provisions.md). Each provision has rules, one per stage and target (and accident
 * grade), saying which penalty kinds it allows and how its fine is bounded. Read-only and
 * shared by every thread.
 */
#ifndef ENFORCE_PROVISION_H
#define ENFORCE_PROVISION_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "core/err.h"

/* The catalog, parsed once; NULL (and a logged problem) if the compiled-in data is bad. */
const json_t *provision_catalog(void);
/* The provision `id` (e.g. "AQSCF-99"), or NULL. Borrowed from the catalog. */
const json_t *provision_find(const char *id);
/* Its title, e.g. "《安全生产法》第九十九条", or the id when unknown. */
const char *provision_title(const char *id);

struct provision_filter {
	const char *q;      /* title, subject, violation or item text contains */
	const char *target; /* has a rule for this target */
	const char *kind;   /* has a rule allowing this penalty kind */
	bool        citable_only;
};
/* A new array of matching provisions (copies), in catalog order. */
json_t *provision_list(const struct provision_filter *);

/* A penalty as entered, for checking against its provision. */
struct penalty_in {
	const char *kind;               /* warning fine confiscation suspension license closure */
	const char *target;             /* unit principal persons investor */
	const char *stage;              /* initial overdue_uncorrected refuse accident any … */
	const char *accident_grade;     /* general larger major especially_major, or NULL */
	int64_t     amount_fen;         /* fine, or confiscated sum; 0 when none */
	int64_t     income_fen;         /* 上一年年收入, for percentage fines */
	int64_t     illegal_income_fen; /* 违法所得, for multiples */
	int64_t     base_fen;           /* 原处罚数额, for 按日连续处罚 */
	int64_t     days;               /* days of 按日连续处罚 */
};

/*
 * Checks a penalty against provision `id`: the provision exists and is citable, it has a
 * rule for the target and stage (and accident grade), the rule allows the kind, and a fine
 * lies in the range the rule gives (以上/以下 include the figure itself). Problems are
 * appended to errs with fields prefix + "provision_id" / "stage" / "amount_fen" …; the
 * message of an amount names the allowed range. APP_OK or APP_EINVAL.
 */
enum app_err provision_check(
    const char *id, const struct penalty_in *, const char *prefix, json_t *errs);

/* The allowed fine range of a penalty in fen, for the UI's penalty editor and the check
 * above: false when the rule has no fine or needs figures not given. */
bool provision_fine_range(
    const json_t *rule, const struct penalty_in *, int64_t *min_fen, int64_t *max_fen);

#endif
