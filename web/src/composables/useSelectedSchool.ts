import { computed, onMounted, ref, watch } from 'vue'
import { useRoute, useRouter } from 'vue-router'
import { useSchoolOptionsStore } from '@/stores/schoolOptions'
import { currentSchoolYear } from './grades'
import { useSchoolScope } from './useSchoolScope'

/**
 * One school and one year for the per-school pages (班级, 办学条件): the administrator's own
 * school, else taken from and kept in the address (?school_id=…&year=…) so the page can be linked.
 */
export function useSelectedSchool() {
  const route = useRoute()
  const router = useRouter()
  const store = useSchoolOptionsStore()
  const { ownSchoolId, locked } = useSchoolScope()

  const schoolId = ref<number | ''>(ownSchoolId.value ?? (Number(route.query.school_id) || ''))
  const year = ref<number>(Number(route.query.year) || currentSchoolYear())
  const school = computed(() => store.find(schoolId.value))

  watch([schoolId, year], ([id, y]) => {
    router.replace({ query: { ...route.query, school_id: locked.value || !id ? undefined : String(id), year: String(y) } })
  })

  onMounted(() => {
    store.ensure().catch(() => {
      // Without the list the page still works for a preset school.
    })
  })

  return { schoolId, year, school, locked }
}
