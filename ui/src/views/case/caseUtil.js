// Helpers of the case (执法办案) views: money, the allowed range of a penalty rule as the
// server computes it (src/enforce/provision.c provision_fine_range), and the provisions
// catalog cached per session.
import { api } from '../../api'
import { formatYuan } from '../hazard/util'

export { formatYuan, fenToYuan, today, yuanToFen } from '../hazard/util'

/** 4000000 fen → "4万元", 123450 → "1,234.50 元": the law writes 万元, the ledger 元. */
export function formatMoney(fen) {
  if (fen === null || fen === undefined) return ''
  if (fen >= 1000000 && fen % 100000 === 0) return `${fen / 1000000}万元`
  return `${formatYuan(fen)} 元`
}

/** "40,000.00 元" — always 元, two places. */
export const yuanText = (fen) => (fen === null || fen === undefined ? '' : `${formatYuan(fen)} 元`)

/** A server `range` {min_fen, max_fen} as text. */
export function rangeText(range) {
  if (!range) return ''
  if (range.min_fen === range.max_fen) return yuanText(range.min_fen)
  if (range.min_fen <= 1) return `${yuanText(range.max_fen)}以下`
  return `${yuanText(range.min_fen)} 至 ${yuanText(range.max_fen)}`
}

/**
 * The allowed fine of `rule` for the figures of a penalty row (fen), as the server checks
 * it: {min_fen, max_fen, text} — `text` explains the rule (百分比、倍数、按日) and the
 * figures, or {text} alone when a figure is missing. null when the rule fines nothing.
 */
export function ruleRange(rule, p = {}) {
  if (!rule) return null
  switch (rule.basis) {
    case 'fixed': {
      const min = rule.fine_min_fen || 0
      const max = rule.fine_max_fen
      const range = { min_fen: Math.max(min, 1), max_fen: max }
      return { ...range, text: min === 0 ? `${formatMoney(max)}以下` : `${formatMoney(min)} 至 ${formatMoney(max)}` }
    }
    case 'annual_income_pct': {
      const pct = rule.pct_min === rule.pct_max ? `${rule.pct_min}%` : `${rule.pct_min}% 至 ${rule.pct_max}%`
      const what = `${rule.income_base || '上一年年收入'}的 ${pct}`
      if (!(p.income_fen > 0)) return { text: `${what}（请填写年收入）` }
      const range = {
        min_fen: Math.floor((p.income_fen * rule.pct_min) / 100),
        max_fen: Math.ceil((p.income_fen * rule.pct_max) / 100),
      }
      return { ...range, text: `${what}：${rangeText(range)}` }
    }
    case 'illegal_income_multiple': {
      const what = `违法所得的 ${rule.multiple_min} 至 ${rule.multiple_max} 倍`
      if (!(p.illegal_income_fen > 0)) return { text: `${what}（请填写违法所得）` }
      const range = {
        min_fen: p.illegal_income_fen * rule.multiple_min,
        max_fen: p.illegal_income_fen * rule.multiple_max,
      }
      return { ...range, text: `${what}：${rangeText(range)}` }
    }
    case 'daily_continuous': {
      const what = '按日连续处罚：原处罚数额 × 天数'
      if (!(p.base_fen > 0 && p.days > 0)) return { text: `${what}（请填写原处罚数额和天数）` }
      const v = p.base_fen * p.days
      return { min_fen: v, max_fen: v, text: `${what} = ${yuanText(v)}` }
    }
    default:
      return null
  }
}

/** Whether `amount_fen` lies outside a computed range (false when it cannot be told). */
export function outOfRange(range, amountFen) {
  if (!range || range.min_fen === undefined || amountFen === null || amountFen === undefined) return false
  return amountFen < range.min_fen || amountFen > range.max_fen
}

/** The rules of a provision a case may apply: those that allow a penalty kind. */
export const usableRules = (provision) => (provision?.rules ?? []).filter((r) => r.kinds?.length)

/** The rule of `provision` for a penalty row's target, stage and accident grade. */
export function findRule(provision, p) {
  return (
    usableRules(provision).find(
      (r) =>
        r.target === p.target &&
        r.stage === p.stage &&
        (!r.accident_grade || r.accident_grade === p.accident_grade),
    ) ?? null
  )
}

// ---- the provisions catalog (法律条款), fetched once per id ----

const provisions = new Map()

/** Remembers provisions answered by a search. */
export function rememberProvisions(list) {
  for (const p of list) provisions.set(p.id, Promise.resolve(p))
}

/** One provision (cached). */
export function loadProvision(id) {
  if (!provisions.has(id)) {
    provisions.set(
      id,
      api.get(`/provisions/${encodeURIComponent(id)}`).catch((e) => {
        provisions.delete(id)
        throw e
      }),
    )
  }
  return provisions.get(id)
}

/** Citable provisions matching `q` (title, subject, violation or item). */
export async function searchProvisions(q) {
  const r = await api.get('/provisions', { citable: 'true', q, limit: 100 })
  rememberProvisions(r.items)
  return r.items
}

/** Days from today (Asia/Shanghai) to `date` (YYYY-MM-DD); negative when past. */
export function daysUntil(date, from) {
  if (!date) return null
  const ms = (d) => Date.UTC(...d.split('-').map((x, i) => Number(x) - (i === 1 ? 1 : 0)))
  return Math.round((ms(date) - ms(from)) / 86400000)
}

/**
 * `value` without null or undefined members (recursively, in objects and in the objects of
 * arrays): an unanswered field is left out, so the server names it as missing. (The case
 * routes do not all refuse an explicit null — `extend` with `days: null`, `party.enterprise_id`
 * or `source` null — so the UI never sends one.)
 */
export function compact(value) {
  if (Array.isArray(value)) return value.map(compact)
  if (value === null || typeof value !== 'object') return value
  const out = {}
  for (const [k, v] of Object.entries(value)) if (v !== null && v !== undefined) out[k] = compact(v)
  return out
}
