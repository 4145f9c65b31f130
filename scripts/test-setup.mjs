/* global console, process */
// First step of `npm test`: the tests need Chromium (browser tests) and pdftotext (to read the PDFs
// Mapwell makes). Run as root on a machine with apt-get, this installs what is missing; otherwise it
// stops at once with the one command to run.
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'

const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const needed = [
  { what: 'Chromium', file: chromium, pkg: 'chromium' },
  { what: 'pdftotext', file: '/usr/bin/pdftotext', pkg: 'poppler-utils' },
].filter((tool) => !fs.existsSync(tool.file))

if (needed.length > 0) {
  const packages = needed.map((tool) => tool.pkg)
  const command = `sudo apt-get update && sudo apt-get install -y ${packages.join(' ')}`
  const hasApt = spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status === 0
  if (process.getuid?.() !== 0 || !hasApt) {
    console.error(`The tests need ${needed.map((tool) => tool.what).join(' and ')}, which this machine lacks. ` +
      (hasApt ? `Run: ${command}` : `Install ${packages.join(' and ')} with your system's package manager (or set CHROMIUM_PATH), then run npm test again.`))
    process.exit(1)
  }
  console.log(`Installing ${packages.join(' and ')} for the tests`)
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }
  for (const args of [['update', '-qq'], ['install', '-y', '-qq', ...packages]]) {
    const result = spawnSync('apt-get', args, { stdio: 'inherit', env })
    if (result.status !== 0) {
      console.error(`apt-get ${args[0] ?? ''} failed (see above). Run: apt-get update && apt-get install -y ${packages.join(' ')}, then npm test again.`)
      process.exit(1)
    }
  }
  const still = needed.filter((tool) => !fs.existsSync(tool.file))
  if (still.length > 0) {
    console.error(`${still.map((tool) => tool.file).join(' and ')} still missing after installing; set CHROMIUM_PATH if Chromium is elsewhere, then run npm test again.`)
    process.exit(1)
  }
}
