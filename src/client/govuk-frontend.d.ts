declare module 'govuk-frontend' {
  export function initAll(config?: Record<string, unknown>): void
  export class Radios {
    syncConditionalRevealWithInputState(input: HTMLInputElement): void
  }
}
