import { createRouter, createWebHistory } from 'vue-router'
import {
  Bell,
  Calendar,
  DataAnalysis,
  DataBoard,
  Document,
  DocumentChecked,
  FirstAidKit,
  Flag,
  Notebook,
  OfficeBuilding,
  Reading,
  School,
  Stamp,
  User,
  Warning,
} from '@element-plus/icons-vue'
import { Finished, Promotion } from '@element-plus/icons-vue'
import AppLayout from './layout/AppLayout.vue'
import LoginView from './views/LoginView.vue'
import { PLATFORM } from './dict'
import { can, loadSession, mayOpen, role, user } from './session'

const EnterpriseForm = () => import('./views/enterprise/EnterpriseForm.vue')

// Every line of work adds its views as children of the layout. A child with `meta.menu`
// is a menu entry, opened by the roles whose menu from GET /me lists its name (drawn
// with `meta.menu.icon`, inside `meta.menu.group` if given); `meta.parent` names the
// entry a page belongs to; `meta.perm` is what the role must also be able to do.
const routes = [
  { path: '/login', name: 'login', component: LoginView, meta: { title: '登录', public: true } },
  {
    path: '/',
    name: 'layout',
    component: AppLayout,
    // '/' itself opens the role's landing page (see the guard below).
    children: [
      {
        path: 'dashboard',
        name: 'dashboard',
        component: () => import('./views/dashboard/DashboardView.vue'),
        meta: { title: '仪表盘', menu: { icon: DataBoard } },
      },
      {
        path: 'annual-report',
        name: 'annual_report',
        component: () => import('./views/report/AnnualReport.vue'),
        meta: { title: '述法报告', menu: { icon: Notebook } },
      },
      {
        path: 'enterprises',
        name: 'enterprises',
        component: () => import('./views/enterprise/EnterpriseList.vue'),
        meta: { title: '企业档案', menu: { icon: OfficeBuilding } },
      },
      {
        path: 'enterprises/new',
        name: 'enterprise-new',
        component: EnterpriseForm,
        meta: { title: '新增企业', perm: 'enterprise.create', parent: 'enterprises' },
      },
      {
        path: 'enterprises/:id(\\d+)',
        name: 'enterprise',
        component: EnterpriseForm,
        props: true,
        meta: { title: '企业详情', parent: 'enterprises' },
      },
      {
        path: 'hazards',
        name: 'hazards',
        component: () => import('./views/hazard/HazardList.vue'),
        meta: { title: '隐患排查治理', menu: { icon: Warning } },
      },
      {
        path: 'hazards/new',
        name: 'hazard-new',
        component: () => import('./views/hazard/HazardForm.vue'),
        meta: { title: '登记隐患', perm: 'hazard.create', parent: 'hazards' },
      },
      {
        path: 'hazards/:id(\\d+)',
        name: 'hazard',
        component: () => import('./views/hazard/HazardDetail.vue'),
        props: true,
        meta: { title: '隐患详情', parent: 'hazards' },
      },
      {
        path: 'inspections',
        name: 'inspections',
        component: () => import('./views/inspection/InspectionList.vue'),
        meta: { title: '监督检查', menu: { icon: DocumentChecked } },
      },
      {
        path: 'inspections/new',
        name: 'inspection-new',
        component: () => import('./views/inspection/InspectionForm.vue'),
        meta: { title: '新增检查', perm: 'inspection.create', parent: 'inspections' },
      },
      {
        path: 'inspections/:id(\\d+)',
        name: 'inspection',
        component: () => import('./views/inspection/InspectionDetail.vue'),
        props: true,
        meta: { title: '检查记录', parent: 'inspections' },
      },
      {
        path: 'inspection-plans',
        name: 'inspection_plans',
        component: () => import('./views/inspection/PlanList.vue'),
        meta: { title: '检查计划', menu: { icon: Calendar } },
      },
      {
        path: 'inspection-plans/:id(\\d+)',
        name: 'inspection-plan',
        component: () => import('./views/inspection/PlanDetail.vue'),
        props: true,
        meta: { title: '检查计划详情', parent: 'inspection_plans' },
      },
      {
        path: 'cases',
        name: 'cases',
        component: () => import('./views/case/CaseList.vue'),
        meta: { title: '执法办案', menu: { icon: Stamp } },
      },
      {
        path: 'cases/new',
        name: 'case-new',
        component: () => import('./views/case/CaseForm.vue'),
        meta: { title: '立案', perm: 'case.create', parent: 'cases' },
      },
      {
        path: 'cases/:id(\\d+)',
        name: 'case',
        component: () => import('./views/case/CaseDetail.vue'),
        props: true,
        meta: { title: '案件详情', parent: 'cases' },
      },
      {
        path: 'supervisions',
        name: 'supervisions',
        component: () => import('./views/supervision/SupervisionList.vue'),
        meta: { title: '督办问责', menu: { icon: Flag } },
      },
      {
        path: 'supervisions/new',
        name: 'supervision-new',
        component: () => import('./views/supervision/SupervisionForm.vue'),
        meta: { title: '下达督办', perm: 'supervision.create', parent: 'supervisions' },
      },
      {
        path: 'supervisions/:id(\\d+)',
        name: 'supervision',
        component: () => import('./views/supervision/SupervisionDetail.vue'),
        props: true,
        meta: { title: '督办详情', parent: 'supervisions' },
      },
      {
        path: 'accidents',
        name: 'accidents',
        component: () => import('./views/accident/AccidentList.vue'),
        meta: { title: '生产安全事故', menu: { icon: FirstAidKit } },
      },
      {
        path: 'accidents/new',
        name: 'accident-new',
        component: () => import('./views/accident/AccidentForm.vue'),
        meta: { title: '登记事故', perm: 'accident.create', parent: 'accidents' },
      },
      {
        path: 'accidents/:id(\\d+)',
        name: 'accident',
        component: () => import('./views/accident/AccidentDetail.vue'),
        props: true,
        meta: { title: '事故详情', parent: 'accidents' },
      },
      {
        path: 'activities',
        name: 'activities',
        component: () => import('./views/activity/ActivityList.vue'),
        meta: { title: '宣传培训', menu: { icon: Promotion } },
      },
      {
        path: 'activities/new',
        name: 'activity-new',
        component: () => import('./views/activity/ActivityForm.vue'),
        meta: { title: '登记活动', perm: 'activity.create', parent: 'activities' },
      },
      {
        path: 'activities/:id(\\d+)',
        name: 'activity',
        component: () => import('./views/activity/ActivityDetail.vue'),
        props: true,
        meta: { title: '活动详情', parent: 'activities' },
      },
      {
        path: 'activities/:id(\\d+)/edit',
        name: 'activity-edit',
        component: () => import('./views/activity/ActivityForm.vue'),
        props: true,
        meta: { title: '修改活动', perm: 'activity.create', parent: 'activities' },
      },
      {
        path: 'tasks',
        name: 'tasks',
        component: () => import('./views/duty/TaskHome.vue'),
        meta: { title: '责任体系', menu: { icon: Finished } },
      },
      {
        path: 'tasks/:id(\\d+)',
        name: 'task',
        component: () => import('./views/duty/TaskDetail.vue'),
        props: true,
        meta: { title: '任务详情', parent: 'tasks' },
      },
      {
        path: 'tasks/assessments/:id(\\d+)',
        name: 'assessment',
        component: () => import('./views/duty/AssessmentDetail.vue'),
        props: true,
        meta: { title: '考核详情', parent: 'tasks' },
      },
      {
        path: 'hazard-stats',
        name: 'hazard_stats',
        component: () => import('./views/hazard/HazardStats.vue'),
        meta: { title: '隐患统计', menu: { icon: DataAnalysis } },
      },
      {
        path: 'standards',
        name: 'standards',
        component: () => import('./views/standard/StandardList.vue'),
        meta: { title: '判定标准', menu: { icon: Reading } },
      },
      {
        path: 'standards/:id(\\d+)',
        name: 'standard',
        component: () => import('./views/standard/StandardDetail.vue'),
        props: true,
        meta: { title: '判定标准详情', parent: 'standards' },
      },
      {
        path: 'notifications',
        name: 'notifications',
        component: () => import('./views/notification/NotificationList.vue'),
        meta: { title: '提醒', menu: { icon: Bell } },
      },
      {
        path: 'users',
        name: 'users',
        component: () => import('./views/user/UserList.vue'),
        meta: { title: '用户管理', menu: { group: 'system', icon: User } },
      },
      {
        path: 'orgs',
        name: 'orgs',
        component: () => import('./views/org/OrgList.vue'),
        meta: { title: '单位管理', menu: { group: 'system', icon: School } },
      },
      {
        path: 'audit',
        name: 'audit',
        component: () => import('./views/audit/AuditList.vue'),
        meta: { title: '审计日志', menu: { group: 'system', icon: Document } },
      },
    ],
  },
  { path: '/:pathMatch(.*)*', redirect: '/' },
]

