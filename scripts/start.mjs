/* global console, process */
// `npm start`: builds, then runs the server in this same process. A container runtime sends its
// stop signal to `npm start`; npm passes it to its child, which ("exec" in package.json, so that no
// shell sits in between) is this process: the server then finishes its requests and stops the
// embedded PostgreSQL before it exits.
import { spawnSync } from 'node:child_process'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const built = spawnSync(process.execPath, [path.join(root, 'scripts', 'build.mjs')], { stdio: 'inherit' })
if (built.status !== 0) {
  console.error(built.error === undefined
    ? 'Mapwell cannot start: the build failed (see above). Run `npm ci`, then `npm start` again.'
    : `Mapwell cannot start: the build could not run (${built.error.message}). Run \`npm ci\`, then \`npm start\` again.`)
  process.exit(1)
}
await import(pathToFileURL(path.join(root, 'dist', 'server.js')).href)
