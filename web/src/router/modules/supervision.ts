import type { RouteRecordRaw } from 'vue-router'

const meta = { group: '督导评估', menuKey: 'supervision' }

export const routes: RouteRecordRaw[] = [
  {
    path: 'supervision',
    name: 'supervision',
    component: () => import('@/views/supervision/SupervisionView.vue'),
    meta: { ...meta, title: '督导检查' },
  },
  {
    path: 'supervision/visits/new',
    name: 'supervision-visit-new',
    component: () => import('@/views/supervision/VisitFormView.vue'),
    meta: { ...meta, title: '登记督导', subpage: true },
  },
  {
    path: 'supervision/visits/:id(\\d+)',
    name: 'supervision-visit',
    component: () => import('@/views/supervision/VisitDetailView.vue'),
    meta: { ...meta, title: '督导记录', subpage: true },
  },
  {
    path: 'supervision/draws/:id(\\d+)',
    name: 'supervision-draw',
    component: () => import('@/views/supervision/DrawDetailView.vue'),
    meta: { ...meta, title: '双随机抽查', subpage: true },
  },
]

export const publicRoutes: RouteRecordRaw[] = [
  {
    path: '/public/draws',
    name: 'public-draws',
    component: () => import('@/views/supervision/PublicDrawsView.vue'),
    meta: { title: '双随机一公开', public: true },
  },
]
