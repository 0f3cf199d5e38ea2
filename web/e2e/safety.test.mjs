// Campus safety on a phone: a 责任督学 logs a visit with a finding at a school of their zone (the
// supervision module's visit form) and turns it into a hazard, adds a site photo; the school uploads
// rectification evidence and submits it; the inspector verifies it, and the 整改率 of the
// inspector's dashboard counts it. A second test reports a hazard directly on the hazard form.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { deflateSync } from 'node:zlib'
import { startServer } from './server.mjs'
import { launchBrowser, loginThroughFlow, newPage, screenshot } from './browser.mjs'
import { escapeRe, formItem } from './registry.mjs'

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

const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 }

/** A small valid PNG of one colour (the server checks the content, not the name). */
function png(r, g, b) {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
    return c >>> 0
  })
  const crc = (buf) => {
    let c = 0xffffffff
    for (const x of buf) c = crcTable[(c ^ x) & 0xff] ^ (c >>> 8)
    return (c ^ 0xffffffff) >>> 0
  }
  const chunk = (type, data) => {
    const len = Buffer.alloc(4)
    len.writeUInt32BE(data.length)
    const td = Buffer.concat([Buffer.from(type), data])
    const c = Buffer.alloc(4)
    c.writeUInt32BE(crc(td))
    return Buffer.concat([len, td, c])
  }
  const w = 64
  const h = 48
  const ihdr = Buffer.alloc(13)
  ihdr.writeUInt32BE(w, 0)
  ihdr.writeUInt32BE(h, 4)
  ihdr.set([8, 2, 0, 0, 0], 8)
  const raw = Buffer.alloc((w * 3 + 1) * h)
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) raw.set([r, g, b], y * (w * 3 + 1) + 1 + x * 3)
  }
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))])
}

async function api(page, path) {
  return page.evaluate(async (p) => {
    const res = await fetch(p, { credentials: 'same-origin' })
    if (!res.ok) throw new Error(`${p}: ${res.status} ${await res.text()}`)
    return res.json()
  }, path)
}

/** The figure cards of the safety dashboard: { found, rectified, rate }. */
async function dashboardFigures(page) {
  await page.goto(`${server.baseURL}/safety`)
  const card = (key) => page.locator(`[data-testid="safety-figure"][data-key="${key}"] .number`)
  await card('rate').waitFor()
  return { found: Number(await card('found').innerText()), rectified: Number(await card('rectified').innerText()),
    rate: await card('rate').innerText() }
}

/** Confirms an Element Plus prompt, with text when given. */
async function confirmPrompt(page, text) {
  const box = page.locator('.el-message-box')
  await box.waitFor()
  if (text) await box.locator('textarea').fill(text)
  await box.locator('.el-button--primary').click()
  await box.waitFor({ state: 'hidden' })
}

