import type { FastifyRequest } from 'fastify'
import { z } from 'zod'
import { NotFoundError } from './errors.js'

/**
 * Route parameters and query strings, read through one schema library at the edge. Ids and whole
 * numbers are defined once here, and a parameter that does not fit answers 404 the same way on
 * every route: an id that cannot exist names nothing anyone may see.
 */
export const id = z.uuid()

/** A whole number written in digits, as a path or query holds it (at most nine digits, so never unsafe). */
export const wholeNumber = z.string().regex(/^\d{1,9}$/).transform(Number)

/** A page number in a list: 1 when missing or nonsense, so a bad link still shows the first page. */
export const pageNumber = z.preprocess((value) => (typeof value === 'string' && /^\d{1,6}$/.test(value) && Number(value) > 0 ? Number(value) : 1), z.number())

/** Optional text from a query string, trimmed and clipped; anything that is not one string is absent. */
export function queryText(max = 200) {
  return z.preprocess((value) => (typeof value === 'string' ? value.trim().slice(0, max) : undefined), z.string().optional())
}

/** An optional id in a query string (a held form, a chosen entry): absent when it is not an id. */
export const optionalId = z.preprocess((value) => (typeof value === 'string' && id.safeParse(value).success ? value : undefined), z.string().optional())

/** An optional whole number in a query string: absent when it is not one. */
export const optionalWholeNumber = z.preprocess((value) => (typeof value === 'string' && /^\d{1,9}$/.test(value) ? Number(value) : undefined), z.number().optional())

/** The route's parameters, or the same 404 as a record that does not exist. */
export function paramsOf<Shape extends z.ZodRawShape>(request: FastifyRequest, shape: Shape): z.infer<z.ZodObject<Shape>> {
  const parsed = z.object(shape).safeParse(request.params)
  if (!parsed.success) throw new NotFoundError(Object.keys(shape).join(', '))
  return parsed.data
}

/** The query string, read leniently: every field falls back to its default, so a query never fails a page. */
export function queryOf<Shape extends z.ZodRawShape>(request: FastifyRequest, shape: Shape): z.infer<z.ZodObject<Shape>> {
  const parsed = z.object(shape).safeParse(request.query ?? {})
  if (!parsed.success) throw new NotFoundError('query')
  return parsed.data
}

/**
 * The message a redirect's note names, or none. Only the table's own keys count: a query such as
 * `?saved=valueOf` must not reach an object's inherited methods.
 */
export function messageFor(table: Readonly<Record<string, string>>, key: string | undefined): string | undefined {
  return key !== undefined && Object.hasOwn(table, key) ? table[key] : undefined
}

/** Whether a value is an id, for code that checks one it did not read from a route. */
export function isId(value: unknown): value is string {
  return id.safeParse(value).success
}
