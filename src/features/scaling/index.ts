/** The scaling tables, for another feature that records a score inside its own unit of work. */
export * as scalingRecords from './scaling.repository.js'
