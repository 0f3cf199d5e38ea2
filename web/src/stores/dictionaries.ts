import { defineStore } from 'pinia'
import { ref } from 'vue'
import { dictionariesApi } from '@/api/registry'
import type { DictEntry, Dictionary } from '@/api/registryTypes'

/**
 * The district's data dictionaries (民族、政治面貌、学历、职称 …), loaded once per page load and
 * shared by every select; the 数据字典 page reloads them after an edit.
 */
export const useDictionariesStore = defineStore('dictionaries', () => {
  const items = ref<Dictionary[]>([])
  const loaded = ref(false)
  let pending: Promise<void> | null = null

  async function reload(): Promise<void> {
    const res = await dictionariesApi.list()
    items.value = res.items ?? []
    loaded.value = true
  }

  /** Loads the dictionaries unless already loaded; concurrent callers share one request. */
  function ensure(): Promise<void> {
    if (loaded.value) return Promise.resolve()
    pending ??= reload().finally(() => {
      pending = null
    })
    return pending
  }

  function dictionary(kind: string): Dictionary | undefined {
    return items.value.find((d) => d.kind === kind)
  }

  /** Entries of a kind in display order; inactive ones only when asked for. */
  function entries(kind: string, includeInactive = false): DictEntry[] {
    const list = dictionary(kind)?.entries ?? []
    return list.filter((e) => includeInactive || e.active).sort((a, b) => a.sort - b.sort || a.code.localeCompare(b.code))
  }

  /** The name of a code, or the code itself when unknown. */
  function name(kind: string, code: string): string {
    return dictionary(kind)?.entries.find((e) => e.code === code)?.name ?? code
  }

  function replaceEntry(e: DictEntry): void {
    const d = dictionary(e.kind)
    if (!d) return
    const i = d.entries.findIndex((x) => x.code === e.code)
    if (i >= 0) d.entries[i] = e
    else d.entries.push(e)
  }

  return { items, loaded, reload, ensure, dictionary, entries, name, replaceEntry }
})
