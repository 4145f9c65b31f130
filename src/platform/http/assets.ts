import fs from 'node:fs'
import zlib from 'node:zlib'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import compress from '@fastify/compress'
import fastifyStatic from '@fastify/static'
import { allow } from '../access/policy.js'
import { ASSET_MANIFEST, ASSETS_BUILD, PUBLIC_BUILD } from '../paths.js'

/**
 * The built files (stylesheet, script, GOV.UK and MoJ Frontend's fonts and images) and how they
 * travel. The build gives every file a copy whose name carries a hash of its content
 * (`/public/app.css` → `/public/app.9680e4f4df.css`) and brotli and gzip copies of those that text
 * compression shrinks. Here:
 *
 * - a fingerprinted URL is cached for a year and never revalidated (its content cannot change);
 * - a plain URL still works, and is revalidated on each use (ETag, 304);
 * - an older fingerprint (a page from before a deploy) is redirected to today's file;
 * - each file is sent brotli or gzip from the copy made at build, by the request's Accept-Encoding;
 * - pages and other answers made on request are compressed as they go, brotli at a low quality (4:
 *   about as small as gzip's best for a fraction of the processor time).
 */

export const YEAR_SECONDS = 31_536_000
const FINGERPRINT = /^(.*)\.[0-9a-f]{10}(\.[A-Za-z0-9]+)$/

export interface AssetManifest {
  /** The URL to put in a page for a built file: fingerprinted when the build made one. */
  url(plain: string): string
  /** Whether a URL is a current fingerprinted one. */
  isFingerprinted(url: string): boolean
  /** For a URL with an older (or made-up) fingerprint of a known file, today's fingerprinted URL. */
  currentFor(url: string): string | undefined
}

export function assetManifest(byPlainUrl: Record<string, string>): AssetManifest {
  const plain = new Map(Object.entries(byPlainUrl))
  const fingerprinted = new Set(plain.values())
  return {
    url: (url) => plain.get(url) ?? url,
    isFingerprinted: (url) => fingerprinted.has(url),
    currentFor(url) {
      const match = FINGERPRINT.exec(url)
      return match === null ? undefined : plain.get(`${match[1] ?? ''}${match[2] ?? ''}`)
    },
  }
}

let loaded: AssetManifest | undefined

/** The manifest the build wrote; without a build (nothing to fingerprint), plain URLs. */
export function builtAssets(): AssetManifest {
  if (loaded === undefined) {
    let entries: Record<string, string> = {}
    try { entries = JSON.parse(fs.readFileSync(ASSET_MANIFEST, 'utf8')) as Record<string, string> } catch { /* not built */ }
    loaded = assetManifest(entries)
  }
  return loaded
}

/** The URL of a built file, for templates (the `staticUrl` global) and hand-written pages. */
export function staticUrl(plain: string): string {
  return builtAssets().url(plain)
}

/** Types compressed on the fly: text made on request. Images, PDFs and fonts are compressed already. */
const COMPRESSIBLE = /^(text\/(html|plain|css|csv|calendar)|application\/(json|javascript|xml|problem\+json)|image\/svg\+xml)(;|$)/

/** Compression of answers made on request. Registered before any route, as it attaches to each route. */
export async function setUpCompression(app: FastifyInstance): Promise<void> {
  await app.register(compress, {
    global: true,
    // Request bodies are never decompressed: the body limits count the bytes that arrive.
    globalDecompression: false,
    encodings: ['br', 'gzip'],
    brotliOptions: { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 4 } },
    threshold: 1024,
    customTypes: (type: string) => COMPRESSIBLE.test(type),
  })
}

/** GET (and HEAD) /assets/* and /public/*, open to anyone. */
export async function setUpAssetRoutes(app: FastifyInstance, manifest: AssetManifest = builtAssets()): Promise<void> {
  await app.register(fastifyStatic, { root: [ASSETS_BUILD, PUBLIC_BUILD], serve: false, preCompressed: true })
  const serve = (prefix: string, root: string) => async (request: FastifyRequest, reply: FastifyReply) => {
    const name = (request.params as { '*': string })['*']
    const url = `${prefix}${name}`
    if (manifest.isFingerprinted(url)) return reply.sendFile(name, root, { maxAge: YEAR_SECONDS * 1000, immutable: true })
    const current = manifest.currentFor(url)
    if (current !== undefined) return reply.header('Cache-Control', 'no-cache').redirect(current, 302)
    reply.header('Cache-Control', 'no-cache')
    return reply.sendFile(name, root, { cacheControl: false })
  }
  // Files already compressed at build are not compressed again; the rest (images, fonts) gain nothing.
  app.get('/assets/*', { config: { access: allow.public }, compress: false }, serve('/assets/', ASSETS_BUILD))
  app.get('/public/*', { config: { access: allow.public }, compress: false }, serve('/public/', PUBLIC_BUILD))
}
