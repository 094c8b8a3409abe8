#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <zip.h>

#include "accident/accident.h"
#include "attachment/attachment.h"
#include "audit/audit.h"
#include "auth/auth.h"
#include "auth/scope.h"
#include "activity/activity.h"
#include "core/arena.h"
#include "core/jsonx.h"
#include "core/log.h"
#include "core/text.h"
#include "core/timeutil.h"
#include "duty/duty.h"
#include "enforce/case.h"
#include "enforce/supervision.h"
#include "enterprise/enterprise.h"
#include "hazard/hazard.h"
#include "hazard/inspection.h"
#include "store/store.h"

#define SHA_HEX (crypto_hash_sha256_BYTES * 2 + 1)

/* An OOXML package of the given kind: a zip with [Content_Types].xml and its main part. */
static bool
ooxml_has(const unsigned char *data, size_t len, const char *part)
{
	zip_error_t   ze;
	zip_source_t *src;
	zip_t        *z;
	bool          ok;

	zip_error_init(&ze);
	if ((src = zip_source_buffer_create(data, len, 0, &ze)) == NULL) {
		zip_error_fini(&ze);
		return false;
	}
	if ((z = zip_open_from_source(src, ZIP_RDONLY, &ze)) == NULL) {
		zip_source_free(src);
		zip_error_fini(&ze);
		return false;
	}
	ok = zip_name_locate(z, "[Content_Types].xml", 0) >= 0 && zip_name_locate(z, part, 0) >= 0;
	zip_discard(z);
	zip_error_fini(&ze);
	return ok;
}

const char *
attachment_sniff(const unsigned char *d, size_t n)
{
	if (n >= 3 && d[0] == 0xFF && d[1] == 0xD8 && d[2] == 0xFF)
		return "image/jpeg";
	if (n >= 8 && memcmp(d, "\x89PNG\r\n\x1a\n", 8) == 0)
		return "image/png";
	if (n >= 5 && memcmp(d, "%PDF-", 5) == 0)
		return "application/pdf";
	if (n >= 4 && memcmp(d, "PK\x03\x04", 4) == 0) {
		if (ooxml_has(d, n, "word/document.xml"))
			return "application/vnd.openxmlformats-officedocument."
			       "wordprocessingml.document";
		if (ooxml_has(d, n, "xl/workbook.xml"))
			return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
	}
	return NULL;
}

/*
 * Whether the actor may see the record an attachment belongs to. Each kind of record
 * that takes attachments answers through its own feature's scoped read.
 */
static enum app_err
entity_visible(struct store *s, const struct actor *a, const char *entity, int64_t id)
{
	struct scope sc;
	json_t      *row = NULL;
	enum app_err er;

	scope_of(a, &sc);
	if (strcmp(entity, "enterprise") == 0)
		er = enterprise_get(s, &sc, id, &row);
	else if (strcmp(entity, "hazard") == 0)
		er = hazard_get(s, &sc, id, &row);
	else if (strcmp(entity, "inspection") == 0)
		er = inspection_get(s, &sc, id, &row);
	else if (strcmp(entity, "case") == 0)
		return case_visible(s, &sc, id);
	else if (strcmp(entity, "accident") == 0)
		return accident_ref(s, &sc, id, NULL);
	else if (strcmp(entity, "plan") == 0 || strcmp(entity, "task") == 0) {
		char today[11];

		today_str(today);
		er = entity[0] == 'p' ? duty_plan_detail(s, a, id, today, &row)
				      : task_detail(s, a, id, today, &row);
	} else if (strcmp(entity, "supervision") == 0)
		er = supervision_get(s, &sc, id, &row);
	else if (strcmp(entity, "activity") == 0)
		er = activity_get(s, &sc, id, &row);
	else
		return APP_ENOENT;
	json_decref(row);
	return er;
}

static bool
mkdirs(const char *path)
{
	char tmp[1024], *p;

	if (snprintf(tmp, sizeof(tmp), "%s", path) >= (int)sizeof(tmp))
		return false;
	for (p = tmp + 1; *p != '\0'; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(tmp, 0750) != 0 && errno != EEXIST)
			return false;
		*p = '/';
	}
	return mkdir(tmp, 0750) == 0 || errno == EEXIST;
}

static const char *
blob_path(struct arena *a, const char *dir, const char *hex)
{
	return arena_printf(a, "%s/attachments/%.2s/%s", dir, hex, hex);
}

