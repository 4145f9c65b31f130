import * as OTPAuth from 'otpauth'
import QRCode from 'qrcode'
import crypto from 'node:crypto'
import { sha256 } from './secrets.js'

/** Time-based one-time passwords (RFC 6238) as authenticator apps make them: SHA-1, 6 digits, 30 s. */
const PERIOD = 30

export function newTotpSecret(): string {
  return new OTPAuth.Secret({ size: 20 }).base32
}

function totp(secret: string, label = 'Mapwell', issuer = 'Mapwell'): OTPAuth.TOTP {
  return new OTPAuth.TOTP({ issuer, label, algorithm: 'SHA1', digits: 6, period: PERIOD, secret: OTPAuth.Secret.fromBase32(secret) })
}

/**
 * Checks a code against the secret, allowing one step of clock drift either way. Returns the
 * time step used, so the caller can refuse it (or an earlier one) next time, or undefined.
 */
export function checkTotp(secret: string, code: string, lastUsedStep: number | null, now = Date.now()): number | undefined {
  const cleaned = code.replace(/[\s-]/g, '')
  if (!/^\d{6}$/.test(cleaned)) return undefined
  const delta = totp(secret).validate({ token: cleaned, timestamp: now, window: 1 })
  if (delta === null) return undefined
  const step = Math.floor(now / 1000 / PERIOD) + delta
  if (lastUsedStep !== null && step <= lastUsedStep) return undefined
  return step
}

export function currentTotp(secret: string, now = Date.now()): string {
  return totp(secret).generate({ timestamp: now })
}

export async function enrolmentQrCodeSvg(secret: string, accountLabel: string, issuer: string): Promise<string> {
  return QRCode.toString(totp(secret, accountLabel, issuer).toString(), { type: 'svg', margin: 2, errorCorrectionLevel: 'M' })
}

/** Ten recovery codes like "k7mq-2xpd-9fw3", from an alphabet without look-alike characters. */
export function newRecoveryCodes(count = 10): string[] {
  const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789'
  return Array.from({ length: count }, () => {
    const characters = Array.from({ length: 12 }, () => alphabet[crypto.randomInt(alphabet.length)])
    return `${characters.slice(0, 4).join('')}-${characters.slice(4, 8).join('')}-${characters.slice(8).join('')}`
  })
}

export function normaliseRecoveryCode(code: string): string {
  return code.toLowerCase().replace(/[^a-z0-9]/g, '')
}

export function hashRecoveryCode(code: string): string {
  return sha256(`recovery:${normaliseRecoveryCode(code)}`)
}
