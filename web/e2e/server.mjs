// Starts a throw-away edubureau backend with demo data for one test file.
import { execFile, spawn } from 'node:child_process'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'

const execFileP = promisify(execFile)
export const webDir = resolve(dirname(fileURLToPath(import.meta.url)), '..')

function binaryPath() {
  return process.env.EDUBUREAU_BIN ? resolve(process.env.EDUBUREAU_BIN) : resolve(webDir, '../bin/edubureau')
}

function freePort() {
  return new Promise((res, rej) => {
    const srv = createServer()
    srv.unref()
    srv.on('error', rej)
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address()
      srv.close(() => res(port))
    })
  })
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms))

async function waitReady(url, proc, logs, timeoutMs) {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (proc.exitCode !== null) {
      throw new Error(`edubureau serve exited with code ${proc.exitCode} before it was ready:\n${logs.join('')}`)
    }
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2000) })
      if (res.status === 200) return
    } catch {
      // Not listening yet.
    }
    await sleep(200)
  }
  throw new Error(`edubureau serve not ready at ${url} after ${timeoutMs} ms:\n${logs.join('')}`)
}

/**
 * Seeds demo data into a fresh directory and starts `edubureau serve` on a free loopback port.
 * Returns { baseURL, credentials, password(username), logs, stop() }.
 */
export async function startServer({ readyTimeoutMs = 60_000 } = {}) {
  const bin = binaryPath()
  const dataDir = await mkdtemp(join(tmpdir(), 'edubureau-e2e-'))
  const credFile = join(dataDir, 'cred.json')
  try {
    await execFileP(bin, ['demo', '--reset', '--data', dataDir, '--credentials-out', credFile], {
      timeout: 120_000,
      maxBuffer: 16 * 1024 * 1024,
    })
  } catch (e) {
    await rm(dataDir, { recursive: true, force: true })
    throw new Error(`${bin} demo failed: ${e.message}\n${e.stdout ?? ''}${e.stderr ?? ''}`)
  }
  const credentials = JSON.parse(await readFile(credFile, 'utf8'))

  const port = await freePort()
  const baseURL = `http://127.0.0.1:${port}`
  const logs = []
  const proc = spawn(bin, ['serve', '--data', dataDir, '--addr', `127.0.0.1:${port}`], {
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const keep = (chunk) => {
    logs.push(chunk.toString())
    if (logs.length > 2000) logs.splice(0, logs.length - 2000)
  }
  proc.stdout.on('data', keep)
  proc.stderr.on('data', keep)
  const exited = new Promise((r) => proc.once('exit', r))

  async function stop() {
    if (proc.exitCode === null && proc.signalCode === null) {
      proc.kill('SIGTERM')
      const done = await Promise.race([exited.then(() => true), sleep(10_000).then(() => false)])
      if (!done) {
        proc.kill('SIGKILL')
        await exited
      }
    }
    await rm(dataDir, { recursive: true, force: true })
  }

  try {
    await waitReady(`${baseURL}/readyz`, proc, logs, readyTimeoutMs)
  } catch (e) {
    await stop()
    throw e
  }

  function password(username) {
    const c = credentials.find((x) => x.username === username)
    if (!c) throw new Error(`no demo credentials for ${username}; have: ${credentials.map((x) => x.username).join(', ')}`)
    return c.password
  }

  return { baseURL, credentials, password, logs, stop }
}
