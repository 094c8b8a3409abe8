/*
 * libFuzzer driver: an annual-report template (report/annual.h) of arbitrary bytes filled
 * in from a fixed summary, then laid out as a document and written as .docx. A template is
 * either filled in — text and no error — or refused with at least one error, every one on
 * field `body`, and no text; a filled-in text of well-formed UTF-8 always makes a .docx.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/text.h"
#include "doc/doc.h"
#include "report/annual.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static json_t *summary;

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char          *body, *out = NULL, *title = NULL;
	json_t        *errs = json_array(), *e;
	struct doc    *d;
	unsigned char *docx = NULL;
	size_t         len = 0, i;
	enum app_err   er;

	if (summary == NULL)
		summary = json_pack("{s:i, s:s, s:{s:i, s:f}, s:{s:I}, s:{s:{s:i}}}", "year", 2024,
		    "region_name", "鄂尔多斯市", "hazards", "found", 91126, "rectification_rate",
		    0.9416, "enforcement", "fines_fen", (json_int_t)7125300000, "activities",
		    "lecture", "sessions", 3512);
	body = malloc(size + 1);
	memcpy(body, data, size);
	body[size] = '\0';
	er = annual_fill(body, summary, &out, errs);
	if (er == APP_OK) {
		if (out == NULL || json_array_size(errs) != 0)
			abort();
		d = annual_doc(out, &title);
		if (title == NULL)
			abort();
		er = doc_docx(d, &docx, &len);
		if (utf8_valid(out, strlen(out)) && (er != APP_OK || docx == NULL || len == 0))
			abort();
		free(docx);
		doc_free(d);
		free(title);
		free(out);
	} else {
		if (er != APP_EINVAL || out != NULL || json_array_size(errs) == 0)
			abort();
		json_array_foreach(errs, i, e)
		{
			if (strcmp(json_string_value(json_object_get(e, "field")), "body") != 0)
				abort();
		}
	}
	json_decref(errs);
	free(body);
	return 0;
}
