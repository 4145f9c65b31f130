/** The check before sharing with a family: every text in what they will read, with the coach's advice beside each. */
export { createShareReviewService, type ShareReviewService } from './share-review.service.js'
export { shareReviewRoutes } from './share-review.routes.js'
export { shareReviewPaths } from './share-review.presenter.js'
