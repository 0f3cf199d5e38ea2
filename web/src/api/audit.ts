import { http, type Query } from './http'
import type { AuditEntry, AuditVerifyResult, Job, Page } from './types'

export interface AuditFilters {
  actor: string
  action: string
  result: string
  object_type: string
  from: string
  to: string
  q: string
}

/** Drops empty filters so that the query string and the export body stay minimal. */
export function compactFilters(f: AuditFilters): Partial<AuditFilters> {
  const out: Partial<AuditFilters> = {}
  for (const [k, v] of Object.entries(f) as [keyof AuditFilters, string][]) {
    if (v) out[k] = v
  }
  return out
}

export const auditApi = {
  list: (q: Query) => http.get<Page<AuditEntry>>('/api/v1/audit', q),
  verify: () => http.post<AuditVerifyResult>('/api/v1/audit/verify', {}),
  exportJob: (f: AuditFilters) => http.post<Job>('/api/v1/audit/export', compactFilters(f)),
}
