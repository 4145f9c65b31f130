import type { FastifyInstance } from 'fastify'

/**
 * How long a connection may take to send its request. Three clocks, which between them refuse
 * slow-loris connections while a real upload on a slow line still arrives:
 *
 * - headers (Node's headersTimeout): the request line and headers must all arrive within
 *   `headersSeconds`; trickling them one byte at a time does not reset this clock;
 * - stall (ours, below): while a body is arriving, a connection on which nothing moves for
 *   `idleSeconds` is closed. Any byte resets it, so a slow but steady upload never meets it and a body
 *   that stops does. Node's own socket timeout (Fastify's connectionTimeout) would do this too, but it
 *   keeps counting while the page is being made, and would cut off a request that takes long to answer
 *   (cleaning a large picture): so the clock runs only until the body has arrived;
 * - whole request (Node's requestTimeout): headers and body must have arrived within `requestSeconds`,
 *   however steadily they trickle (a body sent a byte every few seconds is refused then, with a 408).
 *   120 seconds carries the largest form (8 MB) at about 550 kbit/s.
 *
 * Node checks the header and whole-request clocks every `checkIntervalMilliseconds`, so a connection
 * is closed at most that long after its limit.
 */
export interface ServerTimeouts {
  headersSeconds: number
  idleSeconds: number
  requestSeconds: number
  checkIntervalMilliseconds: number
}

export const SERVER_TIMEOUTS: ServerTimeouts = { headersSeconds: 20, idleSeconds: 30, requestSeconds: 120, checkIntervalMilliseconds: 1000 }

/** Fastify's options for these limits (Fastify sets them on the Node server it creates). */
export function serverTimeoutOptions(overrides: Partial<ServerTimeouts> = {}): {
  connectionTimeout: number
  requestTimeout: number
  http: { headersTimeout: number; requestTimeout: number; connectionsCheckingInterval: number }
} {
  const timeouts = { ...SERVER_TIMEOUTS, ...overrides }
  const requestTimeout = timeouts.requestSeconds * 1000
  // Node requires the header limit to be no longer than the whole-request one.
  const headersTimeout = Math.min(timeouts.headersSeconds * 1000, requestTimeout)
  return {
    // No socket timeout for the whole connection (see above); keep-alive connections are closed by keepAliveTimeout.
    connectionTimeout: 0,
    requestTimeout,
    http: { headersTimeout, requestTimeout, connectionsCheckingInterval: timeouts.checkIntervalMilliseconds },
  }
}

/** The stall clock: a request whose body stops arriving for idleSeconds is dropped (the connection is closed). */
export function setUpStallTimeout(app: FastifyInstance, overrides: Partial<ServerTimeouts> = {}): void {
  const idle = ({ ...SERVER_TIMEOUTS, ...overrides }).idleSeconds * 1000
  app.addHook('onRequest', async (request, reply) => {
    const raw = request.raw
    const sendsBody = raw.headers['transfer-encoding'] !== undefined || Number(raw.headers['content-length'] ?? 0) > 0
    const socket = raw.socket as typeof raw.socket | undefined
    if (!sendsBody || raw.complete || typeof socket?.setTimeout !== 'function') return
    // With no 'timeout' listener of its own, Node's server closes the socket when this fires.
    socket.setTimeout(idle)
    const stop = (): void => { if (!socket.destroyed) socket.setTimeout(0) }
    raw.once('end', stop)
    reply.raw.once('finish', stop)
  })
}
