import { http } from './http'
import type { LoginResponse, MeResponse, TotpEnrollment } from './types'

const base = '/api/v1/auth'

export const authApi = {
  login: (username: string, password: string) =>
    http.post<LoginResponse>(`${base}/login`, { username, password }),
  changePassword: (old_password: string, new_password: string) =>
    http.post<LoginResponse>(`${base}/password`, { old_password, new_password }),
  totpEnroll: () => http.post<TotpEnrollment>(`${base}/totp/enroll`, {}),
  totpConfirm: (code: string) => http.post<LoginResponse>(`${base}/totp/confirm`, { code }),
  totp: (code: string) => http.post<LoginResponse>(`${base}/totp`, { code }),
  me: () => http.get<MeResponse>(`${base}/me`),
  logout: () => http.post<void>(`${base}/logout`, {}),
}
