import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import { orgApi } from '@/api/org'
import type { School } from '@/api/types'

const PAGE_SIZE = 200

/**
 * The schools the user may see, for school selects: loaded once (page by page) and cached for
 * the page load. A school administrator sees only their own school.
 */
export const useSchoolOptionsStore = defineStore('schoolOptions', () => {
  const schools = ref<School[]>([])
  const loaded = ref(false)
  let pending: Promise<void> | null = null

  async function load(): Promise<void> {
    const all: School[] = []
    for (let page = 1; ; page++) {
      const res = await orgApi.schools({ page, page_size: PAGE_SIZE, sort: 'code' })
      all.push(...(res.items ?? []))
      if (all.length >= res.total || !res.items?.length) break
    }
    schools.value = all
    loaded.value = true
  }

  function ensure(): Promise<void> {
    if (loaded.value) return Promise.resolve()
    pending ??= load().finally(() => {
      pending = null
    })
    return pending
  }

  const byId = computed(() => new Map(schools.value.map((s) => [s.id, s])))

  function find(id: number | '' | null | undefined): School | undefined {
    return id ? byId.value.get(id) : undefined
  }

  return { schools, loaded, ensure, find }
})
