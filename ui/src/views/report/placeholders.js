// The placeholders of the annual-report template: every member of the annual summary
// (GET /stats/summary) by its path — hazards.found, activities.lecture.sessions … — with
// a Chinese description built from the path's parts.
import { ACCIDENT_GRADES, ACTIVITY_KINDS, CASE_MODES, PENALTY_KINDS, SUPERVISION_KINDS, SUPERVISION_TARGETS } from '../../dict'

const TOP = {
  year: '年度',
  as_of: '统计截至日期',
  from: '统计起始日期',
  to: '统计终止日期',
  region: '地区代码',
  region_name: '地区名称',
  hazards: '隐患',
  enforcement: '执法',
  supervision: '督办问责',
  activities: '宣传培训',
  accidents: '事故',
  tasks: '任务',
  staff: '专业人员',
  enterprises: '企业',
}

const FIELDS = {
  hazards: {
    found: '排查数（项）',
    rectified: '已整改（项）',
    major_found: '重大隐患排查数（项）',
    major_rectified: '重大隐患已整改（项）',
    rectification_rate: '整改率',
    overdue: '逾期未整改（项）',
    funds_fen: '整改资金（分）',
  },
  enforcement: {
    cases: '立案（起）',
    closed: '结案（起）',
    fines_fen: '罚款（分）',
    collected_fen: '已收缴罚款（分）',
  },
  supervision: { issued: '下达（件）', closed: '办结（件）', overdue: '逾期（件）' },
  accidents: {
    total: '合计（起）',
    deaths: '死亡（人）',
    serious_injuries: '重伤（人）',
    direct_loss_fen: '直接经济损失（分）',
  },
  tasks: { total: '任务数', done: '已完成', overdue: '逾期', sub_plans: '部门子方案数' },
  staff: { added: '新增专业人员', added_city: '其中市本级' },
  enterprises: { total: '在册企业（家）' },
}

const ACTIVITY_FIELDS = {
  label: '名称',
  activities: '活动（次）',
  sessions: '场次',
  participants: '人次',
  enterprises: '覆盖企业（家）',
  inspections: '入户检查（次）',
  regions: '覆盖旗区（个）',
  enterprises_by_sector: '覆盖企业',
}

const labelOf = (map, code) => {
  const v = map[code]
  return typeof v === 'string' ? v : (v?.label ?? code)
}

/** The Chinese description of a summary path, '' when nothing is known of it. */
export function placeholderLabel(path) {
  const [top, a, b, c] = path.split('.')
  if (a === undefined) return TOP[top] ?? ''
  const head = TOP[top] ?? top
  if (FIELDS[top]?.[a] && b === undefined) return `${head}：${FIELDS[top][a]}`
  switch (top) {
    case 'enforcement':
      if (a === 'penalties') return `${head}：${labelOf(PENALTY_KINDS, b)}（次）`
      if (a === 'by_mode') return `${labelOf(CASE_MODES, b)}：立案（起）`
      if (a === 'fines_by_mode') return `${labelOf(CASE_MODES, b)}：罚款（分）`
      break
    case 'supervision':
      if (b === undefined) return `${labelOf(SUPERVISION_KINDS, a)}（件）`
      if (a === 'by_target' && c !== undefined) return `${labelOf(SUPERVISION_KINDS, b)}：对象为${labelOf(SUPERVISION_TARGETS, c)}（件）`
      break
    case 'activities':
      if (b === 'enterprises_by_sector') return `${labelOf(ACTIVITY_KINDS, a)}：覆盖${c ?? ''}行业企业（家）`
      if (b !== undefined) return `${labelOf(ACTIVITY_KINDS, a)}：${ACTIVITY_FIELDS[b] ?? b}`
      break
    case 'accidents':
      if (b === undefined) return `${labelOf(ACCIDENT_GRADES, a)}（起）`
      break
    default:
  }
  return ''
}

/** Every number or text member of `summary` as [{name, value}], in the summary's order. */
export function summaryPlaceholders(summary) {
  const out = []
  const walk = (v, path) => {
    if (v === null || v === undefined) return
    if (Array.isArray(v)) return // `years`: not a figure of the year
    if (typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) walk(x, path ? `${path}.${k}` : k)
      return
    }
    out.push({ name: path, value: v })
  }
  walk(summary, '')
  return out
}
