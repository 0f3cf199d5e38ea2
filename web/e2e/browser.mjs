// Browser helpers: Debian's Chromium driven by playwright-core, and the login flow.
import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { chromium } from 'playwright-core'
import { webDir } from './server.mjs'
import { freshCode } from './totp.mjs'

export const artifactsDir = join(webDir, 'e2e', 'artifacts')

export function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: [
      '--headless=new',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  })
}

/** A fresh context and page; page errors are collected in page.errors. */
export async function newPage(browser, options = {}) {
  const context = await browser.newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai', ...options })
  context.setDefaultTimeout(15_000)
  const page = await context.newPage()
  page.errors = []
  page.on('pageerror', (err) => page.errors.push(err.message))
  return page
}

export async function screenshot(page, name) {
  await mkdir(artifactsDir, { recursive: true })
  const path = join(artifactsDir, `${name}.png`)
  await page.screenshot({ path, fullPage: true })
  return path
}

/** A password that satisfies the policy (12+ characters, four character classes, no user name). */
export function strongPassword() {
  return `Qx7-${Math.random().toString(36).slice(2, 10)}#Lm2`
}

/** Fills an Element Plus input (el-input passes data-testid on to its native input). */
async function fill(page, testid, value) {
  await page.locator(`input[data-testid="${testid}"], [data-testid="${testid}"] input`).first().fill(value)
}

/**
 * Waits until the login card shows another stage than `prev`, or the login page is left.
 * Returns the new stage, or 'done'. Throws with the page's error text if one appears.
 */
async function nextStage(page, prev) {
  const handle = await page.waitForFunction(
    (previous) => {
      const card = document.querySelector('[data-testid="login-card"]')
      if (!card) return location.pathname !== '/login' ? 'done' : null
      const err = card.querySelector('[data-testid="login-error"], .el-form-item__error')
      if (err && err.textContent.trim()) return `error:${err.textContent.trim()}`
      const stage = card.getAttribute('data-stage')
      return stage && stage !== previous ? stage : null
    },
    prev,
    { timeout: 20_000, polling: 100 },
  )
  const result = await handle.jsonValue()
  if (result.startsWith('error:')) throw new Error(`login flow stopped at stage ${prev}: ${result.slice(6)}`)
  return result
}

/**
 * Drives /login from the credentials form to a completed login, handling whichever
 * stages the server asks for. Returns { stages, password, secret, usedStep }; pass
 * secret and usedStep back in to log in again without reusing a TOTP code.
 */
export async function loginThroughFlow(page, baseURL, username, password, { newPassword, secret, usedStep: lastStep = -1 } = {}) {
  await page.goto(`${baseURL}/login`)
  await page.locator('[data-testid="login-card"][data-stage="credentials"]').waitFor()
  await fill(page, 'login-username', username)
  await fill(page, 'login-password', password)
  await page.locator('[data-testid="login-submit"]').click()

  const stages = []
  let stage = await nextStage(page, 'credentials')
  let current = password
  let totpSecret = secret
  let usedStep = lastStep
  while (stage !== 'done') {
    stages.push(stage)
    if (stages.length > 5) throw new Error(`login flow does not end: ${stages.join(' → ')}`)
    if (stage === 'password_change') {
      const next = newPassword ?? strongPassword()
      await fill(page, 'pw-old', current)
      await fill(page, 'pw-new', next)
      await fill(page, 'pw-confirm', next)
      await page.locator('[data-testid="pw-submit"]').click()
      current = next
    } else if (stage === 'totp_enroll') {
      const el = page.locator('[data-testid="totp-secret"]')
      await el.waitFor()
      totpSecret = (await el.textContent()).replace(/\s+/g, '')
      const { code, step } = await freshCode(totpSecret, usedStep)
      usedStep = step
      await fill(page, 'totp-code', code)
      await page.locator('[data-testid="totp-submit"]').click()
    } else if (stage === 'totp') {
      if (!totpSecret) throw new Error('server asks for a TOTP code but no secret is known')
      const { code, step } = await freshCode(totpSecret, usedStep)
      usedStep = step
      await fill(page, 'totp-code', code)
      await page.locator('[data-testid="totp-submit"]').click()
    } else {
      throw new Error(`unexpected login stage ${stage}`)
    }
    stage = await nextStage(page, stage)
  }
  return { stages, password: current, secret: totpSecret, usedStep }
}
