/*
 * libFuzzer driver: a JSON body (parsed as the server parses it) through
 * enterprise_decode, for both editors and both modes. Every error must name a field with
 * a message; a create without errors must have the required fields and a valid USCC.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "core/arena.h"
#include "core/uscc.h"
#include "enterprise/enterprise.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
check(json_t *in, bool create, enum enterprise_editor ed)
{
	static const char *const required[] = { "name", "uscc", "region_code", "sector", NULL };
	struct arena            *a = arena_new(1024);
	json_t                  *errs = json_array(), *clean = NULL, *e, *v;
	const char              *k;
	size_t                   i;

	enterprise_decode(a, in, create, ed, errs, &clean);
	if (clean == NULL || !json_is_object(clean))
		abort();
	json_array_foreach(errs, i, e)
	{
		if (!json_is_string(json_object_get(e, "field")) ||
		    !json_is_string(json_object_get(e, "message")) ||
		    json_string_length(json_object_get(e, "message")) == 0)
			abort();
	}
	if (json_array_size(errs) == 0) {
		if (create)
			for (i = 0; required[i] != NULL; i++)
				if (!json_is_string(json_object_get(clean, required[i])))
					abort();
		if ((v = json_object_get(clean, "uscc")) != NULL &&
		    !uscc_valid(json_string_value(v)))
			abort();
		/* Only known fields come out. */
		json_object_foreach(clean, k, v) if (json_object_get(in, k) == NULL) abort();
	}
	json_decref(errs);
	json_decref(clean);
	arena_free(a);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	json_error_t je;
	json_t      *in;

	in = json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES, &je);
	if (in == NULL)
		return 0;
	if (json_is_object(in)) {
		check(in, true, EDITOR_STAFF);
		check(in, false, EDITOR_STAFF);
		check(in, true, EDITOR_ENTERPRISE);
		check(in, false, EDITOR_ENTERPRISE);
	}
	json_decref(in);
	return 0;
}
