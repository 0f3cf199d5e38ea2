// Grade codes of the registry: -2 小班, -1 中班, 0 大班, 1–6 小学, 7–9 初中, 10–12 高中（含中职）.

export interface GradeOption {
  code: number
  name: string
}

const NAMES: Record<number, string> = {
  [-2]: '小班',
  [-1]: '中班',
  0: '大班',
  1: '一年级',
  2: '二年级',
  3: '三年级',
  4: '四年级',
  5: '五年级',
  6: '六年级',
  7: '七年级',
  8: '八年级',
  9: '九年级',
  10: '高一',
  11: '高二',
  12: '高三',
}

export const GRADES: GradeOption[] = Object.keys(NAMES)
  .map(Number)
  .sort((a, b) => a - b)
  .map((code) => ({ code, name: NAMES[code] }))

export function gradeName(code: number | null | undefined): string {
  if (code === null || code === undefined) return '—'
  return NAMES[code] ?? `${code}年级`
}

/** The grades each school type teaches (as the server checks them). */
const RANGES: Record<string, [number, number]> = {
  kindergarten: [-2, 0],
  primary: [1, 6],
  junior: [7, 9],
  nine_year: [1, 9],
  complete_secondary: [7, 12],
  twelve_year: [1, 12],
  senior: [10, 12],
  vocational: [10, 12],
  special: [1, 12],
  teaching_point: [-2, 6],
}

/** Grades of a school type; every grade when the type is unknown. */
export function gradesForType(type?: string): GradeOption[] {
  const r = type ? RANGES[type] : undefined
  return r ? GRADES.filter((g) => g.code >= r[0] && g.code <= r[1]) : GRADES
}

/** Class size above which a class is a 大班额: 45 in primary, 50 in junior secondary. */
export function bigClassLimit(grade: number): number | null {
  if (grade >= 1 && grade <= 6) return 45
  if (grade >= 7 && grade <= 9) return 50
  return null
}

export function isBigClass(grade: number, size: number): boolean {
  const limit = bigClassLimit(grade)
  return limit !== null && size > limit
}

/** The school year running today: from 1 September to 31 August, named by its first year. */
export function currentSchoolYear(today = new Date()): number {
  return today.getMonth() >= 8 ? today.getFullYear() : today.getFullYear() - 1
}

/** The last few school years, newest first, for year selects. */
export function recentYears(count = 5, today = new Date()): number[] {
  const y = currentSchoolYear(today)
  return Array.from({ length: count }, (_, i) => y - i)
}
