import { pgTable, uuid, text, timestamp, integer, uniqueIndex } from 'drizzle-orm/pg-core'
import { sql } from 'drizzle-orm'
import { organisations } from './organisations.js'

/** An organisation's plain-language list: words and acronyms the coach flags, each with a suggestion. */
export const languageTerms = pgTable('language_terms', {
  id: uuid('id').primaryKey().defaultRandom(),
  organisationId: uuid('organisation_id').notNull().references(() => organisations.id),
  term: text('term').notNull(),
  suggestion: text('suggestion').notNull(),
  explanation: text('explanation').notNull(),
  version: integer('version').notNull().default(1),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (table) => [uniqueIndex('language_terms_organisation_term').on(table.organisationId, sql`lower(${table.term})`)])
