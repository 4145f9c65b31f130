/**
 * Warns before the idle timeout signs someone out, and lets them stay signed in (GOV.UK's
 * "warn users before a session times out" pattern). Without JavaScript there is no warning; the
 * session simply ends after the idle time, and the next request says why.
 */
function describe(seconds: number): string {
  if (seconds >= 120) return `${String(Math.ceil(seconds / 60))} minutes`
  if (seconds >= 60) return '1 minute'
  return `${String(Math.max(seconds, 0))} second${seconds === 1 ? '' : 's'}`
}

export function startSessionTimeout(document: Document): void {
  const body = document.body
  const found = document.getElementById('session-timeout-dialog')
  const left = Number(body.dataset.sessionSecondsLeft)
  const warning = Number(body.dataset.sessionWarningSeconds)
  if (!(found instanceof HTMLDialogElement) || !Number.isFinite(left) || !Number.isFinite(warning)) return
  const dialog: HTMLDialogElement = found
  const countdown = dialog.querySelector('[data-countdown]')
  const stay = dialog.querySelector('[data-stay-signed-in]')
  const csrfInput = document.querySelector<HTMLInputElement>('input[name="_csrf"]')
  let endsAt = Date.now() + left * 1000
  let warnTimer: number | undefined
  let tickTimer: number | undefined

  function schedule(): void {
    window.clearTimeout(warnTimer)
    window.clearInterval(tickTimer)
    const untilWarning = endsAt - Date.now() - warning * 1000
    warnTimer = window.setTimeout(warn, Math.max(untilWarning, 0))
  }

  function secondsRemaining(): number {
    return Math.round((endsAt - Date.now()) / 1000)
  }

  function warn(): void {
    if (countdown !== null) countdown.textContent = describe(secondsRemaining())
    if (!dialog.open) dialog.showModal()
    startCountdown()
  }

  function startCountdown(): void {
    window.clearInterval(tickTimer)
    tickTimer = window.setInterval(() => {
      const remaining = secondsRemaining()
      if (countdown !== null) countdown.textContent = describe(remaining)
      if (remaining <= 0) void expire()
    }, 1000)
  }

  async function expire(): Promise<void> {
    window.clearInterval(tickTimer)
    // The server decides: another tab may have kept the session alive, or a second may be left.
    try {
      const response = await fetch('/session/status', { headers: { Accept: 'application/json' }, credentials: 'same-origin' })
      if (response.ok) {
        const status = await response.json() as { secondsLeft: number }
        endsAt = Date.now() + (status.secondsLeft + 1) * 1000
        if (status.secondsLeft > warning) {
          dialog.close()
          schedule()
        } else {
          startCountdown()
        }
        return
      }
    } catch {
      startCountdown()
      return
    }
    const here = window.location.pathname + window.location.search
    window.location.assign(`/session-expired?returnTo=${encodeURIComponent(here)}`)
  }

  async function keepAlive(): Promise<void> {
    try {
      const response = await fetch('/session/keep-alive', {
        method: 'POST', credentials: 'same-origin',
        headers: { 'Accept': 'application/json', 'x-csrf-token': csrfInput?.value ?? '' },
      })
      if (response.ok) {
        const status = await response.json() as { secondsLeft: number }
        endsAt = Date.now() + status.secondsLeft * 1000
      }
    } finally {
      if (dialog.open) dialog.close()
      schedule()
    }
  }

  stay?.addEventListener('click', () => { void keepAlive() })
  // Escape closes the dialog: take it to mean "I'm still here".
  dialog.addEventListener('cancel', (event) => {
    event.preventDefault()
    void keepAlive()
  })
  schedule()
}
