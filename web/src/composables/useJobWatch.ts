import { ref } from 'vue'
import { jobsApi, jobActive } from '@/api/jobs'
import type { Job } from '@/api/types'
import { usePolling } from './usePolling'

/**
 * Follows a background job: polls GET /jobs/{id} every second while it is queued or running and
 * `enabled()` holds (e.g. while its dialog is open).
 */
export function useJobWatch(enabled: () => boolean = () => true) {
  const job = ref<Job | null>(null)

  const polling = usePolling(
    async () => {
      if (!job.value) return
      try {
        job.value = await jobsApi.get(job.value.id)
      } catch {
        // A transient error keeps the last known state; the next tick retries.
      }
    },
    () => enabled() && job.value !== null && jobActive(job.value),
  )

  function follow(j: Job): void {
    job.value = j
    polling.schedule()
  }

  function clear(): void {
    polling.stop()
    job.value = null
  }

  return { job, follow, stop: polling.stop, clear }
}
