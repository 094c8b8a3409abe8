// Chinese labels of the API's codes (see docs/api.md and DOMAIN.md).

export const PLATFORM = '安全生产法治信息平台'

export const ROLES = {
  admin: '系统管理员',
  city: '市局',
  district: '旗区局',
  department: '行业部门',
  inspector: '执法人员',
  reviewer: '法制审核',
  viewer: '领导查看',
  enterprise: '企业',
}

export const ORG_KINDS = {
  city_bureau: '市应急管理局',
  district_bureau: '旗区应急管理局',
  department: '行业主管部门',
  legal_office: '法制机构',
}

export const SCALES = { large: '大型', medium: '中型', small: '小型', micro: '微型' }

export const RISK_COLORS = {
  red: { label: '红色', hint: '重大风险', bg: '#d9363e', fg: '#fff' },
  orange: { label: '橙色', hint: '较大风险', bg: '#f08a24', fg: '#fff' },
  yellow: { label: '黄色', hint: '一般风险', bg: '#f5d21f', fg: '#4a3b00' },
  blue: { label: '蓝色', hint: '低风险', bg: '#2f7de1', fg: '#fff' },
}

export const ENTERPRISE_STATUSES = {
  active: { label: '正常', type: 'success' },
  closed: { label: '已注销', type: 'info' },
  voided: { label: '已作废', type: 'danger' },
}

export const USER_STATUSES = {
  active: { label: '正常', type: 'success' },
  locked: { label: '已锁定', type: 'danger' },
}

export const AUDIT_ACTIONS = {
  create: '新增',
  replace: '替换',
  update: '修改',
  transition: '状态变更',
  refer: '移送立案',
  notify: '发送提醒',
  read: '标为已读',
  login: '登录',
  login_failed: '登录失败',
  logout: '退出',
  upload: '上传',
  import: '导入',
  lock: '锁定',
  unlock: '解锁',
  document: '制作文书',
}

export const AUDIT_ENTITIES = {
  enterprise: '企业',
  user: '用户',
  org: '单位',
  attachment: '附件',
  hazard: '隐患',
  inspection: '监督检查',
  inspection_plan: '检查计划',
  standard: '判定标准',
  notification: '提醒',
  case: '执法案件',
  supervision: '督办事项',
  case_settings: '办案设置',
}

/** A code → label map as el-select options. */
export function options(map) {
  return Object.entries(map).map(([value, v]) => ({ value, label: typeof v === 'string' ? v : v.label }))
}

// ---- hazards (隐患排查治理), inspections (监督检查), standards (判定标准) ----

export const HAZARD_STATUSES = {
  reported: { label: '已登记', type: 'danger' },
  rectifying: { label: '整改中', type: 'warning' },
  awaiting_acceptance: { label: '待验收', type: 'primary' },
  closed: { label: '已销号', type: 'success' },
  voided: { label: '已作废', type: 'info' },
}

export const HAZARD_LEVELS = {
  general: { label: '一般隐患', type: 'warning' },
  major: { label: '重大事故隐患', type: 'danger' },
}

export const HAZARD_SOURCES = {
  self_inspection: '企业自查',
  government_inspection: '政府检查',
  complaint: '举报投诉',
  accident_investigation: '事故调查',
  other: '其他',
}

/** The transitions of a hazard (and `create`, its first event). */
export const HAZARD_ACTIONS = {
  create: { label: '登记隐患' },
  create_closed: { label: '登记隐患（即查即改）' },
  submit_plan: { label: '提交整改方案', type: 'primary' },
  submit_done: { label: '提交整改完成', type: 'primary' },
  accept: { label: '验收通过', type: 'success' },
  reject: { label: '验收不通过', type: 'warning' },
  void: { label: '作废', type: 'danger' },
}

export const INSPECTION_KINDS = {
  routine: '日常检查',
  campaign: '专项检查',
  concentrated: '集中检查',
  joint: '联合检查',
  cross: '交叉检查',
  supervisory: '督导检查',
  self: '企业自查',
}

/** The kinds a government body records (at least two officers with certificates). */
export const GOVERNMENT_KINDS = Object.fromEntries(
  Object.entries(INSPECTION_KINDS).filter(([k]) => k !== 'self'),
)

