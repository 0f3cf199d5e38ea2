import type { RouteRecordRaw } from 'vue-router'

const meta = { group: '督导评估', menuKey: 'indicators' }

export const routes: RouteRecordRaw[] = [
  {
    path: 'indicators',
    name: 'indicators',
    component: () => import('@/views/indicators/IndicatorsView.vue'),
    meta: { ...meta, title: '督导评估指标' },
  },
  {
    path: 'indicators/whatif',
    name: 'indicators-whatif',
    component: () => import('@/views/indicators/WhatIfView.vue'),
    meta: { ...meta, title: '规划推演', subpage: true },
  },
  {
    path: 'indicators/sets',
    name: 'indicators-sets',
    component: () => import('@/views/indicators/IndicatorSetsView.vue'),
    meta: { ...meta, title: '指标体系', subpage: true },
  },
]
