// Whether a standard applies today, from in_force, effective_on and repealed_on.
import { today } from '../hazard/util'

export const FORCE_TAGS = {
  in_force: { label: '现行有效', type: 'success' },
  repealed: { label: '已废止', type: 'info' },
  pending: { label: '未生效', type: 'warning' },
}

export function forceOf(s) {
  if (s.in_force) return 'in_force'
  if (s.repealed_on && s.repealed_on <= today()) return 'repealed'
  if (s.effective_on && s.effective_on > today()) return 'pending'
  return 'repealed'
}
