#include <stdio.h>
#include <string.h>

#include "auth/auth.h"
#include "auth/scope.h"
#include "store/store.h"

void
region_range(const char *code, char lo[16], char hi[16])
{
	size_t n = strlen(code), keep = n;

	if (n == 6) {
		/* GB/T 2260: 2 digits province, 2 city, 2 county; zeros mean "the whole". */
		if (strcmp(code + 2, "0000") == 0)
			keep = 2;
		else if (strcmp(code + 4, "00") == 0)
			keep = 4;
	}
	if (keep == 0 || keep > 15) {
		/* Nothing is in the range [lo, lo). */
		snprintf(lo, 16, "~");
		snprintf(hi, 16, "~");
		return;
	}
	memcpy(lo, code, keep);
	lo[keep] = '\0';
	memcpy(hi, code, keep);
	hi[keep] = '\0';
	hi[keep - 1]++; /* "1506" → "1507"; "…9" → "…:", still above every digit */
}

void
scope_of(const struct actor *a, struct scope *s)
{
	memset(s, 0, sizeof(*s));
	switch (a->role) {
	case ROLE_ADMIN:
		snprintf(s->lo, sizeof(s->lo), "%s", "");
		snprintf(s->hi, sizeof(s->hi), "%s", "~");
		return;
	case ROLE_ENTERPRISE:
		snprintf(s->lo, sizeof(s->lo), "%s", "");
		snprintf(s->hi, sizeof(s->hi), "%s", "~");
		/* An enterprise user without an enterprise sees nothing: id -1 matches no row. */
		s->enterprise_id = a->enterprise_id > 0 ? a->enterprise_id : -1;
		return;
	case ROLE_DEPARTMENT:
		/* Sectors of the department; a department with none sees nothing. */
		s->sectors = a->sectors != NULL && a->sectors[0] != '\0' ? a->sectors : ",";
		break;
	default: break;
	}
	region_range(a->region_code != NULL ? a->region_code : "", s->lo, s->hi);
}

bool
scope_narrow(const struct scope *s, const char *region, char *lo, char *hi)
{
	char flo[16], fhi[16];

	region_range(region, flo, fhi);
	snprintf(lo, 16, "%s", strcmp(flo, s->lo) > 0 ? flo : s->lo);
	snprintf(hi, 16, "%s", strcmp(fhi, s->hi) < 0 ? fhi : s->hi);
	return strcmp(lo, hi) < 0;
}

void
scope_bind(struct stmt *st, const struct scope *s)
{
	scope_bind_range(st, s, s->lo, s->hi);
}

void
scope_bind_range(struct stmt *st, const struct scope *s, const char *lo, const char *hi)
{
	stmt_bind_text(st, 1, lo);
	stmt_bind_text(st, 2, hi);
	stmt_bind_text(st, 3, s->sectors);
	if (s->enterprise_id != 0)
		stmt_bind_i64(st, 4, s->enterprise_id);
	else
		stmt_bind_null(st, 4);
}

bool
scope_contains(
    const struct scope *s, const char *region_code, const char *sector, int64_t enterprise_id)
{
	char needle[64];

	if (region_code != NULL &&
	    (strcmp(region_code, s->lo) < 0 || strcmp(region_code, s->hi) >= 0))
		return false;
	if (s->sectors != NULL && sector != NULL) {
		snprintf(needle, sizeof(needle), ",%s,", sector);
		if (strstr(s->sectors, needle) == NULL)
			return false;
	}
	return s->enterprise_id == 0 || s->enterprise_id == enterprise_id;
}
