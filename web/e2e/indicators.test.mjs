// The 督导室 opens the 督导评估 dashboard of the demo district: it shows the schools failing 优质均衡
// with their gaps in the indicators' own units, and the records behind a gap; a what-if that adds
// what one failing school lacks flips it to 达标, and the plan is saved.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { startServer } from './server.mjs'
import { launchBrowser, loginThroughFlow, newPage, screenshot } from './browser.mjs'
import { escapeRe, formItem, rowCells, tableRows } from './registry.mjs'

let server
let browser
let supervisorPassword

before(async () => {
  server = await startServer()
  browser = await launchBrowser()
})

after(async () => {
  await browser?.close()
  await server?.stop()
})

/** The 督导室's first member (the section with indicators.read and supervision.write). */
const SUPERVISOR = 'staff21'

const GAP = /缺 [\d,]+ (人|m²|元|间)/

test('the dashboard lists failing schools with their gaps, and a what-if that fills one flips it', async () => {
  const page = await newPage(browser, { viewport: { width: 1600, height: 1000 } })
  supervisorPassword = (await loginThroughFlow(page, server.baseURL, SUPERVISOR, server.password(SUPERVISOR))).password
  await page.goto(`${server.baseURL}/indicators`)
  await page.locator('[data-testid="scorecard"]').waitFor()

  const failing = tableRows(page, 'failing-table')
  await failing.first().waitFor({ timeout: 30_000 })
  const rows = await Promise.all((await failing.all()).map(rowCells))
  const bad = rows.filter((c) => c[2] === '未达标')
  assert.ok(bad.length > 0, `the demo district has schools failing the school rule: ${JSON.stringify(rows.slice(0, 5))}`)
  for (const cells of rows) assert.match(cells[3], GAP, `gap of ${cells[0]}: ${cells[3]}`)
  const target = bad[0][0]
  const count = await page.locator('[data-testid="failing-count"]').innerText()
  assert.equal(Number(count), bad.length)
  await page.locator('[data-testid="indicator-chart"]').waitFor()
  await screenshot(page, 'indicators-dashboard')

  // The records behind the first gap of the failing school.
  const row = failing.filter({ hasText: target }).first()
  await row.locator('[data-testid="gap-tag"]').first().click()
  const dialog = page.locator('[data-testid="records-dialog"]')
  await dialog.getByText('数据来源').waitFor()
  await screenshot(page, 'indicators-records')
  await dialog.locator('.el-dialog__headerbtn').click()

  // What-if: add what the school lacks; it flips to 达标.
  await page.locator('[data-testid="whatif-link"]').click()
  await page.waitForURL((u) => new URL(u).pathname === '/indicators/whatif')
  const candidates = tableRows(page, 'whatif-failing')
  await candidates.first().waitFor()
  await candidates.filter({ hasText: target }).first().locator('[data-testid="fill-gaps"]').click()
  assert.ok((await page.locator('[data-testid="change-list"] li').count()) > 0)
  await page.locator('[data-testid="run-whatif"]').click()
  const result = tableRows(page, 'whatif-schools')
  const flipped = result.filter({ hasText: target }).first()
  await flipped.waitFor()
  const cells = await rowCells(flipped)
  assert.equal(cells[2], '未达标', `before: ${cells}`)
  assert.equal(cells[3], '达标', `after: ${cells}`)
  await screenshot(page, 'indicators-whatif')

  // Save the plan; it is listed.
  const name = `补足${target}`.slice(0, 60)
  await page.locator('[data-testid="plan-name"] input, input[data-testid="plan-name"]').first().fill(name)
  await page.locator('[data-testid="save-plan"]').click()
  await tableRows(page, 'plan-list').filter({ hasText: name }).first().waitFor()
  assert.deepEqual(page.errors, [])
  await page.context().close()
})

