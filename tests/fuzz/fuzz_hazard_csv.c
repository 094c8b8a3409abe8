/*
 * libFuzzer driver: hazard_csv_parse (the pure part of `anjian import hazards`) on
 * arbitrary bytes. Rows come in increasing order after the header, their fields typed as
 * hazard_insert takes them: dates that are real dates, codes of the known sets, money in
 * fen that is not negative, a credit code with its check character, closed_at exactly with
 * closed_on and with status closed, and valid UTF-8 text on one line. Every problem has a row, a column and a message.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "core/text.h"
#include "core/timeutil.h"
#include "core/uscc.h"
#include "hazard/import.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

#define TODAY "2026-01-01"

struct seen {
	int64_t last_line;
	size_t  rows;
};

static bool
one_of(const char *s, const char *const *set)
{
	for (; s != NULL && *set != NULL; set++)
		if (strcmp(s, *set) == 0)
			return true;
	return false;
}

static void
check_date(json_t *row, const char *key)
{
	json_t *v = json_object_get(row, key);
	int64_t d;

	if (v != NULL && (!json_is_string(v) || !date_parse(json_string_value(v), &d)))
		abort();
}

static void
touch(json_t *row, int64_t line, void *arg)
{
	static const char *const sources[] = { "self_inspection", "government_inspection",
		"complaint", "accident_investigation", "other", NULL };
	static const char *const levels[] = { "general", "major", NULL };
	static const char *const statuses[] = { "reported", "rectifying", "awaiting_acceptance",
		"closed", NULL };
	static const char *const texts[] = { "uscc", "enterprise_name", "description", "location",
		"category", "responsible", "measures", "contingency", NULL };
	struct seen             *s = arg;
	const char              *status, *closed, *found, *t;
	json_t                  *v;
	size_t                   i;

	if (!json_is_object(row) || line < 2 || line <= s->last_line)
		abort();
	s->last_line = line;
	s->rows++;
	status = json_string_value(json_object_get(row, "status"));
	found = json_string_value(json_object_get(row, "found_on"));
	closed = json_string_value(json_object_get(row, "closed_on"));
	/* Empty cells are absent: hazard_insert reports the required ones. */
	if (!one_of(status, statuses) ||
	    (json_object_get(row, "source") != NULL &&
		!one_of(json_string_value(json_object_get(row, "source")), sources)) ||
	    (json_object_get(row, "level") != NULL &&
		!one_of(json_string_value(json_object_get(row, "level")), levels)))
		abort();
	v = json_object_get(row, "uscc");
	if (v != NULL && !uscc_valid(json_string_value(v)))
		abort();
	check_date(row, "found_on");
	check_date(row, "deadline");
	check_date(row, "closed_on");
	/* 销号日期 goes with 已销号, between the finding and today. */
	if ((strcmp(status, "closed") == 0) != (closed != NULL) ||
	    (json_object_get(row, "closed_at") != NULL) != (closed != NULL))
		abort();
	if (closed != NULL &&
	    ((found != NULL && strcmp(closed, found) < 0) || strcmp(closed, TODAY) > 0 ||
		!json_is_integer(json_object_get(row, "closed_at"))))
		abort();
	v = json_object_get(row, "funds_fen");
	if (v != NULL && (!json_is_integer(v) || json_integer_value(v) < 0))
		abort();
	v = json_object_get(row, "standard_item_id");
	if (v != NULL && (!json_is_integer(v) || json_integer_value(v) <= 0))
		abort();
	for (i = 0; texts[i] != NULL; i++) {
		if ((v = json_object_get(row, texts[i])) == NULL)
			continue;
		if (!json_is_string(v))
			abort();
		t = json_string_value(v);
		if (!utf8_valid(t, json_string_length(v)) || strpbrk(t, "\r\n") != NULL)
			abort();
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct seen  s = { 0, 0 };
	json_t      *problems = json_array(), *p;
	enum app_err er;
	size_t       i;

	er = hazard_csv_parse((const char *)data, size, TODAY, touch, &s, problems);
	if (er != APP_OK && er != APP_EBADREQ && er != APP_ETOOBIG)
		abort();
	if (er != APP_OK && json_array_size(problems) == 0)
		abort();
	if (json_array_size(problems) > IMPORT_MAX_PROBLEMS)
		abort();
	json_array_foreach(problems, i, p)
	{
		if (!json_is_integer(json_object_get(p, "row")) ||
		    json_integer_value(json_object_get(p, "row")) < 1 ||
		    !json_is_string(json_object_get(p, "column")) ||
		    !json_is_string(json_object_get(p, "message")))
			abort();
	}
	json_decref(problems);
	return 0;
}
