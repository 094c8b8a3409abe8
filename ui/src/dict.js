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
  update: '修改',
  transition: '状态变更',
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
}

/** A code → label map as el-select options. */
export function options(map) {
  return Object.entries(map).map(([value, v]) => ({ value, label: typeof v === 'string' ? v : v.label }))
}
