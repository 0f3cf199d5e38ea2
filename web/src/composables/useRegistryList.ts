import { reactive, ref } from 'vue'
import type { Query } from '@/api/http'
import type { Page } from '@/api/types'
import { usePagedList } from './usePagedList'
import { useSchoolScope } from './useSchoolScope'

export type FilterValue = string | number | boolean | null | undefined

/** Drops empty values so that query strings and export bodies stay minimal. */
export function compact(values: Record<string, FilterValue>): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = {}
  for (const [k, v] of Object.entries(values)) {
    if (v !== '' && v !== null && v !== undefined) out[k] = v
  }
  return out
}

/**
 * Filters with a school: preset and kept for a school administrator, optionally prefilled from
 * the route query (school_id=…) for everyone else.
 */
export function useScopedFilters<F extends { school_id: number | '' } & Record<string, FilterValue>>(
  defaults: () => F,
  preset?: Partial<F>,
) {
  const { ownSchoolId, locked } = useSchoolScope()
  const initial = (): F => {
    const f = { ...defaults() }
    if (ownSchoolId.value) f.school_id = ownSchoolId.value
    return f
  }
  const filters = reactive({ ...initial(), ...(locked.value ? {} : preset) }) as F

  function reset(): void {
    Object.assign(filters, initial())
  }

  return { filters, locked, ownSchoolId, reset, query: () => compact(filters) }
}

type SortOrder = 'ascending' | 'descending' | null

/**
 * A paged registry list: scoped filters, paging and server-side sorting through el-table's
 * sort-change event (`sort=field` or `sort=-field`).
 */
export function useRegistryList<T, F extends { school_id: number | '' } & Record<string, FilterValue>>(
  fetchPage: (q: Query) => Promise<Page<T>>,
  defaults: () => F,
  preset?: Partial<F>,
) {
  const scope = useScopedFilters(defaults, preset)
  const sort = ref('')
  const list = usePagedList<T>(fetchPage, () => ({ ...scope.query(), sort: sort.value }))

  function onSortChange({ prop, order }: { prop: string; order: SortOrder }): void {
    sort.value = order ? `${order === 'descending' ? '-' : ''}${prop}` : ''
    list.search()
  }

  function resetFilters(): void {
    scope.reset()
    list.search()
  }

  return { ...scope, ...list, sort, onSortChange, resetFilters }
}
