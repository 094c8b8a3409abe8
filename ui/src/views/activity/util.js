// Helpers of the publicity and training (宣传培训) views.
import { ACTIVITY_KINDS, FIVE_INTO_TARGETS } from '../../dict'

export { today } from '../hazard/util'

/** The Chinese name of an activity kind (the server's `kind_label` as a fallback). */
export const kindLabel = (a) => ACTIVITY_KINDS[a?.kind]?.label ?? a?.kind_label ?? a?.kind ?? ''

/** The Chinese name of a 五进 target. */
export const targetLabel = (a) => (a?.target ? FIVE_INTO_TARGETS[a.target] ?? a.target_label ?? a.target : '')

/** A server field name without its index: `enterprises[2]` → `enterprises`. */
export const fieldOf = (k) => k.replace(/\[\d+\].*$/, '')

/** The messages of `errors` (field → message) whose field is `field` or one of its elements. */
export function errorOf(errors, field) {
  return Object.entries(errors)
    .filter(([k]) => fieldOf(k) === field)
    .map(([, m]) => m)
    .join('；')
}

const ymd = (d) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`

/**
 * A date-picker cell class that greys out the days after `max` (YYYY-MM-DD): they can still
 * be typed, and the server's answer then says why they are refused.
 */
export const futureCell = (max) => (d) => (ymd(d) > max ? 'activity-future-day' : '')

/** 12345 → "12,345" */
const intFormat = new Intl.NumberFormat('zh-CN')
export const formatInt = (n) => (n === null || n === undefined ? '—' : intFormat.format(n))
