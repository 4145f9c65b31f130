import { passwordProblem } from '../../platform/auth/passwords.js'

export const MESSAGES = {
  emailMissing: 'Enter your email address',
  passwordMissing: 'Enter your password',
  wrongDetails: 'The email address or password is not right. Check them and try again.',
  throttled: 'You have tried to sign in too many times. Wait 15 minutes, then try again.',
  codeMissing: 'Enter the 6-digit code from your authenticator app',
  codeWrong: 'The code is not right or has already been used. Enter the newest code from your authenticator app.',
  recoveryMissing: 'Enter one of your recovery codes',
  recoveryWrong: 'That recovery code is not right or has already been used',
  codesEnded: 'You entered a wrong code too many times, so you need to start again. Sign in with your email address and password.',
  codesThrottled: 'There have been too many wrong codes or passwords for this account. Wait 15 minutes, then sign in again.',
  newPasswordsDiffer: 'The passwords do not match. Enter the same password twice.',
  confirmMissing: 'Enter your new password again',
} as const

function text(body: unknown, field: string): string {
  if (typeof body !== 'object' || body === null) return ''
  const value = (body as Record<string, unknown>)[field]
  return typeof value === 'string' ? value : ''
}

export function parseSignIn(body: unknown) {
  const email = text(body, 'email').trim().slice(0, 320)
  const password = text(body, 'password').slice(0, 1024)
  const errors: Record<string, string> = {}
  if (email === '') errors.email = MESSAGES.emailMissing
  if (password === '') errors.password = MESSAGES.passwordMissing
  return { email, password, returnTo: text(body, 'returnTo'), errors }
}

export function parseCode(body: unknown, missingMessage: string) {
  const code = text(body, 'code').trim().slice(0, 64)
  return { code, errors: code === '' ? { code: missingMessage } : {} as Record<string, string> }
}

export function parseNewPassword(body: unknown) {
  const password = text(body, 'password').slice(0, 1024)
  const confirm = text(body, 'confirmPassword').slice(0, 1024)
  const errors: Record<string, string> = {}
  const problem = password === '' ? 'Enter a new password' : passwordProblem(password)
  if (problem !== undefined) errors.password = problem
  else if (confirm === '') errors.confirmPassword = MESSAGES.confirmMissing
  else if (confirm !== password) errors.confirmPassword = MESSAGES.newPasswordsDiffer
  return { password, errors }
}

export function parseEnrolment(body: unknown) {
  return { ...parseCode(body, MESSAGES.codeMissing), pending: text(body, 'pending').slice(0, 2000) }
}
