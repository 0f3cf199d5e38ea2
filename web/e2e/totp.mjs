// RFC 4648 base32 decoding and RFC 6238 TOTP (SHA-1, 6 digits, 30 s steps) with node:crypto.
import { createHmac } from 'node:crypto'

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'

export function base32Decode(input) {
  const clean = input.toUpperCase().replace(/[\s=-]/g, '')
  let bits = 0
  let value = 0
  const out = []
  for (const ch of clean) {
    const idx = ALPHABET.indexOf(ch)
    if (idx < 0) throw new Error(`invalid base32 character ${JSON.stringify(ch)}`)
    value = (value << 5) | idx
    bits += 5
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff)
      bits -= 8
    }
  }
  return Buffer.from(out)
}

export const STEP_SECONDS = 30

export function timeStep(nowMs = Date.now()) {
  return Math.floor(nowMs / 1000 / STEP_SECONDS)
}

export function totpAt(secret, step) {
  const counter = Buffer.alloc(8)
  counter.writeBigUInt64BE(BigInt(step))
  const mac = createHmac('sha1', base32Decode(secret)).update(counter).digest()
  const offset = mac[mac.length - 1] & 0x0f
  const bin = ((mac[offset] & 0x7f) << 24) | (mac[offset + 1] << 16) | (mac[offset + 2] << 8) | mac[offset + 3]
  return String(bin % 1_000_000).padStart(6, '0')
}

/**
 * Returns a code for a time step later than `usedStep` (servers reject a code that was
 * already used), waiting if needed, and never one that expires within a few seconds.
 */
export async function freshCode(secret, usedStep = -1) {
  for (;;) {
    const now = Date.now()
    const step = timeStep(now)
    const left = STEP_SECONDS - ((now / 1000) % STEP_SECONDS)
    if (step > usedStep && left > 3) return { code: totpAt(secret, step), step }
    await new Promise((r) => setTimeout(r, left * 1000 + 200))
  }
}
