/*
 * The route table: every route the server answers, with the roles that may call it.
 * docs/api.md lists the same routes; tests/api/routes.test.mjs checks they agree
 * (`anjian routes` prints this table).
 */
#include "accident/accident_api.h"
#include "activity/activity.h"
#include "activity/activity_api.h"
#include "attachment/attachment_api.h"
#include "audit/audit_api.h"
#include "auth/auth_api.h"
#include "enforce/case_api.h"
#include "enforce/supervision_api.h"
#include "duty/duty_api.h"
#include "enterprise/enterprise_api.h"
#include "hazard/hazard_api.h"
#include "http/ops_api.h"
#include "http/router.h"
#include "org/org_api.h"
#include "refdata/refdata_api.h"
#include "report/report_api.h"
#include "standard/standard_api.h"
#include "user/user_api.h"

#define ADMIN ROLE_BIT(ROLE_ADMIN)
#define ANY ROLES_ANY
#define NOT_VIEWER (ROLES_ANY & ~ROLE_BIT(ROLE_VIEWER))
#define STATUS_ROLES (ROLE_BIT(ROLE_ADMIN) | ROLE_BIT(ROLE_CITY) | ROLE_BIT(ROLE_DISTRICT))
#define AUDIT_ROLES (ROLE_BIT(ROLE_ADMIN) | ROLE_BIT(ROLE_CITY))
#define ENT_EDITORS (ROLES_REGISTRY | ROLE_BIT(ROLE_ENTERPRISE))
/* Who records hazards and inspections: the registry staff and the enterprise itself. */
#define HAZARD_WRITERS (ROLES_REGISTRY | ROLE_BIT(ROLE_ENTERPRISE))
#define STAFF_READERS (ROLES_ANY & ~ROLE_BIT(ROLE_ENTERPRISE))
/* Law-enforcement staff (the case workflow adds reviewers for 法制审核). */
#define CASE_OFFICERS ROLES_REGISTRY
/* Who issues, returns and closes supervisions (督办); who responds is per record. */
#define SUPERVISION_ISSUERS STATUS_ROLES
#define SUPERVISION_ACTORS (ROLES_REGISTRY | ROLE_BIT(ROLE_ENTERPRISE))
/* Who assesses orgs (考核): the bureaus. */
#define ASSESSORS STATUS_ROLES
#define PLANNERS \
	(ROLE_BIT(ROLE_ADMIN) | ROLE_BIT(ROLE_CITY) | ROLE_BIT(ROLE_DISTRICT) | \
	    ROLE_BIT(ROLE_DEPARTMENT))

