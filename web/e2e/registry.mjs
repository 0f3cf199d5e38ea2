// Helpers for the registry browser tests: GB 11643 identity numbers, Element Plus selects and tables.

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
const CHECKS = '10X98765432'

/** The GB 11643 check character of the first 17 digits. */
export function checkChar(first17) {
  let sum = 0
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]
  return CHECKS[sum % 11]
}

const pad = (n, w) => String(n).padStart(w, '0')

/** A valid identity number: address code, birth date (Date, UTC) and a sequence number (odd: male). */
export function idNumber(area, birth, seq) {
  const body = `${area}${birth.getUTCFullYear()}${pad(birth.getUTCMonth() + 1, 2)}${pad(birth.getUTCDate(), 2)}${pad(seq, 3)}`
  return body + checkChar(body)
}

/** The same number with a check character that does not fit. */
export function withWrongCheck(id) {
  const right = id[17]
  const wrong = [...CHECKS].find((c) => c !== right && c !== 'X')
  return id.slice(0, 17) + wrong
}

export function ymd(d) {
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1, 2)}-${pad(d.getUTCDate(), 2)}`
}

/** The school year running on a date (from 1 September), named by its first year. */
export function schoolYear(today = new Date()) {
  return today.getMonth() >= 8 ? today.getFullYear() : today.getFullYear() - 1
}

/** Grade names and the grades each school type teaches (as the server checks them). */
export const GRADE_NAMES = {
  '-2': '小班', '-1': '中班', 0: '大班', 1: '一年级', 2: '二年级', 3: '三年级', 4: '四年级', 5: '五年级', 6: '六年级',
  7: '七年级', 8: '八年级', 9: '九年级', 10: '高一', 11: '高二', 12: '高三',
}
export const FIRST_GRADE = {
  kindergarten: -2, primary: 1, junior: 7, nine_year: 1, complete_secondary: 7, twelve_year: 1, senior: 10,
  vocational: 10, special: 1, teaching_point: -2,
}

const pageOf = (scope) => (typeof scope.page === 'function' ? scope.page() : scope)

/** The form item of a filter or form, by its label text. */
export function formItem(scope, label) {
  return scope.locator('.el-form-item').filter({ has: pageOf(scope).locator(`label:text-is("${label}")`) })
}

/**
 * Picks an option of the Element Plus select in the form item labelled `label`. With `type`,
 * the text is typed first (filterable selects).
 */
export async function pickOption(scope, label, option, { type = false } = {}) {
  const page = pageOf(scope)
  const item = formItem(scope, label)
  await item.locator('.el-select__wrapper').click()
  if (type) await page.keyboard.type(option)
  const opt = page.locator('.el-select-dropdown__item:visible').filter({ hasText: new RegExp(`^\\s*${escapeRe(option)}\\s*$`) })
  await opt.first().click()
}

export function escapeRe(s) {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

/** Body rows of the el-table with data-testid `testid`. */
export function tableRows(page, testid) {
  return page.locator(`[data-testid="${testid}"] .el-table__body-wrapper tbody tr`)
}

/** Texts of the cells of a table row. */
export async function rowCells(row) {
  return (await row.locator('td').allInnerTexts()).map((t) => t.trim())
}

/** Opens 学生学籍 from the sidebar and waits for its heading. */
export async function openStudents(page) {
  await page.locator('[data-testid="sidebar"] [data-menu-key="students"]').click()
  await page.waitForURL((u) => new URL(u).pathname === '/registry/students')
  await page.getByRole('heading', { name: '学生学籍', exact: true }).waitFor()
}

/** Types into the 关键字 box of the students list and runs the search, waiting for its answer. */
export async function searchStudents(page, text) {
  await page.locator('[data-testid="student-q"] input, input[data-testid="student-q"]').first().fill(text)
  await Promise.all([
    page.waitForResponse((r) => r.url().includes('/api/v1/students?') && r.request().method() === 'GET'),
    page.locator('[data-testid="student-search"]').click(),
  ])
  await page.locator('[data-testid="students-table"] .el-loading-mask').waitFor({ state: 'hidden' })
}
