import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import { authApi } from '@/api/auth'
import { ApiError } from '@/api/http'
import type { LoginResponse, LoginStage, MenuItem, SessionUser } from '@/api/types'

export const useAuthStore = defineStore('auth', () => {
  const user = ref<SessionUser | null>(null)
  const stage = ref<LoginStage | null>(null)
  const csrfToken = ref('')
  const menu = ref<MenuItem[]>([])
  /** True once GET /auth/me has been tried in this page load. */
  const checked = ref(false)

  const loggedIn = computed(() => stage.value === 'done' && user.value !== null)
  const menuKeys = computed(() => new Set(menu.value.map((m) => m.key)))
  const isParent = computed(() => user.value?.role === 'parent')

  function apply(resp: LoginResponse): void {
    stage.value = resp.stage
    csrfToken.value = resp.csrf_token || csrfToken.value
    user.value = resp.user ?? user.value
    if (resp.menu) menu.value = resp.menu
  }

  function clear(): void {
    user.value = null
    stage.value = null
    csrfToken.value = ''
    menu.value = []
  }

  async function fetchMe(): Promise<void> {
    try {
      const me = await authApi.me()
      apply(me)
      menu.value = me.menu ?? []
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) clear()
      else throw e
    } finally {
      checked.value = true
    }
  }

  async function ensureChecked(): Promise<void> {
    if (!checked.value) await fetchMe()
  }

  async function logout(): Promise<void> {
    try {
      await authApi.logout()
    } catch {
      // The session may already be gone; the local state is cleared either way.
    }
    clear()
  }

  function canAccess(key: string): boolean {
    return menuKeys.value.has(key)
  }

  function can(permission: string): boolean {
    return user.value?.permissions?.includes(permission) ?? false
  }

  /** The server's menu title for a page, so that headings match the sidebar. */
  function menuTitle(key: string | undefined): string | undefined {
    return key ? menu.value.find((m) => m.key === key)?.title : undefined
  }

  /** Landing page after a completed login. */
  function homePath(): string {
    return isParent.value ? '/portal' : '/'
  }

  return {
    user,
    stage,
    csrfToken,
    menu,
    checked,
    loggedIn,
    isParent,
    apply,
    clear,
    fetchMe,
    ensureChecked,
    logout,
    canAccess,
    can,
    menuTitle,
    homePath,
  }
})
