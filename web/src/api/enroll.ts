import { http } from './http'

const base = '/api/v1/enroll'

export interface Schedule {
  reg_open: string
  reg_close: string
  review_close: string
  correction_close: string
  draw: string
  publish: string
  waitlist_close: string
}

export interface Plan {
  school_id: number
  school_name: string
  classes: number
  class_size: number
}

export interface Policy {
  year: number
  stage: string
  title: string
  dates: Schedule
  age_cutoff: string
  min_age: number
  max_age: number
  categories: string[]
  migrant_permit_months: number
  migrant_insurance_months: number
  lock_years: number
  mechanism: 'da' | 'boston'
  max_choices: number
  plans: Plan[]
  zones: Zone[] | null
  notes: string
}

export interface Zone {
  name: string
  schools: number[]
}

export interface Campaign {
  id: number
  year: number
  stage: string
  stage_name: string
  title: string
  status: 'draft' | 'published' | 'frozen' | 'drawn'
  status_name: string
  version: number
  policy: Policy
  list_hash: string
  seed: string
  result_hash: string
  frozen_at: number
  drawn_at: number
}

export interface SchoolBrief {
  id: number
  name: string
}

export interface Guardian {
  name: string
  relation: string
  phone: string
  id_number: string
}

export interface ApplicationInput {
  campaign_id: number
  child_name: string
  child_id_number: string
  guardians: Guardian[]
  hukou_local: boolean
  hukou_address: string
  housing_type: 'own' | 'rent' | 'other'
  property_cert: string
  home_address: string
  owner_relation: string
  permit_months: number
  insurance_months: number
  choices: number[]
}

export interface Classification {
  category: string
  category_name: string
  catchment: number[] | null
  migrant: boolean
  reasons: string[]
}

export interface ChoiceTier {
  school_id: number
  school_name: string
  tier: number
  explain: string
}

export interface Preview {
  classification: Classification
  catchment: SchoolBrief[]
  tiers: ChoiceTier[]
  documents: string[]
  notice: string
}

export interface Check {
  code: string
  name: string
  ok: boolean
  detail: string
}

export interface Placement {
  status: string
  status_name: string
  school_id: number
  school_name: string
  choice_rank: number
  lottery: string
}

export interface DocumentInfo {
  id: number
  kind: string
  kind_name: string
  filename: string
  mime: string
  size: number
  sha256: string
  created_at: number
}

export interface Review {
  decision: string
  decision_name: string
  reason: string
  reviewer: string
  at: number
}

export interface Application {
  id: number
  no: string
  campaign_id: number
  campaign_title: string
  child_name: string
  child_id_number: string
  birth_date: string
  sex: string
  input: ApplicationInput
  classification: Classification
  choices: SchoolBrief[]
  review_school_id: number
  status: 'submitted' | 'returned' | 'approved' | 'rejected'
  status_name: string
  checks: Check[]
  review_reason: string
  result: Placement | null
  offer: { school_id: number; school_name: string; choice_rank: number } | null
  documents: DocumentInfo[]
  reviews: Review[]
  editable: boolean
  submitted_at: number
  updated_at: number
}

export interface QueueItem {
  id: number
  no: string
  child_name: string
  birth_date: string
  category: string
  category_name: string
  migrant: boolean
  school_id: number
  school_name: string
  status: string
  status_name: string
  problems: number
  result_status: string
  result_school: string
  submitted_at: number
}

export interface RuleView {
  text: string
  rule: string
  flagged: boolean
  reason: string
}

export interface SchoolCatchment {
  school_id: number
  school_name: string
  school_type: string
  text: string
  rules: RuleView[]
  flagged: number
  updated_at: number
}

export interface CatchmentReport {
  schools: SchoolCatchment[]
  overlaps: string[]
  missing: string[]
}

export interface LookupResult {
  address: string
  normalized: string
  schools: SchoolBrief[]
  note: string
}

export interface PublicResult {
  no: string
  name: string
  school_id: number
  school_name: string
  choice_rank: number
}

export interface SchoolStats {
  school_id: number
  school_name: string
  seats: number
  applicants: number
  by_category: Record<string, number>
  approved: number
  oversubscription: number
  admitted: number
  migrant_applicants: number
  migrant_admitted: number
  nearby_admitted: number
}

export interface CampaignStats {
  schools: SchoolStats[]
  by_category: Record<string, number>
  applicants: number
  seats: number
  admitted: number
  unassigned: number
  migrant_admitted: number
  migrant_share: number
  nearby_rate: number
  oversubscribed: number
}

export interface Offer {
  Applicant: string
  School: string
  ChoiceRank: number
  Holds: string
}

