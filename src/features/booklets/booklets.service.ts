import type { Transaction } from '../../platform/db/database.js'
import type { Actor } from '../../platform/http/types.js'
import { NotFoundError } from '../../platform/http/errors.js'
import { bookletAdditions, bookletResponses, bookletShares, type BookletPage, type BookletStatus } from '../../db/schema/index.js'
import { CASEWORKERS, applyVersioned, valuesHiddenFromFamily, type AuditNote, type FamilyRecord } from '../../family-record/index.js'
import { insertPicture } from '../pictures/index.js'
import { acronymsInUse } from '../language/index.js'
import * as repository from './booklets.repository.js'
import type { BookletRow, VersionRow } from './booklets.repository.js'
import type { AdditionFields, NewPicture, ResponseFields, ShareFields } from './booklets.schema.js'

/** Who works on a child's words and pictures: the caseworkers. */
const CASEWORK = { roles: CASEWORKERS }
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
  /** Someone else saved first; `pageGone` when the page being changed or removed is no longer there. */
  | { outcome: 'conflict'; theirs: VersionRow; pageGone: boolean }
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

/** Names the booklet as the audit row's subject (the family goes into the details). */
function aboutBooklet(audit: AuditNote, bookletId: string, details: Record<string, unknown> = {}): void {
  audit.subjectType = 'booklet'
  audit.subjectId = bookletId
  audit.details = details
}

const PAGE_ACTION = { add: 'added', edit: 'changed', remove: 'removed', move: 'moved' } as const