export const ITEM_RESULTS = {
  pass: { label: '合格', type: 'success' },
  fail: { label: '不合格', type: 'danger' },
  na: { label: '不涉及', type: 'info' },
}

export const STANDARD_COMPLETENESS = {
  complete: { label: '完整', type: 'success', hint: '条目已全部收录' },
  partial: { label: '部分', type: 'warning', hint: '仅收录部分条目，未收录的情形须查阅原文' },
  metadata_only: { label: '仅元数据', type: 'danger', hint: '尚未收录条目，须查阅原文' },
}

export const NOTIFICATION_KINDS = {
  hazard_due_soon: { label: '整改期限将至', type: 'warning' },
  hazard_overdue: { label: '整改逾期', type: 'danger' },
  supervision_issued: { label: '督办下达', type: 'primary' },
  supervision_due_soon: { label: '督办期限将至', type: 'warning' },
  supervision_overdue: { label: '督办逾期', type: 'danger' },
}

export const STATS_GROUPS = {
  region: '按区域',
  sector: '按行业',
  month: '按月份',
  level: '按等级',
  source: '按来源',
}

// ---- law-enforcement cases (执法办案) ----

export const CASE_STATUSES = {
  filed: { label: '已立案', type: 'info' },
  investigating: { label: '调查取证', type: 'primary' },
  legal_review: { label: '法制审核', type: 'warning' },
  notified: { label: '已告知', type: 'warning' },
  hearing: { label: '听证', type: 'warning' },
  decided: { label: '已决定', type: 'primary' },
  executing: { label: '执行中', type: 'primary' },
  closed: { label: '已结案', type: 'success' },
  not_penalized: { label: '不予处罚', type: 'info' },
  transferred: { label: '已移送', type: 'info' },
  revoked: { label: '已撤销', type: 'info' },
}

export const CASE_MODES = {
  routine: '日常执法',
  campaign: '专项执法',
  concentrated: '集中执法',
  joint: '联合执法',
}

export const CASE_SOURCES = {
  inspection: '监督检查',
  complaint: '举报投诉',
  accident: '事故调查',
  referral: '移送',
  other: '其他',
}

export const PENALTY_KINDS = {
  warning: '警告',
  fine: '罚款',
  confiscation: '没收违法所得',
  suspension: '责令停产停业',
  license: '暂扣或吊销证照',
  closure: '关闭',
}

export const PENALTY_TARGETS = {
  unit: '单位',
  principal: '主要负责人',
  persons: '直接负责的主管人员和其他直接责任人员',
  investor: '个人经营的投资人',
}

/** The stages (情形) of the provisions' penalty rules; the catalog sends `stage_label` too. */
export const PENALTY_STAGES = {
  initial: '责令限期改正时',
  overdue_uncorrected: '逾期未改正',
  refuse: '拒不改正/拒不执行',
  accident: '导致发生生产安全事故',
  aggravated: '情节特别严重、影响特别恶劣',
  serious: '情节严重',
  fled: '逃匿',
  illegal_income_ge_100k: '违法所得十万元以上',
  illegal_income_lt_100k: '没有违法所得或者违法所得不足十万元',
  any: '不分阶段',
}

export const ACCIDENT_GRADES = {
  general: '一般事故',
  larger: '较大事故',
  major: '重大事故',
  especially_major: '特别重大事故',
}

/** The transitions of a case (and `file`, its first event). */
export const CASE_ACTIONS = {
  file: { label: '立案' },
  update: { label: '补充调查', type: 'default' },
  investigate: { label: '开始调查', type: 'primary' },
  submit_review: { label: '提交法制审核', type: 'primary' },
  review_approve: { label: '审核通过', type: 'success' },
  review_return: { label: '退回补充', type: 'warning' },
  notify: { label: '送达告知书', type: 'primary' },
  waive: { label: '放弃陈述申辩/听证', type: 'default' },
  request_hearing: { label: '申请听证', type: 'warning' },
  schedule_hearing: { label: '安排听证', type: 'primary' },
  record_hearing: { label: '记录听证', type: 'primary' },
  extend: { label: '延长办案期限', type: 'default' },
  decide: { label: '作出处罚决定', type: 'danger' },
  serve: { label: '送达决定书', type: 'primary' },
  execute: { label: '记录执行', type: 'primary' },
  close: { label: '结案', type: 'success' },
  not_penalize: { label: '不予处罚', type: 'warning' },
  transfer: { label: '移送', type: 'warning' },
  revoke: { label: '撤销立案', type: 'danger' },
  document: { label: '制作文书' },
}

