/*
 * libFuzzer driver: enterprise_csv_parse on arbitrary bytes. The callback touches every
 * member of every row and checks its type; rows come in increasing order after the
 * header; every problem has a row, a column and a message.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "core/text.h"
#include "enterprise/import.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

struct seen {
	int64_t last_line;
	size_t  rows;
	size_t  bytes;
};

static void
touch(json_t *row, int64_t line, void *arg)
{
	struct seen *s = arg;
	const char  *k;
	json_t      *v;

	if (!json_is_object(row) || line < 2 || line <= s->last_line)
		abort();
	s->last_line = line;
	s->rows++;
	json_object_foreach(row, k, v)
	{
		s->bytes += strlen(k);
		if (json_is_string(v)) {
			if (!utf8_valid(json_string_value(v), json_string_length(v)))
				abort();
			s->bytes += json_string_length(v);
		} else if (!json_is_number(v) && !json_is_boolean(v))
			abort();
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct seen  s = { 0, 0, 0 };
	json_t      *problems = json_array(), *p;
	enum app_err er;
	size_t       i;

	er = enterprise_csv_parse((const char *)data, size, touch, &s, problems);
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
