import crypto from 'node:crypto'

/**
 * Keys for different jobs are derived from the one SECRET_KEY, so that a key leaked from one use
 * (say, CSRF tokens) tells nothing about another (say, encrypted second-factor secrets).
 */
export interface Secrets {
  hmac(purpose: string, value: string): string
  encrypt(plaintext: string): string
  decrypt(ciphertext: string): string
}

function deriveKey(secretKey: string, purpose: string): Buffer {
  return Buffer.from(crypto.hkdfSync('sha256', secretKey, 'mapwell', purpose, 32))
}

export function createSecrets(secretKey: string): Secrets {
  const macKeys = new Map<string, Buffer>()
  const encryptionKey = deriveKey(secretKey, 'encryption')
  return {
    hmac(purpose, value) {
      let key = macKeys.get(purpose)
      if (key === undefined) {
        key = deriveKey(secretKey, `hmac:${purpose}`)
        macKeys.set(purpose, key)
      }
      return crypto.createHmac('sha256', key).update(value).digest('base64url')
    },
    encrypt(plaintext) {
      const iv = crypto.randomBytes(12)
      const cipher = crypto.createCipheriv('aes-256-gcm', encryptionKey, iv)
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()])
      return ['v1', iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), body.toString('base64url')].join('.')
    },
    decrypt(ciphertext) {
      const [version, iv, tag, body] = ciphertext.split('.')
      if (version !== 'v1' || iv === undefined || tag === undefined || body === undefined) throw new Error('Unknown ciphertext format')
      const decipher = crypto.createDecipheriv('aes-256-gcm', encryptionKey, Buffer.from(iv, 'base64url'))
      decipher.setAuthTag(Buffer.from(tag, 'base64url'))
      return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8')
    },
  }
}

export function randomToken(bytes = 32): string {
  return crypto.randomBytes(bytes).toString('base64url')
}

export function sha256(value: string): string {
  return crypto.createHash('sha256').update(value).digest('hex')
}

export function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a)
  const right = Buffer.from(b)
  return left.length === right.length && crypto.timingSafeEqual(left, right)
}
