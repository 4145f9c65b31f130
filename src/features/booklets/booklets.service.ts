import { eq } from 'drizzle-orm'
import type { DatabaseHandle, Transaction } from '../../platform/db/database.js'
import type { Actor } from '../../platform/http/types.js'
import { recordAudit } from '../../platform/audit/audit.js'
import { ForbiddenError, NotFoundError } from '../../platform/http/errors.js'
import { bookletAdditions, bookletResponses, booklets, bookletShares, type BookletPage, type BookletStatus } from '../../db/schema/index.js'
import { familiesVisibleTo, valuesHiddenFromFamily } from '../../family-record/index.js'
import { findVisibleFamily } from '../families/families.repository.js'
import { insertPicture } from '../pictures/pictures.service.js'
import * as repository from './booklets.repository.js'
import type { BookletRow, VersionRow } from './booklets.repository.js'
import type { AdditionFields, NewPicture, ResponseFields, ShareFields } from './booklets.schema.js'

const CASEWORK = ['practitioner', 'team-manager', 'conference-chair']
export const MAX_PAGES = 60

/** A change to a booklet's pages. Every saved change makes a new version holding all the pages. */
export type PageChange =
  | { type: 'add'; text: string; newPicture?: NewPicture }
  | { type: 'edit'; page: number; text: string; picture: { kind: 'keep' } | { kind: 'remove' } | { kind: 'new'; newPicture: NewPicture } }
  | { type: 'remove'; page: number }
  | { type: 'move'; page: number; direction: 'up' | 'down' }

export type PageChangeResult =
  | { outcome: 'saved'; version: number; page: number | undefined; backToDraft: boolean }
  | { outcome: 'already-saved'; version: number }
  | { outcome: 'conflict'; theirs: VersionRow }
  | { outcome: 'refused'; reason: string }

export type RecordResult = { outcome: 'saved' | 'already-saved'; status: BookletStatus }

/** How a person is named to a child and their family: the name they are known by. */
export function personName(person: { givenName: string; knownAs: string | null }): string {
  return person.knownAs !== null && person.knownAs.trim() !== '' ? person.knownAs : person.givenName
}

/** Whether the parents agreed a version: at least one response to it, and every response agrees. */
export function agreedVersions(responses: readonly { version: number; agrees: boolean }[]): Set<number> {
  const byVersion = new Map<number, boolean>()
  for (const response of responses) byVersion.set(response.version, (byVersion.get(response.version) ?? true) && response.agrees)
  return new Set([...byVersion].filter(([, agrees]) => agrees).map(([version]) => version))
}

function describeChange(change: PageChange, pageCount: number): string {
  switch (change.type) {
    case 'add': return `Added page ${String(pageCount)}`
    case 'edit': return `Changed page ${String(change.page)}`
    case 'remove': return `Removed page ${String(change.page)}`
    case 'move': return `Moved page ${String(change.page)} ${change.direction} to page ${String(change.direction === 'up' ? change.page - 1 : change.page + 1)}`
  }
}

