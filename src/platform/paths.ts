import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

/** The folder holding package.json, whether running from src/ (tests) or dist/ (npm start). */
function findProjectRoot(): string {
  let directory = path.dirname(fileURLToPath(import.meta.url))
  while (!fs.existsSync(path.join(directory, 'package.json'))) {
    const parent = path.dirname(directory)
    if (parent === directory) throw new Error('Could not find the project folder (package.json)')
    directory = parent
  }
  return directory
}

export const PROJECT_ROOT = findProjectRoot()
export const SOURCE_ROOT = path.join(PROJECT_ROOT, 'src')
export const PUBLIC_BUILD = path.join(PROJECT_ROOT, 'dist', 'public')
export const MIGRATIONS_FOLDER = path.join(SOURCE_ROOT, 'db', 'migrations')
/** GOV.UK and MoJ Frontend's fonts and images, copied by the build. */
export const ASSETS_BUILD = path.join(PROJECT_ROOT, 'dist', 'assets')
/** Every built file's fingerprinted URL, by its plain URL (written by scripts/build.mjs). */
export const ASSET_MANIFEST = path.join(PROJECT_ROOT, 'dist', 'asset-manifest.json')
