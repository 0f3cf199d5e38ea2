import { http, type Query } from './http'
import type { Items, Page, Region, School, SchoolType, Section, SecurityPolicy, Zone } from './types'

export interface SectionPatch {
  name?: string
  sort?: number
  active?: boolean
}

/** A school as every bureau and school user may know it (全区学校名录). */
export interface DirectoryEntry {
  id: number
  code: string
  name: string
  type: string
  type_name: string
  zone_name: string
}

export const orgApi = {
  sections: () => http.get<Items<Section>>('/api/v1/sections'),
  createSection: (name: string, sort: number) =>
    http.post<Section>('/api/v1/sections', { name, sort }),
  updateSection: (id: number, body: SectionPatch) =>
    http.patch<Section>(`/api/v1/sections/${id}`, body),
  deleteSection: (id: number) => http.del(`/api/v1/sections/${id}`),

  zones: () => http.get<Items<Zone>>('/api/v1/zones'),
  regions: () => http.get<Items<Region>>('/api/v1/regions'),

  schools: (q: Query) => http.get<Page<School>>('/api/v1/schools', q),
  school: (id: number) => http.get<School>(`/api/v1/schools/${id}`),
  schoolTypes: () => http.get<Items<SchoolType>>('/api/v1/schools/types'),
  directory: () => http.get<Items<DirectoryEntry>>('/api/v1/schools/directory'),

  policy: () => http.get<SecurityPolicy>('/api/v1/security/policy'),
  savePolicy: (p: SecurityPolicy) => http.put<SecurityPolicy>('/api/v1/security/policy', p),
}
