import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { startServer } from './server.mjs'
import { launchBrowser, loginThroughFlow, newPage, screenshot } from './browser.mjs'

let server
let browser
let account

before(async () => {
  server = await startServer()
  browser = await launchBrowser()
})

after(async () => {
  await browser?.close()
  await server?.stop()
})

test('sysadmin first login: password change, TOTP enrollment, home page', async () => {
  const page = await newPage(browser, { viewport: { width: 1366, height: 860 } })
  account = await loginThroughFlow(page, server.baseURL, 'sysadmin', server.password('sysadmin'))
  assert.deepEqual(account.stages, ['password_change', 'totp_enroll'])

  await page.waitForURL((u) => new URL(u).pathname === '/')
  await page.getByRole('heading', { name: '首页', exact: true }).waitFor()
  await page.locator('[data-testid="figure-card"]').first().waitFor()
  assert.ok((await page.locator('[data-testid="figure-card"]').count()) > 0)
  await page.locator('[data-testid="sidebar"]').waitFor()
  assert.match(await page.locator('[data-testid="user-bar"]').innerText(), /退出/)
  await screenshot(page, 'home-sysadmin')
  assert.deepEqual(page.errors, [])
  await page.context().close()
})

test('sysadmin logs in again with the new password and a TOTP code', async () => {
  assert.ok(account, 'first login must have succeeded')
  const page = await newPage(browser, { viewport: { width: 1366, height: 860 } })
  const again = await loginThroughFlow(page, server.baseURL, 'sysadmin', account.password, {
    secret: account.secret,
    usedStep: account.usedStep,
  })
  assert.deepEqual(again.stages, ['totp'])
  await page.getByRole('heading', { name: '首页', exact: true }).waitFor()

  // A reload keeps the session; logging out returns to the login page.
  await page.reload()
  await page.getByRole('heading', { name: '首页', exact: true }).waitFor()
  await page.locator('[data-testid="logout"]').click()
  await page.locator('.el-message-box').getByRole('button', { name: '退出' }).click()
  await page.waitForURL((u) => new URL(u).pathname === '/login')
  await page.goto(`${server.baseURL}/`)
  await page.waitForURL((u) => new URL(u).pathname === '/login')
  assert.deepEqual(page.errors, [])
  await page.context().close()
})
