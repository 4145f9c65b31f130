/** Partner agencies: the partner's view of the families they are invited to, and the worker's meetings and partners' reports. */
export { createPartnerService, partnerVoice, type PartnerService } from './partner.service.js'
export { partnerRoutes } from './partner.routes.js'
export { partnerPaths, meetingPaths } from './partner.paths.js'
