/*
 * libFuzzer driver: activity_csv_parse (the pure part of `anjian import activities`) on
 * arbitrary bytes. Rows come in increasing order after the header, their fields typed as
 * activity_insert takes them: kind and target codes of the known sets, a target exactly
 * with 五进, inspections only with a door-to-door visit, a real date not after today,
 * positive counts, credit codes with their check character, positive ids, and valid UTF-8
 * text on one line. Every problem has a row, a column and a message.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "activity/activity.h"
#include "activity/import.h"
#include "core/text.h"
#include "core/timeutil.h"
#include "core/uscc.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

#define TODAY "2026-01-01"

struct seen {
	int64_t last_line;
	size_t  rows;
};

static void
positive(json_t *row, const char *key)
{
	json_t *v = json_object_get(row, key);

	if (v != NULL && (!json_is_integer(v) || json_integer_value(v) <= 0))
		abort();
}

static void
touch(json_t *row, int64_t line, void *arg)
{
	static const char *const texts[] = { "region_code", "organiser", "title", "description",
		NULL };
	struct seen             *s = arg;
	const char              *kind, *target, *date, *t;
	json_t                  *v, *e;
	int64_t                  d;
	size_t                   i;

	if (!json_is_object(row) || line < 2 || line <= s->last_line)
		abort();
	s->last_line = line;
	s->rows++;
	kind = json_string_value(json_object_get(row, "kind"));
	target = json_string_value(json_object_get(row, "target"));
	date = json_string_value(json_object_get(row, "date"));
	/* Codes are their own codes; empty cells are absent (activity_insert reports them). */
	if ((json_object_get(row, "kind") != NULL &&
		(kind == NULL || activity_kind_code(kind) == NULL ||
		    strcmp(activity_kind_code(kind), kind) != 0)) ||
	    (json_object_get(row, "target") != NULL &&
		(target == NULL || activity_target_code(target) == NULL ||
		    strcmp(activity_target_code(target), target) != 0)))
		abort();
	if (kind != NULL && (strcmp(kind, "five_into") == 0) != (target != NULL))
		abort();
	if (kind != NULL && strcmp(kind, "door_to_door") != 0 &&
	    json_array_size(json_object_get(row, "inspections")) > 0)
		abort();
	if (json_object_get(row, "date") != NULL &&
	    (date == NULL || !date_parse(date, &d) || strlen(date) != 10 ||
		strcmp(date, TODAY) > 0))
		abort();
	positive(row, "sessions");
	positive(row, "participants");
	if ((v = json_object_get(row, "enterprises")) != NULL) {
		if (!json_is_array(v) || json_array_size(v) > 1000)
			abort();
		json_array_foreach(
		    v, i, e) if (!json_is_string(e) || !uscc_valid(json_string_value(e))) abort();
	}
	if ((v = json_object_get(row, "inspections")) != NULL) {
		if (!json_is_array(v) || json_array_size(v) > 1000)
			abort();
		json_array_foreach(v, i, e) if (!json_is_integer(e) || json_integer_value(e) <= 0)
		    abort();
	}
	for (i = 0; texts[i] != NULL; i++) {
		if ((v = json_object_get(row, texts[i])) == NULL)
			continue;
		if (!json_is_string(v))
			abort();
		t = json_string_value(v);
		if (!utf8_valid(t, json_string_length(v)) || strpbrk(t, "\r\n\t") != NULL)
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

	er = activity_csv_parse((const char *)data, size, TODAY, touch, &s, problems);
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