export function createBookletsService(deps: { database: DatabaseHandle }) {
  const { database } = deps

  /** The family, if this person may see it; otherwise the same 404 as a family that does not exist. */
  async function visibleFamily(tx: Transaction, actor: Actor, familyId: string) {
    if (!CASEWORK.includes(actor.role)) throw new NotFoundError('family')
    const family = await findVisibleFamily(tx, familyId, familiesVisibleTo(actor))
    if (family === undefined) throw new NotFoundError('family')
    return family
  }

  async function bookletOf(tx: Transaction, familyId: string, bookletId: string, forUpdate = false): Promise<BookletRow> {
    const booklet = await repository.findBooklet(tx, familyId, bookletId, forUpdate)
    if (booklet === undefined) throw new NotFoundError('booklet')
    return booklet
  }

  async function childOf(tx: Transaction, familyId: string, booklet: BookletRow) {
    const child = await repository.findPerson(tx, familyId, booklet.childPersonId)
    if (child === undefined) throw new NotFoundError('child')
    return { id: child.id, name: personName(child) }
  }

  async function currentVersion(tx: Transaction, booklet: BookletRow): Promise<VersionRow> {
    const version = await repository.findVersion(tx, booklet.id, booklet.currentVersion)
    if (version === undefined) throw new Error('booklet has no current version')
    return version
  }

  function assertCanChange(actor: Actor): void {
    if (!CASEWORK.includes(actor.role)) throw new ForbiddenError('This role cannot change words and pictures booklets')
  }

  async function audit(tx: Transaction, actor: Actor, action: string, bookletId: string, details: Record<string, unknown>): Promise<void> {
    await recordAudit(tx, { organisationId: actor.organisationId, actorUserId: actor.userId, action, subjectType: 'booklet', subjectId: bookletId, requestId: actor.requestId, details })
  }

  async function storePicture(tx: Transaction, actor: Actor, familyId: string, newPicture: NewPicture): Promise<string> {
    return insertPicture(tx, {
      organisationId: actor.organisationId, familyId, picture: newPicture.picture, source: newPicture.source, description: newPicture.description, uploadedBy: actor.userId,
    })
  }

  return {
    /** Every child of the family with their booklets, each with its last sharing with the child. */
    async overview(actor: Actor, familyId: string) {
      return database.inOrganisation(actor.organisationId, async (tx) => {
        const family = await visibleFamily(tx, actor, familyId)
        const children = await repository.familyChildren(tx, familyId)
        const all = await repository.familyBooklets(tx, familyId)
        const latest = await repository.lastShares(tx, all.map((booklet) => booklet.id))
        await recordAudit(tx, { organisationId: actor.organisationId, actorUserId: actor.userId, action: 'booklets.listed', subjectType: 'family', subjectId: familyId, requestId: actor.requestId })
        return {
          family,
          children: children.map((child) => ({
            id: child.id, name: personName(child), fullName: `${child.givenName} ${child.familyName}`, unborn: child.kind === 'unborn-child',
            booklets: all.filter((booklet) => booklet.childPersonId === child.id)
              .map((booklet) => ({ ...booklet, lastShare: latest.find((share) => share.bookletId === booklet.id) })),
          })),
        }
      })
    },

    /** A child of the family who can have a booklet (born: an unborn child cannot have one yet), for the start form. */
    async child(actor: Actor, familyId: string, childPersonId: string) {
      return database.inOrganisation(actor.organisationId, async (tx) => {
        const family = await visibleFamily(tx, actor, familyId)
        const child = await repository.findPerson(tx, familyId, childPersonId)
        if (child?.kind !== 'child') throw new NotFoundError('child')
        await recordAudit(tx, { organisationId: actor.organisationId, actorUserId: actor.userId, action: 'booklet.start-viewed', subjectType: 'family', subjectId: familyId, requestId: actor.requestId, details: { childPersonId } })
        return { family, child: { id: child.id, name: personName(child) } }
      })
    },

    /** Starts a booklet for a child: the booklet and its version 1, with its first page, together. */
    async start(actor: Actor, familyId: string, input: { childPersonId: string; title: string; text: string; newPicture?: NewPicture; submissionId: string }) {
      assertCanChange(actor)
      return database.inOrganisation(actor.organisationId, async (tx) => {
        await visibleFamily(tx, actor, familyId)
        // Locking the child makes two sendings of the same form wait for each other, so it is saved once.
        const child = await repository.findPerson(tx, familyId, input.childPersonId, true)
        if (child?.kind !== 'child') throw new NotFoundError('child')
        const earlier = await repository.findStartedBySubmission(tx, familyId, input.submissionId)
        if (earlier !== undefined) return { outcome: 'already-saved' as const, bookletId: earlier.bookletId }
        const pictureId = input.newPicture === undefined ? null : await storePicture(tx, actor, familyId, input.newPicture)
        const [created] = await tx.insert(booklets).values({
          organisationId: actor.organisationId, familyId, childPersonId: child.id, title: input.title, status: 'draft', currentVersion: 1, createdBy: actor.userId,
        }).returning({ id: booklets.id })
        if (created === undefined) throw new Error('booklet not created')
        await repository.insertVersion(tx, {
          organisationId: actor.organisationId, bookletId: created.id, version: 1, title: input.title, pages: [{ text: input.text, pictureId }],
          changeNote: 'Started with page 1', changedBy: actor.userId, submissionId: input.submissionId,
        })
        await audit(tx, actor, 'booklet.started', created.id, { familyId, childPersonId: child.id, version: 1, picture: pictureId !== null })
        return { outcome: 'saved' as const, bookletId: created.id }
      })
    },

    /**
     * One booklet as staff see it: a version's pages (the current one unless asked), every version,
     * the parents' responses, the sharings with the child and all of the child's additions, including
     * those the child chose to keep from their parents.
     */
    async view(actor: Actor, familyId: string, bookletId: string, options: { version?: number; purpose: string }) {
      return database.inOrganisation(actor.organisationId, async (tx) => {
        const family = await visibleFamily(tx, actor, familyId)
        const booklet = await bookletOf(tx, familyId, bookletId)
        const child = await childOf(tx, familyId, booklet)
        const shown = await repository.findVersion(tx, booklet.id, options.version ?? booklet.currentVersion)
        if (shown === undefined) throw new NotFoundError('version')
        const versions = await repository.versionList(tx, booklet.id)
        const responses = await repository.responses(tx, booklet.id)
        const shares = await repository.shares(tx, booklet.id)
        const additions = await repository.additions(tx, booklet.id, { parentsMaySeeOnly: false })
        const parents = await repository.familyParents(tx, familyId)
        const pictureIds = [...shown.pages.map((page) => page.pictureId), ...additions.map((addition) => addition.pictureId)].filter((id): id is string => id !== null)
        const descriptions = await repository.pictureDescriptions(tx, familyId, pictureIds)
        await audit(tx, actor, 'booklet.viewed', booklet.id, { familyId, version: shown.version, purpose: options.purpose })
        return {
          family, booklet, child, shown, versions, responses, shares, additions, descriptions,
          parentNames: parents.map((parent) => `${parent.givenName} ${parent.familyName}`),
        }
      })
    },

    /** Applies one change to the pages as a new version, in one transaction, unless someone else saved first. */
    async changePages(actor: Actor, familyId: string, bookletId: string, change: PageChange, baseVersion: number, submissionId: string): Promise<PageChangeResult> {
      assertCanChange(actor)
      return database.inOrganisation(actor.organisationId, async (tx) => {
        await visibleFamily(tx, actor, familyId)
        const booklet = await bookletOf(tx, familyId, bookletId, true)
        const earlier = await repository.findVersionBySubmission(tx, booklet.id, submissionId)
        if (earlier !== undefined) return { outcome: 'already-saved' as const, version: earlier.version }
        const current = await currentVersion(tx, booklet)
        if (booklet.currentVersion !== baseVersion) return { outcome: 'conflict' as const, theirs: current }
        const pages: BookletPage[] = current.pages.map((page) => ({ ...page }))
        const exists = (page: number): boolean => page >= 1 && page <= pages.length
        let changedPage: number | undefined
        switch (change.type) {
          case 'add': {
            if (pages.length >= MAX_PAGES) return { outcome: 'refused' as const, reason: `A booklet can have up to ${String(MAX_PAGES)} pages. Keep it short: start a new booklet for the next part of the story.` }
            const pictureId = change.newPicture === undefined ? null : await storePicture(tx, actor, familyId, change.newPicture)
            pages.push({ text: change.text, pictureId })
            changedPage = pages.length
            break
          }
          case 'edit': {
            if (!exists(change.page)) throw new NotFoundError('page')
            const before = pages[change.page - 1]
            const pictureId = change.picture.kind === 'keep' ? before?.pictureId ?? null
              : change.picture.kind === 'remove' ? null : await storePicture(tx, actor, familyId, change.picture.newPicture)
            pages[change.page - 1] = { text: change.text, pictureId }
            changedPage = change.page
            break
          }
          case 'remove': {
            if (!exists(change.page)) throw new NotFoundError('page')
            if (pages.length === 1) return { outcome: 'refused' as const, reason: 'A booklet needs at least one page. Change this page instead of removing it.' }
            pages.splice(change.page - 1, 1)
            break
          }
          case 'move': {
            if (!exists(change.page)) throw new NotFoundError('page')
            const to = change.direction === 'up' ? change.page - 1 : change.page + 1
            if (!exists(to)) return { outcome: 'refused' as const, reason: `Page ${String(change.page)} is already the ${change.direction === 'up' ? 'first' : 'last'} page.` }
            const moving = pages[change.page - 1]
            const other = pages[to - 1]
            if (moving === undefined || other === undefined) throw new NotFoundError('page')
            pages[to - 1] = moving
            pages[change.page - 1] = other
            changedPage = to
            break
          }
        }
        const version = booklet.currentVersion + 1
        // Parents agreed the words as they were; changed words need their agreement again.
        const backToDraft = booklet.status === 'agreed'
        await repository.insertVersion(tx, {
          organisationId: actor.organisationId, bookletId: booklet.id, version, title: current.title, pages,
          changeNote: describeChange(change, pages.length), changedBy: actor.userId, submissionId,
        })
        await tx.update(booklets).set({ currentVersion: version, status: backToDraft ? 'draft' : booklet.status, updatedAt: new Date() }).where(eq(booklets.id, booklet.id))
        await audit(tx, actor, `booklet.page-${change.type === 'add' ? 'added' : change.type === 'edit' ? 'changed' : change.type === 'remove' ? 'removed' : 'moved'}`, booklet.id,
          { familyId, version, page: change.type === 'add' ? pages.length : change.page, backToDraft })
        return { outcome: 'saved' as const, version, page: changedPage, backToDraft }
      })
    },

    /** "Send to the parents for comments": a draft goes to the parents. Sending again changes nothing. */
    async sendToParents(actor: Actor, familyId: string, bookletId: string): Promise<{ outcome: 'saved' | 'unchanged'; status: BookletStatus }> {
      assertCanChange(actor)
      return database.inOrganisation(actor.organisationId, async (tx) => {
        await visibleFamily(tx, actor, familyId)
        const booklet = await bookletOf(tx, familyId, bookletId, true)
        if (booklet.status !== 'draft') return { outcome: 'unchanged' as const, status: booklet.status }
        await tx.update(booklets).set({ status: 'with-parents', updatedAt: new Date() }).where(eq(booklets.id, booklet.id))
        await audit(tx, actor, 'booklet.sent-to-parents', booklet.id, { familyId, version: booklet.currentVersion })
        return { outcome: 'saved' as const, status: 'with-parents' as const }
      })
    },

    /**
     * A parent's comments on a version. The booklet is agreed when every response to its current
     * version agrees (and there is at least one); otherwise it is with the parents.
     */
    async recordResponse(actor: Actor, familyId: string, bookletId: string, fields: ResponseFields, submissionId: string): Promise<RecordResult> {
      assertCanChange(actor)
      return database.inOrganisation(actor.organisationId, async (tx) => {
        await visibleFamily(tx, actor, familyId)
        const booklet = await bookletOf(tx, familyId, bookletId, true)
        if (await repository.alreadySubmitted(tx, bookletResponses, booklet.id, submissionId)) return { outcome: 'already-saved' as const, status: booklet.status }
        if (fields.version > booklet.currentVersion) throw new NotFoundError('version')
        const [saved] = await tx.insert(bookletResponses).values({
          organisationId: actor.organisationId, bookletId: booklet.id, version: fields.version, parentName: fields.parentName, comments: fields.comments,
          agrees: fields.agrees, respondedOn: fields.respondedOn, recordedBy: actor.userId, submissionId,
        }).returning({ id: bookletResponses.id })
        if (saved === undefined) throw new Error('response not saved')
        const toCurrent = (await repository.responses(tx, booklet.id)).filter((response) => response.version === booklet.currentVersion)
        const status: BookletStatus = toCurrent.length === 0 ? booklet.status : toCurrent.every((response) => response.agrees) ? 'agreed' : 'with-parents'
        if (status !== booklet.status) await tx.update(booklets).set({ status, updatedAt: new Date() }).where(eq(booklets.id, booklet.id))
        await audit(tx, actor, 'booklet.response-recorded', booklet.id, { familyId, version: fields.version, agrees: fields.agrees, status, recordId: saved.id })
        return { outcome: 'saved' as const, status }
      })
    },

    /** When, how and by whom a version was shared with the child. Shared before the parents agreed it is allowed, and shown. */
    async recordShare(actor: Actor, familyId: string, bookletId: string, fields: ShareFields, submissionId: string): Promise<RecordResult> {
      assertCanChange(actor)
      return database.inOrganisation(actor.organisationId, async (tx) => {
        await visibleFamily(tx, actor, familyId)
        const booklet = await bookletOf(tx, familyId, bookletId, true)
        if (await repository.alreadySubmitted(tx, bookletShares, booklet.id, submissionId)) return { outcome: 'already-saved' as const, status: booklet.status }
        if (fields.version > booklet.currentVersion) throw new NotFoundError('version')
        const [saved] = await tx.insert(bookletShares).values({
          organisationId: actor.organisationId, bookletId: booklet.id, version: fields.version, sharedOn: fields.sharedOn, how: fields.how, sharedBy: fields.sharedBy, recordedBy: actor.userId, submissionId,
        }).returning({ id: bookletShares.id })
        if (saved === undefined) throw new Error('share not saved')
        await audit(tx, actor, 'booklet.share-recorded', booklet.id, { familyId, version: fields.version, recordId: saved.id })
        return { outcome: 'saved' as const, status: booklet.status }
      })
    },

    /** Something the child made or said, with their own choice about whether their parents may see it. */
    async recordAddition(actor: Actor, familyId: string, bookletId: string, fields: AdditionFields, submissionId: string): Promise<RecordResult> {
      assertCanChange(actor)
      return database.inOrganisation(actor.organisationId, async (tx) => {
        await visibleFamily(tx, actor, familyId)
        const booklet = await bookletOf(tx, familyId, bookletId, true)
        if (await repository.alreadySubmitted(tx, bookletAdditions, booklet.id, submissionId)) return { outcome: 'already-saved' as const, status: booklet.status }
        const pictureId = fields.newPicture === undefined ? null : await storePicture(tx, actor, familyId, fields.newPicture)
        const [saved] = await tx.insert(bookletAdditions).values({
          organisationId: actor.organisationId, bookletId: booklet.id, addedOn: fields.addedOn, words: fields.words, pictureId, parentsMaySee: fields.parentsMaySee, recordedBy: actor.userId, submissionId,
        }).returning({ id: bookletAdditions.id })
        if (saved === undefined) throw new Error('addition not saved')
        await audit(tx, actor, 'booklet.addition-recorded', booklet.id, { familyId, parentsMaySee: fields.parentsMaySee, picture: pictureId !== null, recordId: saved.id })
        return { outcome: 'saved' as const, status: booklet.status }
      })
    },

    /**
     * What the child and parents get (print page or PDF): the current version's pages with their
     * pictures, and only the additions the child agreed their parents may see. The others are
     * never read, so they cannot leak into anything built from this.
     */
    async childVersion(actor: Actor, familyId: string, bookletId: string, format: 'print' | 'pdf') {
      return database.inOrganisation(actor.organisationId, async (tx) => {
        await visibleFamily(tx, actor, familyId)
        const booklet = await bookletOf(tx, familyId, bookletId)
        const child = await childOf(tx, familyId, booklet)
        const current = await currentVersion(tx, booklet)
        const shared = await repository.additions(tx, booklet.id, { parentsMaySeeOnly: true })
        const pictureIds = [...current.pages.map((page) => page.pictureId), ...shared.map((addition) => addition.pictureId)].filter((id): id is string => id !== null)
        const stored = format === 'pdf' ? await repository.pictureBytes(tx, familyId, pictureIds) : undefined
        const descriptions = await repository.pictureDescriptions(tx, familyId, pictureIds)
        const pictureOf = (pictureId: string | null) => pictureId === null ? undefined : {
          id: pictureId, description: descriptions.get(pictureId) ?? '', bytes: stored?.get(pictureId)?.bytes,
        }
        await audit(tx, actor, 'booklet.child-version', booklet.id, { familyId, format, version: current.version, additions: shared.length })
        return {
          familyId, bookletId: booklet.id, title: current.title, childName: child.name, version: current.version, status: booklet.status,
          pages: current.pages.map((page) => ({ text: page.text, picture: pictureOf(page.pictureId) })),
          additions: shared.map((addition) => ({ addedOn: addition.addedOn, words: addition.words, picture: pictureOf(addition.pictureId) })),
          // What is hidden from anyone in the family, to be blanked in the copy made for them.
          hidden: await valuesHiddenFromFamily(tx, familyId),
        }
      })
    },
  }
}

export type BookletsService = ReturnType<typeof createBookletsService>
export type BookletView = Awaited<ReturnType<BookletsService['view']>>
export type ChildVersion = Awaited<ReturnType<BookletsService['childVersion']>>
