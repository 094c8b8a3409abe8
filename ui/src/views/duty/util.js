// Helpers of the responsibility views (责任体系): plans, tasks, duties and assessments.
import { PLAN_KINDS, TASK_STATUSES } from '../../dict'
import { org, role } from '../../session'

export { today } from '../hazard/util'
export { regionSubtree } from '../supervision/util'
export { errorOf, fieldOf } from '../activity/util'

export const planKindLabel = (p) => PLAN_KINDS[p?.kind]?.label ?? p?.kind_label ?? p?.kind ?? ''
export const taskStatusLabel = (code) => TASK_STATUSES[code]?.label ?? code ?? ''

/** A plan's period as text: 2024-01-01 … 2026-12-31 → "2024—2026年"; other dates as they are. */
export function periodText(p) {
  if (!p?.period_from) return ''
  const whole = p.period_from.endsWith('-01-01') && p.period_to?.endsWith('-12-31')
  if (whole) {
    const a = p.period_from.slice(0, 4)
    const b = p.period_to.slice(0, 4)
    return a === b ? `${a}年` : `${a}—${b}年`
  }
  return `${p.period_from} 至 ${p.period_to}`
}

/** The days left of a task as {text, level}; null when done or without a due date. */
export function daysLeftText(t) {
  if (!t || t.status === 'done' || t.days_left === null || t.days_left === undefined) return null
  const n = t.days_left
  if (t.overdue || n < 0) return { text: `逾期 ${-n} 天`, level: 'danger' }
  if (n === 0) return { text: '今日到期', level: 'danger' }
  return { text: `剩余 ${n} 天`, level: n <= 3 ? 'warning' : 'info' }
}

/**
 * Whether the caller may assign tasks under `plan` (the server decides; this only hides the
 * button): admins, city bureau users, and the users of the plan's issuing org.
 */
export function mayAssign(plan) {
  if (!plan) return false
  if (role.value === 'admin' || role.value === 'city') return true
  return ['district', 'department'].includes(role.value) && org.value?.id === plan.issuer_org_id
}

/** The plans of a flat list as a tree by `parent_id` (a plan whose parent is not seen is a root). */
export function planTree(plans) {
  const byId = new Map(plans.map((p) => [p.id, { ...p, children: [] }]))
  const roots = []
  for (const p of byId.values()) {
    const parent = p.parent_id && byId.get(p.parent_id)
    ;(parent ? parent.children : roots).push(p)
  }
  return roots
}

/** A number of points with up to two places: 69.5 → "69.5", null → "—". */
export const points = (v) => (v === null || v === undefined ? '—' : String(Math.round(v * 100) / 100))

/** Assessment items as the server takes them (a veto item without weight or score). */
export function itemsBody(items) {
  return items.map((i) => {
    const name = (i.name ?? '').trim()
    if (i.veto) return { name, veto: true, failed: !!i.failed }
    const out = { name, weight: i.weight ?? null, source: i.source || 'manual' }
    if (i.source !== 'task_completion' && i.score !== null && i.score !== undefined) out.score = i.score
    if ((i.basis ?? '').trim() && i.source !== 'task_completion') out.basis = i.basis.trim()
    return out
  })
}

/** Items as the editor holds them (copies). */
export const editableItems = (items) =>
  (items ?? []).map((i) => ({ ...i, weight: i.veto ? null : i.weight, score: i.veto ? null : i.score, basis: i.basis ?? '' }))
