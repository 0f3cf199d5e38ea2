import { download, http } from './http'
import type { Items } from './types'

export type Level = 'kindergarten' | 'primary' | 'junior' | 'senior'

export const LEVEL_NAMES: Record<string, string> = { kindergarten: '幼儿园', primary: '小学', junior: '初中', senior: '高中' }

export interface Indicator {
  id: string
  name: string
  level: Level
  numerator: string
  denominator: string
  factor: number
  comparator: '>=' | '<='
  threshold: number
  unit: string
  policy: string
  version: string
  scope: 'school' | 'district' | 'district_only'
  cv_limit?: number
}

export interface Gap {
  aggregate: string
  label: string
  amount: number
  exact: number
  unit: string
  text: string
}

export interface SchoolValue {
  school_id: string
  school_name: string
  value: number
  defined: boolean
  met: boolean
  ratio: number
  gap?: Gap
}

export interface IndicatorResult {
  indicator: Indicator
  district_value: number
  district_defined: boolean
  district_met: boolean
  district_gap?: Gap
  cv: number
  cv_defined: boolean
  cv_pass: boolean
  schools: SchoolValue[]
  met_schools: number
  pass: boolean
}

export interface SchoolResult {
  school_id: string
  school_name: string
  level: Level
  evaluated: number
  met_count: number
  unmet: string[]
  pass: boolean
  reason?: string
}

export interface Report {
  set_id: string
  set_name: string
  set_version: string
  indicators: IndicatorResult[]
  schools: SchoolResult[]
  excluded: { school_id: string; school_name: string; level: Level; reason: string }[]
  pass: boolean
  failures: string[]
}

export interface IndicatorGap {
  indicator_id: string
  name: string
  value: number
  threshold: number
  unit: string
  ratio: number
  gap?: Gap
}

export interface FailingSchool {
  school_id: string
  school_name: string
  level: Level
  pass: boolean
  reason?: string
  gaps: IndicatorGap[]
}

export interface CVFigure {
  indicator_id: string
  name: string
  cv: number
  defined: boolean
  limit: number
  pass: boolean
}

export interface LevelFigures {
  level: Level
  level_name: string
  schools: number
  passing: number
  failing: number
  cvs: CVFigure[]
  cv_passing: number
}

export interface BalanceFigures {
  year: number
  set_name: string
  levels: LevelFigures[]
  excluded: number
  pass: boolean
  failures: string[]
}

export interface PreschoolFigure {
  indicator_id: string
  name: string
  value: number
  defined: boolean
  threshold: number
  comparator: string
  unit: string
  met: boolean
  gap?: string
}

export interface PreschoolFigures {
  year: number
  kindergartens: number
  children: number
  resident_children_3_5: number
  indicators: PreschoolFigure[]
  pass: boolean
}

export interface StaffResult {
  school_id: string
  school_name: string
  quota_exact: number
  quota: number
  staff: number
  diff: number
  status: string
}

export interface StaffConfig {
  ratios: Record<string, number>
  rounding: 'half_up' | 'up' | 'down'
}

export interface StaffReport {
  config: StaffConfig
  schools: StaffResult[]
  quota: number
  staff: number
  diff: number
  over: number
  short: number
  over_schools: number
  short_schools: number
}

export interface SizeCheck {
  school_id: string
  school_name: string
  students: number
  limit: number
  met: boolean
  gap?: string
}

export interface ManualEntry {
  year: number
  item: string
  name: string
  met: boolean
  value: string
  evidence: string
  file_name: string
  file_data?: string
  updated_by?: string
  updated_at?: number
}

export interface SetBrief {
  id: string
  name: string
  source: string
  version: string
}

export interface SchoolBrief {
  id: string
  name: string
  type: string
  zone_id: string
}

export interface Scorecard {
  year: number
  scope: 'district' | 'zone' | 'school'
  district_hidden: boolean
  balance_set: SetBrief
  balance: Report
  figures?: BalanceFigures
  failing: FailingSchool[]
  guarantee_set: SetBrief
  guarantee: Report
  sizes: SizeCheck[]
  manual: ManualEntry[]
  preschool_set: SetBrief
  preschool: Report
  preschool_figures?: PreschoolFigures
  staffing: StaffReport
  schools: SchoolBrief[]
}

export interface TrendPoint {
  year: number
  balance?: BalanceFigures
  preschool?: PreschoolFigures
  staffing?: { quota: number; staff: number; over: number; short: number; over_schools: number; short_schools: number }
  schools: SchoolResult[]
}

