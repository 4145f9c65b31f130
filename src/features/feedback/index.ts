/** "Tell us about problems with this service": a form anyone may send, and a list for administrators. */
export { createFeedbackService, type FeedbackService } from './feedback.service.js'
export { feedbackRoutes } from './feedback.routes.js'
