import { reactive, ref } from 'vue'
import { studentsApi } from '@/api/registry'
import type { RevealField, Student, StudentInput } from '@/api/registryTypes'
import type { GuardianRow } from '@/components/registry/GuardianEditor.vue'
import { useAuthStore } from '@/stores/auth'
import { errorMessage } from './format'

/** The reason recorded in the audit log when an edit form loads the full personal values. */
export const EDIT_REVEAL_REASON = '编辑学籍信息'

export type StudentForm = Omit<StudentInput, 'school_id' | 'grade' | 'class_id' | 'guardians'> & {
  school_id: number | ''
  grade: number | ''
  class_id: number | ''
  guardians: GuardianRow[]
}

function blank(schoolId: number | ''): StudentForm {
  return {
    student_no: '',
    name: '',
    sex: '',
    id_number: '',
    birth_date: '',
    ethnicity: '01',
    hukou_local: true,
    migrant: false,
    address: '',
    school_id: schoolId,
    grade: '',
    class_id: '',
    status: '在读',
    poor: false,
    dibao: false,
    tekun: false,
    disabled: false,
    disability_type: '',
    left_behind: false,
    boarding: false,
    guardians: [],
  }
}

/**
 * State of the student form. Editing needs the full 身份证号, 学籍号, 家庭住址 and guardian phones,
 * because the PUT replaces the record and masked values cannot be sent back: they are loaded
 * through the audited reveal endpoint, which needs pii.reveal. Without it the form stays read-only.
 */
export function useStudentForm() {
  const auth = useAuthStore()
  const form = reactive<StudentForm>(blank(''))
  const masked = reactive({ student_no: '', id_number: '', address: '' })
  const original = ref<Student | null>(null)
  const loading = ref(false)
  const loadError = ref('')
  /** Editing is impossible without pii.reveal. */
  const blocked = ref(false)

  function startNew(schoolId: number | ''): void {
    Object.assign(form, blank(schoolId))
    Object.assign(masked, { student_no: '', id_number: '', address: '' })
    original.value = null
    blocked.value = false
  }

  async function loadForEdit(id: number): Promise<void> {
    loading.value = true
    loadError.value = ''
    try {
      const s = await studentsApi.get(id)
      original.value = s
      fill(s)
      blocked.value = !auth.can('pii.reveal')
      if (!blocked.value) await revealAll(s)
    } catch (e) {
      loadError.value = errorMessage(e, '加载学生信息失败')
    } finally {
      loading.value = false
    }
  }

  function fill(s: Student): void {
    Object.assign(form, blank(s.school_id), {
      name: s.name,
      sex: s.sex,
      birth_date: s.birth_date,
      ethnicity: s.ethnicity,
      hukou_local: s.hukou_local,
      migrant: s.migrant,
      grade: s.grade,
      class_id: s.class_id || '',
      status: s.status,
      poor: s.poor,
      dibao: s.dibao,
      tekun: s.tekun,
      disabled: s.disabled,
      disability_type: s.disability_type,
      left_behind: s.left_behind,
      boarding: s.boarding,
    })
    form.guardians = (s.guardians ?? []).map((g) => ({ id: g.id, name: g.name, relation: g.relation, phone: '', masked: g.phone }))
    Object.assign(masked, { student_no: s.student_no, id_number: s.id_number, address: s.address })
  }

  /** Loads the full values the PUT must carry (each reveal is audited with EDIT_REVEAL_REASON). */
  async function revealAll(s: Student): Promise<void> {
    const reveal = async (field: RevealField, guardian_id?: number) =>
      (await studentsApi.reveal(s.id, { field, reason: EDIT_REVEAL_REASON, guardian_id })).value
    const jobs: Promise<void>[] = []
    for (const field of ['student_no', 'id_number', 'address'] as const) {
      if (s[field]) jobs.push(reveal(field).then((v) => void (form[field] = v)))
    }
    for (const g of form.guardians) {
      if (g.id && g.masked) jobs.push(reveal('guardian_phone', g.id).then((v) => void (g.phone = v)))
    }
    await Promise.all(jobs)
  }

  function payload(): StudentInput {
    return {
      ...form,
      name: form.name.trim(),
      id_number: form.id_number.trim(),
      student_no: form.student_no.trim(),
      school_id: Number(form.school_id) || 0,
      grade: Number(form.grade),
      class_id: Number(form.class_id) || 0,
      disability_type: form.disabled ? form.disability_type : '',
      guardians: form.guardians.map((g) => ({ name: g.name.trim(), relation: g.relation, phone: g.phone.trim() })),
    }
  }

  return { form, masked, original, loading, loadError, blocked, startNew, loadForEdit, payload }
}
