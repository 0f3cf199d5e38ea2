// Enrollment end to end: a parent signs up and submits an application (category explained before
// submitting), the 招生办 reviewer approves it, freezes the list and runs the draw with a live seed,
// and the parent sees the result; the public page shows the seed.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { startServer } from './server.mjs'
import { launchBrowser, loginThroughFlow, newPage, screenshot, strongPassword } from './browser.mjs'

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

/** A valid 18-digit ID number of a child of 青溪区 born on 2020-10-01 (six on the cut-off date). */
function childID(seq) {
  const first17 = `339901${'20201001'}${String(seq).padStart(3, '0')}`
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
  const sum = [...first17].reduce((s, d, i) => s + Number(d) * w[i], 0)
  return first17 + '10X98765432'[sum % 11]
}

async function fill(page, testid, value) {
  await page.locator(`input[data-testid="${testid}"], [data-testid="${testid}"] input, textarea[data-testid="${testid}"]`).first().fill(value)
}

test('a parent registers and applies, a reviewer approves, the draw runs, the parent sees the result', async () => {
  // The parent, on a phone-sized screen.
  const parent = await newPage(browser, { viewport: { width: 390, height: 844 } })
  const phone = `139${String(Date.now()).slice(-8)}`
  const pw = strongPassword()
  await parent.goto(`${server.baseURL}/public/enroll/signup`)
  await fill(parent, 'signup-phone', phone)
  await fill(parent, 'signup-name', '张建国')
  await fill(parent, 'signup-password', pw)
  await fill(parent, 'signup-confirm', pw)
  await parent.locator('[data-testid="signup-submit"]').click()
  await parent.locator('[data-testid="enroll-portal"]').waitFor()
  assert.match(await parent.locator('[data-testid="enroll-portal"]').innerText(), /报名不分先后/)

  await parent.locator('[data-testid="apply"]').first().click()
  await parent.locator('[data-testid="apply-page"] form').waitFor()
  await fill(parent, 'child-name', '张小明')
  await fill(parent, 'child-id', childID(7))
  await fill(parent, 'guardian-name', '张建国')
  await fill(parent, 'guardian-phone', phone)
  await fill(parent, 'hukou-address', '江城市青溪区人民路12号')
  await fill(parent, 'home-address', '江城市青溪区人民路12号')
  await fill(parent, 'property-cert', '浙(2021)青溪区不动产权第0999999号')
  await parent.locator('[data-testid="choices"] .el-select__wrapper').click()
  await parent.locator('.el-select-dropdown__item:visible').first().click()
  await parent.keyboard.press('Escape')
  await parent.locator('[data-testid="preview"]').click()
  const category = await parent.locator('[data-testid="preview-category"]').innerText()
  assert.ok(category.length > 0, 'the category is shown before submitting')
  assert.match(await parent.locator('[data-testid="preview-card"]').innerText(), /报名不分先后/)
  await screenshot(parent, 'enroll-preview-parent')
  await parent.locator('[data-testid="submit"]').click()
  const card = parent.locator('[data-testid="my-application"]')
  await card.waitFor()
  assert.equal((await card.locator('[data-testid="app-status"]').innerText()).trim(), '待审核')
  const no = await card.getAttribute('data-no')
  assert.match(no, /^\d+$/)

  // The 招生办 reviewer (科室人员 with 招生审核与派位).
  const staff = await newPage(browser, { viewport: { width: 1440, height: 900 } })
  await loginThroughFlow(staff, server.baseURL, 'staff23', server.password('staff23'))
  await staff.goto(`${server.baseURL}/enroll/applications/${no}`)
  await staff.locator('[data-testid="check"][data-code="age"]').waitFor()
  assert.equal(await staff.locator('[data-testid="check"][data-code="age"]').getAttribute('data-ok'), 'true')
  const masked = await staff.locator('.el-descriptions').first().innerText()
  assert.ok(!masked.includes(childID(7)), 'the reviewer sees the ID number masked')
  await staff.locator('[data-testid="decide"]').click()
  await staff.locator('[data-testid="review-status"]', { hasText: '审核通过' }).waitFor()

  // The draw: freeze the list (hash published), enter the seed, run.
  await staff.goto(`${server.baseURL}/enroll`)
  await staff.locator('[data-testid="campaigns"] .el-table__body-wrapper tbody tr').first().click()
  await staff.locator('.el-tabs__item', { hasText: '电脑派位' }).click()
  await staff.locator('[data-testid="freeze"]').click()
  await staff.locator('.el-message-box__btns .el-button--primary').click()
  await staff.locator('[data-testid="list-hash"]').waitFor()
  assert.match(await staff.locator('[data-testid="list-hash"]').innerText(), /^[0-9a-f]{64}$/)
  await fill(staff, 'seed', '5821 0937 4416')
  await staff.locator('[data-testid="draw"]').click()
  await staff.locator('[data-testid="drawn-seed"]').waitFor({ timeout: 60_000 })
  assert.match(await staff.locator('[data-testid="result-hash"]').innerText(), /^[0-9a-f]{64}$/)
  await screenshot(staff, 'enroll-draw-staff')

  // The parent sees the result.
  await parent.reload()
  const result = parent.locator('[data-testid="my-application"] [data-testid="app-result"]')
  await result.waitFor()
  const text = await result.innerText()
  assert.match(text, /录取学校|统筹安排/)
  await screenshot(parent, 'enroll-result-parent')

  // The public page shows the seed of the draw.
  const anon = await newPage(browser)
  await anon.goto(`${server.baseURL}/public/enroll`)
  assert.equal((await anon.locator('[data-testid="public-seed"]').first().innerText()).trim(), '5821 0937 4416')

  for (const p of [parent, staff, anon]) assert.deepEqual(p.errors, [])
})
