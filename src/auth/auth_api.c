#include <stdio.h>
#include <string.h>

#include "auth/auth.h"
#include "auth/auth_api.h"
#include "core/arena.h"
#include "core/jsonx.h"
#include "enterprise/enterprise.h"
#include "auth/scope.h"
#include "http/cookie.h"
#include "http/http.h"
#include "org/org.h"
#include "user/user.h"

/* The side menu by role: the UI draws what the server says the role may open. */
static const struct {
	const char *key;
	const char *label;
	const char *path;
	unsigned    roles;
} menu[] = {
	{ "dashboard", "仪表盘", "/dashboard", ROLES_ANY & ~ROLE_BIT(ROLE_ENTERPRISE) },
	{ "enterprises", "企业档案", "/enterprises", ROLES_ANY },
	{ "hazards", "隐患排查治理", "/hazards", ROLES_ANY },
	{ "inspections", "监督检查", "/inspections", ROLES_ANY },
	{ "inspection_plans", "检查计划", "/inspection-plans",
	    ROLES_ANY & ~ROLE_BIT(ROLE_ENTERPRISE) },
	{ "cases", "执法办案", "/cases", ROLES_ANY },
	{ "supervisions", "督办问责", "/supervisions", ROLES_ANY },
	{ "accidents", "生产安全事故", "/accidents", ROLES_ANY },
	{ "activities", "宣传培训", "/activities", ROLES_ANY & ~ROLE_BIT(ROLE_ENTERPRISE) },
	{ "tasks", "责任体系", "/tasks", ROLES_ANY & ~ROLE_BIT(ROLE_ENTERPRISE) },
	{ "hazard_stats", "隐患统计", "/hazard-stats", ROLES_ANY },
	{ "annual_report", "述法报告", "/annual-report", ROLES_ANY & ~ROLE_BIT(ROLE_ENTERPRISE) },
	{ "standards", "判定标准", "/standards", ROLES_ANY },
	{ "notifications", "提醒", "/notifications", ROLES_ANY },
	{ "users", "用户管理", "/users", ROLE_BIT(ROLE_ADMIN) },
	{ "orgs", "单位管理", "/orgs", ROLE_BIT(ROLE_ADMIN) },
	{ "audit", "审计日志", "/audit", ROLE_BIT(ROLE_ADMIN) | ROLE_BIT(ROLE_CITY) },
};

enum app_err
auth_api_login(struct req *r)
{
	static const char *const known[] = { "username", "password", NULL };
	struct login_result      res;
	json_t                  *in, *errs = req_own(r, json_array()), *user;
	const char              *username = NULL, *password;
	enum app_err             er;
	int64_t                  locked_until;
	char                     t[40];

	if ((er = req_json(r, &in)) != APP_OK)
		return er;
	jx_unknown(in, known, errs);
	if (jx_string(r->arena, in, "username", 1, 64, &username, errs) != JX_SET &&
	    !jx_has_err(errs, "username"))
		jx_err(errs, "username", "请输入用户名");
	password = json_string_value(json_object_get(in, "password"));
	if (password == NULL || password[0] == '\0')
		jx_err(errs, "password", "请输入密码");
	else if (strlen(password) > PASSWORD_MAX_BYTES)
		jx_err(errs, "password", "密码过长");
	if (json_array_size(errs) > 0)
		return req_fail_fields(r, APP_EINVAL, errs);
	er = auth_login(r->store, username, password, r->client, &res, &locked_until);
	if (er == APP_EAUTH)
		return req_fail(r, er, "用户名或密码错误");
	if (er == APP_ELOCKED) {
		if (locked_until > 0) {
			time_fmt_rfc3339(locked_until, t, sizeof(t));
			t[10] = ' '; /* 2026-11-30 17:21, as people write it */
			return req_fail(r, er, "连续%d次登录失败，账户已锁定%lld分钟（至 %.16s）",
			    LOGIN_MAX_FAILURES, (long long)(LOGIN_LOCK_MS / MS_PER_MIN), t);
		}
		return req_fail(r, er, "账户已被管理员锁定，请联系系统管理员");
	}
	if (er != APP_OK)
		return er;
	if ((er = user_get(r->store, res.user_id, &user)) != APP_OK)
		return er;
	resp_header(r, "Set-Cookie",
	    arena_printf(r->arena,
		"%s=%s; Path=/; HttpOnly; "
		"SameSite=Strict; Max-Age=%lld",
		SESSION_COOKIE, res.token, (long long)(SESSION_ABSOLUTE_MS / MS_PER_SEC)));
	time_fmt_rfc3339(res.expires_at, t, sizeof(t));
	resp_json(r, 201,
	    json_pack("{s:s, s:o, s:s}", "token", res.token, "user", user, "expires_at", t));
	return APP_OK;
}

