#include "core/err.h"

static const struct {
	int         status;
	const char *code;
	const char *message;
} app_errs[APP_ERR__MAX] = {
	[APP_OK] = { 200, "ok", "成功" },
	[APP_EBADREQ] = { 400, "bad_request", "请求格式错误" },
	[APP_EAUTH] = { 401, "unauthenticated", "未登录或登录已过期" },
	[APP_EPERM] = { 403, "forbidden", "无权执行此操作" },
	[APP_ENOENT] = { 404, "not_found", "记录不存在" },
	[APP_ECONFLICT] = { 409, "conflict", "与现有记录冲突" },
	[APP_ETOOBIG] = { 413, "too_large", "请求内容过大" },
	[APP_EMEDIA] = { 415, "unsupported_media_type", "不支持的文件类型" },
	[APP_EINVAL] = { 422, "validation_failed", "填写内容有误" },
	[APP_ELOCKED] = { 423, "locked", "账户已锁定" },
	[APP_ETOOMANY] = { 429, "too_many", "请求过于频繁" },
	[APP_EDB] = { 500, "store_error", "数据存储错误" },
	[APP_EINTERNAL] = { 500, "internal", "服务器内部错误" },
	[APP_EBUSY] = { 503, "busy", "服务繁忙，请稍后重试" },
};

int
app_err_status(enum app_err e)
{
	return (e >= 0 && e < APP_ERR__MAX) ? app_errs[e].status : 500;
}

const char *
app_err_code(enum app_err e)
{
	return (e >= 0 && e < APP_ERR__MAX) ? app_errs[e].code : "internal";
}

const char *
app_err_message(enum app_err e)
{
	return (e >= 0 && e < APP_ERR__MAX) ? app_errs[e].message : "服务器内部错误";
}
