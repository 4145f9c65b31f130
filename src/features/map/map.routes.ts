import crypto from 'node:crypto'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { actorOf } from '../../platform/http/request.js'
import { NotFoundError } from '../../platform/http/errors.js'
import { id, isId, optionalId, optionalWholeNumber, pageNumber, paramsOf, queryOf, queryText } from '../../platform/http/params.js'
import { pageNumbers, presentErrors } from '../../platform/views/presenters.js'
import { formatDateTime } from '../../platform/views/setup.js'
import type { Actor } from '../../platform/http/types.js'
import type { MapCategory } from '../../db/schema/maps.js'
import { VOICE_KINDS } from '../../db/schema/maps.js'
import type { HeldSubmissions } from '../../platform/http/held-submissions.js'
import type { LanguageService } from '../language/index.js'
import type { ChangeResult, MapService } from './map.service.js'
import type { EntryState } from './map.repository.js'
import { isCategory, isSubmissionId, readEntryForm, validateEntry, type EntryFormValues } from './map.schema.js'
import { mapPaths, presentEntry, presentMap, presentScales } from './map.presenter.js'
import { CATEGORY_HINTS, COACH_KIND, VOICE_NAMES, categoryNames } from './map.vocabulary.js'
import { buildFamilyVersion, familyVersionPdf } from './family-version.js'
import { mapSectionsHtml } from './map.html.js'
import { CASEWORK_POLICY, hiddenPartsWarning, hiddenValueMatcher, returnPathWithin, withReturnPath } from '../../family-record/index.js'

const caseworkers = CASEWORK_POLICY
const VIEWS = 'map/views'

function familyIdOf(request: FastifyRequest): string {
  return paramsOf(request, { familyId: id }).familyId
}

function entryIdOf(request: FastifyRequest): string {
  return paramsOf(request, { familyId: id, entryId: id }).entryId
}

function categoryOf(request: FastifyRequest): MapCategory {
  const { category } = request.params as { category?: string }
  if (!isCategory(category)) throw new NotFoundError('category')
  return category
}

function positiveInteger(value: string): number | undefined {
  return /^\d{1,9}$/.test(value) ? Number(value) : undefined
}

