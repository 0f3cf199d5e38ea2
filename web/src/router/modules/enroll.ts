import type { RouteRecordRaw } from 'vue-router'

const meta = { group: '招生入学', menuKey: 'enroll' }

export const routes: RouteRecordRaw[] = [
  {
    path: 'enroll',
    name: 'enroll',
    component: () => import('@/views/enroll/EnrollView.vue'),
    meta: { ...meta, title: '招生入学' },
  },
  {
    path: 'enroll/campaigns/:id(\\d+)',
    name: 'enroll-campaign',
    component: () => import('@/views/enroll/CampaignView.vue'),
    meta: { ...meta, title: '招生方案', subpage: true },
  },
  {
    path: 'enroll/applications/:id(\\d+)',
    name: 'enroll-application',
    component: () => import('@/views/enroll/ReviewView.vue'),
    meta: { ...meta, title: '报名审核', subpage: true },
  },
  {
    path: 'enroll/catchments',
    name: 'enroll-catchments',
    component: () => import('@/views/enroll/CatchmentsView.vue'),
    meta: { ...meta, title: '学校划片', subpage: true },
  },
]

export const publicRoutes: RouteRecordRaw[] = [
  {
    path: '/public/enroll',
    name: 'public-enroll',
    component: () => import('@/views/enroll/PublicEnrollView.vue'),
    meta: { title: '阳光招生', public: true },
  },
  {
    path: '/public/enroll/signup',
    name: 'enroll-signup',
    component: () => import('@/views/enroll/SignupView.vue'),
    meta: { title: '家长注册', public: true },
  },
  {
    path: '/portal/enroll',
    name: 'portal-enroll',
    component: () => import('@/views/enroll/MyApplicationsView.vue'),
    meta: { title: '招生报名', menuKey: 'portal' },
  },
  {
    path: '/portal/enroll/apply/:campaign(\\d+)',
    name: 'portal-enroll-apply',
    component: () => import('@/views/enroll/ApplyView.vue'),
    meta: { title: '填写报名', menuKey: 'portal' },
  },
  {
    path: '/portal/enroll/:id(\\d+)/edit',
    name: 'portal-enroll-edit',
    component: () => import('@/views/enroll/ApplyView.vue'),
    meta: { title: '修改报名', menuKey: 'portal' },
  },
]
