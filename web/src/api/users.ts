import { http, type Query } from './http'
import type { CreatedUser, Items, Page, Permission, Role, User } from './types'

export interface UserCreate {
  username: string
  display_name: string
  phone: string
  section_id: number | null
}

export interface UserPatch {
  display_name?: string
  phone?: string
  /** 0 removes the user from their section. */
  section_id?: number
  disabled?: boolean
}

export interface RoleAssignment {
  role: string
  school_id?: number
  zone_id?: number
  permissions?: string[]
}

const base = '/api/v1/users'

export const usersApi = {
  list: (q: Query) => http.get<Page<User>>(base, q),
  create: (body: UserCreate) => http.post<CreatedUser>(base, body),
  update: (id: number, body: UserPatch) => http.patch<User>(`${base}/${id}`, body),
  resetPassword: (id: number) =>
    http.post<{ initial_password: string }>(`${base}/${id}/reset-password`, {}),
  unlock: (id: number) => http.post<User>(`${base}/${id}/unlock`, {}),
  reveal: (id: number, field: string, reason: string) =>
    http.post<{ value: string }>(`${base}/${id}/reveal`, { field, reason }),
  assignRole: (id: number, body: RoleAssignment) => http.put<User>(`${base}/${id}/role`, body),
  roles: () => http.get<Items<Role>>('/api/v1/roles'),
  permissions: () => http.get<Items<Permission>>('/api/v1/permissions'),
}
