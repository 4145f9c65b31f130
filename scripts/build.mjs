/* global console, process */
// Builds what `npm start` serves: the server (TypeScript to JavaScript, one file per module),
// the browser bundle, and the stylesheet. Type checking is `npm run typecheck`'s job.
import fs from 'node:fs'
import path from 'node:path'
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
fs.writeFileSync(path.join(outRoot, 'public', 'app.css'), css.css)
console.log(`Built in ${String(Date.now() - started)} ms`)
