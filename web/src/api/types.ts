export interface Page<T> {
  items: T[]
  total: number
  page: number
  page_size: number
}

export interface Items<T> {
  items: T[]
}

export type LoginStage = 'password_change' | 'totp_enroll' | 'totp' | 'done'

export interface SessionUser {
  id: number
  username: string
  display_name: string
  role: string
  role_name: string
  district_code?: string
  school_id?: number | null
  school_name?: string
  zone_id?: number | null
  section_id?: number | null
  permissions?: string[]
}

export interface MenuItem {
  key: string
  title: string
  path: string
  icon?: string
}

export interface LoginResponse {
  stage: LoginStage
  csrf_token: string
  user: SessionUser
  /** Present once the stage is done. */
  menu?: MenuItem[]
}

export interface MeResponse extends LoginResponse {
  menu: MenuItem[]
}

export interface TotpEnrollment {
  secret: string
  uri: string
}

export interface Figure {
  key: string
  label: string
  value: number
  unit?: string
}

export interface HomeTask {
  kind: string
  title: string
  count: number
  path: string
}

export interface HomeData {
  figures: Figure[]
  tasks: HomeTask[]
}

export interface User {
  id: number
  username: string
  display_name: string
  role: string
  role_name: string
  school_id?: number | null
  school_name?: string
  zone_id?: number | null
  zone_name?: string
  section_id?: number | null
  section_name?: string
  phone?: string
  permissions?: string[]
  disabled: boolean
  locked: boolean
  must_change_password: boolean
  totp_enabled: boolean
  last_login_at?: string | null
  created_at: string
}

export interface CreatedUser {
  user: User
  initial_password: string
}

export interface Role {
  code: string
  name: string
  description: string
  scope: 'district' | 'school' | 'zone' | 'own' | 'none'
  requires_totp: boolean
  permissions: string[]
}

export interface Permission {
  code: string
  name: string
  module: string
  /** May be given to 科室人员 one by one. */
  grantable?: boolean
}

export interface SecurityPolicy {
  min_length: number
  password_max_age_days: number
  lockout_threshold: number
  lockout_minutes: number
  idle_timeout_minutes: number
  absolute_timeout_hours: number
  totp_roles: string[]
  audit_retention_days: number
}

export interface Section {
  id: number
  name: string
  sort: number
  active: boolean
  user_count: number
}

export interface Zone {
  id: number
  name: string
  school_count: number
}

export interface Region {
  code: string
  name: string
  level: string
  children?: Region[]
}

export interface SchoolType {
  code: string
  name: string
}

export interface School {
  id: number
  code: string
  name: string
  short_name: string
  type: string
  type_name: string
  nature: string
  inclusive: boolean
  /** 城乡分类: 城区, 镇区 or 乡村. */
  urban: string
  zone_id?: number | null
  zone_name?: string
  street: string
  address: string
  principal: string
  group_name: string
  group_lead?: boolean
  founded?: number
  status?: string
  district_code: string
}

export type AuditResult = 'ok' | 'denied' | 'failed'

export interface AuditEntry {
  seq: number
  time: string
  actor_id?: number | null
  actor_name: string
  role: string
  ip: string
  action: string
  action_name: string
  object_type: string
  object_id: string | number
  result: AuditResult
  detail: string
}

export interface AuditVerifyResult {
  ok: boolean
  checked: number
  broken_at_seq?: number | null
  message: string
}

export type JobStatus = 'queued' | 'running' | 'succeeded' | 'failed'

export interface Job {
  id: number
  kind: string
  kind_name: string
  status: JobStatus
  progress: number
  message: string
  result_name: string
  error: string
  created_at: string
  finished_at?: string | null
}

export interface PortalChild {
  student_id: string
  name: string
  school_name: string
  grade: string
}

export interface PortalNotice {
  title: string
  date: string
  body: string
}

/** A service a module offers parents on the portal home. */
export interface PortalLink {
  key: string
  title: string
  description: string
  path: string
}

export interface PortalHome {
  children: PortalChild[]
  links: PortalLink[]
  notices: PortalNotice[]
}
