// Display formatting. The server sends instants as RFC 3339 (+08:00), dates as
// YYYY-MM-DD and money as integer fen; the working calendar is Asia/Shanghai.

const dateTimeParts = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
})

function parts(instant) {
  const d = new Date(instant)
  if (!instant || Number.isNaN(d.getTime())) return null
  return Object.fromEntries(dateTimeParts.formatToParts(d).map((p) => [p.type, p.value]))
}

/** 2024-05-01T09:03:00+08:00 → 2024-05-01 09:03:00 */
export function formatDateTime(instant) {
  const p = parts(instant)
  return p ? `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second}` : ''
}

export function formatBool(v) {
  return v ? '是' : '否'
}

/** An object, or a JSON text, indented for reading (or on one line with `indent` 0). */
export function formatJson(value, indent = 2) {
  if (value === null || value === undefined) return ''
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value)
    } catch {
      return value
    }
  }
  return JSON.stringify(value, null, indent)
}

/** A size in bytes as text: 4753 → "4.6 KB". */
export function formatSize(bytes) {
  if (bytes === null || bytes === undefined || bytes === '') return ''
  if (bytes < 1024) return `${bytes} B`
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`
}
