// Helpers shared by the hazard, inspection and statistics views.

const shanghaiDate = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
})

/** Today in Asia/Shanghai, YYYY-MM-DD (the working calendar of the server). */
export function today() {
  return shanghaiDate.format(new Date())
}

/** Integer fen → a number of 元 (for an input), null when absent. */
export function fenToYuan(fen) {
  return fen === null || fen === undefined ? null : fen / 100
}

/** A number of 元 (from an input) → integer fen, null when empty. */
export function yuanToFen(yuan) {
  return yuan === null || yuan === undefined || yuan === '' ? null : Math.round(Number(yuan) * 100)
}

const yuanFormat = new Intl.NumberFormat('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 })

/** 150000 fen → "1,500.00" */
export function formatYuan(fen) {
  return fen === null || fen === undefined ? '' : yuanFormat.format(fen / 100)
}

/** A standard item's number as cited: "3" → "第3项"; "第1类" and "候选15.8" as they are. */
export function itemNo(no) {
  return /^\d+$/.test(no ?? '') ? `第${no}项` : no
}

/** 0.5 → "50.00%" */
export function formatPercent(rate) {
  return rate === null || rate === undefined ? '' : `${(rate * 100).toFixed(2)}%`
}

/**
 * Renames the `items[i]…` fields of a 422 to `row<key>…`, `keys[i]` being the key of the
 * form row whose item was sent at index i, so each message can be put beside its row.
 */
export function renameItemErrors(err, keys) {
  if (!err.fields) return err
  const fields = err.fields.map(({ field, message }) => {
    const m = /^items\[(\d+)\](.*)$/.exec(field)
    if (!m || keys[Number(m[1])] === undefined) return { field, message }
    return { field: `row${keys[Number(m[1])]}${m[2]}`, message }
  })
  return { status: err.status, code: err.code, message: err.message, fields }
}
