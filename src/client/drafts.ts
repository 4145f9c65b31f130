/**
 * Keeps what someone is typing in this browser tab every few seconds, so that a timeout, a crash or
 * a closed page loses nothing: the text comes back when the same form is opened again in the tab.
 * sessionStorage is used (not localStorage) so drafts go when the tab closes, and sign-out clears them.
 */
const PREFIX = 'mapwell-draft:'
const SAVE_EVERY_MS = 3000

type Draft = Record<string, string>

function fieldsOf(form: HTMLFormElement): (HTMLInputElement | HTMLTextAreaElement)[] {
  return [...form.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>('textarea, input[type="text"], input:not([type])')]
}

function snapshot(form: HTMLFormElement): Draft {
  return Object.fromEntries(fieldsOf(form).map((field) => [field.name, field.value]))
}

export function clearDrafts(storage: Storage, keys?: string[]): void {
  for (const key of Object.keys(storage)) {
    if (key.startsWith(PREFIX) && (keys === undefined || keys.includes(key.slice(PREFIX.length)))) storage.removeItem(key)
  }
}

export function startDrafts(document: Document, storage: Storage): void {
  const toClear = document.querySelector<HTMLElement>('[data-clear-drafts]')?.dataset.clearDrafts
  if (toClear !== undefined) clearDrafts(storage, toClear.split(' '))
  for (const form of document.querySelectorAll<HTMLFormElement>('form[data-draft-key]')) {
    const key = `${PREFIX}${form.dataset.draftKey ?? ''}`
    const stored = storage.getItem(key)
    const original = snapshot(form)
    if (stored !== null) {
      const draft = JSON.parse(stored) as Draft
      const differs = Object.entries(draft).some(([name, value]) => original[name] !== undefined && original[name] !== value)
      if (differs) {
        for (const field of fieldsOf(form)) {
          const value = draft[field.name]
          if (value !== undefined) field.value = value
        }
        const notice = document.createElement('div')
        notice.className = 'govuk-inset-text'
        notice.setAttribute('role', 'status')
        notice.textContent = 'We have put back what you were typing before. Check it, then save.'
        form.prepend(notice)
      }
    }
    let last = JSON.stringify(snapshot(form))
    window.setInterval(() => {
      const now = JSON.stringify(snapshot(form))
      if (now !== last) {
        storage.setItem(key, now)
        last = now
      }
    }, SAVE_EVERY_MS)
  }
  for (const signOut of document.querySelectorAll<HTMLFormElement>('form[action="/sign-out"]')) {
    signOut.addEventListener('submit', () => { clearDrafts(storage) })
  }
}
