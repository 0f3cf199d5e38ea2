import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import { orgApi, type DirectoryEntry } from '@/api/org'

/**
 * Every school of the district by code, name, type and zone (全区学校名录), loaded once per page
 * load: for choosing another school, such as the receiving school of a transfer, whatever the
 * user's own scope.
 */
export const useSchoolDirectoryStore = defineStore('schoolDirectory', () => {
  const schools = ref<DirectoryEntry[]>([])
  const loaded = ref(false)
  let pending: Promise<void> | null = null

  function ensure(): Promise<void> {
    if (loaded.value) return Promise.resolve()
    pending ??= orgApi
      .directory()
      .then((res) => {
        schools.value = res.items ?? []
        loaded.value = true
      })
      .finally(() => {
        pending = null
      })
    return pending
  }

  const byId = computed(() => new Map(schools.value.map((s) => [s.id, s])))

  function find(id: number | '' | null | undefined): DirectoryEntry | undefined {
    return id ? byId.value.get(id) : undefined
  }

  return { schools, loaded, ensure, find }
})
