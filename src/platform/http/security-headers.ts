import crypto from 'node:crypto'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'

/**
 * Content-Security-Policy with a fresh nonce per response (no 'unsafe-inline'), and the other
 * headers a service holding sensitive records should send. Pages are never cached.
 */
export interface SecurityHeaderOptions { strictTransport: boolean }

export function newNonce(): string {
  return crypto.randomBytes(16).toString('base64')
}

export function setUpSecurityHeaders(app: FastifyInstance, options: SecurityHeaderOptions): void {
  app.decorateRequest('cspNonce', '')
  app.addHook('onRequest', async (request) => {
    request.cspNonce = newNonce()
  })
  app.addHook('onSend', async (request, reply) => { setSecurityHeaders(request, reply, options) })
}

/** The headers every response gets (also used for the few answers Fastify gives before any hook runs). */
export function setSecurityHeaders(request: FastifyRequest, reply: FastifyReply, options: SecurityHeaderOptions): void {
  const nonce = request.cspNonce
  // A route may set a stricter policy of its own (pictures are served with none at all and sandboxed).
  if (!reply.hasHeader('Content-Security-Policy')) reply.header('Content-Security-Policy', [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}'`,
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(options.strictTransport ? ['upgrade-insecure-requests'] : []),
  ].join('; '))
  if (options.strictTransport) reply.header('Strict-Transport-Security', 'max-age=31536000; includeSubDomains')
  reply.header('X-Frame-Options', 'DENY')
  reply.header('X-Content-Type-Options', 'nosniff')
  reply.header('Referrer-Policy', 'no-referrer')
  reply.header('Cross-Origin-Opener-Policy', 'same-origin')
  reply.header('Cross-Origin-Resource-Policy', 'same-origin')
  reply.header('Permissions-Policy', 'camera=(), microphone=(), geolocation=(), payment=(), usb=()')
  if (!request.url.startsWith('/assets/') && !request.url.startsWith('/public/')) {
    reply.header('Cache-Control', 'no-store')
  }
}
