// The little Markdown the annual report is written in, as blocks for a template to draw
// (no HTML is built from the text, so nothing in it can run): headings (#…######),
// paragraphs (lines joined up to a blank line), lists (- * + or 1.), quotes (>), rules
// (---), and **bold** inside a line.

/** A line's text as [{text, bold}] runs. */
export function inline(text) {
  const runs = []
  const re = /\*\*(.+?)\*\*/g
  let at = 0
  let m
  while ((m = re.exec(text))) {
    if (m.index > at) runs.push({ text: text.slice(at, m.index), bold: false })
    runs.push({ text: m[1], bold: true })
    at = re.lastIndex
  }
  if (at < text.length) runs.push({ text: text.slice(at), bold: false })
  return runs
}

/**
 * Markdown → [{type: 'h', level, runs} | {type: 'p', runs} | {type: 'quote', runs} |
 * {type: 'ul'|'ol', items: [runs]} | {type: 'hr'}].
 */
export function parseMarkdown(md) {
  const blocks = []
  let para = null // the lines of the open paragraph or quote
  let list = null
  const flush = () => {
    if (para) blocks.push({ type: para.type, runs: inline(para.lines.join('')) })
    para = null
    list = null
  }
  for (const raw of String(md ?? '').replace(/\r\n?/g, '\n').split('\n')) {
    const line = raw.trimEnd()
    let m
    if (!line.trim()) {
      flush()
    } else if ((m = /^(#{1,6})\s+(.*)$/.exec(line))) {
      flush()
      blocks.push({ type: 'h', level: m[1].length, runs: inline(m[2].replace(/\s+#+$/, '')) })
    } else if (/^\s*(-{3,}|\*{3,})\s*$/.test(line)) {
      flush()
      blocks.push({ type: 'hr' })
    } else if ((m = /^\s*([-*+]|\d+[.、)])\s+(.*)$/.exec(line))) {
      const type = /\d/.test(m[1]) ? 'ol' : 'ul'
      if (para) flush()
      if (!list || list.type !== type) {
        list = { type, items: [] }
        blocks.push(list)
      }
      list.items.push(inline(m[2]))
    } else if ((m = /^>\s?(.*)$/.exec(line))) {
      if (para && para.type !== 'quote') flush()
      list = null
      para ??= { type: 'quote', lines: [] }
      para.lines.push(m[1])
    } else if (list && /^\s{2,}/.test(raw)) {
      // a continuation of the last list item
      list.items[list.items.length - 1].push(...inline(line.trim()))
    } else {
      if (para && para.type !== 'p') flush()
      list = null
      para ??= { type: 'p', lines: [] }
      para.lines.push(line.trim())
    }
  }
  flush()
  return blocks
}
