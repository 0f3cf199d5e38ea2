import { reactive } from 'vue'
import { ElMessage } from 'element-plus'
import { ApiError } from '@/api/http'

/**
 * Keeps per-field messages from the error envelope for `<el-form-item :error>`,
 * and shows the overall message.
 */
export function useFieldErrors() {
  const errors = reactive<Record<string, string>>({})

  function reset(): void {
    for (const k of Object.keys(errors)) delete errors[k]
  }

  /** Stores field messages; returns the overall message. */
  function capture(e: unknown): string {
    reset()
    if (e instanceof ApiError) {
      for (const f of e.fields) errors[f.field] = f.message
      return e.message
    }
    return e instanceof Error ? e.message : '操作失败'
  }

  /** Like capture, and also pops the overall message up. */
  function report(e: unknown): void {
    ElMessage.error(capture(e))
  }

  return { errors, reset, capture, report }
}
