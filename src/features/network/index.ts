/** The safety network: members, what they were told, their commitments, meetings, and the pictures. */
export { createNetworkService, type NetworkService } from './network.service.js'
export { networkRoutes } from './network.routes.js'
export { networkPaths } from './network.presenter.js'
