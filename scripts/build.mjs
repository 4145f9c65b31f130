/* global console, process */
// Builds what `npm start` serves: the server (TypeScript to JavaScript, one file per module),
// the browser bundle, the stylesheet, and GOV.UK and MoJ Frontend's images and fonts; then gives every
// file a copy named by its content (listed in asset-manifest.json) and brotli and gzip copies.
// Type checking is `npm run typecheck`'s job.
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import zlib from 'node:zlib'
import { fileURLToPath } from 'node:url'
import * as esbuild from 'esbuild'
import * as sass from 'sass'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const started = Date.now()
// Where to build (a test builds elsewhere so as not to disturb the dist/ other tests start).
const outRoot = process.env.MAPWELL_BUILD_DIR === undefined ? path.join(root, 'dist') : path.resolve(process.env.MAPWELL_BUILD_DIR)
// Source maps show the source code to anyone who asks for them: only outside production.
const sourcemap = process.env.NODE_ENV !== 'production'

function sourceFiles(directory) {
  return fs.readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(directory, entry.name)
    if (entry.isDirectory()) return entry.name === 'client' ? [] : sourceFiles(full)
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') && !entry.name.endsWith('.d.ts') ? [full] : []
  })
}

fs.rmSync(outRoot, { recursive: true, force: true })
await esbuild.build({
  entryPoints: sourceFiles(path.join(root, 'src')),
  outdir: outRoot,
  outbase: path.join(root, 'src'),
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap,
  logLevel: 'warning',
})
await esbuild.build({
  entryPoints: [path.join(root, 'src', 'client', 'app.ts')],
  outfile: path.join(outRoot, 'public', 'app.js'),
  bundle: true,
  format: 'esm',
  target: ['es2020'],
  minify: true,
  sourcemap,
  logLevel: 'warning',
})
const css = sass.compile(path.join(root, 'src', 'styles', 'app.scss'), {
  loadPaths: [path.join(root, 'node_modules'), root],
  style: 'compressed',
  quietDeps: true,
  silenceDeprecations: ['import', 'global-builtin'],
  // GOV.UK and MoJ Frontend warn each other about deprecations; show only warnings about our own styles.
  logger: {
    warn(message, options) {
      const where = String(options.span?.url ?? options.stack?.split('\n')[0] ?? '')
      if (!where.includes('node_modules')) console.warn(message)
    },
  },
})

// GOV.UK Frontend's assets, then MoJ Frontend's images (the timeline's document icon) beside them.
const assetsOut = path.join(outRoot, 'assets')
fs.cpSync(path.join(root, 'node_modules', 'govuk-frontend', 'dist', 'govuk', 'assets'), assetsOut, { recursive: true })
fs.cpSync(path.join(root, 'node_modules', '@ministryofjustice', 'frontend', 'moj', 'assets'), assetsOut, { recursive: true, force: false })

/** Every file under a folder, as paths relative to it with forward slashes. */
function filesIn(directory) {
  return fs.readdirSync(directory, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(directory, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'))
    .sort()
}

// Fingerprinting: `/assets/images/favicon.svg` gets a copy `/assets/images/favicon.<hash>.svg`, which can
// be cached for a year because a change of content is a change of name. The stylesheet's own links to
// images are pointed at the fingerprinted names before the stylesheet is fingerprinted itself.
const manifest = {}
function fingerprint(folder, prefix, name) {
  const file = path.join(folder, name)
  const hash = crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex').slice(0, 10)
  const extension = path.extname(name)
  const hashed = `${name.slice(0, name.length - extension.length)}.${hash}${extension}`
  fs.copyFileSync(file, path.join(folder, hashed))
  manifest[`${prefix}${name}`] = `${prefix}${hashed}`
  return hashed
}
for (const name of filesIn(assetsOut)) fingerprint(assetsOut, '/assets/', name)
const stylesheet = css.css.replace(/url\((["']?)(\/assets\/[^"')]+)\1\)/g, (whole, quote, url) => {
  const hashed = manifest[url]
  if (hashed === undefined) throw new Error(`The stylesheet links to ${url}, which is not among the assets`)
  return `url(${quote}${hashed}${quote})`
})
const publicOut = path.join(outRoot, 'public')
fs.writeFileSync(path.join(publicOut, 'app.css'), stylesheet)
fingerprint(publicOut, '/public/', 'app.css')
fingerprint(publicOut, '/public/', 'app.js')
fs.writeFileSync(path.join(outRoot, 'asset-manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`)

// Brotli (best quality: it is done once, here) and gzip copies of every file that text compression
// shrinks, kept only where smaller; images and fonts are compressed already.
const compressible = new Set(['.css', '.js', '.svg', '.json', '.ico'])
for (const folder of [assetsOut, publicOut]) {
  for (const name of filesIn(folder)) {
    if (!compressible.has(path.extname(name))) continue
    const file = path.join(folder, name)
    const content = fs.readFileSync(file)
    const brotli = zlib.brotliCompressSync(content, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: content.length } })
    const gzip = zlib.gzipSync(content, { level: 9 })
    if (brotli.length < content.length) fs.writeFileSync(`${file}.br`, brotli)
    if (gzip.length < content.length) fs.writeFileSync(`${file}.gz`, gzip)
  }
}
console.log(`Built in ${String(Date.now() - started)} ms`)
