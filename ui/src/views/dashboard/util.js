// Helpers of the dashboard (仪表盘) and the annual report (述法报告) pages.
import { api } from '../../api'
import { today } from '../hazard/util'

export { today }

const intFormat = new Intl.NumberFormat('zh-CN', { maximumFractionDigits: 0 })

/** 91126 → "91,126"; '—' when absent. */
export const formatInt = (n) => (n === null || n === undefined ? '—' : intFormat.format(n))

/** Fen → 万元 with two decimals: 7125300000 → "7,125.30". */
export const formatWanYuan = (fen) =>
  fen === null || fen === undefined
    ? '—'
    : new Intl.NumberFormat('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(fen / 1e6)

/** A count as the charts' axes write it: 138000 → "13.8万". */
export const formatAxis = (n) => (Math.abs(n) >= 10000 ? `${+(n / 10000).toFixed(2)}万` : String(n))

/** 0.9416 → "94.16%" */
export const formatRate = (r) => (r === null || r === undefined ? '—' : `${(r * 100).toFixed(2)}%`)

/** The current year (Asia/Shanghai). */
export const thisYear = () => Number(today().slice(0, 4))

/**
 * The dates of a statistics year: from 1 January to 31 December, or to today for the
 * current year (a later `to` or `as_of` would count days that have not come).
 */
export function yearRange(year) {
  const end = Number(year) < thisYear() ? `${year}-12-31` : today()
  return { from: `${year}-01-01`, to: end, as_of: end }
}

// The years that have records (newest first), as the last summary listed them, and the
// year last chosen in this browser tab: a page opened again starts at once on that year.
let knownYears = null
const YEAR_KEY = 'anjian.year'

/** Remembers the years of a summary. */
export function rememberYears(summary) {
  if (Array.isArray(summary?.years)) knownYears = [...summary.years]
}

/** Remembers the year the user chose (for this tab). */
export function rememberYear(year) {
  try {
    sessionStorage.setItem(YEAR_KEY, String(year))
  } catch {
    // storage refused: the pages then start on the default year
  }
}

/** The year chosen before in this tab, or null. */
export function chosenYear() {
  let y = NaN
  try {
    y = Number(sessionStorage.getItem(YEAR_KEY))
  } catch {
    // no storage
  }
  return y >= 2000 && y <= 2100 ? y : null
}

/** The years to offer in a year picker: those with records, the current year and `selected`. */
export function yearChoices(selected) {
  const set = new Set([...(knownYears ?? []), thisYear()])
  if (selected) set.add(Number(selected))
  return [...set].sort((a, b) => b - a)
}

/**
 * The year a page opens on: the one in the URL (?year=), else the one chosen before in this
 * tab, else the newest year that has records (when known), else the current year — a
 * guess that `settleYear` corrects once a summary has told the years.
 */
export function startYear(query) {
  const asked = Number(query?.year)
  if (asked >= 2000 && asked <= 2100) return { year: asked, guessed: false }
  const chosen = chosenYear()
  if (chosen) return { year: chosen, guessed: false }
  if (knownYears?.length) return { year: knownYears[0], guessed: false }
  return { year: thisYear(), guessed: true }
}

/** The default year once `summary` has listed the years: the newest with records. */
export const settleYear = (summary, year) => summary?.years?.[0] ?? year

/**
 * The year a page opens on (as `startYear`), asking GET /stats/summary for the years when
 * nothing tells it.
 */
export async function resolveYear(query) {
  const { year, guessed } = startYear(query)
  if (!guessed) return year
  const s = await api.get('/stats/summary', { year })
  rememberYears(s)
  return settleYear(s, year)
}