export const router = createRouter({ history: createWebHistory(), routes })

// The roles that open on the dashboard (when their menu has it); the others on the
// enterprise registry.
const DASHBOARD_ROLES = ['city', 'district', 'viewer']

/** The name of the page the caller lands on after login or at '/'. */
function landing() {
  return DASHBOARD_ROLES.includes(role.value) && mayOpen('dashboard') ? 'dashboard' : 'enterprises'
}

router.beforeEach(async (to) => {
  if (to.meta.public) return true
  if (!user.value && !(await loadSession())) {
    return { name: 'login', query: to.fullPath === '/' ? {} : { redirect: to.fullPath } }
  }
  if (to.name === 'layout') return { name: landing(), replace: true }
  const page = to.meta.menu ? to.name : to.meta.parent
  if ((page && !mayOpen(page)) || (to.meta.perm && !can(to.meta.perm))) {
    return to.name === 'enterprises' ? false : { name: 'enterprises' }
  }
  // An enterprise's staff see one enterprise: theirs.
  if (to.name === 'enterprises' && role.value === 'enterprise' && user.value.enterprise_id) {
    return { name: 'enterprise', params: { id: user.value.enterprise_id } }
  }
  return true
})

router.afterEach((to) => {
  document.title = `${to.meta.title} - ${PLATFORM}`
})
