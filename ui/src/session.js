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
}

// Pages of this UI that the server's menu may not list yet, with the roles that open them
// meanwhile (placed after the entry `after`). As soon as the server's menu names a key, its
// entry and its roles are the server's. (cases 执法办案: until src/auth/auth_api.c lists it.)
const INTERIM_MENU = [
  {
    key: 'cases',
    label: '执法办案',
    path: '/cases',
    after: 'inspection_plans',
    roles: ['admin', 'city', 'district', 'department', 'inspector', 'reviewer', 'viewer'],
  },
]

const me = shallowRef(null)

export const user = computed(() => me.value?.user ?? null)
export const role = computed(() => user.value?.role ?? '')
export const orgName = computed(() => me.value?.org?.name ?? user.value?.org_name ?? '')
/** A sentence saying which data the caller sees. */
export const scope = computed(() => me.value?.scope ?? '')
/** The pages the role may open: [{key, label, path}], key being the route name. */
export const menu = computed(() => {
  const server = me.value?.menu ?? []
  const out = [...server]
  for (const { after, roles, ...entry } of INTERIM_MENU) {
    if (!me.value || server.some((m) => m.key === entry.key) || !roles.includes(role.value)) continue
    const i = out.findIndex((m) => m.key === after)
    out.splice(i < 0 ? out.length : i + 1, 0, entry)
  }
  return out
})

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