test('a 省级加码 set raising a threshold, once active, is what the dashboard evaluates', async () => {
  assert.ok(supervisorPassword, 'the first test must have logged in')
  const page = await newPage(browser, { viewport: { width: 1600, height: 1000 } })
  await loginThroughFlow(page, server.baseURL, SUPERVISOR, supervisorPassword)
  await page.goto(`${server.baseURL}/indicators`)
  await page.locator('[data-testid="scorecard"]').waitFor()
  const before = Number(await page.locator('[data-testid="failing-count"]').innerText())

  await page.goto(`${server.baseURL}/indicators/sets`)
  await tableRows(page, 'sets-table').first().waitFor()
  await page.locator('[data-testid="new-set"]').click()
  const editor = page.locator('[data-testid="set-editor"]')
  await formItem(editor, '代码').locator('input').fill('zj_balance_e2e')
  await formItem(editor, '名称').locator('input').fill('浙江省优质均衡加码')
  await formItem(editor, '政策依据').locator('input').fill('浙江省县域义务教育优质均衡发展督导评估实施办法')
  await formItem(editor, '使用').locator('.el-switch').click()
  await editor.locator('[data-testid="copy-indicator"]').click()
  await page
    .locator('.el-select-dropdown__item:visible')
    .filter({ hasText: new RegExp(`^\\s*${escapeRe('小学·生均体育运动场馆面积')}\\s*$`) })
    .first()
    .click()
  const threshold = editor.locator('[data-testid="threshold"] input, input[data-testid="threshold"]').first()
  await threshold.fill('12')
  await threshold.press('Tab')
  await editor.locator('[data-testid="save-set"]').click()
  await tableRows(page, 'sets-table').filter({ hasText: '浙江省优质均衡加码' }).filter({ hasText: '使用中' }).first().waitFor()

  await page.goto(`${server.baseURL}/indicators`)
  await page.locator('[data-testid="scorecard"]').getByText('浙江省优质均衡加码').waitFor()
  const after = Number(await page.locator('[data-testid="failing-count"]').innerText())
  assert.ok(after > before, `raising 生均体育运动场馆面积 to 12 m² fails more schools: ${before} → ${after}`)
  await screenshot(page, 'indicators-provincial-set')
  assert.deepEqual(page.errors, [])
  await page.context().close()
})

test('a school administrator sees their own school only, without district figures', async () => {
  assert.ok(supervisorPassword, 'the first test must have logged in')
  // The 督导室 finds a failing school and its code.
  const section = await newPage(browser, { viewport: { width: 1400, height: 900 } })
  await loginThroughFlow(section, server.baseURL, SUPERVISOR, supervisorPassword)
  const school = await section.evaluate(async () => {
    const sc = await (await fetch('/api/v1/indicators/scorecard')).json()
    const id = sc.failing.find((f) => !f.pass).school_id
    return (await fetch(`/api/v1/schools/${id}`)).json()
  })
  await section.context().close()
  assert.ok(school.code, `school: ${JSON.stringify(school)}`)

  const page = await newPage(browser, { viewport: { width: 1600, height: 1000 } })
  await loginThroughFlow(page, server.baseURL, `sa${school.code}`, server.password(`sa${school.code}`))
  await page.goto(`${server.baseURL}/indicators`)
  await page.getByText('您看到的是本校的指标').waitFor()
  assert.equal(await page.locator('[data-testid="scorecard"]').count(), 0)
  assert.equal(await page.locator('[data-testid="whatif-link"]').count(), 0)
  const failing = tableRows(page, 'failing-table')
  await failing.first().waitFor()
  for (const cells of await Promise.all((await failing.all()).map(rowCells))) {
    assert.ok(cells[0].startsWith(school.name), `${cells[0]} is a part of ${school.name}`)
  }
  const own = await page.evaluate(async () => (await fetch('/api/v1/indicators/scorecard')).json())
  assert.equal(own.district_hidden, true)
  assert.deepEqual(own.schools.map((s) => s.name), [school.name])
  assert.ok(own.balance.indicators.every((i) => !i.cv_defined && !i.district_defined))
  await screenshot(page, 'indicators-school-admin')
  assert.deepEqual(page.errors, [])
  await page.context().close()
})