enum app_err
auth_api_logout(struct req *r)
{
	enum app_err er;

	if ((er = auth_logout(r->store, r->actor, r->client)) != APP_OK)
		return er;
	resp_header(r, "Set-Cookie",
	    SESSION_COOKIE "=; Path=/; HttpOnly; SameSite=Strict; "
			   "Max-Age=0");
	resp_status(r, 204);
	return APP_OK;
}

/* A sentence on what the caller sees, for the header of the UI. */
static const char *
scope_text(struct req *r, json_t *org, json_t *user)
{
	const struct actor *a = r->actor;

	switch (a->role) {
	case ROLE_ADMIN: return "全部数据";
	case ROLE_ENTERPRISE:
		return arena_printf(r->arena, "本企业：%s",
		    json_string_value(json_object_get(user, "enterprise_name")) ?: "未指定");
	case ROLE_DEPARTMENT:
		return arena_printf(r->arena, "%s 内本部门监管行业的企业",
		    org ? json_string_value(json_object_get(org, "region_name")) : "未指定区域");
	default:
		return arena_printf(r->arena, "%s 及下辖区域",
		    org ? json_string_value(json_object_get(org, "region_name")) : "未指定区域");
	}
}

enum app_err
auth_api_me(struct req *r)
{
	json_t      *user, *org = NULL, *m;
	enum app_err er;
	size_t       i;

	if ((er = user_get(r->store, r->actor->user_id, &user)) != APP_OK)
		return er;
	if (r->actor->org_id > 0 && org_get(r->store, r->actor->org_id, &org) != APP_OK)
		org = NULL;
	m = json_array();
	for (i = 0; i < sizeof(menu) / sizeof(menu[0]); i++)
		if (menu[i].roles & ROLE_BIT(r->actor->role))
			json_array_append_new(m,
			    json_pack("{s:s, s:s, s:s}", "key", menu[i].key, "label", menu[i].label,
				"path", menu[i].path));
	resp_json(r, 200,
	    json_pack("{s:o, s:o, s:s, s:s, s:s, s:o}", "user", user, "org",
		org ? org : json_null(), "role", role_code(r->actor->role), "role_label",
		role_label(r->actor->role), "scope", scope_text(r, org, user), "menu", m));
	return APP_OK;
}

enum app_err
auth_api_password(struct req *r)
{
	static const char *const known[] = { "old_password", "new_password", NULL };
	json_t                  *in, *errs = req_own(r, json_array());
	const char              *old_pw, *new_pw, *problem;
	enum app_err             er;

	if ((er = req_json(r, &in)) != APP_OK)
		return er;
	jx_unknown(in, known, errs);
	old_pw = json_string_value(json_object_get(in, "old_password"));
	new_pw = json_string_value(json_object_get(in, "new_password"));
	if (old_pw == NULL)
		jx_err(errs, "old_password", "请输入原密码");
	if (new_pw == NULL)
		jx_err(errs, "new_password", "请输入新密码");
	if (json_array_size(errs) > 0)
		return req_fail_fields(r, APP_EINVAL, errs);
	er = auth_change_password(r->store, r->actor, old_pw, new_pw, r->client, &problem);
	if (er == APP_EINVAL) {
		jx_err(errs, strcmp(problem, "原密码不正确") == 0 ? "old_password" : "new_password",
		    problem);
		return req_fail_fields(r, er, errs);
	}
	if (er != APP_OK)
		return er;
	resp_status(r, 204);
	return APP_OK;
}