/** The case documents (POST /cases/{id}/documents) and the states from which each can be made. */
export const CASE_DOCUMENTS = {
  filing: {
    label: '立案审批表',
    reached: ['filed', 'investigating', 'legal_review', 'notified', 'hearing', 'decided', 'executing', 'closed'],
  },
  notice: { label: '行政处罚告知书', reached: ['notified', 'hearing', 'decided', 'executing', 'closed'] },
  decision: { label: '行政处罚决定书', reached: ['decided', 'executing', 'closed'] },
  closing: { label: '结案报告', reached: ['closed', 'not_penalized', 'transferred'] },
}

export const DOCUMENT_FORMATS = { docx: 'Word', pdf: 'PDF' }

// ---- supervision actions (督办问责) ----

export const SUPERVISION_KINDS = {
  listing: { label: '挂牌督办', type: 'danger' },
  interview: { label: '约谈', type: 'warning' },
  warning: { label: '警示提醒', type: 'warning' },
  notice: { label: '考核通报', type: 'primary' },
  inspection: { label: '督导检查', type: 'info' },
}

export const SUPERVISION_TARGETS = {
  region: '地区',
  org: '机关',
  enterprise: '企业',
  hazard: '隐患',
  accident: '事故',
}

/** Statuses; a closed listing (挂牌督办) reads 已摘牌 (see supervisionStatus). */
export const SUPERVISION_STATUSES = {
  issued: { label: '已下达', type: 'warning' },
  responded: { label: '已反馈', type: 'primary' },
  closed: { label: '已办结', type: 'success' },
}

/** The status of a supervision as {label, type}: a closed listing is 已摘牌. */
export function supervisionStatus(s) {
  if (s?.status === 'closed' && s.kind === 'listing') return { label: '已摘牌', type: 'success' }
  return SUPERVISION_STATUSES[s?.status] ?? { label: s?.status ?? '', type: 'info' }
}

/** The transitions of a supervision (and `issue`, its first event, `delist` the automatic close). */
export const SUPERVISION_ACTIONS = {
  issue: { label: '下达' },
  respond: { label: '反馈', type: 'primary' },
  return: { label: '退回', type: 'warning' },
  close: { label: '办结', type: 'success' },
  delist: { label: '自动摘牌' },
}

/** The label of a supervision action; closing a listing is 摘牌. */
export function supervisionActionLabel(action, kind) {
  if (action === 'close' && kind === 'listing') return '摘牌'
  return SUPERVISION_ACTIONS[action]?.label ?? action
}

// ---- accidents (生产安全事故) ----

/**
 * The grades of 条例第三条 as tags, coloured as the four-colour convention: 特别重大 red,
 * 重大 orange, 较大 yellow, 一般 blue (labels as ACCIDENT_GRADES).
 */
export const ACCIDENT_GRADE_TAGS = {
  general: { label: '一般事故', bg: '#2f7de1', fg: '#fff' },
  larger: { label: '较大事故', bg: '#f5d21f', fg: '#4a3b00' },
  major: { label: '重大事故', bg: '#f08a24', fg: '#fff' },
  especially_major: { label: '特别重大事故', bg: '#d9363e', fg: '#fff' },
}

/** The criterion that decided an accident's grade (`grade_by`). */
export const ACCIDENT_GRADE_BY = {
  deaths: '死亡人数',
  serious_injuries: '重伤人数',
  direct_loss: '直接经济损失',
  none: '—',
}

/** The 20 categories of GB 6441, as the server takes them (the codes are the names). */
export const ACCIDENT_TYPES = [
  '物体打击',
  '车辆伤害',
  '机械伤害',
  '起重伤害',
  '触电',
  '淹溺',
  '灼烫',
  '火灾',
  '高处坠落',
  '坍塌',
  '冒顶片帮',
  '透水',
  '放炮',
  '火药爆炸',
  '瓦斯爆炸',
  '锅炉爆炸',
  '容器爆炸',
  '其它爆炸',
  '中毒和窒息',
  '其它伤害',
]

