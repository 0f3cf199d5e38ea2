import { reactive, ref } from 'vue'
import { ElMessage } from 'element-plus'
import type { Query } from '@/api/http'
import type { Page } from '@/api/types'
import { errorMessage } from './format'

/** State for a paged list endpoint: items, total, paging and a loader. */
export function usePagedList<T>(fetchPage: (q: Query) => Promise<Page<T>>, filters: () => Query, pageSize = 20) {
  const items = ref<T[]>([]) as { value: T[] }
  const total = ref(0)
  const loading = ref(false)
  const paging = reactive({ page: 1, pageSize })

  async function load(): Promise<void> {
    loading.value = true
    try {
      const res = await fetchPage({ ...filters(), page: paging.page, page_size: paging.pageSize })
      items.value = res.items ?? []
      total.value = res.total ?? items.value.length
    } catch (e) {
      ElMessage.error(errorMessage(e, '加载失败'))
    } finally {
      loading.value = false
    }
  }

  /** Goes back to the first page and reloads (after a filter change). */
  function search(): Promise<void> {
    paging.page = 1
    return load()
  }

  return { items, total, loading, paging, load, search }
}
