import { Radios } from 'govuk-frontend'

/**
 * GOV.UK Frontend marks a radio that reveals more questions with aria-expanded, which ARIA does not
 * allow on a radio (axe reports it as a critical aria-allowed-attr failure). The radio keeps its
 * aria-controls, and screen readers announce the revealed field where it follows the radio, so the
 * reveal is kept and only the attribute not allowed is taken off, each time the reveal is synced.
 */
export function keepRadiosWithinAria(): void {
  const prototype = Radios.prototype
  const sync = Object.getOwnPropertyDescriptor(prototype, 'syncConditionalRevealWithInputState')?.value as ((this: Radios, input: HTMLInputElement) => void) | undefined
  if (sync === undefined) return
  prototype.syncConditionalRevealWithInputState = function syncWithoutExpanded(this: Radios, input: HTMLInputElement): void {
    sync.call(this, input)
    input.removeAttribute('aria-expanded')
  }
}
