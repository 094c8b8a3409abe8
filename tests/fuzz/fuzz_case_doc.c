/*
 * libFuzzer driver: case documents from arbitrary case records. The input is a JSON object
 * in the shape case_detail() gives (party, facts, violations, penalties, officers,
 * deadlines, dates — any of them missing, of the wrong type, or with text that is not
 * UTF-8); when it does not parse, its bytes become the facts of a fixed case. Every kind is
 * rendered as .docx (the .pdf's layout is pango's and takes ~0.7 s a page under ASan: the
 * unit tests of src/doc cover it). A document is made or refused
 * (APP_ECONFLICT before the case reaches it, APP_EINVAL for text a document cannot carry);
 * it never crashes, and a .docx made is a zip.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "enforce/case_doc.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static const char base[] =
    "{\"number\":\"东胜区应急局应急罚〔2024〕1号\",\"status\":\"closed\",\"party_type\":"
    "\"enterprise\",\"enterprise_name\":\"某化工有限公司\",\"org_name\":\"东胜区应急管理局\","
    "\"filed_on\":\"2024-03-01\",\"decided_on\":\"2024-03-20\",\"closed_on\":\"2024-04-01\","
    "\"hearing_eligible\":true,\"violations\":[{\"provision_title\":\"《安全生产法》第九十九条\","
    "\"item\":\"（一）\",\"description\":\"未设置警示标志\"}],\"penalties\":[{\"kind\":\"fine\","
    "\"target_name\":\"某化工有限公司\",\"provision_title\":\"《安全生产法》第九十九条\","
    "\"amount_fen\":4000000,\"executed_on\":\"2024-03-30\",\"paid_fen\":4000000}],"
    "\"officers\":[{\"name\":\"张执法\",\"cert_no\":\"1\"}],\"deadlines\":{}}";

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const kinds[] = { "filing", "notice", "decision", "closing" };
	json_t                  *c = json_loadb((const char *)data, size, 0, NULL);
	int                      k;

	if (!json_is_object(c)) {
		char *facts = malloc(size + 1);

		json_decref(c);
		c = json_loads(base, 0, NULL);
		memcpy(facts, data, size);
		facts[size] = '\0';
		/* json_string refuses invalid UTF-8: then the bytes go in as a title instead. */
		if (json_object_set_new(c, "facts", json_string(facts)) != 0)
			json_object_set_new(c, "title", json_stringn_nocheck(facts, strlen(facts)));
		free(facts);
	}
	for (k = 0; k < 4; k++) {
		unsigned char *out = NULL;
		size_t         len = 0;
		const char    *why = NULL;
		enum app_err   er = case_doc_render(c, kinds[k], false, &out, &len, &why);

		if (er == APP_OK && (out == NULL || len < 4 || memcmp(out, "PK\3\4", 4) != 0))
			abort();
		if (er != APP_OK && out != NULL)
			abort();
		if (er == APP_ECONFLICT && why == NULL)
			abort();
		free(out);
	}
	json_decref(c);
	return 0;
}