test('inspector logs a visit finding on a phone, turns it into a hazard, the school rectifies it, the inspector verifies it and 整改率 updates', async () => {
  const inspector = await newPage(browser, PHONE)
  await loginThroughFlow(inspector, server.baseURL, 'inspector1', server.password('inspector1'))

  // A school of the inspector's zone (the server lists only those) and its administrator.
  const schools = await api(inspector, '/api/v1/schools?page_size=200&sort=name')
  assert.ok(schools.items.length > 0, 'the inspector sees the schools of their zone')
  const school = schools.items[0]
  const schoolAdmin = `sa${school.code}`

  const before = await dashboardFigures(inspector)

  // On site: the inspector logs the visit with a fire-safety finding (the supervision module's
  // phone form) and turns the finding into a hazard.
  const description = `楼梯间应急照明灯不亮（督学巡查 ${Date.now()}）`
  await inspector.goto(`${server.baseURL}/supervision/visits/new`)
  await inspector.locator('[data-testid="visit-submit"]').waitFor()
  await formItem(inspector, '督导学校').locator('.el-select__wrapper').click()
  await inspector.keyboard.type(school.name)
  await inspector.locator('.el-select-dropdown__item:visible').filter({ hasText: new RegExp(`^\\s*${escapeRe(school.name)}\\s*$`) }).first().click()
  await inspector.locator('[data-testid="visit-items"] .el-checkbox').filter({ hasText: '校园安全与隐患排查' }).click()
  await inspector.locator('[data-testid="finding-add"]').click()
  const finding = inspector.locator('[data-testid="finding"]').first()
  await formItem(finding, '类别').locator('.el-select__wrapper').click()
  await inspector.locator('.el-select-dropdown__item:visible').filter({ hasText: /^\s*消防\s*$/ }).first().click()
  await finding.locator('.el-radio-button').filter({ hasText: '一般' }).click()
  await finding.locator('[data-testid="finding-description"] textarea, textarea[data-testid="finding-description"]').first().fill(description)
  await inspector.locator('[data-testid="visit-submit"]').click()
  await inspector.waitForURL(/\/supervision\/visits\/\d+$/)
  await inspector.locator('[data-testid="visit-finding"] [data-testid="finding-to-hazard"]').first().click()
  await inspector.locator('.el-message-box__btns .el-button--primary').click()
  const turned = inspector.locator('[data-testid="finding-hazard"]')
  await turned.waitFor()
  const hazardId = (await turned.innerText()).match(/(\d+)/)[1]

  // The hazard, assigned to the school with its deadline; the inspector adds a site photo.
  const hazardURL = `${server.baseURL}/safety/hazards/${hazardId}`
  await inspector.goto(hazardURL)
  await inspector.locator('[data-testid="hazard-description"]').filter({ hasText: description }).waitFor()
  assert.equal(await inspector.locator('[data-testid="hazard-state"]').innerText(), '待整改')
  assert.match(await inspector.locator('.el-descriptions').innerText(), new RegExp(escapeRe(school.name)))
  await inspector.locator('[data-testid="evidence-input"]').setInputFiles({ name: '现场.png', mimeType: 'image/png', buffer: png(200, 80, 60) })
  await inspector.locator('[data-testid="hazard-photos"] img').first().waitFor()
  assert.equal(await inspector.locator('[data-testid="action-verify"]').count(), 0, 'nothing to verify before the school submits')
  await screenshot(inspector, 'safety-hazard-from-visit-phone')

  const reported = await dashboardFigures(inspector)
  assert.equal(reported.found, before.found + 1, 'the new hazard is counted as found')
  assert.equal(reported.rectified, before.rectified)

  // The school, on a phone: the hazard is in its list; it uploads evidence and submits.
  const school1 = await newPage(browser, PHONE)
  await loginThroughFlow(school1, server.baseURL, schoolAdmin, server.password(schoolAdmin))
  await school1.goto(`${server.baseURL}/safety/hazards?state=open`)
  await school1.locator('[data-testid="hazard-cards"] a').filter({ hasText: description }).click()
  await school1.waitForURL(new RegExp(`/safety/hazards/${hazardId}$`))
  await school1.locator('[data-testid="action-submit"]').waitFor()
  await school1.locator('[data-testid="evidence-input"]').setInputFiles({ name: '整改后.png', mimeType: 'image/png', buffer: png(60, 160, 90) })
  await school1.locator('[data-testid="hazard-photos"] img').nth(1).waitFor()
  await school1.locator('[data-testid="action-submit"]').click()
  await confirmPrompt(school1, '已更换应急照明灯并试亮正常')
  await school1.locator('[data-testid="hazard-state"]').filter({ hasText: '待验收' }).waitFor()
  await screenshot(school1, 'safety-rectified-school-phone')

  // The inspector verifies.
  await inspector.goto(hazardURL)
  await inspector.locator('[data-testid="action-verify"]').click()
  await confirmPrompt(inspector, '现场复核，整改到位')
  await inspector.locator('[data-testid="hazard-state"]').filter({ hasText: '已整改' }).waitFor()
  const history = await inspector.locator('[data-testid="hazard-history"]').innerText()
  for (const step of ['登记', '上传附件', '提交整改', '验收通过']) assert.ok(history.includes(step), `history shows ${step}`)
  await screenshot(inspector, 'safety-verified-phone')

  const verified = await dashboardFigures(inspector)
  assert.equal(verified.found, reported.found)
  assert.equal(verified.rectified, reported.rectified + 1, 'the verified hazard counts as rectified')
  const expected = `${((verified.rectified / verified.found) * 100).toFixed(1)}%`
  assert.equal(verified.rate, expected, '整改率 = rectified ÷ found')
  assert.notEqual(verified.rate, reported.rate)
  await screenshot(inspector, 'safety-dashboard-phone')

  // A hazard reported directly on the hazard form, with a photo: assigned to the same school.
  const direct = `校门口减速带缺失（${Date.now()}）`
  await inspector.goto(`${server.baseURL}/safety/hazards/new`)
  const form = inspector.locator('[data-testid="hazard-form"]')
  await formItem(form, '学校').locator('.el-select__wrapper').click()
  await inspector.keyboard.type(school.name)
  await inspector.locator('.el-select-dropdown__item:visible').filter({ hasText: new RegExp(`^\\s*${escapeRe(school.name)}\\s*$`) }).first().click()
  await inspector.locator('[data-testid="hazard-category"]').getByText('交通/校车', { exact: true }).click()
  await inspector.locator('[data-testid="hazard-severity"]').getByText('较大').click()
  await inspector.locator('[data-testid="hazard-location"] input, input[data-testid="hazard-location"]').first().fill('校门口')
  await inspector.locator('[data-testid="hazard-description"] textarea, textarea[data-testid="hazard-description"]').first().fill(direct)
  await inspector.locator('[data-testid="hazard-photos"]').setInputFiles({ name: '校门口.png', mimeType: 'image/png', buffer: png(90, 90, 200) })
  await screenshot(inspector, 'safety-report-phone')
  await inspector.locator('[data-testid="hazard-submit"]').click()
  await inspector.waitForURL(/\/safety\/hazards\/\d+$/)
  await inspector.locator('[data-testid="hazard-description"]').filter({ hasText: direct }).waitFor()
  await inspector.locator('[data-testid="hazard-photos"] img').first().waitFor()
  assert.match(await inspector.locator('.el-descriptions').innerText(), /督学检查/)
  const width = await inspector.evaluate(() => document.documentElement.scrollWidth)
  assert.ok(width <= 390, `the hazard page is ${width}px wide on a 390px phone`)

  // The administrator of a school outside the inspector's zone does not see the hazard.
  const zoneAdmins = new Set((await api(inspector, '/api/v1/schools?page_size=200')).items.map((s) => `sa${s.code}`))
  const outsider = server.credentials.find((c) => c.role === 'school_admin' && !zoneAdmins.has(c.username))
  assert.ok(outsider, 'the demo district has schools in other zones')
  const school2 = await newPage(browser, PHONE)
  await loginThroughFlow(school2, server.baseURL, outsider.username, server.password(outsider.username))
  const status = await school2.evaluate(async (p) => (await fetch(p, { credentials: 'same-origin' })).status,
    `/api/v1/safety/hazards/${hazardId}`)
  assert.equal(status, 404, 'another school gets not found')
  const list = await api(school2, '/api/v1/safety/hazards?state=&page_size=100')
  assert.ok(list.items.every((h) => h.school_name !== school.name), 'another school lists only its own hazards')
  assert.deepEqual([...inspector.errors, ...school1.errors, ...school2.errors], [])
})