/** The events of an accident: `report` (its record) and the transitions. */
export const ACCIDENT_ACTIONS = {
  report: { label: '事故报告' },
  update_casualties: { label: '补报伤亡', type: 'primary' },
  extend_investigation: { label: '延长调查期限', type: 'warning' },
  submit_report: { label: '提交调查报告', type: 'success' },
}

export const ACCIDENT_STATS_GROUPS = {
  grade: '按事故等级',
  type: '按事故类别',
  region: '按区域',
  month: '按月份',
}

AUDIT_ENTITIES.accident = '生产安全事故'

// ---- publicity and training (宣传培训) ----

/** Activity kinds (DOMAIN.md), with tag colours for the register. */
export const ACTIVITY_KINDS = {
  official_training: { label: '专题培训', type: 'primary' },
  lecture: { label: '安全生产宣讲', type: 'success' },
  five_into: { label: '五进', type: 'warning' },
  principal_training: { label: '重点领域企业负责人培训', type: 'primary' },
  standard_briefing: { label: '重大事故隐患判定标准宣贯解读', type: 'primary' },
  evacuation_drill: { label: '疏散逃生演练', type: 'danger' },
  rural_safety: { label: '农牧机械、沼气、自建房安全宣教', type: 'success' },
  door_to_door: { label: '进门入户送安全', type: 'warning' },
  school_check: { label: '校舍安全隐患排查', type: 'info' },
  school_drill: { label: '学校避险逃生培训和演练', type: 'danger' },
  campaign: { label: '防灾减灾日、安全生产月、消防宣传月', type: 'success' },
  expert_service: { label: '技术服务', type: 'info' },
  competition: { label: '执法比武', type: 'info' },
}

/** The targets of 五进 (`target`). */
export const FIVE_INTO_TARGETS = {
  community: '社区',
  enterprise: '企业',
  school: '学校',
  village: '农村',
  family: '家庭',
  government: '机关',
  public_place: '公共场所',
}

export const ACTIVITY_STATS_GROUPS = { kind: '按活动类型', region: '按区域', month: '按月份' }

// ---- responsibilities and tasks (责任体系) ----

export const PLAN_KINDS = {
  action_plan: { label: '行动方案', type: 'danger' },
  annual_tasks: { label: '年度任务清单', type: 'primary' },
  special: { label: '专项方案', type: 'warning' },
}

export const TASK_STATUSES = {
  assigned: { label: '待启动', type: 'info' },
  in_progress: { label: '进行中', type: 'primary' },
  done: { label: '已完成', type: 'success' },
}

/** The events of a task: `assign` (its record) and the transitions. */
export const TASK_ACTIONS = {
  assign: { label: '下达任务' },
  start: { label: '启动', type: 'primary' },
  report: { label: '报告进展', type: 'primary' },
  complete: { label: '完成', type: 'success' },
  reopen: { label: '重新打开', type: 'warning' },
}

/** Duty kinds: an org's 三个必须, or an enterprise post (全员安全生产责任制). */
export const DUTY_KINDS = {
  industry: '管行业',
  business: '管业务',
  production: '管生产经营',
  post: '岗位职责',
}

export const DUTY_STATUSES = {
  active: { label: '有效', type: 'success' },
  retired: { label: '已废止', type: 'info' },
}

export const ASSESSMENT_STATUSES = {
  draft: { label: '草稿', type: 'warning' },
  final: { label: '已定档', type: 'success' },
}

export const ASSESSMENT_GRADES = {
  excellent: { label: '优秀', type: 'success' },
  pass: { label: '合格', type: 'primary' },
  fail: { label: '不合格', type: 'danger' },
}

Object.assign(AUDIT_ENTITIES, { activity: '宣传培训活动', plan: '方案', task: '任务', duty: '职责清单', assessment: '考核' })
Object.assign(NOTIFICATION_KINDS, {
  task_assigned: { label: '任务下达', type: 'primary' },
  task_due_soon: { label: '任务期限将至', type: 'warning' },
  task_overdue: { label: '任务逾期', type: 'danger' },
})
