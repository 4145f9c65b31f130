import path from 'node:path'

/**
 * The only module that reads process.env. Everything else receives a Config.
 * Production refuses development defaults so a forgotten variable cannot ship a known secret.
 */

export type Environment = 'production' | 'development' | 'test'

export interface Config {
  environment: Environment
  host: string
  port: number
  databaseUrl: string | undefined
  databaseAppRole: string
  databaseAppPassword: string
  dataDirectory: string
  embeddedDatabasePort: number
  secretKey: string
  secureCookies: boolean
  trustProxy: boolean
  demoData: boolean
  logLevel: string
  session: {
    idleTimeoutSeconds: number
    warningSeconds: number
    absoluteTimeoutSeconds: number
  }
  signInThrottle: {
    windowSeconds: number
    maxFailuresPerAccount: number
    maxFailuresPerAddress: number
  }
  requestBodyLimitBytes: number
  shutdownGraceSeconds: number
}

export const DEVELOPMENT_SECRET_KEY = 'development-only-secret-key-do-not-use-in-production'
export const DEVELOPMENT_APP_PASSWORD = 'mapwell-app-development-password'

export class ConfigError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Configuration is not valid:\n - ${problems.join('\n - ')}`)
    this.name = 'ConfigError'
  }
}

type Env = Record<string, string | undefined>

function readInteger(env: Env, name: string, fallback: number, problems: string[], min = 1): number {
  const raw = env[name]
  if (raw === undefined || raw === '') return fallback
  if (!/^\d+$/.test(raw.trim())) {
    problems.push(`${name} must be a whole number (got "${raw}")`)
    return fallback
  }
  const value = Number(raw)
  if (value < min) problems.push(`${name} must be at least ${String(min)}`)
  return value
}

function readBoolean(env: Env, name: string, fallback: boolean, problems: string[]): boolean {
  const raw = env[name]
  if (raw === undefined || raw === '') return fallback
  const lowered = raw.trim().toLowerCase()
  if (['true', '1', 'yes'].includes(lowered)) return true
  if (['false', '0', 'no'].includes(lowered)) return false
  problems.push(`${name} must be true or false (got "${raw}")`)
  return fallback
}

export function loadConfig(env: Env = process.env): Config {
  const problems: string[] = []
  const rawEnvironment = env.NODE_ENV ?? 'development'
  if (!['production', 'development', 'test'].includes(rawEnvironment)) {
    problems.push(`NODE_ENV must be production, development or test (got "${rawEnvironment}")`)
  }
  const environment = (['production', 'development', 'test'].includes(rawEnvironment) ? rawEnvironment : 'development') as Environment
  const production = environment === 'production'

  const databaseUrl = env.DATABASE_URL === '' ? undefined : env.DATABASE_URL
  if (databaseUrl !== undefined) {
    try {
      const parsed = new URL(databaseUrl)
      if (!['postgres:', 'postgresql:'].includes(parsed.protocol)) problems.push('DATABASE_URL must start with postgres://')
    } catch {
      problems.push('DATABASE_URL is not a valid URL')
    }
  }
  const secretKey = env.SECRET_KEY ?? DEVELOPMENT_SECRET_KEY
  const databaseAppPassword = env.DATABASE_APP_PASSWORD ?? DEVELOPMENT_APP_PASSWORD
  const databaseAppRole = env.DATABASE_APP_ROLE ?? 'mapwell_app'
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(databaseAppRole)) problems.push('DATABASE_APP_ROLE must be a lower-case PostgreSQL role name')
  if (secretKey.length < 32) problems.push('SECRET_KEY must be at least 32 characters')

  const demoData = readBoolean(env, 'DEMO_DATA', !production, problems)
  if (production) {
    if (databaseUrl === undefined) problems.push('DATABASE_URL is required in production (the embedded database is for trying Mapwell out)')
    if (secretKey === DEVELOPMENT_SECRET_KEY) problems.push('SECRET_KEY must be set in production (the development default is public)')
    if (databaseAppPassword === DEVELOPMENT_APP_PASSWORD) problems.push('DATABASE_APP_PASSWORD must be set in production (the development default is public)')
    if (demoData) problems.push('DEMO_DATA cannot be true in production: production never creates demo data')
  }

  const idleTimeoutSeconds = readInteger(env, 'SESSION_IDLE_TIMEOUT_SECONDS', 20 * 60, problems, 10)
  const warningSeconds = readInteger(env, 'SESSION_WARNING_SECONDS', 2 * 60, problems, 5)
  if (warningSeconds >= idleTimeoutSeconds) problems.push('SESSION_WARNING_SECONDS must be shorter than SESSION_IDLE_TIMEOUT_SECONDS')

  const config: Config = {
    environment,
    host: env.HOST ?? '0.0.0.0',
    port: readInteger(env, 'PORT', 3000, problems, 0),
    databaseUrl,
    databaseAppRole,
    databaseAppPassword,
    dataDirectory: path.resolve(env.DATA_DIR ?? 'data'),
    embeddedDatabasePort: readInteger(env, 'EMBEDDED_DATABASE_PORT', 54329, problems),
    secretKey,
    secureCookies: readBoolean(env, 'SECURE_COOKIES', production, problems),
    trustProxy: readBoolean(env, 'TRUST_PROXY', false, problems),
    demoData,
    logLevel: env.LOG_LEVEL ?? (environment === 'test' ? 'silent' : 'info'),
    session: {
      idleTimeoutSeconds,
      warningSeconds,
      absoluteTimeoutSeconds: readInteger(env, 'SESSION_ABSOLUTE_TIMEOUT_SECONDS', 12 * 60 * 60, problems, 60),
    },
    signInThrottle: {
      windowSeconds: readInteger(env, 'SIGN_IN_THROTTLE_WINDOW_SECONDS', 15 * 60, problems),
      maxFailuresPerAccount: readInteger(env, 'SIGN_IN_MAX_FAILURES_PER_ACCOUNT', 10, problems),
      maxFailuresPerAddress: readInteger(env, 'SIGN_IN_MAX_FAILURES_PER_ADDRESS', 50, problems),
    },
    requestBodyLimitBytes: readInteger(env, 'REQUEST_BODY_LIMIT_BYTES', 256 * 1024, problems, 1024),
    shutdownGraceSeconds: readInteger(env, 'SHUTDOWN_GRACE_SECONDS', 20, problems),
  }
  if (problems.length > 0) throw new ConfigError(problems)
  return config
}

/** Every variable the README documents, so a test can check the two never drift apart. */
export const CONFIG_VARIABLES = [
  'NODE_ENV', 'HOST', 'PORT', 'DATABASE_URL', 'DATABASE_APP_ROLE', 'DATABASE_APP_PASSWORD', 'DATA_DIR',
  'EMBEDDED_DATABASE_PORT', 'SECRET_KEY', 'SECURE_COOKIES', 'TRUST_PROXY', 'DEMO_DATA', 'LOG_LEVEL',
  'SESSION_IDLE_TIMEOUT_SECONDS', 'SESSION_WARNING_SECONDS', 'SESSION_ABSOLUTE_TIMEOUT_SECONDS',
  'SIGN_IN_THROTTLE_WINDOW_SECONDS', 'SIGN_IN_MAX_FAILURES_PER_ACCOUNT', 'SIGN_IN_MAX_FAILURES_PER_ADDRESS',
  'REQUEST_BODY_LIMIT_BYTES', 'SHUTDOWN_GRACE_SECONDS',
] as const
