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
}

export const STATS_GROUPS = {
  region: '按区域',
  sector: '按行业',
  month: '按月份',
  level: '按等级',
  source: '按来源',
}
