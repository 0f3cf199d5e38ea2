import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router'
import { useAuthStore } from '@/stores/auth'

declare module 'vue-router' {
  interface RouteMeta {
    /** Page title shown in the breadcrumb and the document title. */
    title?: string
    /** Breadcrumb group between 首页 and the page. */
    group?: string
    /** Menu key the user's menu must contain to open the page. */
    menuKey?: string
    /** Reachable without a completed login. */
    public?: boolean
    /**
     * A page below the menu page of menuKey (a detail or form): it keeps its own title, and the
     * breadcrumb links back to the menu page.
     */
    subpage?: boolean
  }
}

/**
 * Business modules add their pages in src/router/modules/<name>.ts: `routes` are pages inside the
 * admin layout, `publicRoutes` top-level pages (public or portal pages with their own layout).
 */
interface RouteModule {
  routes?: RouteRecordRaw[]
  publicRoutes?: RouteRecordRaw[]
}
const routeModules = Object.values(import.meta.glob<RouteModule>('./modules/*.ts', { eager: true }))
const moduleRoutes = routeModules.flatMap((m) => m.routes ?? [])
const modulePublicRoutes = routeModules.flatMap((m) => m.publicRoutes ?? [])

const registry = { group: '基础数据' }

const registryRoutes: RouteRecordRaw[] = [
  {
    path: 'registry/students',
    name: 'students',
    component: () => import('@/views/registry/StudentsView.vue'),
    meta: { ...registry, title: '学生学籍', menuKey: 'students' },
  },
  {
    path: 'registry/students/new',
    name: 'student-new',
    component: () => import('@/views/registry/StudentFormView.vue'),
    meta: { ...registry, title: '新增学生', menuKey: 'students', subpage: true },
  },
  {
    path: 'registry/students/:id(\\d+)',
    name: 'student-detail',
    component: () => import('@/views/registry/StudentDetailView.vue'),
    meta: { ...registry, title: '学生详情', menuKey: 'students', subpage: true },
  },
  {
    path: 'registry/students/:id(\\d+)/edit',
    name: 'student-edit',
    component: () => import('@/views/registry/StudentFormView.vue'),
    meta: { ...registry, title: '编辑学籍', menuKey: 'students', subpage: true },
  },
  {
    path: 'registry/classes',
    name: 'registry-classes',
    component: () => import('@/views/registry/ClassesView.vue'),
    meta: { ...registry, title: '班级', menuKey: 'students', subpage: true },
  },
  {
    path: 'registry/facilities',
    name: 'registry-facilities',
    component: () => import('@/views/registry/FacilitiesView.vue'),
    meta: { ...registry, title: '办学条件', menuKey: 'students', subpage: true },
  },
  {
    path: 'registry/staff',
    name: 'staff',
    component: () => import('@/views/registry/StaffView.vue'),
    meta: { ...registry, title: '教职工', menuKey: 'staff' },
  },
  {
    path: 'registry/staff/new',
    name: 'staff-new',
    component: () => import('@/views/registry/StaffFormView.vue'),
    meta: { ...registry, title: '新增教职工', menuKey: 'staff', subpage: true },
  },
  {
    path: 'registry/staff/:id(\\d+)/edit',
    name: 'staff-edit',
    component: () => import('@/views/registry/StaffFormView.vue'),
    meta: { ...registry, title: '编辑教职工', menuKey: 'staff', subpage: true },
  },
  {
    path: 'registry/transfers',
    name: 'transfers',
    component: () => import('@/views/registry/TransfersView.vue'),
    meta: { ...registry, title: '转学办理', menuKey: 'transfers' },
  },
]

const routes: RouteRecordRaw[] = [
  {
    path: '/login',
    name: 'login',
    component: () => import('@/views/LoginView.vue'),
    meta: { title: '登录', public: true },
  },
  {
    path: '/portal',
    name: 'portal',
    component: () => import('@/views/PortalView.vue'),
    meta: { title: '家长服务', menuKey: 'portal' },
  },
  ...modulePublicRoutes,
  {
    path: '/',
    component: () => import('@/layouts/AdminLayout.vue'),
    children: [
      { path: '', name: 'home', component: () => import('@/views/HomeView.vue'), meta: { title: '首页' } },
      {
        path: 'admin/users',
        name: 'users',
        component: () => import('@/views/UsersView.vue'),
        meta: { title: '用户管理', group: '系统管理', menuKey: 'users' },
      },
      {
        path: 'admin/roles',
        name: 'roles',
        component: () => import('@/views/RolesView.vue'),
        meta: { title: '角色权限', group: '系统管理', menuKey: 'roles' },
      },
      {
        path: 'admin/sections',
        name: 'sections',
        component: () => import('@/views/SectionsView.vue'),
        meta: { title: '科室管理', group: '系统管理', menuKey: 'sections' },
      },
      {
        path: 'admin/security',
        name: 'security',
        component: () => import('@/views/SecurityView.vue'),
        meta: { title: '安全策略', group: '系统管理', menuKey: 'security' },
      },
      {
        path: 'org/schools',
        name: 'schools',
        component: () => import('@/views/SchoolsView.vue'),
        meta: { title: '学校名录', group: '机构管理', menuKey: 'schools' },
      },
      ...registryRoutes,
      ...moduleRoutes,
      {
        path: 'admin/dictionaries',
        name: 'dictionaries',
        component: () => import('@/views/registry/DictionariesView.vue'),
        meta: { title: '数据字典', group: '系统管理', menuKey: 'dictionaries' },
      },
      {
        path: 'audit',
        name: 'audit',
        component: () => import('@/views/AuditView.vue'),
        meta: { title: '审计日志', group: '安全审计', menuKey: 'audit' },
      },
      {
        path: 'jobs',
        name: 'jobs',
        component: () => import('@/views/JobsView.vue'),
        meta: { title: '我的任务', menuKey: 'jobs' },
      },
      {
        path: 'forbidden',
        name: 'forbidden',
        component: () => import('@/views/ForbiddenView.vue'),
        meta: { title: '无权访问' },
      },
    ],
  },
  {
    path: '/:pathMatch(.*)*',
    name: 'not-found',
    component: () => import('@/views/NotFoundView.vue'),
    meta: { title: '页面不存在', public: true },
  },
]

export const router = createRouter({
  history: createWebHistory('/'),
  routes,
  scrollBehavior: () => ({ top: 0 }),
})

router.beforeEach(async (to) => {
  const auth = useAuthStore()
  try {
    await auth.ensureChecked()
  } catch {
    // A server error while checking the session is treated like "not logged in".
  }

  if (to.meta.public) {
    if (to.name === 'login' && auth.loggedIn) return auth.homePath()
    return true
  }
  if (!auth.loggedIn) {
    return { name: 'login', query: to.fullPath !== '/' ? { redirect: to.fullPath } : {} }
  }
  if (to.name === 'home' && auth.isParent) return '/portal'
  if (to.meta.menuKey && !auth.canAccess(to.meta.menuKey)) {
    return { name: 'forbidden', query: { from: to.fullPath } }
  }
  return true
})

router.afterEach((to) => {
  const auth = useAuthStore()
  const title = (to.meta.subpage ? undefined : auth.menuTitle(to.meta.menuKey)) ?? to.meta.title
  document.title = title ? `${title} - 区教育局业务平台` : '区教育局业务平台'
})
