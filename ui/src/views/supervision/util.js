// Helpers of the supervision (督办问责) views.
import { loadRegions } from '../../reference'

/** What a supervision targets, as text: the region, org or enterprise, or the hazard. */
export function targetText(s) {
  if (!s) return ''
  if (s.target_type === 'hazard') {
    const what = s.hazard_description ? `：${s.hazard_description}` : ''
    return `${s.enterprise_name || s.target_name || ''}${what}`
  }
  return s.target_name || s.enterprise_name || ''
}

/** The days left before a deadline as {text, level}; null when there is none or it is closed. */
export function daysLeftText(s) {
  if (!s || s.status === 'closed' || s.days_left === null || s.days_left === undefined) return null
  const n = s.days_left
  if (s.overdue || n < 0) return { text: `已逾期 ${-n} 天`, level: 'danger' }
  if (n === 0) return { text: '今日到期', level: 'danger' }
  return { text: `剩余 ${n} 天`, level: n <= 3 ? 'warning' : 'info' }
}

/** The codes of the regions in the subtree of `code` (itself included). */
export async function regionSubtree(code) {
  const regions = await loadRegions()
  const children = new Map()
  for (const r of regions) {
    if (!children.has(r.parent_code)) children.set(r.parent_code, [])
    children.get(r.parent_code).push(r.code)
  }
  const out = new Set()
  const stack = [code]
  while (stack.length) {
    const c = stack.pop()
    if (out.has(c)) continue
    out.add(c)
    stack.push(...(children.get(c) ?? []))
  }
  return out
}