/* Writes the bytes once: to a temporary name, synced, then renamed into place. */
static enum app_err
store_blob(struct arena *a, const char *dir, const char *hex, const unsigned char *d, size_t n)
{
	const char *path = blob_path(a, dir, hex), *tmp;
	struct stat st;
	size_t      off = 0;
	ssize_t     w;
	int         fd;

	if (stat(path, &st) == 0 && (size_t)st.st_size == n)
		return APP_OK; /* the same content is already there */
	if (!mkdirs(arena_printf(a, "%s/attachments/%.2s", dir, hex))) {
		log_error("attachment: cannot create directory under %s: %s", dir, strerror(errno));
		return APP_EINTERNAL;
	}
	tmp = arena_printf(a, "%s.%d.tmp", path, (int)gettid());
	if ((fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0640)) < 0) {
		log_error("attachment: cannot write %s: %s", tmp, strerror(errno));
		return APP_EINTERNAL;
	}
	while (off < n) {
		if ((w = write(fd, d + off, n - off)) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		off += (size_t)w;
	}
	if (off != n || fsync(fd) != 0 || close(fd) != 0 || rename(tmp, path) != 0) {
		log_error("attachment: cannot store %s: %s", path, strerror(errno));
		unlink(tmp);
		return APP_EINTERNAL;
	}
	return APP_OK;
}

/* The last path component, without control characters, at most 200 characters. */
static const char *
clean_filename(struct arena *a, const char *name, const char *mime)
{
	const char *base, *why, *c;

	if (name == NULL)
		name = "";
	base = strrchr(name, '/');
	base = base ? base + 1 : name;
	if ((c = strrchr(base, '\\')) != NULL)
		base = c + 1;
	if ((c = text_clean(a, base, 1, 200, &why)) != NULL)
		return c;
	if (strcmp(mime, "image/jpeg") == 0)
		return "附件.jpg";
	if (strcmp(mime, "image/png") == 0)
		return "附件.png";
	if (strcmp(mime, "application/pdf") == 0)
		return "附件.pdf";
	return strstr(mime, "word") ? "附件.docx" : "附件.xlsx";
}

static const char sql_insert[] =
    "INSERT INTO attachments (sha256, size, mime, filename, entity, entity_id, uploaded_by,"
    " created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) RETURNING id";
static const char sql_get[] =
    "SELECT id, sha256, size, mime, filename, entity, entity_id, uploaded_by, created_at"
    " FROM attachments WHERE id = ?1";
static const char sql_list[] =
    "SELECT id, sha256, size, mime, filename, entity, entity_id, uploaded_by, created_at"
    " FROM attachments WHERE entity = ?1 AND entity_id = ?2 ORDER BY id";

static json_t *
row_json(struct stmt *st)
{
	char t[40];

	time_fmt_rfc3339(stmt_i64(st, 8), t, sizeof(t));
	return json_pack("{s:I, s:s, s:I, s:s, s:s, s:o, s:o, s:I, s:s}", "id",
	    (json_int_t)stmt_i64(st, 0), "sha256", stmt_text(st, 1), "size",
	    (json_int_t)stmt_i64(st, 2), "mime", stmt_text(st, 3), "filename", stmt_text(st, 4),
	    "entity", stmt_null(st, 5) ? json_null() : json_string(stmt_text(st, 5)), "entity_id",
	    stmt_null(st, 6) ? json_null() : json_integer(stmt_i64(st, 6)), "uploaded_by",
	    (json_int_t)stmt_i64(st, 7), "created_at", t);
}

enum app_err
attachment_add(struct store *s, struct arena *a, const char *dir, const struct actor *actor,
    const struct audit_who *who, const struct attachment_in *in, json_t *errs, json_t **out)
{
	unsigned char h[crypto_hash_sha256_BYTES];
	char          hex[SHA_HEX];
	const char   *mime, *name;
	struct stmt  *st;
	enum app_err  er;
	json_t       *ch;
	bool          row;
	int64_t       id;

	*out = NULL;
	if (in->len == 0) {
		jx_err(errs, "file", "文件为空");
		return APP_EINVAL;
	}
	if ((mime = attachment_sniff(in->data, in->len)) == NULL)
		return APP_EMEDIA;
	if (in->entity != NULL) {
		er = entity_visible(s, actor, in->entity, in->entity_id);
		if (er == APP_ENOENT) {
			jx_err(errs, "entity_id", "所关联的记录不存在或不在您的权限范围内");
			return APP_EINVAL;
		}
		if (er != APP_OK)
			return er;
	}
	name = clean_filename(a, in->filename, mime);
	crypto_hash_sha256(h, in->data, in->len);
	sodium_bin2hex(hex, sizeof(hex), h, sizeof(h));
	if ((er = store_blob(a, dir, hex, in->data, in->len)) != APP_OK)
		return er;
	if ((er = store_begin(s, STORE_WRITE)) != APP_OK)
		return er;
	st = store_stmt(s, sql_insert);
	stmt_bind_text(st, 1, hex);
	stmt_bind_i64(st, 2, (int64_t)in->len);
	stmt_bind_text(st, 3, mime);
	stmt_bind_text(st, 4, name);
	stmt_bind_text(st, 5, in->entity);
	if (in->entity != NULL)
		stmt_bind_i64(st, 6, in->entity_id);
	stmt_bind_i64(st, 7, actor->user_id);
	stmt_bind_i64(st, 8, now_ms());
	er = stmt_step(st, &row);
	id = row ? stmt_i64(st, 0) : 0;
	stmt_reset(st);
	if (er != APP_OK)
		goto out;
	ch = json_pack("{s:s, s:I, s:s, s:s, s:s?, s:I}", "sha256", hex, "size",
	    (json_int_t)in->len, "mime", mime, "filename", name, "entity", in->entity, "entity_id",
	    (json_int_t)in->entity_id);
	er = audit_append(s, who, "upload", "attachment", id, ch);
	json_decref(ch);
	if (er == APP_OK)
		er = store_commit(s);
out:
	if (er != APP_OK) {
		store_rollback(s);
		return er;
	}
	st = store_stmt(s, sql_get);
	stmt_bind_i64(st, 1, id);
	if ((er = stmt_step(st, &row)) == APP_OK && row)
		*out = row_json(st);
	stmt_reset(st);
	return er;
}

