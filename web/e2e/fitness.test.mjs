// 体质健康: a 体卫艺科 staff member reads the district statistics page (四率一分 with definitions, ranking,
// targets, trend) and a printable personal report; a parent opens their child's report from the
// portal (the guardian link). Both pages render in Chromium without page errors.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { startServer } from './server.mjs'
import { launchBrowser, loginThroughFlow, newPage, screenshot } from './browser.mjs'

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

/** GET a JSON API from inside the logged-in page. */
function api(page, path) {
  return page.evaluate(async (p) => {
    const res = await fetch(p, { credentials: 'same-origin' })
    if (!res.ok) throw new Error(`${p}: ${res.status}`)
    return res.json()
  }, path)
}

/**
 * Logs in a 体卫艺科 staff member (科室人员 hold FitnessRead for the whole district and need no
 * second factor): staff16 in the demo, else the first staff account that holds the permission.
 */
async function fitnessStaff() {
  const staff = server.credentials.filter((x) => x.role === 'staff')
  staff.sort((a, b) => (a.username === 'staff16' ? -1 : b.username === 'staff16' ? 1 : 0))
  for (const c of staff) {
    const page = await newPage(browser, { viewport: { width: 1600, height: 1000 } })
    await loginThroughFlow(page, server.baseURL, c.username, c.password)
    const me = await api(page, '/api/v1/auth/me')
    if ((me.user?.permissions ?? me.permissions ?? []).includes('fitness.read')) return page
    await page.context().close()
  }
  throw new Error('no demo staff account holds fitness.read')
}

