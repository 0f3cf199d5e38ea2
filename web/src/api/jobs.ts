import { http } from './http'
import type { Job, Page } from './types'

export const jobsApi = {
  list: (page: number, page_size = 20) => http.get<Page<Job>>('/api/v1/jobs', { page, page_size }),
  get: (id: number) => http.get<Job>(`/api/v1/jobs/${id}`),
  resultUrl: (id: number) => `/api/v1/jobs/${id}/result`,
}

export function jobActive(j: Job): boolean {
  return j.status === 'queued' || j.status === 'running'
}
