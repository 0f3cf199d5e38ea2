import { http } from './http'
import type { HomeData, PortalHome } from './types'

export const homeApi = {
  home: () => http.get<HomeData>('/api/v1/home'),
  portal: () => http.get<PortalHome>('/api/v1/portal/home'),
}
