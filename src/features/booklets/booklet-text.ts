import type { Transaction } from '../../platform/db/database.js'
import type { BookletStatus } from '../../db/schema/index.js'
import * as repository from './booklets.repository.js'
import { personName } from './booklets.service.js'

/** A booklet's words as they stand (title and each page), for the check before it goes to the parents. */
export interface BookletText { id: string; childName: string; status: BookletStatus; version: number; title: string; pages: string[] }

/** Read inside another feature's unit of work; undefined when the family has no such booklet. */
export async function bookletText(tx: Transaction, familyId: string, bookletId: string): Promise<BookletText | undefined> {
  const booklet = await repository.findBooklet(tx, familyId, bookletId)
  if (booklet === undefined) return undefined
  const child = await repository.findPerson(tx, familyId, booklet.childPersonId)
  const version = await repository.findVersion(tx, booklet.id, booklet.currentVersion)
  if (child === undefined || version === undefined) return undefined
  return { id: booklet.id, childName: personName(child), status: booklet.status, version: version.version, title: version.title, pages: version.pages.map((page) => page.text) }
}