static const char sql_claim_get[] =
    "SELECT uploaded_by, entity, entity_id, mime FROM attachments WHERE id = ?1";
static const char sql_claim[] =
    "UPDATE attachments SET entity = ?2, entity_id = ?3 WHERE id = ?1 AND entity IS NULL";

enum app_err
attachment_claim(struct store *s, const struct actor *a, json_t *ids, const char *entity,
    int64_t entity_id, bool images_only, const char *field, json_t *errs)
{
	struct stmt *st;
	enum app_err er;
	json_t      *v;
	size_t       i;
	bool         row, mine, same, image;
	char         f[64];

	json_array_foreach(ids, i, v)
	{
		snprintf(f, sizeof(f), "%s[%zu]", field, i);
		st = store_stmt(s, sql_claim_get);
		stmt_bind_i64(st, 1, json_integer_value(v));
		if ((er = stmt_step(st, &row)) != APP_OK)
			return er;
		if (!row) {
			stmt_reset(st);
			jx_err(errs, f, "附件不存在");
			continue;
		}
		mine = stmt_i64(st, 0) == a->user_id;
		same = !stmt_null(st, 1) && strcmp(stmt_text(st, 1), entity) == 0 &&
		    stmt_i64(st, 2) == entity_id;
		image = strncmp(stmt_text(st, 3), "image/", 6) == 0;
		row = stmt_null(st, 1);
		stmt_reset(st);
		if (same)
			continue;
		if (!row || !mine) {
			jx_err(errs, f, "附件不存在，或已关联其他记录");
			continue;
		}
		if (images_only && !image) {
			jx_err(errs, f, "应为照片（JPEG 或 PNG）");
			continue;
		}
		st = store_stmt(s, sql_claim);
		stmt_bind_i64(st, 1, json_integer_value(v));
		stmt_bind_text(st, 2, entity);
		stmt_bind_i64(st, 3, entity_id);
		if ((er = stmt_run(st)) != APP_OK)
			return er;
	}
	return APP_OK;
}

enum app_err
attachment_open(struct store *s, struct arena *a, const char *dir, const struct actor *actor,
    int64_t id, json_t **out, const char **path)
{
	struct stmt *st = store_stmt(s, sql_get);
	enum app_err er;
	bool         row;
	json_t      *j;
	const char  *entity;

	*out = NULL;
	stmt_bind_i64(st, 1, id);
	if ((er = stmt_step(st, &row)) != APP_OK || !row) {
		stmt_reset(st);
		return er != APP_OK ? er : APP_ENOENT;
	}
	j = row_json(st);
	stmt_reset(st);
	entity = json_string_value(json_object_get(j, "entity"));
	if (entity == NULL)
		er = actor->role == ROLE_ADMIN ||
			json_integer_value(json_object_get(j, "uploaded_by")) == actor->user_id
		    ? APP_OK
		    : APP_ENOENT;
	else
		er = entity_visible(
		    s, actor, entity, json_integer_value(json_object_get(j, "entity_id")));
	if (er != APP_OK) {
		json_decref(j);
		return er;
	}
	*path = blob_path(a, dir, json_string_value(json_object_get(j, "sha256")));
	*out = j;
	return APP_OK;
}

enum app_err
attachment_list(struct store *s, const struct actor *actor, const char *entity, int64_t entity_id,
    json_t **items)
{
	struct stmt *st;
	enum app_err er;
	bool         row;

	*items = json_array();
	if ((er = entity_visible(s, actor, entity, entity_id)) != APP_OK)
		return er;
	st = store_stmt(s, sql_list);
	stmt_bind_text(st, 1, entity);
	stmt_bind_i64(st, 2, entity_id);
	while ((er = stmt_step(st, &row)) == APP_OK && row)
		json_array_append_new(*items, row_json(st));
	stmt_reset(st);
	return er;
}
