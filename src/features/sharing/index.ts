/** Sharing a family's space: inviting family members and partners, and joining with a code. */
export { ageOn } from './sharing.service.js'
