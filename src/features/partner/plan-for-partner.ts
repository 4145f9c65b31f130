import type { AgencyKind } from '../../db/schema/index.js'

/** Everyday words for each kind of agency that a family's plan uses to mean it: "Jean collects Leo from school". */
const AGENCY_WORDS: Record<AgencyKind, readonly string[]> = {
  school: ['school'],
  health: ['health visitor', 'GP', 'doctor', 'nurse'],
  police: ['police'],
  charity: [],
  housing: ['housing'],
  other: [],
}

export interface RuleInWords { ruleId: string; kind: 'rule' | 'bottom-line'; text: string; whoMakesSure: string; warningSigns: string; ifBroken: string }
export interface MemberCommitment { memberId: string; givenName: string; familyName: string; knownAs: string | null; relationshipToChild: string; commitments: string }

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

/** Whether a text names any of these, as whole words, whatever the case. */
function names(text: string, terms: readonly string[]): boolean {
  return terms.some((term) => term.trim() !== '' && new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(term.trim()).replace(/\s+/g, '\\s+')}(?![\\p{L}\\p{N}])`, 'iu').test(text))
}

/**
 * The parts of the safety plan a partner is in: the rules that name the partner, their agency (or what
 * the family calls it), or a network member linked to them (one whose relationship or commitments name
 * the partner or the agency), and those members' commitments. Nothing else of the plan.
 */
export function planPartsNaming(partner: { displayName: string; agencyName: string; agencyKind: AgencyKind }, rules: readonly RuleInWords[], members: readonly MemberCommitment[]) {
  const partnerTerms = [partner.displayName, partner.agencyName, ...AGENCY_WORDS[partner.agencyKind]]
  const linked = members.filter((member) => names(`${member.relationshipToChild}\n${member.commitments}`, partnerTerms))
  const memberTerms = linked.flatMap((member) => [member.givenName, `${member.givenName} ${member.familyName}`, ...(member.knownAs === null ? [] : [member.knownAs])])
  const ruleText = (rule: RuleInWords) => [rule.text, rule.whoMakesSure, rule.warningSigns, rule.ifBroken].join('\n')
  return {
    rules: rules.filter((rule) => names(ruleText(rule), partnerTerms) || names(ruleText(rule), memberTerms)),
    commitments: linked.filter((member) => member.commitments.trim() !== '' && names(member.commitments, partnerTerms)),
  }
}
