// Helpers of the accident (生产安全事故) views: the grade of 条例第三条 as the server computes
// it (src/accident/accident.c), shown live in the form; Asia/Shanghai wall-clock times for
// the date-time pickers; money in 万元.
import { ACCIDENT_GRADE_BY, ACCIDENT_GRADES } from '../../dict'

export { today } from '../hazard/util'

/** The grades from the lowest up. */
export const GRADE_ORDER = ['general', 'larger', 'major', 'especially_major']

/**
 * The lower bounds (inclusive; the next grade's bound is exclusive) of 较大, 重大 and
 * 特别重大 per criterion — 条例第三条: 3/10/30 deaths, 10/50/100 serious injuries (急性工业中毒
 * included), 1000万/5000万/1亿元 of direct loss (in fen here).
 */
export const GRADE_BOUNDS = {
  deaths: [3, 10, 30],
  serious_injuries: [10, 50, 100],
  direct_loss: [10000000 * 100, 50000000 * 100, 100000000 * 100],
}

/** The grade index (0 一般 … 3 特别重大) one figure gives by its criterion. */
function gradeOf(criterion, value) {
  const bounds = GRADE_BOUNDS[criterion]
  let g = 0
  for (let i = 0; i < bounds.length; i++) if ((value ?? 0) >= bounds[i]) g = i + 1
  return g
}

/**
 * The grade of the figures: each criterion gives a grade, the highest wins; `by` names the
 * criterion that decided (the first of deaths, serious injuries, loss reaching it), `none`
 * when none reaches 较大. `criteria` lists each criterion's own grade.
 */
export function computeGrade(deaths, seriousInjuries, directLossFen) {
  const criteria = [
    { key: 'deaths', value: deaths, grade: GRADE_ORDER[gradeOf('deaths', deaths)] },
    { key: 'serious_injuries', value: seriousInjuries, grade: GRADE_ORDER[gradeOf('serious_injuries', seriousInjuries)] },
    { key: 'direct_loss', value: directLossFen, grade: GRADE_ORDER[gradeOf('direct_loss', directLossFen)] },
  ]
  const top = Math.max(...criteria.map((c) => GRADE_ORDER.indexOf(c.grade)))
  const by = top === 0 ? 'none' : criteria.find((c) => GRADE_ORDER.indexOf(c.grade) === top).key
  return { grade: GRADE_ORDER[top], by, criteria }
}

/** The bound a criterion reached for its grade, as text: "死亡 3 人以上". */
export function boundText(criterion, grade) {
  const i = GRADE_ORDER.indexOf(grade) - 1
  if (i < 0) return ''
  const b = GRADE_BOUNDS[criterion][i]
  if (criterion === 'deaths') return `死亡 ${b} 人以上`
  if (criterion === 'serious_injuries') return `重伤 ${b} 人以上`
  return `直接经济损失 ${wanText(b)}以上`
}

/** Why an accident has its grade, as text: "直接经济损失 1000 万元以上 → 较大事故". */
export function gradeReason(grade, by) {
  if (!grade) return ''
  if (!by || by === 'none') return '各项指标均未达到较大事故标准'
  return `${boundText(by, grade)}，${ACCIDENT_GRADES[grade] ?? grade}`
}

export const gradeByLabel = (by) => ACCIDENT_GRADE_BY[by] ?? by ?? '—'

// ---- money ----

const wanFormat = new Intl.NumberFormat('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 4 })
const plainWan = new Intl.NumberFormat('zh-CN', { useGrouping: false, maximumFractionDigits: 4 })

/** fen → 万元 as a number text with grouping and 2–4 places: 1000000000 → "1,000.00". */
export function formatWan(fen) {
  return fen === null || fen === undefined ? '' : wanFormat.format(fen / 1000000)
}

/** fen → "1000万元", "1亿元", "0.5万元" (for sentences). */
export function wanText(fen) {
  if (fen === null || fen === undefined) return ''
  if (fen >= 10000000000 && fen % 10000000000 === 0) return `${fen / 10000000000}亿元`
  return `${plainWan.format(fen / 1000000)}万元`
}

// ---- Asia/Shanghai wall-clock times ----

const wallParts = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
})

/** An instant (Date, ms or RFC 3339) as Shanghai wall-clock time "YYYY-MM-DD HH:mm". */
export function shanghaiWall(instant = Date.now()) {
  const d = new Date(instant)
  if (Number.isNaN(d.getTime())) return ''
  const p = Object.fromEntries(wallParts.formatToParts(d).map((x) => [x.type, x.value]))
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`
}

/** Shanghai wall-clock "YYYY-MM-DD HH:mm" → RFC 3339 "YYYY-MM-DDTHH:mm:00+08:00"; null if not one. */
export function wallToRfc3339(wall) {
  const m = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2})(?::(\d{2}))?$/.exec(wall ?? '')
  return m ? `${m[1]}T${m[2]}:${m[3] ?? '00'}+08:00` : null
}

/** Milliseconds of a Shanghai wall-clock time (NaN when not one). */
export const wallMs = (wall) => new Date(wallToRfc3339(wall) ?? NaN).getTime()

/** An instant as "YYYY-MM-DD HH:mm" in Shanghai (for display). */
export const formatMinute = (instant) => (instant ? shanghaiWall(instant) : '')

/** Days from `from` to `date` (both YYYY-MM-DD); negative when past. */
export function daysBetween(from, date) {
  if (!date || !from) return null
  const ms = (d) => Date.UTC(...d.split('-').map((x, i) => Number(x) - (i === 1 ? 1 : 0)))
  return Math.round((ms(date) - ms(from)) / 86400000)
}

/** How late a report was, as text: 10 → "迟报 10 分钟", 130 → "迟报 2 小时 10 分钟". */
export function lateText(minutes) {
  const n = Number(minutes) || 0
  if (n < 60) return `迟报 ${n} 分钟`
  const h = Math.floor(n / 60)
  const m = n % 60
  if (h < 48) return `迟报 ${h} 小时${m ? ` ${m} 分钟` : ''}`
  return `迟报 ${Math.floor(h / 24)} 天${h % 24 ? ` ${h % 24} 小时` : ''}`
}

/** A place as text: the region's name and the location. */
export const placeText = (a) => [a?.region_name, a?.location].filter(Boolean).join(' ')

/** The state of the investigation report deadline as {text, level}. */
export function investigationState(a, now) {
  if (!a) return null
  if (a.report_submitted_on) {
    const late = a.investigation_due && a.report_submitted_on > a.investigation_due
    return { text: `已于 ${a.report_submitted_on} 提交${late ? '（逾期）' : ''}`, level: late ? 'danger' : 'success' }
  }
  const n = daysBetween(now, a.investigation_due)
  if (a.investigation_overdue || (n !== null && n < 0)) return { text: `已逾期${n !== null && n < 0 ? ` ${-n} 天` : ''}`, level: 'danger' }
  if (n === 0) return { text: '今日到期', level: 'danger' }
  if (n === null) return null
  return { text: `剩余 ${n} 天`, level: n <= 7 ? 'warning' : 'info' }
}
