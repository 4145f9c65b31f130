import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ACTION_WORDS, describeAction } from './access-log.js'

const SRC = join(import.meta.dirname, '..', '..')

function sourceFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name)
    if (entry.isDirectory()) return sourceFiles(path)
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : []
  })
}

/** Quoted names in src that look like actions but are files, or a confirm page's form name (users.routes.ts). */
const NOT_ACTIONS = new Set(['mapwell.lock', 'package.json', 'postmaster.pid', 'disable', 'asset-manifest.json'])

/**
 * Every audit action written in src: any quoted `area.what` string (an action's shape), an `action:` or
 * `action =` with a plain word, and `area.what-${MAP[...]}` templates expanded from that file's MAP.
 */
function actionsInSource(): Map<string, string> {
  const found = new Map<string, string>()
  const add = (action: string | undefined, file: string): void => {
    if (action !== undefined && !NOT_ACTIONS.has(action)) found.set(action, file)
  }
  for (const file of sourceFiles(SRC)) {
    const text = readFileSync(file, 'utf8')
    for (const match of text.matchAll(/'([a-z][a-z0-9-]*\.[a-z][a-z0-9-]*)'/g)) add(match[1], file)
    for (const match of text.matchAll(/action(?::| =) '([a-z][a-z0-9-]*)'/g)) add(match[1], file)
    for (const match of text.matchAll(/action(?::| =) `([a-z][a-z0-9.-]*)\$\{([A-Z_]+)\[/g)) {
      const [, prefix = '', name = ''] = match
      const table = new RegExp(`const ${name} = \\{([^}]*)\\}`).exec(text)
      if (table === null) { add(`${prefix}<${name} not found>`, file); continue }
      for (const value of (table[1] ?? '').matchAll(/'([a-z0-9-]+)'/g)) add(`${prefix}${value[1] ?? ''}`, file)
    }
  }
  return found
}

describe('the access log\'s words', () => {
  it('has words for every action written anywhere in src', () => {
    const actions = actionsInSource()
    // The scan must find the actions written in each way: a plain purpose, a template and an assignment.
    expect(actions.has('plan.copy-made')).toBe(true)
    expect(actions.has('plan.rule-removed')).toBe(true)
    expect(actions.has('booklet.page-moved')).toBe(true)
    expect(actions.has('sign-out')).toBe(true)
    expect(actions.has('partner.report-changed')).toBe(true)
    const missing = [...actions].filter(([action]) => ACTION_WORDS[action] === undefined).map(([action, file]) => `${action} (${file})`)
    expect(missing).toEqual([])
  })

  it('never shows a look or a download as a change, nor a raw code', () => {
    for (const [action, words] of Object.entries(ACTION_WORDS)) {
      if (/(viewed|listed|counted|compared|opened|-version|copy-made|checked|search|searched|seen)$/.test(action)) {
        expect(words, action).not.toMatch(/^(Family member |Partner )?(added|changed|removed)/i)
      }
      expect(words, action).not.toContain(action)
    }
    expect(describeAction('plan.copy-made')).toBe('Printed or downloaded: a copy of the plan')
    expect(describeAction('booklet.child-version')).toMatch(/^Printed or downloaded/)
    expect(describeAction('map.family-version')).toMatch(/^Printed or downloaded/)
    expect(describeAction('family.people-listed')).toBe('Looked at: the people in the family')
    expect(describeAction('booklets.listed')).toBe('Looked at: the list of words and pictures booklets')
  })
})
