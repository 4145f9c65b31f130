/* global console */
// Builds what `npm start` serves: the server (TypeScript to JavaScript, one file per module),
// the browser bundle, and the stylesheet. Type checking is `npm run typecheck`'s job.
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import * as esbuild from 'esbuild'
import * as sass from 'sass'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const started = Date.now()

function sourceFiles(directory) {
  return fs.readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(directory, entry.name)
    if (entry.isDirectory()) return entry.name === 'client' ? [] : sourceFiles(full)
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') && !entry.name.endsWith('.d.ts') ? [full] : []
  })
}

fs.rmSync(path.join(root, 'dist'), { recursive: true, force: true })
await esbuild.build({
  entryPoints: sourceFiles(path.join(root, 'src')),
  outdir: path.join(root, 'dist'),
  outbase: path.join(root, 'src'),
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  logLevel: 'warning',
})
await esbuild.build({
  entryPoints: [path.join(root, 'src', 'client', 'app.ts')],
  outfile: path.join(root, 'dist', 'public', 'app.js'),
  bundle: true,
  format: 'esm',
  target: ['es2020'],
  minify: true,
  sourcemap: true,
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
fs.writeFileSync(path.join(root, 'dist', 'public', 'app.css'), css.css)
console.log(`Built in ${String(Date.now() - started)} ms`)
