// The logged-in caller, as answered by GET /api/v1/me, and what their role may do.
// The server enforces all of this; the UI only hides what would be refused.
import { computed, shallowRef } from 'vue'
import { api } from './api'
import { clearReference } from './reference'

// What a role may do within a page. Which pages it may open is the server's menu.
const PERMISSIONS = {
  'enterprise.create': ['admin', 'city', 'district', 'department', 'inspector'],
  'enterprise.edit': ['admin', 'city', 'district', 'department', 'inspector'],
  'enterprise.transition': ['admin', 'city', 'district'],
  'hazard.create': ['admin', 'city', 'district', 'department', 'inspector', 'enterprise'],
  'inspection.create': ['admin', 'city', 'district', 'department', 'inspector', 'enterprise'],
  'inspection.refer': ['admin', 'city', 'district', 'department', 'inspector'],
  'plan.create': ['admin', 'city', 'district', 'department'],
  'attachment.upload': ['admin', 'city', 'district', 'department', 'inspector', 'reviewer', 'enterprise'],
  'case.create': ['admin', 'city', 'district', 'department', 'inspector'],
  'case.document': ['admin', 'city', 'district', 'department', 'inspector', 'reviewer'],
  'supervision.create': ['admin', 'city', 'district'],
  'accident.create': ['admin', 'city', 'district', 'department', 'inspector', 'enterprise'],
  'activity.create': ['admin', 'city', 'district', 'department'],
  'task_plan.create': ['admin', 'city', 'district', 'department'],
  'task.create': ['admin', 'city', 'district', 'department'],
  'duty.edit': ['admin', 'city', 'district', 'department', 'inspector', 'enterprise'],
  'assessment.create': ['admin', 'city', 'district'],
  // the template of the caller's own region (a district's of its banner)
  'report.edit': ['admin', 'city', 'district'],
}

const me = shallowRef(null)

export const user = computed(() => me.value?.user ?? null)
export const role = computed(() => user.value?.role ?? '')
export const orgName = computed(() => me.value?.org?.name ?? user.value?.org_name ?? '')
/** A sentence saying which data the caller sees. */
export const scope = computed(() => me.value?.scope ?? '')
/** The pages the role may open: [{key, label, path}], key being the route name. */
export const menu = computed(() => me.value?.menu ?? [])
/** The caller's organisation ({id, name, kind, region_code, …}), null for enterprise staff. */
export const org = computed(() => me.value?.org ?? null)

export function mayOpen(page) {
  return menu.value.some((m) => m.key === page)
}

export function can(permission) {
  return PERMISSIONS[permission]?.includes(role.value) ?? false
}

/** Loads the caller; resolves to null when there is no valid session. */
export async function loadSession() {
  try {
    me.value = await api.get('/me', undefined, { quiet401: true })
  } catch {
    me.value = null
  }
  return me.value
}

export async function login(username, password) {
  await api.post('/session', { username, password }, { quiet401: true })
  return loadSession()
}

/** Ends the session here whatever the server answers. */
export async function logout() {
  await api.del('/session', { quiet401: true }).catch(() => {})
  forgetSession()
}

export function forgetSession() {
  me.value = null
  clearReference()
}