export function createBookletsService(deps: { familyRecord: FamilyRecord }) {
  const { familyRecord } = deps

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

  async function storePicture(tx: Transaction, actor: Actor, familyId: string, newPicture: NewPicture): Promise<string> {
    return insertPicture(tx, {
      organisationId: actor.organisationId, familyId, picture: newPicture.picture, source: newPicture.source, description: newPicture.description, uploadedBy: actor.userId,
    })
  }

  /** A response, sharing or addition: saved once per submission, the booklet's status after it, and its audit row. */
  async function recordOnce(tx: Transaction, booklet: BookletRow, table: typeof bookletResponses | typeof bookletShares | typeof bookletAdditions, submissionId: string,
    audit: AuditNote, write: () => Promise<{ status: BookletStatus; details: Record<string, unknown> }>): Promise<RecordResult> {
    const outcome = await applyVersioned<never, RecordResult>({
      earlier: async () => await repository.alreadySubmitted(tx, table, booklet.id, submissionId) ? { outcome: 'already-saved', status: booklet.status } : undefined,
      write: async () => {
        const { status, details } = await write()
        aboutBooklet(audit, booklet.id, details)
        return { outcome: 'saved', status }
      },
    })
    if (outcome.outcome === 'conflict') throw new Error('a record cannot conflict')
    if (outcome.outcome === 'already-saved') aboutBooklet(audit, booklet.id, { alreadySaved: true })
    return outcome.saved
  }

  return {
    /** Every child of the family with their booklets, each with its last sharing with the child. */
    async overview(actor: Actor, familyId: string) {
      return familyRecord.withFamily(actor, familyId, { action: 'booklets.listed', ...CASEWORK }, async ({ tx, family }) => {
        const children = await repository.familyChildren(tx, familyId)
        const all = await repository.familyBooklets(tx, familyId)
        const latest = await repository.lastShares(tx, all.map((booklet) => booklet.id))
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
      return familyRecord.withFamily(actor, familyId, { action: 'booklet.start-viewed', ...CASEWORK }, async ({ tx, family, audit }) => {
        const child = await repository.findPerson(tx, familyId, childPersonId)
        if (child?.kind !== 'child') throw new NotFoundError('child')
        audit.details = { childPersonId }
        return { family, child: { id: child.id, name: personName(child) } }
      })
    },

    /** Starts a booklet for a child: the booklet and its version 1, with its first page, together. */
    async start(actor: Actor, familyId: string, input: { childPersonId: string; title: string; text: string; newPicture?: NewPicture; submissionId: string }) {
      return familyRecord.withFamily(actor, familyId, { action: 'booklet.started', ...CASEWORK }, async ({ tx, audit }) => {
        // Locking the child makes two sendings of the same form wait for each other, so it is saved once.
        const child = await repository.findPerson(tx, familyId, input.childPersonId, true)
        if (child?.kind !== 'child') throw new NotFoundError('child')
        const outcome = await applyVersioned<never, { bookletId: string }>({
          earlier: () => repository.findStartedBySubmission(tx, familyId, input.submissionId),
          write: async (version) => {
            const pictureId = input.newPicture === undefined ? null : await storePicture(tx, actor, familyId, input.newPicture)
            const bookletId = await repository.insertBooklet(tx, {
              organisationId: actor.organisationId, familyId, childPersonId: child.id, title: input.title, status: 'draft', currentVersion: version, createdBy: actor.userId,
            })
            await repository.insertVersion(tx, {
              organisationId: actor.organisationId, bookletId, version, title: input.title, pages: [{ text: input.text, pictureId }],
              changeNote: 'Started with page 1', changedBy: actor.userId, submissionId: input.submissionId,
            })
            aboutBooklet(audit, bookletId, { childPersonId: child.id, version, picture: pictureId !== null })
            return { bookletId }
          },
        })
        if (outcome.outcome === 'conflict') throw new Error('a new booklet cannot conflict')
        if (outcome.outcome === 'already-saved') aboutBooklet(audit, outcome.saved.bookletId, { childPersonId: child.id, alreadySaved: true })
        return { outcome: outcome.outcome, bookletId: outcome.saved.bookletId }
      })
    },

    /**
     * One booklet as staff see it: a version's pages (the current one unless asked), every version,
     * the parents' responses, the sharings with the child and all of the child's additions, including
     * those the child chose to keep from their parents.
     */
    async view(actor: Actor, familyId: string, bookletId: string, options: { version?: number; purpose: string }) {
      return familyRecord.withFamily(actor, familyId, { action: 'booklet.viewed', ...CASEWORK }, async ({ tx, family, audit }) => {
        const booklet = await bookletOf(tx, familyId, bookletId)
        const child = await childOf(tx, familyId, booklet)
        const shown = await repository.findVersion(tx, booklet.id, options.version ?? booklet.currentVersion)
        if (shown === undefined) throw new NotFoundError('version')
        const versions = await repository.versionList(tx, booklet.id)
        const responses = await repository.responses(tx, booklet.id)
        const shares = await repository.shares(tx, booklet.id)
        const additions = await repository.additions(tx, booklet.id, { parentsMaySeeOnly: false })
        const parents = await repository.familyParents(tx, familyId)
        const comments = await repository.comments(tx, booklet.id)
        const pictureIds = [...shown.pages.map((page) => page.pictureId), ...additions.map((addition) => addition.pictureId)].filter((id): id is string => id !== null)
        const descriptions = await repository.pictureDescriptions(tx, familyId, pictureIds)
        aboutBooklet(audit, booklet.id, { version: shown.version, purpose: options.purpose })
        return {
          family, booklet, child, shown, versions, responses, shares, additions, descriptions, comments,
          parentNames: parents.map((parent) => `${parent.givenName} ${parent.familyName}`),
        }
      })
    },

    /**
     * Applies one change to the pages as a new version, in one transaction, unless someone else saved
     * first: then their pages come back beside what this person typed (a page they were changing may
     * have been removed; the conflict says so, and nothing typed is lost).
     */
    async changePages(actor: Actor, familyId: string, bookletId: string, change: PageChange, baseVersion: number, submissionId: string): Promise<PageChangeResult> {
      return familyRecord.withFamily(actor, familyId, { action: `booklet.page-${PAGE_ACTION[change.type]}`, ...CASEWORK }, async ({ tx, audit }) => {
        const booklet = await bookletOf(tx, familyId, bookletId, true)
        aboutBooklet(audit, booklet.id)
        const current = await currentVersion(tx, booklet)
        const outcome = await applyVersioned<VersionRow, PageChangeResult>({
          earlier: async () => {
            const earlier = await repository.findVersionBySubmission(tx, booklet.id, submissionId)
            return earlier === undefined ? undefined : { outcome: 'already-saved', version: earlier.version }
          },
          base: { version: baseVersion, current: async () => ({ version: booklet.currentVersion, removed: false, state: current }) },
          write: async (version) => {
            const pages: BookletPage[] = current.pages.map((page) => ({ ...page }))
            const exists = (page: number): boolean => page >= 1 && page <= pages.length
            let changedPage: number | undefined
            switch (change.type) {
              case 'add': {
                if (pages.length >= MAX_PAGES) return { outcome: 'refused', reason: `A booklet can have up to ${String(MAX_PAGES)} pages. Keep it short: start a new booklet for the next part of the story.` }
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
                if (pages.length === 1) return { outcome: 'refused', reason: 'A booklet needs at least one page. Change this page instead of removing it.' }
                pages.splice(change.page - 1, 1)
                break
              }
              case 'move': {
                if (!exists(change.page)) throw new NotFoundError('page')
                const to = change.direction === 'up' ? change.page - 1 : change.page + 1
                if (!exists(to)) return { outcome: 'refused', reason: `Page ${String(change.page)} is already the ${change.direction === 'up' ? 'first' : 'last'} page.` }
                const moving = pages[change.page - 1]
                const other = pages[to - 1]
                if (moving === undefined || other === undefined) throw new NotFoundError('page')
                pages[to - 1] = moving
                pages[change.page - 1] = other
                changedPage = to
                break
              }
            }
            // Parents agreed the words as they were; changed words need their agreement again.
            const backToDraft = booklet.status === 'agreed'
            await repository.insertVersion(tx, {
              organisationId: actor.organisationId, bookletId: booklet.id, version, title: current.title, pages,
              changeNote: describeChange(change, pages.length), changedBy: actor.userId, submissionId,
            })
            await repository.setCurrentVersion(tx, booklet.id, version, backToDraft ? 'draft' : booklet.status)
            aboutBooklet(audit, booklet.id, { version, page: change.type === 'add' ? pages.length : change.page, backToDraft })
            return { outcome: 'saved', version, page: changedPage, backToDraft }
          },
        })
        if (outcome.outcome === 'conflict') {
          const pageGone = change.type !== 'add' && change.page > outcome.theirs.pages.length
          audit.outcome = 'failure'
          aboutBooklet(audit, booklet.id, { conflict: true, baseVersion, version: outcome.theirs.version, pageGone })
          return { outcome: 'conflict', theirs: outcome.theirs, pageGone }
        }
        if (outcome.saved.outcome === 'refused') {
          audit.outcome = 'failure'
          aboutBooklet(audit, booklet.id, { refused: outcome.saved.reason })
        }
        if (outcome.outcome === 'already-saved') aboutBooklet(audit, booklet.id, { alreadySaved: true })
        return outcome.saved
      })
    },

    /** A family's comment on the booklet, to reply to, with the replies already sent. */
    async replyForm(actor: Actor, familyId: string, bookletId: string, commentId: string) {
      return familyRecord.withFamily(actor, familyId, { action: 'booklet.reply-form-viewed', ...CASEWORK }, async ({ tx, family, audit }) => {
        const booklet = await bookletOf(tx, familyId, bookletId)
        const child = await childOf(tx, familyId, booklet)
        const comment = await repository.familyComment(tx, booklet.id, commentId)
        if (comment === undefined) throw new NotFoundError('comment')
        const replies = (await repository.comments(tx, booklet.id)).filter((candidate) => candidate.replyToId === comment.id)
        aboutBooklet(audit, booklet.id, { commentId })
        return { family, booklet, child, comment, replies }
      })
    },

    /**
     * A worker's reply to what the family said about a booklet, which the person who said it reads in
     * their own space. It changes nothing in the booklet; sent twice, it is saved once.
     */
    async reply(actor: Actor, familyId: string, bookletId: string, commentId: string, text: string, submissionId: string): Promise<'saved' | 'already-saved'> {
      return familyRecord.withFamily(actor, familyId, { action: 'booklet.reply-added', ...CASEWORK }, async ({ tx, audit }) => {
        const booklet = await bookletOf(tx, familyId, bookletId)
        const comment = await repository.familyComment(tx, booklet.id, commentId)
        if (comment === undefined) throw new NotFoundError('comment')
        const earlier = await repository.commentWithSubmission(tx, familyId, submissionId)
        const saved = earlier ?? await repository.insertComment(tx, {
          organisationId: actor.organisationId, familyId, bookletId: booklet.id, bookletVersion: comment.bookletVersion, pageNumber: comment.pageNumber,
          replyToId: comment.id, text, authorId: actor.userId, authorName: await repository.userName(tx, actor.userId), submissionId,
        })
        if (earlier !== undefined || saved === undefined) audit.action = 'booklet.reply-repeated'
        aboutBooklet(audit, booklet.id, { commentId, replyId: saved ?? null })
        return earlier !== undefined || saved === undefined ? 'already-saved' as const : 'saved' as const
      })
    },

    /** "Send to the parents for comments": a draft goes to the parents. Sending again changes nothing. */
    async sendToParents(actor: Actor, familyId: string, bookletId: string): Promise<{ outcome: 'saved' | 'unchanged'; status: BookletStatus }> {
      return familyRecord.withFamily(actor, familyId, { action: 'booklet.sent-to-parents', ...CASEWORK }, async ({ tx, audit }) => {
        const booklet = await bookletOf(tx, familyId, bookletId, true)
        if (booklet.status !== 'draft') {
          aboutBooklet(audit, booklet.id, { version: booklet.currentVersion, unchanged: true })
          return { outcome: 'unchanged' as const, status: booklet.status }
        }
        await repository.setStatus(tx, booklet.id, 'with-parents')
        aboutBooklet(audit, booklet.id, { version: booklet.currentVersion })
        return { outcome: 'saved' as const, status: 'with-parents' as const }
      })
    },

    /**
     * A parent's comments on a version. The booklet is agreed when every response to its current
     * version agrees (and there is at least one); otherwise it is with the parents.
     */
    async recordResponse(actor: Actor, familyId: string, bookletId: string, fields: ResponseFields, submissionId: string): Promise<RecordResult> {
      return familyRecord.withFamily(actor, familyId, { action: 'booklet.response-recorded', ...CASEWORK }, async ({ tx, audit }) => {
        const booklet = await bookletOf(tx, familyId, bookletId, true)
        return recordOnce(tx, booklet, bookletResponses, submissionId, audit, async () => {
          if (fields.version > booklet.currentVersion) throw new NotFoundError('version')
          const recordId = await repository.insertResponse(tx, {
            organisationId: actor.organisationId, bookletId: booklet.id, version: fields.version, parentName: fields.parentName, comments: fields.comments,
            agrees: fields.agrees, respondedOn: fields.respondedOn, recordedBy: actor.userId, submissionId,
          })
          const toCurrent = (await repository.responses(tx, booklet.id)).filter((response) => response.version === booklet.currentVersion)
          const status: BookletStatus = toCurrent.length === 0 ? booklet.status : toCurrent.every((response) => response.agrees) ? 'agreed' : 'with-parents'
          if (status !== booklet.status) await repository.setStatus(tx, booklet.id, status)
          return { status, details: { version: fields.version, agrees: fields.agrees, status, recordId } }
        })
      })
    },

    /** When, how and by whom a version was shared with the child. Shared before the parents agreed it is allowed, and shown. */
    async recordShare(actor: Actor, familyId: string, bookletId: string, fields: ShareFields, submissionId: string): Promise<RecordResult> {
      return familyRecord.withFamily(actor, familyId, { action: 'booklet.share-recorded', ...CASEWORK }, async ({ tx, audit }) => {
        const booklet = await bookletOf(tx, familyId, bookletId, true)
        return recordOnce(tx, booklet, bookletShares, submissionId, audit, async () => {
          if (fields.version > booklet.currentVersion) throw new NotFoundError('version')
          const recordId = await repository.insertShare(tx, {
            organisationId: actor.organisationId, bookletId: booklet.id, version: fields.version, sharedOn: fields.sharedOn, how: fields.how, sharedBy: fields.sharedBy, recordedBy: actor.userId, submissionId,
          })
          return { status: booklet.status, details: { version: fields.version, recordId } }
        })
      })
    },

    /** Something the child made or said, with their own choice about whether their parents may see it. */
    async recordAddition(actor: Actor, familyId: string, bookletId: string, fields: AdditionFields, submissionId: string): Promise<RecordResult> {
      return familyRecord.withFamily(actor, familyId, { action: 'booklet.addition-recorded', ...CASEWORK }, async ({ tx, audit }) => {
        const booklet = await bookletOf(tx, familyId, bookletId, true)
        return recordOnce(tx, booklet, bookletAdditions, submissionId, audit, async () => {
          const pictureId = fields.newPicture === undefined ? null : await storePicture(tx, actor, familyId, fields.newPicture)
          const recordId = await repository.insertAddition(tx, {
            organisationId: actor.organisationId, bookletId: booklet.id, addedOn: fields.addedOn, words: fields.words, pictureId, parentsMaySee: fields.parentsMaySee, recordedBy: actor.userId, submissionId,
          })
          return { status: booklet.status, details: { parentsMaySee: fields.parentsMaySee, picture: pictureId !== null, recordId } }
        })
      })
    },

    /**
     * What the child and parents get (print page or PDF): the current version's pages with their
     * pictures, and only the additions the child agreed their parents may see. The others are
     * never read, so they cannot leak into anything built from this.
     */
    async childVersion(actor: Actor, familyId: string, bookletId: string, format: 'print' | 'pdf') {
      return familyRecord.withFamily(actor, familyId, { action: 'booklet.child-version', ...CASEWORK }, async ({ tx, audit }) => {
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
        aboutBooklet(audit, booklet.id, { format, version: current.version, additions: shared.length })
        return {
          familyId, bookletId: booklet.id, title: current.title, childName: child.name, version: current.version, status: booklet.status,
          pages: current.pages.map((page) => ({ text: page.text, picture: pictureOf(page.pictureId) })),
          additions: shared.map((addition) => ({ addedOn: addition.addedOn, words: addition.words, picture: pictureOf(addition.pictureId) })),
          // What is hidden from anyone in the family, to be blanked in the copy made for them.
          hidden: await valuesHiddenFromFamily(tx, familyId),
          acronyms: await acronymsInUse(tx),
        }
      })
    },
  }
}

export type BookletsService = ReturnType<typeof createBookletsService>
export type BookletView = Awaited<ReturnType<BookletsService['view']>>
export type ChildVersion = Awaited<ReturnType<BookletsService['childVersion']>>
