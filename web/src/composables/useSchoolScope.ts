import { computed } from 'vue'
import { useAuthStore } from '@/stores/auth'

/**
 * A school administrator works inside their own school: school filters are preset to it and
 * locked. Everyone else chooses freely (the server still limits what they see).
 */
export function useSchoolScope() {
  const auth = useAuthStore()
  const ownSchoolId = computed<number | null>(() =>
    auth.user?.role === 'school_admin' && auth.user.school_id ? auth.user.school_id : null,
  )
  const locked = computed(() => ownSchoolId.value !== null)
  return { ownSchoolId, locked }
}