test('体卫艺科 staff see the district statistics and a printable personal report', async () => {
  const page = await fitnessStaff()
  await page.getByRole('menuitem', { name: '体质健康' }).click()
  await page.waitForURL((u) => new URL(u).pathname === '/fitness')
  const cards = page.locator('[data-testid="rate-cards"]')
  await cards.waitFor({ timeout: 30_000 })
  const stats = await api(page, '/api/v1/fitness/stats')
  assert.ok(stats.total.tested > 10_000, `demo district has results: ${stats.total.tested}`)

  // The 四率一分 are shown as computed, with the exempt students apart.
  const pass = await cards.locator('[data-key="pass_rate"] .number').innerText()
  assert.equal(Number(pass), stats.total.pass_rate)
  const mean = await cards.locator('[data-key="mean_total"] .number').innerText()
  assert.equal(Number(mean), stats.total.mean_total)
  const counts = await page.locator('[data-testid="fitness-counts"]').innerText()
  assert.match(counts, new RegExp(`实测 ${stats.total.tested} 人`))
  assert.match(counts, new RegExp(`免测 ${stats.total.exempt} 人`))
  // Targets tracked against the figures: 合格率 ≥ 95%.
  const target = page.locator('[data-testid="fitness-targets"] .target', { hasText: '合格率' })
  await target.waitFor()
  assert.equal(await target.getAttribute('data-met'), String(stats.total.pass_rate >= 95))

  // School ranking: a chart and one row per school, best first; schools differ.
  const ranking = page.locator('[data-testid="fitness-ranking"] .el-table__body-wrapper tbody tr')
  await ranking.first().waitFor()
  assert.equal(await ranking.count(), stats.by_school.length)
  assert.ok(stats.by_school.length > 20)
  assert.ok(new Set(stats.by_school.map((s) => s.pass_rate)).size > 5, 'schools differ')
  assert.ok((await page.locator('[data-testid="fitness-chart"] canvas').count()) > 0, 'the ranking chart is drawn')

  // Definitions are on screen; three school years of trend.
  await page.getByRole('tab', { name: '指标说明' }).click()
  await page.locator('[data-testid="rate-definitions"]', { hasText: '实测人数 ÷ 应测人数' }).waitFor()
  await page.getByRole('tab', { name: '历年趋势' }).click()
  assert.equal(stats.trend.length, 3, 'three school years of demo results')
  await screenshot(page, 'fitness-stats-district')

  // A personal report: a student in grade 3 or above of the best school.
  const classes = await api(page, `/api/v1/fitness/classes?school_id=${stats.by_school[0].key}`)
  const cls = classes.items.find((c) => c.grade >= 3 && c.students > 0) ?? classes.items.find((c) => c.students > 0)
  const sheet = await api(page, `/api/v1/fitness/classes/${cls.id}/results`)
  const row = sheet.rows.find((r) => r.record && r.record.total_score !== null)
  assert.ok(row, 'a scored student in the class')
  await page.goto(`${server.baseURL}/fitness/students/${row.student_id}`)
  const report = page.locator('[data-testid="fitness-report"]')
  await report.waitFor()
  await report.locator('[data-testid="report-student"]', { hasText: row.name }).waitFor()
  const totals = await report.locator('[data-testid="report-total"]').allInnerTexts()
  assert.ok(totals.includes(String(row.record.total_score)), `report shows ${row.record.total_score}: ${totals}`)
  if (cls.grade >= 3) assert.ok(totals.length >= 2, 'several school years')
  // The print stylesheet hides the application frame and keeps the report.
  await page.emulateMedia({ media: 'print' })
  assert.equal(await page.locator('.admin-layout .aside').isVisible(), false)
  assert.equal(await page.locator('[data-testid="report-print"]').isVisible(), false)
  assert.equal(await report.isVisible(), true)
  await screenshot(page, 'fitness-report-print')
  await page.emulateMedia({ media: 'screen' })

  // The class entry form: a typing slip is refused with its row and field, then saved and scored.
  await page.goto(`${server.baseURL}/fitness/entry?school=${stats.by_school[0].key}&year=${cls.school_year}`)
  const entry = page.locator('[data-testid="fitness-entry"]')
  await entry.locator('[data-testid="fitness-class"] .el-select__wrapper').click()
  await page.locator('.el-select-dropdown__item:visible', { hasText: cls.name }).first().click()
  const table = page.locator('[data-testid="fitness-entry-table"] .el-table__body-wrapper tbody tr')
  await table.first().waitFor()
  const firstName = (await table.first().locator('[data-testid="fitness-student-link"]').innerText()).trim()
  const height = table.first().locator('input[data-field="height"], [data-field="height"] input').first()
  const before = await height.inputValue()
  await height.fill('1.3')
  await page.locator('[data-testid="fitness-save"]').click()
  await page.locator('.el-message--error', { hasText: '身高' }).waitFor()
  await height.fill(before || '130')
  await page.locator('[data-testid="fitness-save"]').click()
  await page.locator('.el-message--success').waitFor()
  const saved = await api(page, `/api/v1/fitness/classes/${cls.id}/results?year=${cls.school_year}`)
  const mine = saved.rows.find((r) => r.name === firstName)
  assert.equal(mine.record.values.height, Number(before || '130'))
  await screenshot(page, 'fitness-entry')
  assert.deepEqual(page.errors, [])
  await page.context().close()
})

test('parent opens their own child’s report from the portal and no other', async () => {
  const page = await newPage(browser, { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true })
  await loginThroughFlow(page, server.baseURL, 'parent1', server.password('parent1'))
  await page.waitForURL((u) => new URL(u).pathname === '/portal')
  await page.goto(`${server.baseURL}/portal/fitness`)
  const child = page.locator('[data-testid="portal-child"]').first()
  await child.waitFor({ timeout: 30_000 })
  const name = (await child.locator('.name').innerText()).trim()
  await child.getByText('查看体质健康档案').click()
  const report = page.locator('[data-testid="fitness-report"]')
  await report.waitFor()
  await report.locator('[data-testid="report-student"]', { hasText: name }).waitFor()
  assert.ok((await report.locator('[data-testid="report-rating"]').count()) >= 1)
  await screenshot(page, 'fitness-report-parent')

  // Another student's record is "not found" for a parent.
  const children = await api(page, '/api/v1/portal/fitness')
  const own = new Set(children.items.map((c) => c.student_id))
  const other = String(BigInt(children.items[0].student_id) + 1n)
  if (!own.has(other)) {
    const status = await page.evaluate(async (id) => (await fetch(`/api/v1/fitness/students/${id}`)).status, other)
    assert.equal(status, 404)
  }
  assert.deepEqual(page.errors, [])
  await page.context().close()
})
