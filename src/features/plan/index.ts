export { summarise as summariseCheckIns } from './check-in-summary.js'
