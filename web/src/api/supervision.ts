import { http, type Query } from './http'
import type { Items, Page } from './types'

export type Period = 'week' | 'month' | 'quarter'

export interface SupervisionOptions {
  checklist: string[]
  hazard_categories: string[]
  other_categories: string[]
  severities: string[]
  conclusions: string[]
  periods: Period[]
}

export interface VisitRule {
  inspector_min: number
  inspector_period: Period
  school_min: number
  school_period: Period
}

export interface InspectorRef {
  id: number
  name: string
}

export interface SupervisionZone {
  id: number
  name: string
  schools: number
  inspectors: InspectorRef[]
  rule: VisitRule
  rule_text: string
  rule_stored: boolean
}

export interface Finding {
  id: number
  seq: number
  category: string
  severity: string
  description: string
  hazard_id: number
}

export interface Visit {
  id: number
  school_id: number
  school_name: string
  zone_id: number
  inspector_id: number
  inspector_name: string
  date: string
  items: string[]
  notes: string
  findings: Finding[]
  created_at: string
}

export interface FindingInput {
  category: string
  severity: string
  description: string
}

export interface VisitInput {
  school_id: number
  date: string
  items: string[]
  notes: string
  findings: FindingInput[]
  inspector_id?: number
}

export interface SchoolCoverage {
  id: number
  name: string
  visits: number
  last_visit: string
  periods: number
  short_in: string[]
  not_visited: boolean
  below_rule: boolean
  requirement: string
}

export interface InspectorCoverage {
  id: number
  name: string
  visits: number
  schools: number
  periods: number
  short_in: string[]
  below_rule: boolean
  requirement: string
}

export interface ZoneCoverage {
  zone_id: number
  zone_name: string
  rule: VisitRule
  schools: SchoolCoverage[]
  inspectors: InspectorCoverage[]
  not_visited: number
  schools_below: number
  inspectors_below: number
}

export interface CoverageReport {
  from: string
  to: string
  zones: ZoneCoverage[]
  schools: number
  not_visited: number
  schools_below: number
  inspectors: number
  inspectors_below: number
}

export interface PoolMember {
  id: number
  code: string
  name: string
  unit: string
  active: boolean
}

export interface Conflict {
  id: number
  pool_id: number
  inspector_code: string
  inspector_name: string
  target_id: string
  target_name: string
  reason: string
  declared_at: string
}

export type DrawStatus = 'frozen' | 'announced' | 'drawn' | 'published'

export interface DrawTarget {
  order: number
  target_id: string
  target_name: string
  school_id?: number
  inspector_ids: string[]
  inspector_names: string[]
  conclusion: string
  result: string
  inspected_on: string
}

export interface Draw {
  id: number
  title: string
  population: 'schools' | 'upload'
  filter: string
  n: number
  per_target: number
  status: DrawStatus
  status_name: string
  target_count: number
  pool_size: number
  conflict_count: number
  population_hash: string
  sums: string
  seed: string
  draw_hash: string
  created_at: string
  announced_at: string | null
  drawn_at: string | null
  published_at: string | null
  targets: DrawTarget[]
  inspected: number
}

export interface PublicDraw extends Omit<Draw, 'population' | 'created_at' | 'inspected'> {
  files: string[]
}

export interface DrawInput {
  title: string
  population: 'schools' | 'upload'
  school_types?: string[]
  targets_csv?: string
  n: number
  per_target: number
  pool_ids?: number[]
}

export interface ResultInput {
  conclusion: string
  result: string
  inspected_on: string
}

const base = '/api/v1/supervision'

export const supervisionApi = {
  options: () => http.get<SupervisionOptions>(`${base}/options`),
  zones: () => http.get<Items<SupervisionZone>>(`${base}/zones`),
  setRule: (zoneId: number, r: VisitRule) => http.put<SupervisionZone>(`${base}/zones/${zoneId}/rule`, r),
  visits: (q: Query) => http.get<Page<Visit>>(`${base}/visits`, q),
  visit: (id: number) => http.get<Visit>(`${base}/visits/${id}`),
  createVisit: (v: VisitInput) => http.post<Visit>(`${base}/visits`, v),
  toHazard: (findingId: number) => http.post<Finding>(`${base}/findings/${findingId}/hazard`),
  coverage: (q: Query) => http.get<CoverageReport>(`${base}/coverage`, q),

  pool: () => http.get<Items<PoolMember>>(`${base}/pool`),
  addToPool: (m: { code: string; name: string; unit: string }) => http.post<PoolMember>(`${base}/pool`, m),
  setActive: (id: number, active: boolean) => http.patch<PoolMember>(`${base}/pool/${id}`, { active }),
  conflicts: () => http.get<Items<Conflict>>(`${base}/conflicts`),
  declareConflict: (c: { pool_id: number; target_id: string; target_name: string; reason: string }) =>
    http.post<Conflict>(`${base}/conflicts`, c),
  withdrawConflict: (id: number) => http.del(`${base}/conflicts/${id}`),

  importTargets: (file: File) => {
    const form = new FormData()
    form.append('file', file)
    return http.upload<{ csv: string; count: number }>(`${base}/targets/import`, form)
  },
  draws: () => http.get<Items<Draw>>(`${base}/draws`),
  draw: (id: number) => http.get<Draw>(`${base}/draws/${id}`),
  createDraw: (d: DrawInput) => http.post<Draw>(`${base}/draws`, d),
  announce: (id: number) => http.post<Draw>(`${base}/draws/${id}/announce`),
  seed: (id: number, seed: string) => http.post<Draw>(`${base}/draws/${id}/seed`, { seed }),
  recordResult: (id: number, order: number, r: ResultInput) => http.put<Draw>(`${base}/draws/${id}/targets/${order}`, r),
  publish: (id: number) => http.post<Draw>(`${base}/draws/${id}/publish`),
  fileUrl: (id: number, name: string) => `${base}/draws/${id}/files/${name}`,
}

export const publicDrawsApi = {
  list: () => http.get<Items<PublicDraw>>('/api/v1/public/draws'),
  get: (id: number) => http.get<PublicDraw>(`/api/v1/public/draws/${id}`),
  fileUrl: (id: number, name: string) => `/api/v1/public/draws/${id}/files/${name}`,
}

export const PERIOD_NAMES: Record<Period, string> = { week: '周', month: '月', quarter: '季度' }
