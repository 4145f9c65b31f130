/** Who can see a family's space: invitations for family members and partners, and joining with a code. */
export { createSharingService, type SharingService, type Invitee } from './sharing.service.js'
export { sharingRoutes } from './sharing.routes.js'
