import type { FastifyRequest } from 'fastify'
import type { Actor } from './types.js'

/** The signed-in person on a route whose policy requires one. */
export function actorOf(request: FastifyRequest): Actor {
  if (request.actor === undefined) throw new Error('Route reached without a signed-in person despite its access policy')
  return request.actor
}
