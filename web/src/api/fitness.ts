import { download, http } from './http'
import type { Items, Job } from './types'

export interface Figures {
  school_year: number
  records: number
  exempt: number
  expected: number
  tested: number
  incomplete: number
  excellent: number
  good: number
  pass: number
  fail: number
  test_rate: number
  excellent_rate: number
  good_rate: number
  excellent_good_rate: number
  pass_rate: number
  fail_rate: number
  mean_total: number
}

export interface ItemRate {
  item: string
  name: string
  tested: number
  passed: number
  pass_rate: number
}

export interface Group extends Figures {
  key: string
  name: string
  bmi_measured: number
  overweight: number
  obese: number
  overweight_rate: number
  obese_rate: number
  items: ItemRate[]
  rank?: number
}

export interface TargetCheck {
  metric: string
  name: string
  op: string
  value: number
  actual: number
  met: boolean
}

export interface Stats {
  school_year: number
  total: Group
  by_grade_sex: Group[] | null
  by_grade: Group[] | null
  by_school: Group[]
  by_zone: Group[]
  by_class: Group[]
  trend: Figures[]
  targets: TargetCheck[]
}

export interface FitnessRecord {
  id: string
  student_id: string
  school_year: number
  attempt: number
  standing: boolean
  school_id: string
  class_id: string
  grade: number
  sex: string
  tested_on: string
  values: Record<string, number>
  scores: Record<string, number>
  bonuses?: Record<string, number>
  bmi: number | null
  bmi_category: string
  bonus: number
  standard_score: number | null
  total_score: number | null
  rating: string
  exempt: boolean
  exempt_reason?: string
}

export interface Advice {
  item: string
  name: string
  score: number
  level: string
  text: string
}

export interface StudentInfo {
  id: string
  name: string
  student_no: string
  sex: string
  birth_date: string
  grade: number
  grade_name: string
  school_id: string
  school_name: string
  class_id: string
  class_name: string
}

export interface Dossier {
  student: StudentInfo
  records: FitnessRecord[]
  trend: { school_year: number; grade: number; total_score: number | null; rating: string }[]
  advice: Advice[]
  change: number | null
  direction: string
  graduation_score: number | null
  below_graduation_line: boolean
}

export interface FieldDef {
  key: string
  name: string
  unit: string
  sex?: string
  time: boolean
}

export interface ClassRow {
  student_id: string
  name: string
  student_no: string
  sex: string
  record: FitnessRecord | null
  first_rating?: string
}

export interface ClassSheet {
  class_id: string
  class_name: string
  school_id: string
  school_name: string
  grade: number
  school_year: number
  attempt: number
  fields: FieldDef[]
  rows: ClassRow[]
}

export interface EntryRow {
  student_id: string
  values: Record<string, string>
  exempt: boolean
  exempt_reason: string
}

export interface ClassItem {
  id: string
  name: string
  grade: number
  school_year: number
  students: number
}

export interface Child {
  student_id: string
  name: string
  school_name: string
  grade_name: string
  school_year: number
  total_score: number | null
  rating: string
}

export const fitnessApi = {
  years: () => http.get<{ years: number[]; current: number }>('/api/v1/fitness/years'),
  stats: (q: { year?: number; school_id?: number | string; zone_id?: number | string }) =>
    http.get<Stats>('/api/v1/fitness/stats', q),
  classes: (school_id: number | string, year?: number) => http.get<Items<ClassItem>>('/api/v1/fitness/classes', { school_id, year }),
  classResults: (id: string, year?: number, attempt?: number) =>
    http.get<ClassSheet>(`/api/v1/fitness/classes/${id}/results`, { year, attempt }),
  saveClassResults: (id: string, body: { school_year: number; attempt: number; tested_on: string; rows: EntryRow[] }) =>
    http.put<ClassSheet>(`/api/v1/fitness/classes/${id}/results`, body),
  student: (id: string) => http.get<Dossier>(`/api/v1/fitness/students/${id}`),
  targets: (year?: number) => http.get<{ school_year: number; targets: TargetCheck[] }>('/api/v1/fitness/targets', { year }),
  setTargets: (school_year: number, targets: { metric: string; value: number }[]) =>
    http.put<{ school_year: number; targets: TargetCheck[] }>('/api/v1/fitness/targets', { school_year, targets }),
  template: () => download('/api/v1/fitness/template', '体质健康成绩导入模板.xlsx'),
  import: (form: FormData) => http.upload<Job>('/api/v1/fitness/imports', form),
  export: (school_id: string, school_year: number) => http.post<Job>('/api/v1/fitness/exports', { school_id, school_year }),
  children: () => http.get<Items<Child>>('/api/v1/portal/fitness'),
}

/** A school year as shown: 2025 → "2025—2026学年". */
export function yearLabel(y: number): string {
  return `${y}—${y + 1}学年`
}

export const RATING_TAG: Record<string, 'success' | 'primary' | 'warning' | 'danger' | 'info'> = {
  优秀: 'success',
  良好: 'primary',
  及格: 'warning',
  不及格: 'danger',
  缺测: 'info',
  免测: 'info',
}

/** The 四率一分 with their definitions, shown on the statistics page. */
export const RATE_DEFS: { key: keyof Figures; name: string; unit: string; def: string }[] = [
  { key: 'test_rate', name: '测试率', unit: '%', def: '实测人数 ÷ 应测人数。应测人数 = 本学年有成绩记录的学生 − 免测学生；实测 = 全部必测项目有成绩的学生' },
  { key: 'excellent_rate', name: '优秀率', unit: '%', def: '学年总分 ≥ 90.0 的人数 ÷ 实测人数' },
  { key: 'good_rate', name: '良好率', unit: '%', def: '学年总分 80.0～89.9 的人数 ÷ 实测人数' },
  { key: 'excellent_good_rate', name: '优良率', unit: '%', def: '（优秀 + 良好）人数 ÷ 实测人数' },
  { key: 'pass_rate', name: '合格率（及格率）', unit: '%', def: '学年总分 ≥ 60.0（优秀、良好、及格）的人数 ÷ 实测人数' },
  { key: 'fail_rate', name: '不及格率', unit: '%', def: '学年总分 ≤ 59.9 的人数 ÷ 实测人数' },
  { key: 'mean_total', name: '平均学年总分', unit: '分', def: '实测学生学年总分（标准分 + 附加分）的平均值' },
]
