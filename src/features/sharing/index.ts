/** Who can see a family's space: invitations for family members and partners, and joining with a code. */
export { createSharingService, type SharingService, type Invitee } from './sharing.service.js'
export { PLAN_RULES_MESSAGES, sharingRoutes } from './sharing.routes.js'
/** Whether the family agreed that invited partners see the safety plan rules that name them, read inside another feature's unit of work. */
export { partnersMaySeePlanRules } from './sharing.repository.js'
