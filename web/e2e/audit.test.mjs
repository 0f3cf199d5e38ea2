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

test('auditor sees the audit log but not user management', async () => {
  const page = await newPage(browser, { viewport: { width: 1366, height: 860 } })
  const { stages } = await loginThroughFlow(page, server.baseURL, 'auditor', server.password('auditor'))
  assert.deepEqual(stages, ['password_change', 'totp_enroll'])
  await page.waitForURL((u) => new URL(u).pathname === '/')

  const sidebar = page.locator('[data-testid="sidebar"]')
  await sidebar.waitFor()
  await sidebar.locator('[data-menu-key="audit"]').waitFor()

  await page.goto(`${server.baseURL}/audit`)
  await page.getByRole('heading', { name: '审计日志', exact: true }).waitFor()
  const rows = page.locator('[data-testid="audit-table"] .el-table__body tbody tr')
  await rows.first().waitFor()
  assert.ok((await rows.count()) >= 1, 'the login itself is audited')
  await screenshot(page, 'audit-auditor')

  await page.goto(`${server.baseURL}/admin/users`)
  const forbidden = page.locator('[data-testid="forbidden"]')
  await forbidden.waitFor()
  assert.match(await forbidden.innerText(), /无权访问/)
  await sidebar.waitFor()
  assert.doesNotMatch(await sidebar.innerText(), /用户管理/)
  assert.equal(await sidebar.locator('[data-menu-key="users"]').count(), 0)
  await screenshot(page, 'forbidden-auditor')
  assert.deepEqual(page.errors, [])
  await page.context().close()
})
