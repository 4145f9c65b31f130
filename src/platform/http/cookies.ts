import type { FastifyReply } from 'fastify'

export interface CookieNames {
  session: string
  preSession: string
  trustedDevice: string
}

/** The __Host- prefix makes the browser refuse these cookies from any other host or path, but needs Secure. */
export function cookieNames(secure: boolean): CookieNames {
  const prefix = secure ? '__Host-' : ''
  return {
    session: `${prefix}mapwell-session`,
    preSession: `${prefix}mapwell-form`,
    trustedDevice: `${prefix}mapwell-device`,
  }
}

export function setCookie(reply: FastifyReply, name: string, value: string, secure: boolean, maxAgeSeconds?: number): void {
  reply.setCookie(name, value, {
    path: '/',
    httpOnly: true,
    secure,
    sameSite: 'lax',
    ...(maxAgeSeconds === undefined ? {} : { maxAge: maxAgeSeconds }),
  })
}

export function clearCookie(reply: FastifyReply, name: string, secure: boolean): void {
  reply.clearCookie(name, { path: '/', httpOnly: true, secure, sameSite: 'lax' })
}
