// 办公室 staff edit a paragraph of the annual report template and see the live preview follow,
// are told which placeholder is wrong, and generate the Word file as a background job.
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

function api(page, method, path, body) {
  return page.evaluate(
    async ({ method, path, body }) => {
      const csrf = document.cookie.match(/(?:^|; )(?:__Host-)?csrf=([^;]+)/)?.[1]
      const res = await fetch(path, {
        method,
        credentials: 'same-origin',
        headers: { 'Content-Type': 'application/json', ...(csrf ? { 'X-CSRF-Token': decodeURIComponent(csrf) } : {}) },
        body: body ? JSON.stringify(body) : undefined,
      })
      return { status: res.status, body: await res.json().catch(() => null) }
    },
    { method, path, body },
  )
}

/** Logs in the first demo staff account that may edit reports (办公室: staff01 in the demo). */
async function reportsStaff() {
  for (const c of server.credentials.filter((x) => x.role === 'staff')) {
    const page = await newPage(browser, { viewport: { width: 1600, height: 1000 } })
    await loginThroughFlow(page, server.baseURL, c.username, c.password)
    const me = await api(page, 'GET', '/api/v1/auth/me')
    const perms = me.body?.user?.permissions ?? me.body?.permissions ?? []
    if (perms.includes('reports.write')) return page
    await page.context().close()
  }
  throw new Error('no demo staff account holds reports.write')
}

test('editing a template paragraph updates the preview; a bad placeholder is named; the DOCX is generated', async () => {
  const page = await reportsStaff()
  await page.getByRole('menuitem', { name: '工作报告' }).click()
  await page.getByRole('tab', { name: '报告模板' }).click()

  const preview = page.locator('[data-testid="report-preview"]')
  await preview.waitFor({ timeout: 30_000 })
  await preview.getByText('教育资源供给持续优化').waitFor()

  const textarea = page.locator('textarea[data-testid="template-body"], [data-testid="template-body"] textarea').first()
  const original = await textarea.inputValue()
  assert.match(original, /^# \{\{区县\}\}教育局/)

  // Replace the wording of the teachers paragraph: the preview shows the new wording with the figure.
  const edited = original.replace(/全系统在职教职工\{\{staff\.total\}\}人/, '浏览器测试：全区在职教职工共{{staff.total}}名')
  assert.notEqual(edited, original, 'the default template has the teachers paragraph')
  await textarea.fill(edited)
  const para = preview.locator('p', { hasText: '浏览器测试：全区在职教职工共' })
  await para.waitFor({ timeout: 20_000 })
  const text = await para.innerText()
  assert.match(text, /浏览器测试：全区在职教职工共\d+\s*\d*名/, text)
  await screenshot(page, 'reports-template-preview')

  // A misspelt metric is named with its line and column; the preview keeps the last good render.
  await textarea.fill(edited + '\n在校生{{students.totl}}人')
  const problems = page.locator('[data-testid="template-problems"]')
  await problems.getByText('{{students.totl}}：未知的指标或函数“students.totl”').waitFor({ timeout: 20_000 })
  assert.match(await problems.innerText(), /第\d+行第4列/)

  // Saving the good edit keeps it for the district.
  await textarea.fill(edited)
  await page.locator('[data-testid="template-save"]').click()
  await page.getByText('模板已保存').waitFor()
  const stored = await api(page, 'GET', '/api/v1/reports/templates/annual')
  assert.equal(stored.body.default, false)
  assert.match(stored.body.body, /浏览器测试：全区在职教职工共/)

  // The demo district's 2026 plan shows, per item, met or missed from the data.
  await page.getByRole('tab', { name: '工作计划' }).click()
  const planEditor = page.locator('[data-testid="plan-editor"]')
  await planEditor.waitFor({ timeout: 20_000 })
  await planEditor.locator('[data-testid="plan-status"]').first().waitFor({ timeout: 20_000 })
  let fitnessCells = ''
  for (const row of await planEditor.locator('tbody tr').all()) {
    if ((await row.locator('input').first().inputValue()) === '学生体质健康合格率保持在95%以上') fitnessCells = await row.innerText()
  }
  assert.match(fitnessCells, /(已完成|未完成)\s*实际 \d+\.\d%/, fitnessCells)
  const statuses = await planEditor.locator('[data-testid="plan-status"]').allInnerTexts()
  assert.ok(statuses.includes('已完成') && statuses.includes('未完成'), statuses.join(','))

  // Generate the Word file: a background job that succeeds with a .docx result.
  await page.getByRole('tab', { name: '生成报告' }).click()
  await page.locator('[data-testid="report-docx"]').click()
  await page.locator('[data-testid="job-dialog"]').waitFor()
  let job
  for (let i = 0; i < 60; i++) {
    const jobs = await api(page, 'GET', '/api/v1/jobs')
    job = jobs.body.items.find((j) => j.kind === 'reports.generate')
    if (job && (job.status === 'succeeded' || job.status === 'failed')) break
    await page.waitForTimeout(500)
  }
  assert.equal(job?.status, 'succeeded', JSON.stringify(job))
  assert.match(job.result_name, /工作总结.*\.docx$/)
  await page.context().close()
})
