import { describe, expect, it } from 'vitest'
import fs from 'node:fs'
import { CONFIG_VARIABLES, ConfigError, loadConfig } from './config.js'

describe('configuration', () => {
  it('has working development defaults', () => {
    const config = loadConfig({})
    expect(config.environment).toBe('development')
    expect(config.port).toBe(3000)
    expect(config.demoData).toBe(true)
    expect(config.secureCookies).toBe(false)
    expect(config.databaseUrl).toBeUndefined()
  })

  it('refuses to run production with development secrets, without a database, or with demo data', () => {
    let problems: string[] = []
    try {
      loadConfig({ NODE_ENV: 'production', DEMO_DATA: 'true' })
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError)
      problems = (error as ConfigError).problems
    }
    expect(problems.join('\n')).toMatch(/SECRET_KEY must be set in production/)
    expect(problems.join('\n')).toMatch(/DATABASE_APP_PASSWORD must be set in production/)
    expect(problems.join('\n')).toMatch(/DATABASE_URL is required in production/)
    expect(problems.join('\n')).toMatch(/DEMO_DATA cannot be true in production/)
  })

  it('accepts a complete production configuration, with secure cookies and no demo data', () => {
    const config = loadConfig({
      NODE_ENV: 'production', DATABASE_URL: 'postgres://owner:secret@db.internal:5432/mapwell',
      SECRET_KEY: 'x'.repeat(48), DATABASE_APP_PASSWORD: 'another-secret-password',
    })
    expect(config.secureCookies).toBe(true)
    expect(config.demoData).toBe(false)
  })

  it('names every variable that is not valid', () => {
    expect(() => loadConfig({ PORT: 'eighty', SESSION_WARNING_SECONDS: '5000', SECURE_COOKIES: 'maybe', DATABASE_URL: 'mysql://x' }))
      .toThrow(/DATABASE_URL must start with postgres[\s\S]*SESSION_WARNING_SECONDS must be shorter[\s\S]*PORT must be a whole number[\s\S]*SECURE_COOKIES must be true or false/)
  })

  it('is documented: the README lists every variable the code reads', () => {
    const readme = fs.readFileSync(new URL('../README.md', import.meta.url), 'utf8')
    const missing = CONFIG_VARIABLES.filter((name) => !readme.includes(`\`${name}\``))
    expect(missing).toEqual([])
  })

  it('reads process.env nowhere else', () => {
    const offenders: string[] = []
    const walk = (directory: URL): void => {
      for (const entry of fs.readdirSync(directory, { withFileTypes: true })) {
        const url = new URL(`${entry.name}${entry.isDirectory() ? '/' : ''}`, directory)
        if (entry.isDirectory()) walk(url)
        else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') && entry.name !== 'config.ts' && fs.readFileSync(url, 'utf8').includes('process.env')) offenders.push(entry.name)
      }
    }
    walk(new URL('./', import.meta.url))
    expect(offenders).toEqual([])
  })
})
