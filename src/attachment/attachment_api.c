#include <sys/stat.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "attachment/attachment.h"
#include "attachment/attachment_api.h"
#include "attachment/multipart.h"
#include "core/arena.h"
#include "core/jsonx.h"
#include "http/http.h"
#include "http/server.h"

static const char *const entities[] = { "enterprise", "hazard", "inspection", "case", "supervision",
	"accident", "activity", "plan", "task", NULL };

/* ?entity=&entity_id= : both or neither; errors name the parameter. */
static enum app_err
entity_params(struct req *r, const char **entity, int64_t *id, json_t *errs)
{
	const char *e = req_query(r, "entity"), *i = req_query(r, "entity_id");
	char       *end;
	size_t      k;

	*entity = NULL;
	*id = 0;
	if (e == NULL && i == NULL)
		return APP_OK;
	for (k = 0; e != NULL && entities[k] != NULL && strcmp(entities[k], e) != 0; k++)
		continue;
	if (e == NULL || entities[k] == NULL)
		jx_err(errs, "entity",
		    "应为可关联附件的记录类型（enterprise、hazard、inspection、case、supervision、accident、activity、plan 或 task）");
	if (i == NULL || (*id = strtoll(i, &end, 10)) <= 0 || *end != '\0')
		jx_err(errs, "entity_id", "应为记录编号");
	*entity = e;
	return json_array_size(errs) > 0 ? APP_EINVAL : APP_OK;
}

enum app_err
attachment_api_upload(struct req *r)
{
	struct audit_who     who = req_who(r);
	struct attachment_in in = { 0 };
	struct mp_file       f;
	json_t              *errs = req_own(r, json_array()), *row;
	const char          *ct = req_header(r, "Content-Type"), *boundary;
	enum app_err         er;

	if ((er = entity_params(r, &in.entity, &in.entity_id, errs)) != APP_OK)
		return req_fail_fields(r, er, errs);
	if ((boundary = mp_boundary(r->arena, ct)) != NULL) {
		er = mp_find(r->arena, r->body, r->body_len, boundary, "file", &f);
		if (er == APP_ENOENT)
			return req_field_error(r, "file", "表单中没有 file 字段");
		if (er != APP_OK)
			return req_fail(r, er, "multipart 表单格式错误");
		in.data = f.data;
		in.len = f.len;
		in.filename = f.filename;
	} else {
		in.data = r->body;
		in.len = r->body_len;
		in.filename = req_query(r, "filename");
	}
	er = attachment_add(r->store, r->arena, r->cfg->data_dir, r->actor, &who, &in, errs, &row);
	if (er == APP_EMEDIA)
		return req_fail(r, er, "只接受 JPEG、PNG、PDF、DOCX、XLSX 文件（按文件内容识别）");
	if (er != APP_OK)
		return req_fail_fields(r, er, errs);
	resp_json(r, 201, row);
	return APP_OK;
}

enum app_err
attachment_api_list(struct req *r)
{
	json_t      *errs = req_own(r, json_array()), *items;
	const char  *entity;
	enum app_err er;
	int64_t      id;

	if ((er = entity_params(r, &entity, &id, errs)) != APP_OK)
		return req_fail_fields(r, er, errs);
	if (entity == NULL)
		return req_field_error(r, "entity", "须指定 entity 和 entity_id");
	if ((er = attachment_list(r->store, r->actor, entity, id, &items)) != APP_OK) {
		json_decref(items);
		return er;
	}
	resp_list(r, items, 0, (int64_t)json_array_size(items));
	return APP_OK;
}

enum app_err
attachment_api_get(struct req *r)
{
	json_t      *row;
	const char  *path, *name;
	struct stat  st;
	enum app_err er;
	int64_t      id;
	int          fd;

	if ((er = req_param_id(r, 0, &id)) != APP_OK)
		return er;
	er = attachment_open(r->store, r->arena, r->cfg->data_dir, r->actor, id, &row, &path);
	if (er != APP_OK)
		return er;
	req_own(r, row);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0 || fstat(fd, &st) != 0) {
		if (fd >= 0)
			close(fd);
		return req_fail(r, APP_EINTERNAL, "附件文件缺失");
	}
	name = json_string_value(json_object_get(row, "filename"));
	resp_header(r, "Content-Disposition",
	    arena_printf(r->arena, "%s; filename=\"attachment\"; filename*=UTF-8''%s",
		req_query(r, "download") ? "attachment" : "inline", url_encode(r->arena, name)));
	resp_header(r, "Cache-Control", "private, max-age=3600");
	resp_file(r, 200, json_string_value(json_object_get(row, "mime")), fd, st.st_size);
	return APP_OK;
}
