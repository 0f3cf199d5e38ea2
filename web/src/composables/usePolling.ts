import { onBeforeUnmount } from 'vue'

/**
 * Calls `tick` every `intervalMs` while `shouldContinue()` holds after the tick.
 * Stops automatically when the component unmounts.
 */
export function usePolling(tick: () => Promise<void>, shouldContinue: () => boolean, intervalMs = 1000) {
  let timer: number | undefined
  let stopped = false

  function stop(): void {
    if (timer !== undefined) window.clearTimeout(timer)
    timer = undefined
  }

  function schedule(): void {
    stop()
    if (stopped || !shouldContinue()) return
    timer = window.setTimeout(async () => {
      timer = undefined
      try {
        await tick()
      } finally {
        schedule()
      }
    }, intervalMs)
  }

  onBeforeUnmount(() => {
    stopped = true
    stop()
  })

  return { schedule, stop }
}