export interface WaitlistView {
  events: string[]
  open: Offer | null
}

export interface Items<T> {
  items: T[]
}

export interface Page<T> extends Items<T> {
  total: number
  page: number
  page_size: number
}

export const categoryNames: Record<string, string> = {
  house_hukou: '房户一致',
  hukou: '户籍在片区',
  house: '房产在片区',
  migrant: '随迁子女',
  other: '统筹安排',
}

export const docKinds: Record<string, string> = {
  birth: '出生医学证明',
  hukou: '户口簿',
  property: '不动产权证书',
  permit: '居住证',
  insurance: '社保缴费证明',
  other: '其他材料',
}

export const enrollPublicApi = {
  campaigns: () => http.get<Items<Campaign>>(`${base}/public/campaigns`),
  campaign: (id: number) => http.get<Campaign>(`${base}/public/campaigns/${id}`),
  results: (id: number, schoolId?: number) =>
    http.get<Items<PublicResult>>(`${base}/public/campaigns/${id}/results`, { school_id: schoolId }),
  fileUrl: (id: number, name: string) => `${base}/public/campaigns/${id}/files/${name}`,
  lookup: (address: string) => http.get<LookupResult>(`${base}/public/lookup`, { address }),
  signup: (phone: string, password: string, name: string) =>
    http.post<{ username: string }>(`${base}/public/signup`, { phone, password, name }),
}

export const enrollParentApi = {
  list: () => http.get<Items<Application>>(`${base}/my/applications`),
  get: (id: number) => http.get<Application>(`${base}/my/applications/${id}`),
  preview: (input: ApplicationInput) => http.post<Preview>(`${base}/my/preview`, input),
  submit: (input: ApplicationInput) => http.post<Application>(`${base}/my/applications`, input),
  update: (id: number, input: ApplicationInput) => http.put<Application>(`${base}/my/applications/${id}`, input),
  upload: (id: number, kind: string, file: File) => {
    const form = new FormData()
    form.append('kind', kind)
    form.append('file', file)
    return http.upload<DocumentInfo>(`${base}/my/applications/${id}/documents`, form)
  },
  answerOffer: (id: number, accept: boolean) => http.post<Application>(`${base}/my/applications/${id}/offer`, { accept }),
  decline: (id: number) => http.post<Application>(`${base}/my/applications/${id}/decline`),
  documentUrl: (id: number) => `${base}/documents/${id}`,
}

export const enrollApi = {
  campaigns: () => http.get<Items<Campaign>>(`${base}/campaigns`),
  campaign: (id: number) => http.get<Campaign>(`${base}/campaigns/${id}`),
  create: (p: Policy) => http.post<Campaign>(`${base}/campaigns`, p),
  versions: (id: number) =>
    http.get<Items<{ version: number; published_by: string; published_at: number; policy: Policy }>>(`${base}/campaigns/${id}/versions`),
  update: (id: number, p: Policy) => http.put<Campaign>(`${base}/campaigns/${id}`, p),
  publish: (id: number) => http.post<Campaign>(`${base}/campaigns/${id}/publish`),
  precheck: (id: number) => http.post<{ checked: number }>(`${base}/campaigns/${id}/precheck`),
  freeze: (id: number) => http.post<Campaign>(`${base}/campaigns/${id}/freeze`),
  draw: (id: number, seed: string) => http.post<Campaign>(`${base}/campaigns/${id}/draw`, { seed }),
  waitlist: (id: number) => http.get<WaitlistView>(`${base}/campaigns/${id}/waitlist`),
  recordWaitlist: (id: number, action: string, no = '') =>
    http.post<WaitlistView>(`${base}/campaigns/${id}/waitlist`, { action, no }),
  stats: (id: number) => http.get<CampaignStats>(`${base}/campaigns/${id}/stats`),
  queue: (q: { campaign_id: number; status?: string; category?: string; school_id?: number; page?: number; page_size?: number }) =>
    http.get<Page<QueueItem>>(`${base}/applications`, q),
  application: (id: number) => http.get<Application>(`${base}/applications/${id}`),
  reveal: (id: number, reason: string) => http.post<Application>(`${base}/applications/${id}/reveal`, { reason }),
  review: (id: number, decision: string, reason: string) =>
    http.post<Application>(`${base}/applications/${id}/review`, { decision, reason }),
  catchments: () => http.get<CatchmentReport>(`${base}/catchments`),
  setCatchment: (schoolId: number, text: string) => http.put<SchoolCatchment>(`${base}/catchments/${schoolId}`, { text }),
  gaps: (known: string) => http.post<Items<string>>(`${base}/catchments/gaps`, { known }),
}
