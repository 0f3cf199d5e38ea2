// Shapes of the registry (基础数据) endpoints: students, guardians, transfers, staff, classes,
// facilities and dictionaries. Personal fields arrive masked; see the reveal endpoint.

export interface Guardian {
  id: number
  name: string
  relation: string
  /** Masked (138****0000). */
  phone: string
}

export interface Student {
  id: number
  /** Masked. */
  student_no: string
  name: string
  sex: string
  birth_date: string
  /** Masked (110***********1234). */
  id_number: string
  ethnicity: string
  ethnicity_name: string
  hukou_local: boolean
  migrant: boolean
  /** Masked. */
  address: string
  school_id: number
  school_name: string
  grade: number
  grade_name: string
  class_id: number
  class_name: string
  status: string
  poor: boolean
  dibao: boolean
  tekun: boolean
  disabled: boolean
  disability_type: string
  left_behind: boolean
  boarding: boolean
  updated_at: string
  guardians?: Guardian[]
}

export interface GuardianInput {
  name: string
  relation: string
  phone: string
}

export interface StudentInput {
  student_no: string
  name: string
  sex: string
  id_number: string
  birth_date: string
  ethnicity: string
  hukou_local: boolean
  migrant: boolean
  address: string
  school_id: number
  grade: number
  class_id: number
  status: string
  poor: boolean
  dibao: boolean
  tekun: boolean
  disabled: boolean
  disability_type: string
  left_behind: boolean
  boarding: boolean
  guardians: GuardianInput[]
}

export type StudentFlag = 'poor' | 'dibao' | 'tekun' | 'disabled' | 'left_behind' | 'boarding'

export type RevealField = 'id_number' | 'student_no' | 'address' | 'guardian_phone'

export interface HistoryEntry {
  at: string
  kind: string
  detail: string
}

export type TransferStatus = 'pending' | 'confirmed' | 'rejected' | 'cancelled'

export interface Transfer {
  id: number
  student_id: number
  student_name: string
  from_school_id: number
  from_school: string
  to_school_id: number
  to_school: string
  to_grade: number
  status: TransferStatus
  status_name: string
  reason: string
  note: string
  requested_at: string
  decided_at: string
}

export interface TransferRequest {
  to_school_id: number
  to_grade: number
  reason: string
}

export type TransferAction = 'confirm' | 'reject' | 'cancel'

export interface StaffMember {
  id: number
  staff_no: string
  name: string
  sex: string
  birth_date: string
  /** Masked. */
  id_number: string
  political: string
  education: string
  title: string
  post: string
  subjects: string[]
  backbone: string
  on_payroll: boolean
  teacher_cert: boolean
  school_id: number
  school_name: string
  joined_school_on: string
  training_hours: number
  status: string
}

export interface StaffInput {
  staff_no: string
  name: string
  sex: string
  id_number: string
  political: string
  education: string
  title: string
  post: string
  subjects: string[]
  backbone: string
  on_payroll: boolean
  teacher_cert: boolean
  school_id: number
  joined_school_on: string
  training_hours: number
  status: string
}

export interface SchoolClass {
  id: number
  school_year: number
  grade: number
  grade_name: string
  number: number
  name: string
  head_teacher: string
  size: number
}

export interface ClassInput {
  school_id: number
  school_year: number
  grade: number
  number: number
  head_teacher_id: number
}

export interface FacilityValues {
  teaching_area: number
  admin_area: number
  living_area: number
  sports_area: number
  equipment_value: number
  books: number
  computers: number
  multimedia_rooms: number
  music_rooms: number
  art_rooms: number
  labs: number
}

export interface Facility extends FacilityValues {
  school_id: number
  year: number
  updated_at?: string
}

export interface DictEntry {
  kind: string
  code: string
  name: string
  sort: number
  active: boolean
}

export interface Dictionary {
  kind: string
  name: string
  entries: DictEntry[]
}

/** Entities with Excel templates, imports and exports. */
export type RegistryEntity = 'students' | 'staff' | 'facilities'

export type ImportMode = 'strict' | 'upsert'
