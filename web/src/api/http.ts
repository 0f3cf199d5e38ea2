// Thin fetch wrapper implementing the conventions of docs/api.md:
// same-origin cookies, X-CSRF-Token on state-changing requests, the error envelope
// and a redirect to the login page on 401.

export interface FieldError {
  field: string
  message: string
}

export class ApiError extends Error {
  readonly status: number
  readonly code: string
  readonly fields: FieldError[]

  constructor(status: number, code: string, message: string, fields: FieldError[] = []) {
    super(message)
    this.name = 'ApiError'
    this.status = status
    this.code = code
    this.fields = fields
  }

  /** Message for a single form field, if the server named one. */
  fieldMessage(field: string): string {
    return this.fields.find((f) => f.field === field)?.message ?? ''
  }
}

export type Query = Record<string, string | number | boolean | null | undefined>

interface HttpHooks {
  csrfToken: () => string
  onUnauthorized: (path: string) => void
}

let hooks: HttpHooks = {
  csrfToken: () => '',
  onUnauthorized: () => {},
}

export function configureHttp(h: HttpHooks): void {
  hooks = h
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

const STATUS_MESSAGES: Record<number, string> = {
  400: '请求参数有误',
  401: '登录已失效，请重新登录',
  403: '无权执行此操作',
  404: '请求的对象不存在',
  409: '操作冲突',
  413: '提交的内容过大',
  423: '账号已被锁定',
  429: '请求过于频繁，请稍后再试',
  500: '服务器内部错误',
}

export function buildQuery(query?: Query): string {
  if (!query) return ''
  const params = new URLSearchParams()
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null || v === '') continue
    params.append(k, String(v))
  }
  const s = params.toString()
  return s ? `?${s}` : ''
}

async function parseError(res: Response): Promise<ApiError> {
  let code = 'internal'
  let message = STATUS_MESSAGES[res.status] ?? `请求失败（${res.status}）`
  let fields: FieldError[] = []
  try {
    const body = await res.json()
    if (body && typeof body === 'object' && body.error) {
      code = body.error.code || code
      message = body.error.message || message
      fields = Array.isArray(body.error.fields) ? body.error.fields : []
    }
  } catch {
    // Non-JSON error body: keep the generic message for the status.
  }
  return new ApiError(res.status, code, message, fields)
}

export interface RequestOptions {
  query?: Query
  body?: unknown
}

export async function request<T>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' }
  const init: RequestInit = { method, credentials: 'same-origin', headers }
  if (opts.body instanceof FormData) {
    // The browser sets multipart/form-data with its boundary.
    init.body = opts.body
  } else if (opts.body !== undefined) {
    headers['Content-Type'] = 'application/json'
    init.body = JSON.stringify(opts.body)
  }
  if (UNSAFE.has(method)) {
    const token = hooks.csrfToken()
    if (token) headers['X-CSRF-Token'] = token
  }

  let res: Response
  try {
    res = await fetch(path + buildQuery(opts.query), init)
  } catch {
    throw new ApiError(0, 'network', '无法连接服务器，请检查网络')
  }

  if (!res.ok) {
    const err = await parseError(res)
    if (res.status === 401) hooks.onUnauthorized(path)
    throw err
  }
  if (res.status === 204) return undefined as T
  const text = await res.text()
  return (text ? JSON.parse(text) : undefined) as T
}

/** The file name of a Content-Disposition header (RFC 6266, filename* preferred). */
function dispositionName(header: string | null): string | undefined {
  if (!header) return undefined
  const star = /filename\*=UTF-8''([^;]+)/i.exec(header)
  if (star) {
    try {
      return decodeURIComponent(star[1].trim())
    } catch {
      // Fall through to the plain parameter.
    }
  }
  return /filename="?([^";]+)"?/i.exec(header)?.[1]
}

/**
 * Downloads a file through fetch so that an error answer is reported (as an ApiError) instead of
 * being saved as the file.
 */
export async function download(path: string, fallbackName: string): Promise<void> {
  let res: Response
  try {
    res = await fetch(path, { credentials: 'same-origin' })
  } catch {
    throw new ApiError(0, 'network', '无法连接服务器，请检查网络')
  }
  if (!res.ok) {
    const err = await parseError(res)
    if (res.status === 401) hooks.onUnauthorized(path)
    throw err
  }
  const url = URL.createObjectURL(await res.blob())
  const a = document.createElement('a')
  a.href = url
  a.download = dispositionName(res.headers.get('Content-Disposition')) ?? fallbackName
  document.body.appendChild(a)
  a.click()
  a.remove()
  window.setTimeout(() => URL.revokeObjectURL(url), 60_000)
}

export const http = {
  get: <T>(path: string, query?: Query) => request<T>('GET', path, { query }),
  post: <T>(path: string, body: unknown = {}) => request<T>('POST', path, { body }),
  put: <T>(path: string, body: unknown) => request<T>('PUT', path, { body }),
  patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, { body }),
  del: <T = void>(path: string) => request<T>('DELETE', path),
  /** POST of a multipart form (file uploads). */
  upload: <T>(path: string, form: FormData, query?: Query) => request<T>('POST', path, { body: form, query }),
}
