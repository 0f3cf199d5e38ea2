import { download, http, type Query } from './http'
import type { Items, Job, Page } from './types'
import type {
  ClassInput,
  DictEntry,
  Dictionary,
  Facility,
  FacilityValues,
  HistoryEntry,
  ImportMode,
  RegistryEntity,
  RevealField,
  SchoolClass,
  StaffInput,
  StaffMember,
  Student,
  StudentInput,
  Transfer,
  TransferAction,
  TransferRequest,
} from './registryTypes'

const v1 = '/api/v1'

export interface RevealRequest {
  field: RevealField
  reason: string
  guardian_id?: number
}

export const studentsApi = {
  list: (q: Query) => http.get<Page<Student>>(`${v1}/students`, q),
  get: (id: number) => http.get<Student>(`${v1}/students/${id}`),
  history: (id: number) => http.get<Items<HistoryEntry>>(`${v1}/students/${id}/history`),
  create: (body: StudentInput) => http.post<Student>(`${v1}/students`, body),
  update: (id: number, body: StudentInput) => http.put<Student>(`${v1}/students/${id}`, body),
  reveal: (id: number, req: RevealRequest) => http.post<{ value: string }>(`${v1}/students/${id}/reveal`, req),
  startTransfer: (id: number, body: TransferRequest) => http.post<Transfer>(`${v1}/students/${id}/transfers`, body),
}

export const transfersApi = {
  list: (q: Query) => http.get<Page<Transfer>>(`${v1}/transfers`, q),
  decide: (id: number, action: TransferAction, note: string) =>
    http.post<Transfer>(`${v1}/transfers/${id}/${action}`, { note }),
}

export const staffApi = {
  list: (q: Query) => http.get<Page<StaffMember>>(`${v1}/staff`, q),
  get: (id: number) => http.get<StaffMember>(`${v1}/staff/${id}`),
  create: (body: StaffInput) => http.post<StaffMember>(`${v1}/staff`, body),
  update: (id: number, body: StaffInput) => http.put<StaffMember>(`${v1}/staff/${id}`, body),
}

export const classesApi = {
  list: (schoolId: number, year?: number) => http.get<Items<SchoolClass>>(`${v1}/schools/${schoolId}/classes`, { year }),
  create: (body: ClassInput) => http.post<SchoolClass>(`${v1}/classes`, body),
}

export const facilitiesApi = {
  get: (schoolId: number, year: number) => http.get<Facility>(`${v1}/schools/${schoolId}/facilities/${year}`),
  save: (schoolId: number, year: number, body: FacilityValues) =>
    http.put<Facility>(`${v1}/schools/${schoolId}/facilities/${year}`, body),
}

export const dictionariesApi = {
  list: () => http.get<Items<Dictionary>>(`${v1}/dictionaries`),
  put: (kind: string, code: string, body: Pick<DictEntry, 'name' | 'sort' | 'active'>) =>
    http.put<DictEntry>(`${v1}/dictionaries/${encodeURIComponent(kind)}/${encodeURIComponent(code)}`, body),
}

export interface ExportRequest {
  /** The list filters (school_id, grade, status, q …), empty ones left out. */
  [filter: string]: string | number | boolean | undefined
  unmasked: boolean
  reason: string
}

/** The list filters each export accepts (the server refuses unknown fields). */
const EXPORT_FILTERS: Record<RegistryEntity, string[]> = {
  students: ['school_id', 'grade', 'class_id', 'status', 'migrant', 'flag', 'q'],
  staff: ['school_id', 'post', 'q'],
  facilities: [],
}

/** Names of list filters an export cannot apply, for telling the user. */
const FILTER_NAMES: Record<string, string> = { backbone: '骨干教师', year: '年度' }

/**
 * Turns a list's filters into export filters: the accepted ones, with "true"/"false" as booleans,
 * and the names of those left out.
 */
export function exportFilters(entity: RegistryEntity, filters: Record<string, string | number | boolean>) {
  const allowed = EXPORT_FILTERS[entity]
  const body: Record<string, string | number | boolean> = {}
  const ignored: string[] = []
  for (const [k, v] of Object.entries(filters)) {
    if (!allowed.includes(k)) ignored.push(FILTER_NAMES[k] ?? k)
    else body[k] = v === 'true' ? true : v === 'false' ? false : v
  }
  return { body, ignored }
}

/** Excel templates, imports and exports; both imports and exports run as background jobs. */
export const registryFilesApi = {
  downloadTemplate: (entity: RegistryEntity, fileName: string) => download(`${v1}/registry/templates/${entity}`, fileName),
  import: (entity: RegistryEntity, file: File, mode: ImportMode, schoolId?: number | null) => {
    const form = new FormData()
    form.append('file', file, file.name)
    if (schoolId) form.append('school_id', String(schoolId))
    return http.upload<Job>(`${v1}/registry/imports/${entity}`, form, { mode })
  },
  export: (entity: RegistryEntity, body: ExportRequest) => http.post<Job>(`${v1}/registry/exports/${entity}`, body),
}
