/*
 * Attachments (附件): photos and documents, stored content-addressed by SHA-256 under
 * the data directory, each upload a row that may belong to a record. Only JPEG, PNG, PDF,
 * DOCX and XLSX are accepted, recognised by their bytes.
 */
#ifndef ATTACHMENT_ATTACHMENT_H
#define ATTACHMENT_ATTACHMENT_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

struct actor;
struct arena;
struct audit_who;
struct store;

/* The MIME type recognised from the bytes, or NULL when not an accepted type. */
const char *attachment_sniff(const unsigned char *data, size_t len);

struct attachment_in {
	const unsigned char *data;
	size_t               len;
	const char          *filename;
	const char          *entity; /* NULL: not linked yet */
	int64_t              entity_id;
};

/* Stores the bytes and the row; checks the actor may see the record it links to. */
enum app_err attachment_add(struct store *, struct arena *, const char *data_dir,
    const struct actor *, const struct audit_who *, const struct attachment_in *, json_t *errs,
    json_t **out);
/*
 * Links uploads to a record inside the caller's write transaction: `ids` (a JSON array of
 * attachment ids, already checked to be integers) must each be an image the actor uploaded
 * that is not yet linked to another record. Problems name `field` ("photos[1]").
 * With `images_only`, PDFs and Office files are refused.
 */
enum app_err attachment_claim(struct store *, const struct actor *, json_t *ids, const char *entity,
    int64_t entity_id, bool images_only, const char *field, json_t *errs);
/* The row, when the actor may see it (APP_ENOENT otherwise), and its file's path. */
enum app_err attachment_open(struct store *, struct arena *, const char *data_dir,
    const struct actor *, int64_t id, json_t **row, const char **path);
/* The rows linked to a record the actor may see. */
enum app_err attachment_list(
    struct store *, const struct actor *, const char *entity, int64_t entity_id, json_t **items);

#endif