export function mapRoutes(deps: { map: MapService; language: LanguageService; held: HeldSubmissions }) {
  const { map, language, held } = deps

  /** What this person typed into this form before their session ended, if it was kept. */
  async function heldValues(request: FastifyRequest, path: string): Promise<EntryFormValues | undefined> {
    const heldId = queryOf(request, { held: optionalId }).held
    if (heldId === undefined) return undefined
    const fields = await held.find(actorOf(request), heldId, path)
    return fields === undefined ? undefined : readEntryForm(fields)
  }

  function voiceItems(selected: string) {
    return VOICE_KINDS.map((kind) => ({ value: kind, text: VOICE_NAMES[kind], checked: selected === kind }))
  }

  function defaultValues(actor: Actor, overrides: Partial<EntryFormValues> = {}): EntryFormValues {
    return {
      text: '', saidByKind: 'worker', saidByName: actor.displayName, owner: '', due: '', done: false,
      submissionId: crypto.randomUUID(), baseVersion: '', statement: '', ...overrides,
    }
  }

  async function renderForm(reply: FastifyReply, options: {
    actor: Actor; familyId: string; category: MapCategory; values: EntryFormValues; errors?: Record<string, string>
    entryId?: string; statementText?: string; refused?: string; conflict?: EntryState; removed?: boolean; status?: number; restored?: boolean
    /** The page the form was opened from (the review before sharing), to go back to. */
    returnTo?: string
  }) {
    const { family, map: familyMap, hidden } = await map.view(options.actor, options.familyId)
    const names = categoryNames(familyMap.level)
    // The coach's advice on what is already written, so it shows without JavaScript too.
    const advice = options.values.text.trim() === '' ? undefined : await language.check(options.actor, options.values.text, COACH_KIND[options.category])
    const errors = { ...(options.errors ?? {}) }
    if (options.refused !== undefined) errors.text = options.refused
    return reply.code(options.status ?? (Object.keys(errors).length > 0 ? 400 : 200)).view(`${VIEWS}/entry-form.njk`, {
      ...presentErrors(errors),
      familyName: family.familyName,
      familyId: options.familyId,
      category: options.category,
      name: names[options.category].singular,
      hint: CATEGORY_HINTS[options.category],
      coachKind: COACH_KIND[options.category],
      values: options.values,
      voiceItems: voiceItems(options.values.saidByKind),
      action: withReturnPath(options.entryId === undefined ? mapPaths.add(options.familyId, options.category) : mapPaths.edit(options.familyId, options.entryId), options.returnTo),
      draftKey: options.entryId === undefined ? mapPaths.add(options.familyId, options.category) : mapPaths.edit(options.familyId, options.entryId),
      editing: options.entryId !== undefined,
      statementText: options.statementText,
      conflict: options.conflict === undefined ? undefined : {
        ...presentEntry(options.familyId, options.conflict, false),
        when: formatDateTime(options.conflict.typedAt),
        removed: options.removed === true, removedBy: options.conflict.typedByName,
      },
      mapHref: options.returnTo ?? mapPaths.map(options.familyId),
      backText: options.returnTo === undefined ? 'Back to the map' : 'Back to the check before sharing',
      restored: options.restored === true,
      advice,
      hiddenWarning: hiddenPartsWarning(hiddenValueMatcher(hidden).find(options.values.text)),
    })
  }

  function afterSave(reply: FastifyReply, familyId: string, result: Extract<ChangeResult, { entryId: string; version: number }>, returnTo?: string) {
    if (returnTo !== undefined) return reply.redirect(`${returnTo}?changed=${result.entryId}#text-${result.entryId}`, 303)
    return reply.redirect(`${mapPaths.map(familyId)}?saved=${result.entryId}#entry-${result.entryId}`, 303)
  }

  return async (app: FastifyInstance): Promise<void> => {
    app.get('/families/:familyId/map', { config: { access: caseworkers } }, async (request, reply) => {
      const actor = actorOf(request)
      const familyId = familyIdOf(request)
      const query = queryOf(request, { version: optionalWholeNumber, saved: optionalId, all: queryText(20) })
      const atVersion = query.version
      const expanded = isCategory(query.all) ? query.all : undefined
      const view = await map.view(actor, familyId, atVersion)
      const editable = view.map.latest && view.map.closedOn === null && atVersion === undefined
      const presented = presentMap(familyId, view.family.familyName, view.map.level, view.entries, { editable, version: view.map.shownVersion, latest: view.map.latest, goalWords: view.goalWords, familyComments: view.familyComments, expanded })
      let advice
      if (query.saved !== undefined) {
        const saved = view.entries.find((entry) => entry.entryId === query.saved)
        if (saved !== undefined) {
          const checked = await language.check(actor, saved.text, COACH_KIND[saved.category])
          advice = { entryId: saved.entryId, findings: checked.findings.map((finding) => ({ ...finding, excerpt: finding.end > finding.start ? saved.text.slice(finding.start, finding.end) : undefined })), readability: checked.readability, editHref: mapPaths.edit(familyId, saved.entryId) }
        }
      }
      const savedEntry = view.entries.find((entry) => entry.entryId === query.saved)
      // The saved form's draft in the browser is no longer needed.
      const clearDrafts = savedEntry === undefined ? undefined : `${mapPaths.add(familyId, savedEntry.category)} ${mapPaths.edit(familyId, savedEntry.entryId)}`
      const hiddenWarning = savedEntry === undefined ? undefined : hiddenPartsWarning(hiddenValueMatcher(view.hidden).find(savedEntry.text))
      return reply.view(`${VIEWS}/map.njk`, { ...presented, sectionsHtml: mapSectionsHtml(presented), advice, clearDrafts, hiddenWarning, scales: presentScales(view.scales) })
    })

    app.get('/families/:familyId/map/add/:category', { config: { access: caseworkers } }, async (request, reply) => {
      const actor = actorOf(request)
      const familyId = familyIdOf(request)
      const category = categoryOf(request)
      const { statement } = queryOf(request, { statement: optionalId })
      let statementText: string | undefined
      if (category === 'goal') {
        if (statement === undefined) throw new NotFoundError('statement')
        const found = await map.entry(actor, familyId, statement)
        statementText = found.entry.text
      }
      const kept = await heldValues(request, mapPaths.add(familyId, category))
      return renderForm(reply, { actor, familyId, category, values: kept ?? defaultValues(actor, { statement: statement ?? '' }), statementText, restored: kept !== undefined })
    })

    app.post('/families/:familyId/map/add/:category', { config: { access: caseworkers, holdOnExpiry: true } }, async (request, reply) => {
      const actor = actorOf(request)
      const familyId = familyIdOf(request)
      const category = categoryOf(request)
      const values = readEntryForm(request.body)
      if (!isSubmissionId(values.submissionId)) values.submissionId = crypto.randomUUID()
      const { fields, errors } = validateEntry(values, category)
      if (fields === undefined) return renderForm(reply, { actor, familyId, category, values, errors })
      const result = await map.apply(actor, familyId, {
        type: 'add', category, fields, submissionId: values.submissionId, ...(category === 'goal' && isId(values.statement) ? { pairedEntryId: values.statement } : {}),
      })
      if (result.outcome === 'refused') return renderForm(reply, { actor, familyId, category, values, refused: result.reason })
      if (result.outcome === 'conflict') throw new Error('an addition cannot conflict')
      return afterSave(reply, familyId, result)
    })

    app.get('/families/:familyId/map/entries/:entryId/edit', { config: { access: caseworkers } }, async (request, reply) => {
      const actor = actorOf(request)
      const familyId = familyIdOf(request)
      const { entry, entries } = await map.entry(actor, familyId, entryIdOf(request))
      const returnTo = returnPathWithin(familyId, queryOf(request, { returnTo: queryText(200) }).returnTo)
      const kept = await heldValues(request, mapPaths.edit(familyId, entry.entryId))
      if (kept !== undefined) {
        return renderForm(reply, { actor, familyId, category: entry.category, entryId: entry.entryId, values: kept, restored: true, returnTo,
          statementText: entries.find((candidate) => candidate.entryId === entry.pairedEntryId)?.text })
      }
      return renderForm(reply, {
        actor, familyId, category: entry.category, entryId: entry.entryId, returnTo,
        statementText: entries.find((candidate) => candidate.entryId === entry.pairedEntryId)?.text,
        values: defaultValues(actor, {
          text: entry.text, saidByKind: entry.saidByKind, saidByName: entry.saidByName, owner: entry.owner ?? '',
          due: entry.dueOn === null ? '' : entry.dueOn.split('-').reverse().join('/'), done: entry.done, baseVersion: String(entry.version),
        }),
      })
    })

    app.post('/families/:familyId/map/entries/:entryId/edit', { config: { access: caseworkers, holdOnExpiry: true } }, async (request, reply) => {
      const actor = actorOf(request)
      const familyId = familyIdOf(request)
      const entryId = entryIdOf(request)
      const returnTo = returnPathWithin(familyId, queryOf(request, { returnTo: queryText(200) }).returnTo)
      // Found even if someone removed it meanwhile, so that what this person typed is never lost.
      const { entry, entries } = await map.entry(actor, familyId, entryId, { evenIfRemoved: true })
      const values = readEntryForm(request.body)
      if (!isSubmissionId(values.submissionId)) values.submissionId = crypto.randomUUID()
      const baseVersion = positiveInteger(values.baseVersion)
      const { fields, errors } = validateEntry(values, entry.category)
      if (fields === undefined || baseVersion === undefined) return renderForm(reply, { actor, familyId, category: entry.category, entryId, values, errors, returnTo })
      const result = await map.apply(actor, familyId, { type: 'edit', entryId, baseVersion, fields, submissionId: values.submissionId })
      if (result.outcome === 'refused') return renderForm(reply, { actor, familyId, category: entry.category, entryId, values, refused: result.reason, returnTo })
      if (result.outcome === 'conflict' && result.removed) {
        // Someone removed it while this person was writing: keep their text, say who removed it and when, and offer it as a new entry.
        const statement = entry.category === 'goal' ? entry.pairedEntryId ?? '' : ''
        return renderForm(reply, {
          actor, familyId, category: entry.category, status: 409, conflict: result.theirs, removed: true,
          statementText: entries.find((candidate) => candidate.entryId === statement)?.text,
          values: { ...values, baseVersion: '', statement, submissionId: crypto.randomUUID() },
        })
      }
      if (result.outcome === 'conflict') {
        // Someone saved first: show their text and keep this person's, ready to save over theirs on purpose.
        return renderForm(reply, {
          actor, familyId, category: entry.category, entryId, status: 409, conflict: result.theirs, returnTo,
          values: { ...values, baseVersion: String(result.theirs.version), submissionId: crypto.randomUUID() },
        })
      }
      return afterSave(reply, familyId, result, returnTo)
    })

    app.get('/families/:familyId/map/entries/:entryId/remove', { config: { access: caseworkers } }, async (request, reply) => {
      const actor = actorOf(request)
      const familyId = familyIdOf(request)
      const { family, map: familyMap, entry } = await map.entry(actor, familyId, entryIdOf(request))
      return reply.view(`${VIEWS}/remove.njk`, {
        familyName: family.familyName, entry: presentEntry(familyId, entry, false), name: categoryNames(familyMap.level)[entry.category].singular,
        baseVersion: entry.version, submissionId: crypto.randomUUID(), action: mapPaths.remove(familyId, entry.entryId), mapHref: mapPaths.map(familyId),
      })
    })

    app.post('/families/:familyId/map/entries/:entryId/remove', { config: { access: caseworkers } }, async (request, reply) => {
      const actor = actorOf(request)
      const familyId = familyIdOf(request)
      const entryId = entryIdOf(request)
      const values = readEntryForm(request.body)
      const baseVersion = positiveInteger(values.baseVersion)
      // A family or entry this person may not see is not found, however the form was filled in.
      if (baseVersion === undefined || !isSubmissionId(values.submissionId)) {
        await map.entry(actor, familyId, entryId)
        return reply.code(400).view('errors/bad-request.njk', {})
      }
      const result = await map.apply(actor, familyId, { type: 'remove', entryId, baseVersion, submissionId: values.submissionId })
      if (result.outcome === 'conflict' && result.removed) {
        // Someone else removed it first: nothing more to do, and this person is told who and when.
        const { family, map: familyMap } = await map.view(actor, familyId)
        return reply.code(409).view(`${VIEWS}/remove.njk`, {
          ...presentErrors({ confirm: `This was already removed by ${result.theirs.typedByName} on ${formatDateTime(result.theirs.typedAt)}.` }),
          familyName: family.familyName, entry: presentEntry(familyId, result.theirs, false), name: categoryNames(familyMap.level)[result.theirs.category].singular,
          alreadyRemoved: true, mapHref: mapPaths.map(familyId),
        })
      }
      if (result.outcome === 'refused' || result.outcome === 'conflict') {
        const { family, map: familyMap, entry } = await map.entry(actor, familyId, entryId)
        const message = result.outcome === 'refused' ? result.reason : 'Someone changed this entry after you opened this page. Check the text below, then remove it if you still want to.'
        return reply.code(result.outcome === 'conflict' ? 409 : 400).view(`${VIEWS}/remove.njk`, {
          ...presentErrors({ confirm: message }), familyName: family.familyName, entry: presentEntry(familyId, entry, false),
          name: categoryNames(familyMap.level)[entry.category].singular, baseVersion: entry.version, submissionId: crypto.randomUUID(),
          action: mapPaths.remove(familyId, entry.entryId), mapHref: mapPaths.map(familyId),
        })
      }
      return reply.redirect(`${mapPaths.map(familyId)}?removed=yes`, 303)
    })

    app.get('/families/:familyId/map/print', { config: { access: caseworkers } }, async (request, reply) => {
      const familyId = familyIdOf(request)
      const data = await map.familyVersionData(actorOf(request), familyId, 'print')
      return reply.view(`${VIEWS}/print.njk`, {
        version: hiddenValueMatcher(data.hidden).blankDeep(buildFamilyVersion(data.family.familyName, data.childNames, data.entries, data.acronyms)),
        scales: hiddenValueMatcher(data.hidden).blankDeep(presentScales(data.scales)),
        mapHref: mapPaths.map(familyId), pdfHref: `${mapPaths.map(familyId)}/family-version.pdf`,
      })
    })

    app.get('/families/:familyId/map/family-version.pdf', { config: { access: caseworkers } }, async (request, reply) => {
      const familyId = familyIdOf(request)
      const data = await map.familyVersionData(actorOf(request), familyId, 'pdf')
      const pdf = await familyVersionPdf(hiddenValueMatcher(data.hidden).blankDeep(buildFamilyVersion(data.family.familyName, data.childNames, data.entries, data.acronyms)))
      const fileName = `${data.family.familyName.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '').toLowerCase()}-plan.pdf`
      return reply.type('application/pdf').header('Content-Disposition', `attachment; filename="${fileName}"`).send(pdf)
    })

    app.get('/families/:familyId/map/history', { config: { access: caseworkers } }, async (request, reply) => {
      const familyId = familyIdOf(request)
      const { page } = queryOf(request, { page: pageNumber })
      const result = await map.history(actorOf(request), familyId, page)
      const names = categoryNames(result.map.level)
      const historyPage = (number: number): string => `${mapPaths.history(familyId)}?page=${String(number)}`
      return reply.view(`${VIEWS}/history.njk`, {
        familyId, familyName: result.family.familyName, latest: result.map.version,
        rows: result.changes.map((change) => [
          { html: `<a class="govuk-link" href="${mapPaths.map(familyId)}?version=${String(change.mapVersion)}">Version ${String(change.mapVersion)}</a>` },
          { text: `${change.change === 'added' ? 'Added' : change.change === 'changed' ? 'Changed' : 'Removed'} ${names[change.category].singular}` },
          { text: change.text.length > 140 ? `${change.text.slice(0, 140)}…` : change.text },
          { text: `${change.typedByName}, ${formatDateTime(change.typedAt)}` },
        ]),
        paths: { map: mapPaths.map(familyId), compare: mapPaths.compare(familyId) },
        // A long-running family's map has thousands of versions: 50 a page, newest first.
        pagination: result.pageCount <= 1 ? undefined : {
          previous: page > 1 ? { href: historyPage(page - 1) } : undefined,
          next: page < result.pageCount ? { href: historyPage(page + 1) } : undefined,
          items: pageNumbers(page, result.pageCount).map((number) => number === undefined ? { ellipsis: true } : { number, href: historyPage(number), current: number === page }),
        },
      })
    })

    app.get('/families/:familyId/map/compare', { config: { access: caseworkers } }, async (request, reply) => {
      const familyId = familyIdOf(request)
      const query = queryOf(request, { from: queryText(20), to: queryText(20) })
      const from = positiveInteger(query.from ?? '')
      const to = positiveInteger(query.to ?? '')
      if (from === undefined || to === undefined) {
        const result = await map.history(actorOf(request), familyId, 1)
        return reply.code(400).view(`${VIEWS}/compare.njk`, {
          ...presentErrors(from === undefined ? { from: 'Enter the earlier version number' } : { to: 'Enter the later version number' }),
          familyId, familyName: result.family.familyName, latest: result.map.version, values: { from: query.from, to: query.to }, paths: { map: mapPaths.map(familyId), history: mapPaths.history(familyId) },
        })
      }
      const result = await map.compare(actorOf(request), familyId, Math.min(from, to), Math.max(from, to))
      const names = categoryNames(result.map.level)
      const describe = (entry: EntryState) => ({ kind: names[entry.category].singular, text: entry.text, voice: entry.saidByName })
      return reply.view(`${VIEWS}/compare.njk`, {
        familyId, familyName: result.family.familyName, latest: result.map.version, values: { from: result.from, to: result.to }, compared: true,
        added: result.added.map(describe), removed: result.removed.map(describe),
        changed: result.changed.map((pair) => ({ kind: names[pair.after.category].singular, before: pair.before.text, after: pair.after.text, voiceBefore: pair.before.saidByName, voiceAfter: pair.after.saidByName })),
        paths: { map: mapPaths.map(familyId), history: mapPaths.history(familyId) },
      })
    })
  }
}
