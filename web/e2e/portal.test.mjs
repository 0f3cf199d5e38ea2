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

test('parent on a phone lands on the portal without a sidebar', async () => {
  const page = await newPage(browser, {
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
  })
  const { stages } = await loginThroughFlow(page, server.baseURL, 'parent1', server.password('parent1'))
  assert.deepEqual(stages, ['password_change'])

  await page.waitForURL((u) => new URL(u).pathname === '/portal')
  const portal = page.locator('[data-testid="portal-page"]')
  await portal.waitFor()
  await portal.getByRole('heading', { name: '我的子女' }).waitFor()
  await page.waitForFunction(() => !document.querySelector('.el-loading-mask'))
  assert.equal(await page.locator('[data-testid="sidebar"]').count(), 0)
  assert.equal(await page.locator('[data-testid="sidebar"]:visible').count(), 0)

  // parent1 is a guardian of a demo student: the child is listed, with the services for parents.
  assert.equal(await page.locator('[data-testid="child-card"]').count(), 1)
  await page.locator('[data-testid="portal-link-fitness"]').waitFor()
  await page.locator('[data-testid="portal-link-enroll"]').waitFor()
  const child = (await page.locator('[data-testid="child-card"] .child-name').textContent()).trim()
  assert.ok(child.length >= 2, `child name ${child}`)

  // No horizontal scrolling on a phone.
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
  assert.ok(overflow <= 0, `page is ${overflow}px wider than the viewport`)
  await screenshot(page, 'portal-parent1')

  // The 体质健康 service lists the same child.
  await page.locator('[data-testid="portal-link-fitness"]').click()
  await page.waitForURL((u) => new URL(u).pathname === '/portal/fitness')
  await page.locator('[data-testid="portal-child"]').first().waitFor()
  assert.equal(await page.locator('[data-testid="portal-child"]').count(), 1)
  assert.ok((await page.locator('[data-testid="portal-child"]').textContent()).includes(child))
  await page.goBack()
  await page.waitForURL((u) => new URL(u).pathname === '/portal')

  // The admin home redirects a parent back to the portal.
  await page.goto(`${server.baseURL}/`)
  await page.waitForURL((u) => new URL(u).pathname === '/portal')
  assert.deepEqual(page.errors, [])
  await page.context().close()
})
