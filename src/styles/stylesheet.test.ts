import fs from 'node:fs'
import path from 'node:path'
import * as sass from 'sass'
import { beforeAll, describe, expect, it } from 'vitest'
import { PROJECT_ROOT, SOURCE_ROOT } from '../platform/paths.js'

/**
 * The stylesheet carries only the GOV.UK and MoJ Frontend components Mapwell uses (app.scss lists
 * them). This finds what the templates use — by macro and by class, in the templates, the layout, the
 * GOV.UK page template the layout extends, and the classes code puts into pages — and checks that the
 * built stylesheet styles each of them, so that a component added to a page is not left unstyled.
 */

const GOVUK = path.join(PROJECT_ROOT, 'node_modules', 'govuk-frontend', 'dist', 'govuk')
const MOJ = path.join(PROJECT_ROOT, 'node_modules', '@ministryofjustice', 'frontend', 'moj')

function filesUnder(directory: string, keep: (name: string) => boolean): string[] {
  return (fs.readdirSync(directory, { recursive: true }) as string[])
    .filter((name) => keep(name))
    .map((name) => path.join(directory, name))
}

const templates = [
  ...filesUnder(SOURCE_ROOT, (name) => name.endsWith('.njk')),
  path.join(GOVUK, 'template.njk'),
]
// Code that writes classes into pages (presenters choosing a tag's colour, errors' own pages).
const code = filesUnder(SOURCE_ROOT, (name) => name.endsWith('.ts') && !name.endsWith('.test.ts') && !name.startsWith('client'))
const sources = [...templates, ...code].map((file) => ({ file, text: fs.readFileSync(file, 'utf8') }))

const kebab = (name: string): string => name.replace(/[A-Z]/g, (letter, at: number) => `${at === 0 ? '' : '-'}${letter.toLowerCase()}`)
const componentsOf = (folder: string): string[] =>
  fs.readdirSync(folder, { withFileTypes: true }).filter((entry) => entry.isDirectory()).map((entry) => entry.name)
const govukComponents = componentsOf(path.join(GOVUK, 'components'))
const mojComponents = componentsOf(path.join(MOJ, 'components'))

/** Components used, each with a file that uses it: by macro call, or by a class of the component's own. */
function componentsUsed(): Map<string, string> {
  const used = new Map<string, string>()
  const note = (component: string, file: string): void => { if (!used.has(component)) used.set(component, path.relative(PROJECT_ROOT, file)) }
  for (const { file, text } of sources) {
    // `{{ govukButton(...) }}` → govuk-button; `mojTimeline(...)` → moj-timeline.
    for (const [, library, macro] of text.matchAll(/\b(govuk|moj)([A-Z][A-Za-z]+)\(/g)) {
      if (library === undefined || macro === undefined) continue
      // Macros that are not components (govukAttributes) have no styles of their own.
      if ((library === 'govuk' ? govukComponents : mojComponents).includes(kebab(macro))) note(`${library}-${kebab(macro)}`, file)
    }
    for (const [, library, block] of text.matchAll(/\b(govuk|moj)-([a-z][a-z-]*[a-z])(?=__|--|["'\s}])/g)) {
      if (library === undefined || block === undefined) continue
      const known = library === 'govuk' ? govukComponents : mojComponents
      if (known.includes(block)) note(`${library}-${block}`, file)
    }
  }
  return used
}

/** Every whole class name written in a template or in code, e.g. `govuk-summary-list__row`. */
function classesUsed(): Map<string, string> {
  const used = new Map<string, string>()
  for (const { file, text } of sources) {
    for (const [token] of text.matchAll(/\b(?:govuk|moj)-[a-z0-9!_-]*[a-z0-9]\b(?![-{])/g)) {
      if (!used.has(token)) used.set(token, path.relative(PROJECT_ROOT, file))
    }
  }
  return used
}

/** Whether a stylesheet has a rule for a class (or, for a component, for any of its parts). */
function styles(css: string, className: string, options: { orParts?: boolean } = {}): boolean {
  const escaped = className.replace(/!/g, '\\\\!')
  return new RegExp(`\\.${escaped}${options.orParts === true ? '(?:__|--|(?![a-zA-Z0-9_-]))' : '(?![a-zA-Z0-9_-])'}`).test(css)
}

describe('the stylesheet', () => {
  let css = ''
  // The whole of both libraries, as they publish it: a class they style, ours must style too.
  const everything = [path.join(GOVUK, 'govuk-frontend.min.css'), path.join(MOJ, 'moj-frontend.min.css')]
    .map((file) => fs.readFileSync(file, 'utf8')).join('\n')
  beforeAll(() => {
    css = sass.compile(path.join(SOURCE_ROOT, 'styles', 'app.scss'), {
      loadPaths: [path.join(PROJECT_ROOT, 'node_modules'), PROJECT_ROOT],
      style: 'compressed',
      quietDeps: true,
      silenceDeprecations: ['import', 'global-builtin'],
      logger: { warn: () => undefined },
    }).css
  })
  it('styles every GOV.UK and MoJ Frontend component a page uses', () => {
    const used = componentsUsed()
    // The scan finds the components every page has (so it is finding something) ...
    expect([...used.keys()]).toEqual(expect.arrayContaining(['govuk-button', 'govuk-footer', 'govuk-skip-link', 'govuk-summary-list', 'moj-timeline']))
    // ... and each one it finds is in the stylesheet.
    const missing = [...used].filter(([component]) => !styles(css, component, { orParts: true })).map(([component, file]) => `${component} (used in ${file})`)
    expect(missing).toEqual([])
  })

  it('styles every GOV.UK and MoJ Frontend class a template or presenter writes', () => {
    const used = classesUsed()
    expect(used.size).toBeGreaterThan(50)
    const missing = [...used]
      .filter(([className]) => styles(everything, className) && !styles(css, className))
      .map(([className, file]) => `${className} (used in ${file})`)
    expect(missing).toEqual([])
  })

  it('leaves out the components no page uses, which made up most of its weight', () => {
    const used = componentsUsed()
    const unused = govukComponents.filter((component) => !used.has(`govuk-${component}`))
    expect(unused).toEqual(expect.arrayContaining(['accordion', 'cookie-banner', 'tabs']))
    for (const component of unused) {
      // (Other components' rules may name one in passing, as in `:not(:has(.govuk-exit-this-page))`.)
      expect(new RegExp(`\\.govuk-${component}(?:__|--|[{,])`).test(css), `govuk-${component} is in the stylesheet but no page uses it`).toBe(false)
    }
    expect(css.length).toBeLessThan(150_000)
  })
})