export interface StaffRecord {
  staff_no: string
  name: string
  stage: string
  post: string
  education: string
  subjects: string
  backbone: string
  teacher_cert: boolean
  training_hours: number
  on_payroll: boolean
  weight: number
}

export interface ClassRecord {
  name: string
  grade: number
  students: number
  limit: number
  compliant: boolean
}

export interface Records {
  school_id: string
  school_name: string
  level: Level
  aggregate: string
  label: string
  unit: string
  value: number
  kind: 'staff' | 'classes' | 'facility'
  source: string
  masked: boolean
  staff?: StaffRecord[]
  classes?: ClassRecord[]
  facility_value?: number
  share: number
}

export interface SchoolRef {
  id: string
  level?: Level
}

export interface SchoolFacts {
  id: string
  name: string
  type: string
  level: Level
  students: number
  aggregates: Record<string, number>
}

export interface Change {
  kind: 'move' | 'add' | 'new_school'
  from?: SchoolRef
  to?: SchoolRef
  aggregate?: string
  amount?: number
  school?: SchoolFacts
}

export interface Flip {
  kind: 'school' | 'cv' | 'district'
  school_id?: string
  level?: Level
  indicator_id?: string
  before: boolean
  after: boolean
}

export interface Scenario {
  changes: Change[]
  before: Report
  after: Report
  flips: Flip[]
}

export interface Plan {
  id: string
  year: number
  set_id: string
  name: string
  changes: Change[]
  author_name: string
  created_at: number
}

export interface Aggregate {
  name: string
  label: string
  unit: string
  whole: boolean
  levels: Level[]
  district_only?: boolean
}

export interface IndicatorSet {
  id: string
  name: string
  policy: string
  version: string
  indicators: Indicator[]
  school_rule?: { max_unmet: number; unmet_floor: number }
}

export interface StoredSet {
  id: string
  base: string
  source: 'national' | 'province' | 'district'
  active: boolean
  extra: IndicatorSet
  effective: IndicatorSet
  updated_by?: string
  updated_at?: number
}

export interface SetInput {
  id: string
  base: string
  source: string
  name: string
  policy: string
  version: string
  active: boolean
  indicators: Indicator[]
}

export interface Population {
  year: number
  children_3_5: number
  source: string
  updated_by?: string
}

const base = '/api/v1/indicators'

export const indicatorsApi = {
  scorecard: (year?: number) => http.get<Scorecard>(`${base}/scorecard`, { year }),
  trend: () => http.get<Items<TrendPoint>>(`${base}/trend`),
  records: (year: number, school: string, level: Level, aggregate: string) =>
    http.get<Records>(`${base}/records`, { year, school, level, aggregate }),
  exportExcel: (year: number) => download(`${base}/export?year=${year}`, `督导评估指标_${year}.xlsx`),
  whatIf: (year: number, changes: Change[]) => http.post<Scenario>(`${base}/whatif`, { year, changes }),
  plans: (year?: number) => http.get<Items<Plan>>(`${base}/plans`, { year }),
  savePlan: (name: string, year: number, changes: Change[]) => http.post<Plan>(`${base}/plans`, { name, year, changes }),
  openPlan: (id: string) => http.get<{ plan: Plan; scenario?: Scenario; error?: string }>(`${base}/plans/${id}`),
  deletePlan: (id: string) => http.del(`${base}/plans/${id}`),
  sets: () => http.get<{ items: StoredSet[]; catalog: Aggregate[]; manual_items: { id: string; name: string }[] }>(`${base}/sets`),
  createSet: (s: SetInput) => http.post<StoredSet>(`${base}/sets`, s),
  updateSet: (s: SetInput) => http.put<StoredSet>(`${base}/sets/${encodeURIComponent(s.id)}`, s),
  deleteSet: (id: string) => http.del(`${base}/sets/${encodeURIComponent(id)}`),
  population: () => http.get<Items<Population>>(`${base}/population`),
  savePopulation: (p: Population) => http.put<Population>(`${base}/population/${p.year}`, p),
  saveManual: (e: ManualEntry) => http.put<ManualEntry>(`${base}/manual/${e.year}/${e.item}`, e),
  staffConfig: () => http.get<StaffConfig>(`${base}/staffing-config`),
  saveStaffConfig: (c: StaffConfig) => http.put<StaffConfig>(`${base}/staffing-config`, c),
}

/** A value rounded for display, with thousands separators. */
export function fmt(v: number, digits = 2): string {
  return v.toLocaleString('zh-CN', { maximumFractionDigits: digits })
}
