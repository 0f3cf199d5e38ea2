// A 局领导 browses 学生学籍: filters by school and grade, finds a student by the pinyin initials of
// the name and opens the detail page, where the ID number is masked.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { pinyin, polyphonic } from 'pinyin-pro'
import { startServer } from './server.mjs'
import { launchBrowser, loginThroughFlow, newPage, screenshot } from './browser.mjs'
import { openStudents, pickOption, rowCells, searchStudents, tableRows } from './registry.mjs'

let server
let browser

before(async () => {
  server = await startServer()
  browser = await launchBrowser()
})

after(async () => {
  await browser?.close()
  await server?.stop()
})

/** Column positions of the students table for a user who sees every school. */
const COL = { name: 0, school: 4, gradeClass: 5 }

/** Lowercase pinyin initials, the surname read as a surname ("曾国藩" → "zgf"). */
function initials(name) {
  return pinyin(name, { pattern: 'first', toneType: 'none', surname: 'head', type: 'array' }).join('').toLowerCase()
}

/** A name whose characters each have one reading, so that its initials are certain. */
function unambiguous(name) {
  return polyphonic(name, { type: 'array', toneType: 'none' }).every((readings) => new Set(readings).size === 1)
}

test('leader filters students, searches by pinyin initials and sees a masked ID number', async () => {
  const page = await newPage(browser, { viewport: { width: 1600, height: 900 } })
  const { stages } = await loginThroughFlow(page, server.baseURL, 'leader1', server.password('leader1'))
  assert.deepEqual(stages, ['password_change', 'totp_enroll'])

  await openStudents(page)

  const rows = tableRows(page, 'students-table')
  try {
    await rows.first().waitFor({ timeout: 20_000 })
  } catch {
    const total = await page.locator('[data-testid="student-total"]').innerText()
    assert.fail(`the student list of the demo district is empty (${total}): the demo has no students`)
  }

  // Filter by the school and grade of the first student shown.
  const first = await rowCells(rows.first())
  const schoolName = first[COL.school]
  const gradeName = first[COL.gradeClass].replace(/（.*$/, '')
  const filters = page.locator('[data-testid="student-filters"]')
  await pickOption(filters, '学校', schoolName, { type: true })
  await pickOption(filters, '年级', gradeName)
  await searchStudents(page, '')
  await rows.first().waitFor()
  const filtered = await Promise.all((await rows.all()).map(rowCells))
  assert.ok(filtered.length > 0)
  for (const cells of filtered) {
    assert.equal(cells[COL.school], schoolName)
    assert.ok(cells[COL.gradeClass].startsWith(gradeName), `${cells[COL.gradeClass]} is in ${gradeName}`)
  }
  await screenshot(page, 'students-filtered-leader')

  // Search by the pinyin initials of a student shown.
  const target = filtered.map((c) => c[COL.name]).find(unambiguous) ?? filtered[0][COL.name]
  const abbr = initials(target)
  assert.match(abbr, /^[a-z]+$/, `initials of ${target}`)
  await searchStudents(page, abbr)
  const hit = rows.filter({ hasText: target }).first()
  await hit.waitFor()
  for (const cells of await Promise.all((await rows.all()).map(rowCells))) {
    assert.equal(cells[COL.school], schoolName)
  }

  // The detail page shows the ID number masked.
  await hit.getByRole('link', { name: target, exact: true }).click()
  await page.waitForURL((u) => /^\/registry\/students\/\d+$/.test(new URL(u).pathname))
  await page.locator('[data-testid="student-name"]', { hasText: target }).waitFor()
  const detail = page.locator('[data-testid="student-detail"]')
  const masked = (await detail.locator('[data-field="id_number"] [data-testid="masked-value"]').innerText()).trim()
  assert.match(masked, /^\d{3}\*+\d{3}[\dX]$/, `masked ID number: ${masked}`)
  assert.match(await detail.innerText(), new RegExp(schoolName))
  await screenshot(page, 'student-detail-leader')
  assert.deepEqual(page.errors, [])
  await page.context().close()
})
