/** The safety plan: rules and bottom lines, who agreed them, check-ins, and the steps ahead. */
export { createPlanService, type PlanService } from './plan.service.js'
export { planRoutes } from './plan.routes.js'
export { planPaths } from './plan.presenter.js'
export { currentRulesInWords, findPlan, rulesAt, type RuleState } from './plan.repository.js'
export { summarise, type Summary } from './check-in-summary.js'
export { trajectoryStages, trajectorySvg, type Stage, type TrajectoryStage } from './trajectory.js'
