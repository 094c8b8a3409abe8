// Thin wrapper over fetch for /api/v1. The session is the HttpOnly cookie the server
// sets at login; this module never sees a token.

const BASE = '/api/v1'

const STATUS_TEXT = {
  400: '请求有误',
  401: '未登录或登录已过期，请重新登录',
  403: '没有权限执行此操作',
  404: '记录不存在或不在您的管辖范围内',
  409: '数据冲突',
  413: '提交的内容过大',
  415: '不支持的文件类型',
  422: '填写内容有误，请检查',
  423: '账户已锁定，请15分钟后再试',
  429: '操作过于频繁，请稍后再试',
  500: '服务器内部错误',
  503: '服务器繁忙，请稍后再试',
}

export class ApiError extends Error {
  constructor(status, { code, message, fields } = {}) {
    super(message || STATUS_TEXT[status] || `请求失败（HTTP ${status}）`)
    this.status = status
    this.code = code || 'http_error'
    this.fields = fields || []
  }
}

let onUnauthorized = () => window.location.assign('/login')

/** Sets what happens when the server answers 401 (the app routes to the login page). */
export function setUnauthorizedHandler(fn) {
  onUnauthorized = fn
}

/** The URL of an API path with the non-empty values of `query` as parameters. */
export function apiUrl(path, query = {}) {
  const params = new URLSearchParams()
  for (const [k, v] of Object.entries(query)) {
    if (v !== undefined && v !== null && v !== '') params.append(k, v)
  }
  const qs = params.toString()
  return BASE + path + (qs ? `?${qs}` : '')
}

/**
 * Sends one request; resolves to the parsed JSON body (null for 204) or throws an
 * ApiError. `quiet401` leaves a 401 to the caller (login, session probe) instead of
 * sending the user to the login page.
 */
export async function request(method, path, { query, body, quiet401 = false } = {}) {
  const headers = { Accept: 'application/json' }
  if (body !== undefined) headers['Content-Type'] = 'application/json'
  let res
  try {
    res = await fetch(apiUrl(path, query), {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
    })
  } catch {
    throw new ApiError(0, { code: 'network', message: '无法连接服务器，请检查网络' })
  }
  const data = await readJson(res)
  if (res.ok) return data
  if (res.status === 401 && !quiet401) onUnauthorized()
  throw new ApiError(res.status, errorOf(data))
}

/** The error of an answer: `{error: {…}}`, or a bare `{errors: [{field, message}]}`. */
function errorOf(data) {
  if (data?.error) return data.error
  if (Array.isArray(data?.errors)) return { code: 'validation_failed', message: data.errors.map((e) => e.message).join('；'), fields: data.errors }
  return undefined
}

async function readJson(res) {
  if (res.status === 204) return null
  const text = await res.text()
  if (!text) return null
  try {
    return JSON.parse(text)
  } catch {
    return null
  }
}

export const api = {
  get: (path, query, opts) => request('GET', path, { ...opts, query }),
  post: (path, body, opts) => request('POST', path, { ...opts, body }),
  patch: (path, body, opts) => request('PATCH', path, { ...opts, body }),
  put: (path, body, opts) => request('PUT', path, { ...opts, body }),
  del: (path, opts) => request('DELETE', path, opts),
}

/** GETs a text document (e.g. Markdown); resolves to its text or throws an ApiError. */
export async function getText(path, query) {
  let res
  try {
    res = await fetch(apiUrl(path, query), { credentials: 'same-origin', headers: { Accept: 'text/*' } })
  } catch {
    throw new ApiError(0, { code: 'network', message: '无法连接服务器，请检查网络' })
  }
  if (res.ok) return res.text()
  const data = await readJson(res)
  if (res.status === 401) onUnauthorized()
  throw new ApiError(res.status, errorOf(data))
}

/** The URL of an attachment's file (`download` to save it rather than show it). */
export function attachmentUrl(id, download = false) {
  return apiUrl(`/attachments/${id}`, download ? { download: 1 } : {})
}

/**
 * Uploads one File as the raw body of POST /attachments (its name in ?filename=);
 * resolves to the attachment's metadata ({id, …}) or throws an ApiError.
 */
export async function uploadFile(file, query = {}) {
  let res
  try {
    res = await fetch(apiUrl('/attachments', { ...query, filename: file.name }), {
      method: 'POST',
      headers: { Accept: 'application/json', 'Content-Type': file.type || 'application/octet-stream' },
      credentials: 'same-origin',
      body: file,
    })
  } catch {
    throw new ApiError(0, { code: 'network', message: '无法连接服务器，请检查网络' })
  }
  const data = await readJson(res)
  if (res.ok) return data
  if (res.status === 401) onUnauthorized()
  throw new ApiError(res.status, data?.error)
}

/** The file name of a Content-Disposition header: its `filename*` (RFC 5987) or `filename`. */
export function dispositionFilename(header) {
  if (!header) return ''
  const star = /filename\*\s*=\s*([^']*)'[^']*'([^;]+)/i.exec(header)
  if (star) {
    try {
      return decodeURIComponent(star[2].trim().replace(/^"|"$/g, ''))
    } catch {
      // a malformed escape: fall back to the plain name
    }
  }
  const plain = /filename\s*=\s*("([^"]*)"|[^;]+)/i.exec(header)
  return plain ? (plain[2] ?? plain[1]).trim() : ''
}

/**
 * POSTs `body` (JSON) to a route that answers with a file, and saves that file in the
 * browser under the name of its Content-Disposition (or `fallbackName`); resolves to that
 * name, or throws an ApiError with the server's message.
 */
export async function postAndDownload(path, body, fallbackName = 'download') {
  let res
  try {
    res = await fetch(apiUrl(path), {
      method: 'POST',
      headers: { Accept: '*/*', 'Content-Type': 'application/json' },
      credentials: 'same-origin',
      body: JSON.stringify(body),
    })
  } catch {
    throw new ApiError(0, { code: 'network', message: '无法连接服务器，请检查网络' })
  }
  if (!res.ok) {
    const data = await readJson(res)
    if (res.status === 401) onUnauthorized()
    throw new ApiError(res.status, data?.error)
  }
  const blob = await res.blob()
  const name = dispositionFilename(res.headers.get('Content-Disposition')) || fallbackName
  saveBlob(blob, name)
  return name
}

/** Lets the browser save `blob` as a file named `name`. */
export function saveBlob(blob, name) {
  const url = URL.createObjectURL(blob)
  const a = document.createElement('a')
  a.href = url
  a.download = name
  a.style.display = 'none'
  document.body.appendChild(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(url), 60000)
}
