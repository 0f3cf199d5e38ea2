import { http, type Query } from './http'
import type { Page } from './types'

export type HazardState = 'open' | 'submitted' | 'closed' | 'cancelled'

export interface Hazard {
  id: string
  state: HazardState
  state_name: string
  title: string
  school_id: string
  school_name: string
  zone_id: string
  source: string
  source_ref: string
  campaign_id: string
  campaign_name: string
  category: string
  severity: string
  location: string
  description: string
  found_on: string
  reporter_name: string
  start_on: string
  due_days: number
  due_on: string
  due_note: string
  closed_on: string
  final: boolean
  overdue: boolean
  escalated: boolean
}

export interface WorkflowEvent {
  id: string
  at: number
  actor_name: string
  actor_role: string
  action: string
  name: string
  from_state: string
  to_state: string
  comment: string
}

export interface Attachment {
  id: string
  item_id: string
  kind: 'photo' | 'file'
  name: string
  mime: string
  size: number
  created_at: number
}

export interface Transition {
  action: string
  name: string
  need_comment: boolean
  need_attachment: boolean
}

export interface HazardDetail extends Hazard {
  history: WorkflowEvent[]
  attachments: Attachment[]
  actions: Transition[]
  can_comment: boolean
}

export interface HazardInput {
  school_id: string
  source: string
  source_ref?: string
  campaign_id?: string
  category: string
  severity: string
  location: string
  description: string
  found_on?: string
}

export interface Deadline {
  severity: string
  workdays: number
}

export interface SafetyMeta {
  categories: string[]
  severities: string[]
  sources: string[]
  deadlines: Deadline[]
  accepted: string
  today: string
}

export interface Rate {
  key: string
  name: string
  found: number
  rectified: number
  pending: number
  overdue: number
  rate: number
}

export interface SLA {
  total: number
  open: number
  overdue: number
  escalated: number
  closed: number
  closed_on_time: number
  on_time_rate: number
  mean_days: number
}

export interface Todo {
  to_rectify: number
  to_verify: number
  overdue: number
  escalated: number
}

export interface Dashboard {
  totals: Rate
  sla: SLA
  by_school: Rate[]
  by_category: Rate[]
  by_month: Rate[]
  by_campaign: Rate[]
  by_severity: Rate[]
  by_source: Rate[]
  todo: Todo
}

export interface Campaign {
  id: string
  name: string
  checklist: string[]
  start_on: string
  end_on: string
  schools: number
  checked: number
  found: number
  rectified: number
  rate: number
}

export interface CheckResult {
  item: string
  ok: boolean
  note: string
}

export interface CampaignSchool {
  school_id: string
  school_name: string
  checked_on: string
  checker_name: string
  results: CheckResult[]
  note: string
  found: number
  rectified: number
}

export interface CampaignDetail extends Campaign {
  targets: CampaignSchool[]
}

export interface Finding {
  category: string
  severity: string
  location: string
  description: string
}

export interface CampaignInput {
  name: string
  checklist: string[]
  school_ids: string[]
  start_on: string
  end_on: string
}

export interface ResultInput {
  school_id: string
  checked_on?: string
  results: CheckResult[]
  note: string
  findings: Finding[]
}

const base = '/api/v1/safety'

export const safetyApi = {
  meta: () => http.get<SafetyMeta>(`${base}/meta`),
  setDeadlines: (deadlines: Deadline[]) => http.put<{ items: Deadline[] }>(`${base}/deadlines`, { deadlines }),
  hazards: (q: Query) => http.get<Page<Hazard>>(`${base}/hazards`, q),
  report: (in_: HazardInput) => http.post<Hazard>(`${base}/hazards`, in_),
  hazard: (id: string) => http.get<HazardDetail>(`${base}/hazards/${id}`),
  act: (id: string, action: string, comment: string) => http.post<Hazard>(`${base}/hazards/${id}/actions`, { action, comment }),
  comment: (id: string, comment: string) => http.post<WorkflowEvent>(`${base}/hazards/${id}/comments`, { comment }),
  upload: (id: string, file: File) => {
    const form = new FormData()
    form.append('file', file)
    return http.upload<Attachment>(`${base}/hazards/${id}/attachments`, form)
  },
  attachmentUrl: (id: string, aid: string) => `${base}/hazards/${id}/attachments/${aid}`,
  todo: () => http.get<Todo>(`${base}/todo`),
  dashboard: (q: Query) => http.get<Dashboard>(`${base}/dashboard`, q),
  campaigns: () => http.get<{ items: Campaign[] }>(`${base}/campaigns`),
  createCampaign: (in_: CampaignInput) => http.post<CampaignDetail>(`${base}/campaigns`, in_),
  campaign: (id: string) => http.get<CampaignDetail>(`${base}/campaigns/${id}`),
  recordResult: (id: string, in_: ResultInput) => http.post<CampaignSchool>(`${base}/campaigns/${id}/results`, in_),
}

/** 整改率 as a percentage with one decimal. */
export function pct(rate: number): string {
  return `${(rate * 100).toFixed(1)}%`
}

export const STATE_TAGS: Record<HazardState, 'danger' | 'warning' | 'success' | 'info'> = {
  open: 'danger',
  submitted: 'warning',
  closed: 'success',
  cancelled: 'info',
}

export const SEVERITY_TAGS: Record<string, 'info' | 'warning' | 'danger'> = { 一般: 'info', 较大: 'warning', 重大: 'danger' }

export interface CalendarYear {
  year: number
  source?: string
  holidays: string[]
  makeup_workdays: string[]
  entered: boolean
}

export const calendarApi = {
  years: () => http.get<{ items: CalendarYear[] }>('/api/v1/workflow/calendar'),
  save: (year: number, body: { source: string; holidays: string[]; makeup_workdays: string[] }) =>
    http.put<CalendarYear>(`/api/v1/workflow/calendar/${year}`, body),
}
