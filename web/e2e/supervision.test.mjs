// 督导检查: a 责任督学 logs a visit with a finding on a phone and turns the finding into a hazard;
// the public 双随机一公开 page shows the published draws, hides the unpublished one, and its
// files reproduce the announced population hash.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { startServer } from './server.mjs'
import { launchBrowser, loginThroughFlow, newPage, screenshot } from './browser.mjs'
import { formItem } from './registry.mjs'

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

const phone = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 }

test('an inspector logs a visit with a finding on a phone and turns it into a hazard', async () => {
  const page = await newPage(browser, phone)
  await loginThroughFlow(page, server.baseURL, 'inspector1', server.password('inspector1'))
  await page.goto(`${server.baseURL}/supervision/visits/new`)
  await page.locator('[data-testid="visit-submit"]').waitFor()

  // The school list holds the schools of the inspector's zone only.
  await formItem(page, '督导学校').locator('.el-select__wrapper').click()
  const options = page.locator('.el-select-dropdown__item:visible')
  await options.first().waitFor()
  const school = (await options.first().innerText()).trim()
  await options.first().click()

  await page.locator('[data-testid="visit-items"] .el-checkbox').filter({ hasText: '食堂与食品安全' }).click()
  await page.locator('[data-testid="visit-items"] .el-checkbox').filter({ hasText: '校园安全与隐患排查' }).click()
  await page.locator('[data-testid="visit-notes"] textarea, textarea[data-testid="visit-notes"]').first().fill('检查食堂与校门口放学秩序')
  await page.locator('[data-testid="finding-add"]').click()
  const finding = page.locator('[data-testid="finding"]').first()
  await formItem(finding, '类别').locator('.el-select__wrapper').click()
  await page.locator('.el-select-dropdown__item:visible').filter({ hasText: /^\s*食品\s*$/ }).first().click()
  await finding.locator('.el-radio-button').filter({ hasText: '较大' }).click()
  const text = '食堂留样记录缺少 2 天'
  await finding.locator('[data-testid="finding-description"] textarea, textarea[data-testid="finding-description"]').first().fill(text)

  // Nothing is wider than the phone.
  const width = await page.evaluate(() => document.documentElement.scrollWidth)
  assert.ok(width <= 390, `the visit form is ${width}px wide on a 390px phone`)
  await screenshot(page, 'supervision-visit-phone')

  await page.locator('[data-testid="visit-submit"]').click()
  await page.waitForURL(/\/supervision\/visits\/\d+$/)
  const detail = page.locator('[data-testid="visit-detail"]')
  await detail.waitFor()
  assert.match(await detail.innerText(), new RegExp(school))
  const saved = page.locator('[data-testid="visit-finding"]')
  assert.equal(await saved.count(), 1)
  assert.match(await saved.first().innerText(), new RegExp(text))

  // The finding becomes a hazard of the safety module, for the school to rectify.
  await saved.first().locator('[data-testid="finding-to-hazard"]').click()
  await page.locator('.el-message-box__btns .el-button--primary').click()
  await page.locator('[data-testid="finding-hazard"]').waitFor()
  assert.match(await page.locator('[data-testid="finding-hazard"]').innerText(), /已转为安全隐患 \d+/)

  // The visit is in the inspector's own list.
  const res = await page.request.get(`${server.baseURL}/api/v1/supervision/visits?page_size=5`)
  const list = await res.json()
  assert.equal(list.items[0].school_name, school)
  assert.ok(list.items.every((v) => v.inspector_name === list.items[0].inspector_name), 'an inspector sees only their own visits')
  assert.deepEqual(page.errors, [])
  await page.context().close()
})

test('the public draw page shows published draws and hides the unpublished one', async () => {
  const page = await newPage(browser, { viewport: { width: 1280, height: 900 } })
  await page.goto(`${server.baseURL}/public/draws`)
  const cards = page.locator('[data-testid="public-draw"]')
  await cards.first().waitFor()
  const titles = await cards.evaluateAll((els) => els.map((e) => e.getAttribute('data-title')))
  assert.equal(titles.length, 2, `public draws: ${titles.join('、')}`)
  assert.ok(titles.some((t) => t.includes('春季学校食品安全')) && titles.some((t) => t.includes('校外培训机构')), titles.join('、'))
  assert.ok(!titles.some((t) => t.includes('冬季校舍')), 'the unpublished draw is on the public page')

  // Published results are shown, with the inspectors' names and nothing else about them.
  const first = cards.first()
  assert.match(await first.locator('[data-testid="draw-status"]').innerText(), /检查结果已公开/)
  const rows = first.locator('[data-testid="public-targets"] tbody tr')
  assert.ok((await rows.count()) > 0)
  assert.match(await rows.first().innerText(), /合格|限期整改|不合格|未能检查/)
  await screenshot(page, 'supervision-public-draws')

  // The unpublished draw is not reachable by id either, and the files reproduce the announced hash.
  const api = await (await page.request.get(`${server.baseURL}/api/v1/public/draws`)).json()
  const draw = api.items[0]
  const body = async (name) => Buffer.from(await (await page.request.get(`${server.baseURL}/api/v1/public/draws/${draw.id}/files/${name}`)).body())
  const sha = (b) => createHash('sha256').update(b).digest('hex')
  const listing = `${sha(await body('targets.csv'))}  targets.csv\n${sha(await body('inspectors.csv'))}  inspectors.csv\n${sha(await body('conflicts.csv'))}  conflicts.csv\n`
  assert.equal(sha(Buffer.from(listing)), draw.population_hash)
  assert.equal(sha(await body('draw.csv')), draw.draw_hash)
  assert.ok(!JSON.stringify(api).includes('reason'), 'conflict reasons are published')
  assert.deepEqual(page.errors, [])
  await page.context().close()
})