const struct route routes[] = {
	{ HTTP_GET, "/healthz", 0, ops_api_healthz },
	{ HTTP_GET, "/metrics", 0, ops_api_metrics },
	{ HTTP_POST, "/api/v1/session", 0, auth_api_login },
	{ HTTP_DELETE, "/api/v1/session", ANY, auth_api_logout },
	{ HTTP_GET, "/api/v1/me", ANY, auth_api_me },
	{ HTTP_POST, "/api/v1/me/password", ANY, auth_api_password },
	{ HTTP_GET, "/api/v1/regions", ANY, refdata_api_regions },
	{ HTTP_GET, "/api/v1/sectors", ANY, refdata_api_sectors },
	{ HTTP_GET, "/api/v1/orgs", ANY, org_api_list },
	{ HTTP_POST, "/api/v1/orgs", ADMIN, org_api_create },
	{ HTTP_GET, "/api/v1/orgs/{id}", ANY, org_api_get },
	{ HTTP_PATCH, "/api/v1/orgs/{id}", ADMIN, org_api_update },
	{ HTTP_GET, "/api/v1/users", ADMIN, user_api_list },
	{ HTTP_POST, "/api/v1/users", ADMIN, user_api_create },
	{ HTTP_GET, "/api/v1/users/{id}", ADMIN, user_api_get },
	{ HTTP_PATCH, "/api/v1/users/{id}", ADMIN, user_api_update },
	{ HTTP_POST, "/api/v1/users/{id}/transitions", ADMIN, user_api_transition },
	{ HTTP_GET, "/api/v1/enterprises", ANY, enterprise_api_list },
	{ HTTP_POST, "/api/v1/enterprises", ROLES_REGISTRY, enterprise_api_create },
	{ HTTP_GET, "/api/v1/enterprises/{id}", ANY, enterprise_api_get },
	{ HTTP_PATCH, "/api/v1/enterprises/{id}", ENT_EDITORS, enterprise_api_update },
	{ HTTP_POST, "/api/v1/enterprises/{id}/transitions", STATUS_ROLES,
	    enterprise_api_transition },
	{ HTTP_POST, "/api/v1/attachments", NOT_VIEWER, attachment_api_upload, UPLOAD_MAX },
	{ HTTP_GET, "/api/v1/attachments", ANY, attachment_api_list },
	{ HTTP_GET, "/api/v1/attachments/{id}", ANY, attachment_api_get },
	{ HTTP_GET, "/api/v1/audit", AUDIT_ROLES, audit_api_list },
	{ HTTP_GET, "/api/v1/standards", ANY, standard_api_list },
	{ HTTP_GET, "/api/v1/standards/{id}", ANY, standard_api_get },
	{ HTTP_GET, "/api/v1/standard-items", ANY, standard_api_items },
	{ HTTP_GET, "/api/v1/hazards", ANY, hazard_api_list },
	{ HTTP_POST, "/api/v1/hazards", HAZARD_WRITERS, hazard_api_create },
	{ HTTP_GET, "/api/v1/hazards/{id}", ANY, hazard_api_get },
	{ HTTP_POST, "/api/v1/hazards/{id}/transitions", HAZARD_WRITERS, hazard_api_transition },
	{ HTTP_GET, "/api/v1/stats/hazards", ANY, hazard_api_stats },
	{ HTTP_GET, "/api/v1/inspections", ANY, inspection_api_list },
	{ HTTP_POST, "/api/v1/inspections", HAZARD_WRITERS, inspection_api_create },
	{ HTTP_GET, "/api/v1/inspections/checklist", ANY, inspection_api_checklist },
	{ HTTP_GET, "/api/v1/inspections/{id}", ANY, inspection_api_get },
	{ HTTP_POST, "/api/v1/inspections/{id}/refer", ROLES_REGISTRY, inspection_api_refer },
	{ HTTP_GET, "/api/v1/inspection-plans", STAFF_READERS, plan_api_list },
	{ HTTP_POST, "/api/v1/inspection-plans", PLANNERS, plan_api_create },
	{ HTTP_GET, "/api/v1/inspection-plans/{id}", STAFF_READERS, plan_api_get },
	{ HTTP_GET, "/api/v1/notifications", ANY, notification_api_list },
	{ HTTP_POST, "/api/v1/notifications/{id}/read", ANY, notification_api_read },
	{ HTTP_GET, "/api/v1/provisions", ANY, provision_api_list },
	{ HTTP_GET, "/api/v1/provisions/{id}", ANY, provision_api_get },
	{ HTTP_GET, "/api/v1/cases", ANY, case_api_list },
	{ HTTP_POST, "/api/v1/cases", CASE_OFFICERS, case_api_create },
	{ HTTP_GET, "/api/v1/cases/{id}", ANY, case_api_get },
	{ HTTP_POST, "/api/v1/cases/{id}/transitions", CASE_OFFICERS | ROLE_BIT(ROLE_REVIEWER),
	    case_api_transition },
	{ HTTP_POST, "/api/v1/cases/{id}/documents", CASE_OFFICERS | ROLE_BIT(ROLE_REVIEWER),
	    case_api_document },
	{ HTTP_GET, "/api/v1/stats/enforcement", STAFF_READERS, case_api_stats },
	{ HTTP_GET, "/api/v1/accidents", ANY, accident_api_list },
	{ HTTP_POST, "/api/v1/accidents", ROLES_REGISTRY | ROLE_BIT(ROLE_ENTERPRISE),
	    accident_api_create },
	{ HTTP_GET, "/api/v1/accidents/{id}", ANY, accident_api_get },
	{ HTTP_POST, "/api/v1/accidents/{id}/transitions",
	    ROLES_REGISTRY | ROLE_BIT(ROLE_ENTERPRISE), accident_api_transition },
	{ HTTP_GET, "/api/v1/stats/accidents", ANY, accident_api_stats },
	{ HTTP_GET, "/api/v1/orgs/{id}/case-settings", STAFF_READERS, case_api_settings_get },
	{ HTTP_PUT, "/api/v1/orgs/{id}/case-settings", STATUS_ROLES, case_api_settings_put },
	{ HTTP_GET, "/api/v1/supervisions", ANY, supervision_api_list },
	{ HTTP_POST, "/api/v1/supervisions", SUPERVISION_ISSUERS, supervision_api_create },
	{ HTTP_GET, "/api/v1/supervisions/{id}", ANY, supervision_api_get },
	{ HTTP_POST, "/api/v1/supervisions/{id}/transitions", SUPERVISION_ACTORS,
	    supervision_api_transition },
	{ HTTP_GET, "/api/v1/stats/supervision", ANY, supervision_api_stats },
	{ HTTP_GET, "/api/v1/activities", ACTIVITY_READERS, activity_api_list },
	{ HTTP_POST, "/api/v1/activities", ACTIVITY_WRITERS, activity_api_create },
	{ HTTP_GET, "/api/v1/activities/{id}", ACTIVITY_READERS, activity_api_get },
	{ HTTP_PATCH, "/api/v1/activities/{id}", ACTIVITY_WRITERS, activity_api_update },
	{ HTTP_POST, "/api/v1/activities/{id}/transitions", ACTIVITY_WRITERS,
	    activity_api_transition },
	{ HTTP_GET, "/api/v1/stats/activities", ACTIVITY_READERS, activity_api_stats },
	{ HTTP_GET, "/api/v1/plans", STAFF_READERS, duty_plan_api_list },
	{ HTTP_POST, "/api/v1/plans", PLANNERS, duty_plan_api_create },
	{ HTTP_GET, "/api/v1/plans/{id}", STAFF_READERS, duty_plan_api_get },
	{ HTTP_GET, "/api/v1/tasks", STAFF_READERS, task_api_list },
	{ HTTP_POST, "/api/v1/tasks", PLANNERS, task_api_create },
	{ HTTP_GET, "/api/v1/tasks/board", STAFF_READERS, task_api_board },
	{ HTTP_GET, "/api/v1/tasks/{id}", STAFF_READERS, task_api_get },
	{ HTTP_POST, "/api/v1/tasks/{id}/transitions", PLANNERS, task_api_transition },
	{ HTTP_GET, "/api/v1/duties", ANY, duty_api_list },
	{ HTTP_POST, "/api/v1/duties", ENT_EDITORS, duty_api_create },
	{ HTTP_GET, "/api/v1/duties/{id}", ANY, duty_api_get },
	{ HTTP_PATCH, "/api/v1/duties/{id}", ENT_EDITORS, duty_api_update },
	{ HTTP_POST, "/api/v1/duties/{id}/transitions", ENT_EDITORS, duty_api_transition },
	{ HTTP_GET, "/api/v1/assessments", STAFF_READERS, assessment_api_list },
	{ HTTP_POST, "/api/v1/assessments", ASSESSORS, assessment_api_create },
	{ HTTP_GET, "/api/v1/assessments/{id}", STAFF_READERS, assessment_api_get },
	{ HTTP_PATCH, "/api/v1/assessments/{id}", ASSESSORS, assessment_api_update },
	{ HTTP_POST, "/api/v1/assessments/{id}/transitions", ASSESSORS, assessment_api_transition },
	{ HTTP_GET, "/api/v1/stats/summary", STAFF_READERS, report_api_summary },
	{ HTTP_GET, "/api/v1/reports/annual", STAFF_READERS, report_api_annual },
	{ HTTP_GET, "/api/v1/reports/annual/template", STAFF_READERS, report_api_template_get },
	{ HTTP_PUT, "/api/v1/reports/annual/template", STATUS_ROLES, report_api_template_put },
	{ HTTP_DELETE, "/api/v1/reports/annual/template", STATUS_ROLES,
	    report_api_template_delete },
	{ HTTP_GET, "/api/v1/reports/tables", STAFF_READERS, report_api_tables },
};

const size_t routes_n = sizeof(routes) / sizeof(routes[0]);
