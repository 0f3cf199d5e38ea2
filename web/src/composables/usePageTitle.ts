import { computed } from 'vue'
import { useRoute } from 'vue-router'
import { useAuthStore } from '@/stores/auth'

/** The current page's title: the sidebar's wording when the page is in the menu. */
export function usePageTitle() {
  const route = useRoute()
  const auth = useAuthStore()
  return computed(() => {
    if (route.meta.subpage) return route.meta.title ?? ''
    const key = route.meta.menuKey ?? (route.name === 'home' ? 'home' : undefined)
    return auth.menuTitle(key) ?? route.meta.title ?? ''
  })
}
