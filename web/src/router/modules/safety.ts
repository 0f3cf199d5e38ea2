import type { RouteRecordRaw } from 'vue-router'

const meta = { group: '校园安全', menuKey: 'safety' }

export const routes: RouteRecordRaw[] = [
  {
    path: 'safety',
    name: 'safety',
    component: () => import('@/views/safety/SafetyDashboardView.vue'),
    meta: { ...meta, title: '校园安全' },
  },
  {
    path: 'safety/hazards',
    name: 'safety-hazards',
    component: () => import('@/views/safety/HazardsView.vue'),
    meta: { ...meta, title: '安全隐患', subpage: true },
  },
  {
    path: 'safety/hazards/new',
    name: 'safety-hazard-new',
    component: () => import('@/views/safety/HazardReportView.vue'),
    meta: { ...meta, title: '上报隐患', subpage: true },
  },
  {
    path: 'safety/hazards/:id(\\d+)',
    name: 'safety-hazard',
    component: () => import('@/views/safety/HazardDetailView.vue'),
    meta: { ...meta, title: '隐患详情', subpage: true },
  },
  {
    path: 'safety/campaigns',
    name: 'safety-campaigns',
    component: () => import('@/views/safety/CampaignsView.vue'),
    meta: { ...meta, title: '专项检查', subpage: true },
  },
  {
    path: 'safety/campaigns/:id(\\d+)',
    name: 'safety-campaign',
    component: () => import('@/views/safety/CampaignDetailView.vue'),
    meta: { ...meta, title: '专项检查详情', subpage: true },
  },
  {
    path: 'admin/calendar',
    name: 'workcal',
    component: () => import('@/views/safety/CalendarView.vue'),
    meta: { group: '系统管理', title: '工作日历', menuKey: 'workcal' },
  },
]
