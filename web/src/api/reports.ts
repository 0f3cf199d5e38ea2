import { http } from './http'
import type { Job } from './types'

export interface Metric {
  key: string
  name: string
  definition: string
  unit: string
  scopes: string[]
  period: string
  source: string
  breakdown: boolean
}

export interface TemplateText {
  kind: string
  name: string
  body: string
  default: boolean
  updated_at: string
}

export interface Run {
  text: string
  fig?: number
}

export interface Chart {
  title: string
  unit: string
  labels: string[]
  values: number[]
  texts: string[]
  figs: number[]
}

export interface DocBlock {
  kind: 'heading' | 'paragraph' | 'chart'
  level?: number
  number?: string
  runs?: Run[]
  chart?: Chart
  line?: number
}

export interface ReportFigure {
  no: number
  metric: string
  name: string
  definition: string
  scope: string
  period: string
  text: string
  unit: string
  source: string
  as_of: string
  line: number
}

export interface TargetRef {
  no: number
  item: string
  text: string
  plan: string
}

export interface ReportDoc {
  title: string
  period: string
  scope: string
  scope_label: string
  issuer: string
  generated_at: string
  blocks: DocBlock[]
  figures: ReportFigure[]
  targets: TargetRef[]
  warnings: string[]
}

export interface Target {
  metric: string
  op: '>=' | '<='
  value: number
  scope?: string
}

export interface Milestone {
  title: string
  due: string
  done: boolean
}

export interface PlanItem {
  title: string
  section: string
  deadline: string
  milestones: Milestone[]
  target?: Target | null
  progress: number
  note: string
}

export interface PlanChapter {
  title: string
  items: PlanItem[]
}

export interface Plan {
  id?: string
  period: string
  title: string
  chapters: PlanChapter[]
  updated_at?: string
}

export interface ItemStatus {
  chapter: number
  item: number
  plan_item: PlanItem
  bound: boolean
  actual?: number
  text: string
  unit: string
  status: string
  as_of?: string
}

export interface ReportRequest {
  kind?: string
  period: string
  school_id?: string
  body?: string
  pdf?: boolean
}

export const TEMPLATE_KINDS = [
  { code: 'annual', name: '年度工作总结' },
  { code: 'half-year', name: '半年工作总结' },
]

export const reportsApi = {
  metrics: () => http.get<{ items: Metric[] }>('/api/v1/reports/metrics'),
  template: (kind: string) => http.get<TemplateText>(`/api/v1/reports/templates/${kind}`),
  saveTemplate: (kind: string, body: string) => http.put<TemplateText>(`/api/v1/reports/templates/${kind}`, { body }),
  resetTemplate: (kind: string) => http.del<TemplateText>(`/api/v1/reports/templates/${kind}`),
  preview: (req: ReportRequest) => http.post<ReportDoc>('/api/v1/reports/preview', req),
  generate: (req: ReportRequest) => http.post<Job>('/api/v1/reports/generate', req),
  plans: () => http.get<{ items: Plan[] }>('/api/v1/reports/plans'),
  plan: (period: string) => http.get<Plan>(`/api/v1/reports/plans/${period}`),
  savePlan: (period: string, plan: Plan) => http.put<Plan>(`/api/v1/reports/plans/${period}`, plan),
  carryOver: (period: string) => http.post<Plan>(`/api/v1/reports/plans/${period}/carry-over`),
  progress: (period: string, schoolId?: number | '') =>
    http.get<{ items: ItemStatus[] }>(`/api/v1/reports/plans/${period}/progress`, { school_id: schoolId || undefined }),
}

/** The periods offered: this year and the two before, each as a year and its halves. */
export function periodOptions(now = new Date()): { value: string; label: string }[] {
  const out: { value: string; label: string }[] = []
  for (let y = now.getFullYear(); y >= now.getFullYear() - 2; y--) {
    out.push({ value: `${y}`, label: `${y}年` }, { value: `${y}H2`, label: `${y}年下半年` }, { value: `${y}H1`, label: `${y}年上半年` })
  }
  return out
}
