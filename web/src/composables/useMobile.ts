import { onBeforeUnmount, ref } from 'vue'

/** Reactive flag for viewports narrower than 768px. */
export function useMobile(breakpoint = 768) {
  const query = window.matchMedia(`(max-width: ${breakpoint - 1}px)`)
  const isMobile = ref(query.matches)
  const update = (e: MediaQueryListEvent) => {
    isMobile.value = e.matches
  }
  query.addEventListener('change', update)
  onBeforeUnmount(() => query.removeEventListener('change', update))
  return isMobile
}
