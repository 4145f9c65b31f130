/**
 * Live plain-language advice while typing (progressive enhancement: without JavaScript the same
 * advice is shown after saving). Advice only: it never stops anyone saving.
 */
interface Finding { rule: string; start: number; end: number; message: string; suggestion: string }
interface Answer { findings: Finding[]; readability: { band: string; fleschReadingEase: number }; hidden?: string }

function render(panel: HTMLElement, text: string, answer: Answer): void {
  panel.replaceChildren()
  const heading = document.createElement('p')
  heading.className = 'govuk-body govuk-!-font-weight-bold govuk-!-margin-bottom-1'
  heading.textContent = answer.findings.length === 0 ? 'No plain-language advice.' : 'Things to think about (advice only):'
  panel.append(heading)
  if (answer.findings.length > 0) {
    const list = document.createElement('ul')
    list.className = 'govuk-list govuk-list--bullet govuk-!-margin-bottom-1'
    for (const finding of answer.findings) {
      const item = document.createElement('li')
      item.textContent = `${finding.message} Try: ${finding.suggestion}`
      list.append(item)
    }
    panel.append(list)
  }
  if (answer.hidden !== undefined) {
    // Part of a detail hidden from someone in the family: the GOV.UK warning text, as the page shows after saving.
    const warning = document.createElement('div')
    warning.className = 'govuk-warning-text'
    const icon = document.createElement('span')
    icon.className = 'govuk-warning-text__icon'
    icon.setAttribute('aria-hidden', 'true')
    icon.textContent = '!'
    const words = document.createElement('strong')
    words.className = 'govuk-warning-text__text'
    const fallback = document.createElement('span')
    fallback.className = 'govuk-visually-hidden'
    fallback.textContent = 'Warning'
    words.append(fallback, answer.hidden)
    warning.append(icon, words)
    panel.append(warning)
  }
  const reading = document.createElement('p')
  reading.className = 'govuk-body-s govuk-!-margin-bottom-0'
  reading.textContent = text.trim() === '' ? '' : `Reading ease: ${answer.readability.band}.`
  panel.append(reading)
  panel.hidden = false
}

export function startCoach(document: Document): void {
  for (const textarea of document.querySelectorAll<HTMLTextAreaElement>('textarea[data-coach-kind]')) {
    // A form with several texts names each one's own panel; a form with one text has the one panel.
    const own = textarea.dataset.coachPanel
    const panel = own === undefined ? document.querySelector<HTMLElement>('[data-coach-panel]') : document.getElementById(own)
    const csrf = textarea.form?.querySelector<HTMLInputElement>('input[name="_csrf"]')?.value ?? ''
    if (panel === null) continue
    let timer: number | undefined
    let latest = 0
    const check = async (): Promise<void> => {
      const request = ++latest
      try {
        const response = await fetch('/api/language/check', {
          method: 'POST', credentials: 'same-origin',
          headers: { 'content-type': 'application/json', 'accept': 'application/json', 'x-csrf-token': csrf },
          body: JSON.stringify({ text: textarea.value, kind: textarea.dataset.coachKind, familyId: textarea.dataset.coachFamily }),
        })
        if (response.ok && request === latest) render(panel, textarea.value, await response.json() as Answer)
      } catch { /* offline: advice will come on save */ }
    }
    textarea.addEventListener('input', () => {
      window.clearTimeout(timer)
      timer = window.setTimeout(() => { void check() }, 600)
    })
    if (textarea.value.trim() !== '') void check()
  }
}
