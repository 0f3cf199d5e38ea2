import type { RouteRecordRaw } from 'vue-router'

const meta = { group: '体质健康', menuKey: 'fitness' }

export const routes: RouteRecordRaw[] = [
  {
    path: 'fitness',
    name: 'fitness',
    component: () => import('@/views/fitness/FitnessStatsView.vue'),
    meta: { ...meta, title: '体质健康统计' },
  },
  {
    path: 'fitness/entry',
    name: 'fitness-entry',
    component: () => import('@/views/fitness/FitnessEntryView.vue'),
    meta: { ...meta, title: '成绩录入与导入', subpage: true },
  },
  {
    path: 'fitness/students/:id(\\d+)',
    name: 'fitness-student',
    component: () => import('@/views/fitness/FitnessReportView.vue'),
    meta: { ...meta, title: '学生体质健康档案', subpage: true },
  },
]

/** Parents reach their children's reports from the portal (guardian link). */
export const publicRoutes: RouteRecordRaw[] = [
  {
    path: '/portal/fitness',
    name: 'portal-fitness',
    component: () => import('@/views/fitness/PortalFitnessView.vue'),
    meta: { title: '子女体质健康', menuKey: 'portal' },
  },
  {
    path: '/portal/fitness/:id(\\d+)',
    name: 'portal-fitness-report',
    component: () => import('@/views/fitness/FitnessReportView.vue'),
    props: { portal: true },
    meta: { title: '体质健康档案', menuKey: 'portal' },
  },
]
