/** The safety network: members, what they were told, their commitments, meetings, and the pictures. */
export { createNetworkService, type NetworkService } from './network.service.js'
export { networkRoutes } from './network.routes.js'
export { networkPaths } from './network.presenter.js'
/** Current members' names, relationships and commitments, read inside another feature's unit of work. */
export { currentCommitments } from './network.repository.js'
