// The rows of the findings editor (违法行为 and 拟作出的处罚) and the request bodies made of
// them: money is edited in 元 and sent in fen.
import { fenToYuan, yuanToFen } from './caseUtil'

let keySeq = 0

export function violationRow(v = {}) {
  return { key: ++keySeq, provision_id: v.provision_id ?? null, item: v.item ?? '', description: v.description ?? '' }
}

export function penaltyRow(p = {}) {
  const yuan = (fen) => (fen ? fenToYuan(fen) : null)
  return {
    key: ++keySeq,
    provision_id: p.provision_id ?? null,
    target: p.target ?? null,
    target_name: p.target_name ?? '',
    stage: p.stage ?? null,
    accident_grade: p.accident_grade ?? null,
    kind: p.kind ?? null,
    amount: p.amount_fen || p.amount_fen === 0 ? fenToYuan(p.amount_fen) : null,
    income: yuan(p.income_fen),
    illegal_income: yuan(p.illegal_income_fen),
    base: yuan(p.base_fen),
    days: p.days || null,
    note: p.note ?? '',
  }
}

/** Kinds that carry an amount of money. */
export const MONEY_KINDS = ['fine', 'confiscation']

export function violationsBody(rows) {
  return rows.map((r) => {
    const out = { provision_id: r.provision_id }
    if (r.item?.trim()) out.item = r.item.trim()
    out.description = r.description.trim()
    return out
  })
}

/** `shown(row)` tells which figure inputs the row shows: only those are sent. */
export function penaltiesBody(rows, shown) {
  return rows.map((r) => {
    const s = shown(r)
    const out = { kind: r.kind, target: r.target, provision_id: r.provision_id, stage: r.stage }
    if (r.target_name?.trim()) out.target_name = r.target_name.trim()
    if (s.grade && r.accident_grade) out.accident_grade = r.accident_grade
    if (s.amount && r.amount !== null && r.amount !== undefined) out.amount_fen = yuanToFen(r.amount)
    if (s.income && r.income) out.income_fen = yuanToFen(r.income)
    if (s.illegalIncome && r.illegal_income) out.illegal_income_fen = yuanToFen(r.illegal_income)
    if (s.daily && r.base) out.base_fen = yuanToFen(r.base)
    if (s.daily && r.days) out.days = r.days
    if (r.note?.trim()) out.note = r.note.trim()
    return out
  })
}
