/**
 * The starting plain-language list for a new organisation: labels, judgements, professional terms and
 * acronyms that families find hard or hurtful, each with a suggestion. Organisations edit their own copy.
 */
import { ACRONYMS } from './acronyms.js'

export interface LanguageTerm { term: string; suggestion: string; explanation: string }

/** A recommended term, with the other forms of it (inflections, spellings) that mean the same thing. */
interface RecommendedTerm extends LanguageTerm { forms?: readonly string[] }

const JUDGEMENT = 'A judgement of the person, not a description of what happened.'
const LABEL = 'A label for abuse. Describe the behaviour instead.'
const DIAGNOSIS = 'A diagnosis on its own says nothing about the child.'
const SHORTHAND = 'Professional shorthand.'
const CARE_SYSTEM = 'Care-system language.'
const LEGAL = 'A legal term.'
const VAGUE = 'Vague: it hides what happened.'
const MUTUAL = 'Makes violence sound mutual.'
const OFFICE = 'Office language: there is an everyday word.'

const DESCRIBE_HURT = 'say what happened: who hurt or frightened whom, and how'
const SAY_WHAT_NOT_DONE = 'say what the person did not do, and why that worries you'
const SAY_WHAT_TRIED = 'say what was tried and what happened'
const SAY_WHAT_HAPPENS = 'say what happens, and how it affects the child'

const WORDS: RecommendedTerm[] = [
  // How parents "present", comply or engage: judgements of the person.
  { term: 'non-compliant', suggestion: SAY_WHAT_NOT_DONE, explanation: JUDGEMENT, forms: ['noncompliant', 'non compliant'] },
  { term: 'non-compliance', suggestion: SAY_WHAT_NOT_DONE, explanation: JUDGEMENT, forms: ['noncompliance', 'non compliance'] },
  { term: 'comply', suggestion: 'say what was agreed and what the person did', explanation: JUDGEMENT, forms: ['complies', 'complied', 'complying', 'compliance', 'compliant'] },
  { term: 'disguised compliance', suggestion: 'say what was agreed and what happened instead', explanation: 'A judgement. Describe what you saw.' },
  { term: 'hard to engage', suggestion: SAY_WHAT_TRIED, explanation: 'A judgement of the family.', forms: ['difficult to engage'] },
  { term: 'hard to reach', suggestion: SAY_WHAT_TRIED, explanation: 'A judgement of the family.' },
  { term: 'engage', suggestion: 'say what the person did: came to meetings, talked with you, let you in', explanation: 'Professional shorthand that judges the person.', forms: ['engages', 'engaged', 'engaging', 'engagement'] },
  { term: 'disengaged', suggestion: SAY_WHAT_TRIED, explanation: JUDGEMENT, forms: ['disengage', 'disengages', 'disengaging', 'disengagement'] },
  { term: 'resistant', suggestion: 'say what the person disagrees with, and why', explanation: JUDGEMENT, forms: ['resistance'] },
  { term: 'uncooperative', suggestion: SAY_WHAT_NOT_DONE, explanation: JUDGEMENT, forms: ['non-cooperative', 'non-cooperation', 'uncooperatively'] },
  { term: 'cooperative', suggestion: 'say what the person did: came to meetings, let you in, talked with you', explanation: JUDGEMENT, forms: ['co-operative', 'cooperation', 'co-operation'] },
  { term: 'difficult to work with', suggestion: SAY_WHAT_TRIED, explanation: JUDGEMENT },
  { term: 'presented as', suggestion: 'seemed, looked, said', explanation: SHORTHAND, forms: ['presents as', 'present as', 'presenting as', 'presentation'] },
  { term: 'insight', suggestion: 'say what the person understands, in their words', explanation: SHORTHAND, forms: ['good insight', 'some insight'] },
  { term: 'lacks insight', suggestion: 'say what the person sees differently from you', explanation: JUDGEMENT, forms: ['lack insight', 'lacked insight', 'lacking insight', 'lack of insight', 'limited insight', 'no insight', 'little insight'] },
  { term: 'in denial', suggestion: 'say what the person says happened, and what others say', explanation: JUDGEMENT },
  { term: 'minimises', suggestion: 'say what the person says happened, and what others saw', explanation: JUDGEMENT, forms: ['minimise', 'minimised', 'minimising', 'minimisation', 'minimizes', 'minimize', 'minimized', 'minimizing'] },
  { term: 'motivated to change', suggestion: 'say what the person has already done differently', explanation: JUDGEMENT, forms: ['motivation to change', 'motivated to engage'] },
  { term: 'unmotivated', suggestion: 'say what the person has and has not done', explanation: JUDGEMENT, forms: ['lack of motivation'] },
  { term: 'evasive', suggestion: 'say what questions the person did not answer', explanation: JUDGEMENT },
  { term: 'hostile', suggestion: 'say what the person said or did', explanation: JUDGEMENT, forms: ['hostility'] },
  { term: 'aggressive', suggestion: 'say what the person did: shouted, swore, threw things', explanation: 'A label. Describe the behaviour.', forms: ['aggression', 'aggressively'] },
  { term: 'volatile', suggestion: 'say what the person does when they are angry', explanation: 'A label. Describe the behaviour.' },
  { term: 'erratic', suggestion: 'say what the person did, and when', explanation: 'A label. Describe the behaviour.' },
  { term: 'manipulative', suggestion: 'say what the person did or said', explanation: JUDGEMENT, forms: ['manipulate', 'manipulated', 'manipulating', 'manipulation'] },
  { term: 'vulnerable', suggestion: 'say what could happen to the person, and why', explanation: 'A label.', forms: ['vulnerability', 'vulnerabilities'] },
  { term: 'dysfunctional', suggestion: 'say what happens at home', explanation: JUDGEMENT },
  { term: 'inadequate', suggestion: 'say what the child went without', explanation: JUDGEMENT },
  { term: 'unkempt', suggestion: 'say what you saw: unwashed hair, dirty clothes', explanation: JUDGEMENT },
  { term: 'failure to protect', suggestion: 'say what the parent did or did not do, and what happened to the child', explanation: 'A legal judgement.', forms: ['failed to protect', 'fail to protect', 'fails to protect'] },
  { term: 'good enough parenting', suggestion: 'say what care the child needs to see', explanation: SHORTHAND },
  { term: 'parenting capacity', suggestion: 'say what care the parent gives and what the child needs', explanation: SHORTHAND, forms: ['capacity to parent'] },
  { term: 'capacity to change', suggestion: 'say what the person has already changed, and what still needs to', explanation: SHORTHAND },
  { term: 'poor boundaries', suggestion: 'say what the rules at home are, and what happens', explanation: JUDGEMENT, forms: ['lack of boundaries', 'no boundaries'] },
  { term: 'emotionally unavailable', suggestion: 'say what the parent does when the child needs them', explanation: JUDGEMENT },
  { term: 'challenging behaviour', suggestion: 'say what the child does', explanation: 'A label for a child.', forms: ['challenging behaviours'] },
  { term: 'behaviours', suggestion: 'say what the person does', explanation: SHORTHAND },
  { term: 'dysregulated', suggestion: 'say what the child does when upset', explanation: SHORTHAND, forms: ['dysregulation'] },
  { term: 'hypervigilant', suggestion: 'say what the child does: watches the door, jumps at noises', explanation: SHORTHAND, forms: ['hypervigilance', 'hyper-vigilant'] },
  { term: 'avoidant', suggestion: 'say what the child does', explanation: SHORTHAND },
  { term: 'poor home conditions', suggestion: 'say what you saw in the home', explanation: JUDGEMENT, forms: ['home conditions'] },

  // A category of abuse or a diagnosis in place of what happened.
  { term: 'domestic violence', suggestion: DESCRIBE_HURT, explanation: LABEL },
  { term: 'domestic abuse', suggestion: DESCRIBE_HURT, explanation: LABEL, forms: ['domestically abusive'] },
  { term: 'domestic incident', suggestion: DESCRIBE_HURT, explanation: LABEL, forms: ['domestic incidents'] },
  { term: 'neglect', suggestion: 'say what the child went without, and what that did to them', explanation: 'A label. Describe what the child experienced.', forms: ['neglects', 'neglected', 'neglecting', 'neglectful'] },
  { term: 'emotional abuse', suggestion: 'say what was said or done to the child, and how it affected them', explanation: LABEL, forms: ['emotionally abusive', 'emotionally abused', 'emotional harm'] },
  { term: 'physical abuse', suggestion: DESCRIBE_HURT, explanation: LABEL, forms: ['physically abusive', 'physically abused'] },
  { term: 'sexual abuse', suggestion: 'say what happened, in words the family uses, with care', explanation: LABEL, forms: ['sexually abusive', 'sexually abused'] },
  { term: 'abusive', suggestion: DESCRIBE_HURT, explanation: LABEL },
  { term: 'abused', suggestion: DESCRIBE_HURT, explanation: LABEL, forms: ['abusing'] },
  { term: 'coercive control', suggestion: 'say what the person does: checks her phone, keeps the money, stops her seeing friends', explanation: LABEL, forms: ['coercive', 'coercively', 'controlling behaviour', 'controlling behaviours'] },
  { term: 'non-accidental injury', suggestion: 'say what the injury was and what the doctors said about how it happened', explanation: 'A medical and legal label.', forms: ['non-accidental injuries', 'non accidental injury'] },
  { term: 'physical chastisement', suggestion: 'say what the parent did: smacked, hit with a belt', explanation: 'Hides what was done.' },
  { term: 'sexualised behaviour', suggestion: 'say what the child did or said', explanation: 'A label for a child.', forms: ['sexualised behaviours', 'sexualized behaviour'] },
  { term: 'exploitation', suggestion: 'say who is using the child, and how', explanation: LABEL, forms: ['exploited', 'exploiting'] },
  { term: 'county lines', suggestion: 'say who is making the child carry or sell drugs, and where', explanation: 'Police shorthand.' },
  { term: 'toxic trio', suggestion: 'say what happens at home and how it affects the child', explanation: 'A label for a family.' },
  { term: 'substance misuse', suggestion: 'say what the person uses, when, and what the child sees', explanation: 'A label. Describe the behaviour.', forms: ['substance abuse', 'alcohol abuse', 'drug abuse', 'alcohol misuse', 'drug misuse'] },
  { term: 'misuse', suggestion: 'say what the person uses, when, and what the child sees', explanation: 'A label. Describe the behaviour.', forms: ['misuses', 'misused', 'misusing'] },
  { term: 'alcoholic', suggestion: 'say how much the person drinks, when, and what the child sees', explanation: 'A label. Describe the behaviour.', forms: ['alcoholics', 'alcoholism'] },
  { term: 'addict', suggestion: 'say what the person uses, when, and what the child sees', explanation: 'A label. Describe the behaviour.', forms: ['addicts', 'addicted', 'addiction'] },
  { term: 'depressed', suggestion: 'say what happens when the person is low, and how it affects the child', explanation: DIAGNOSIS, forms: ['depression'] },
  { term: 'mental health issues', suggestion: SAY_WHAT_HAPPENS, explanation: DIAGNOSIS, forms: ['mental health issue'] },
  { term: 'mental health problems', suggestion: SAY_WHAT_HAPPENS, explanation: DIAGNOSIS, forms: ['mental health problem', 'mental health difficulties', 'poor mental health'] },
  { term: 'mental illness', suggestion: SAY_WHAT_HAPPENS, explanation: DIAGNOSIS, forms: ['mentally ill', 'mental illnesses'] },
  { term: 'low mood', suggestion: SAY_WHAT_HAPPENS, explanation: DIAGNOSIS, forms: ['low in mood'] },
  { term: 'personality disorder', suggestion: SAY_WHAT_HAPPENS, explanation: DIAGNOSIS, forms: ['personality disorders'] },
  { term: 'bipolar', suggestion: SAY_WHAT_HAPPENS, explanation: DIAGNOSIS },
  { term: 'psychosis', suggestion: SAY_WHAT_HAPPENS, explanation: DIAGNOSIS, forms: ['psychotic'] },
  { term: 'learning disability', suggestion: 'say what the person finds hard, and what helps', explanation: DIAGNOSIS, forms: ['learning disabilities', 'learning difficulties', 'learning difficulty'] },
  { term: 'self-harm', suggestion: 'say what the young person did to hurt themselves, and when', explanation: 'A label. Describe what happened.', forms: ['self-harms', 'self-harmed', 'self-harming'] },
  { term: 'centile', suggestion: 'say how the child\'s weight or height compares with other children of the same age', explanation: 'A health term.', forms: ['centiles', 'percentile', 'percentiles'] },
  { term: 'failure to thrive', suggestion: 'say how the baby\'s weight and growth have changed', explanation: 'A medical label.', forms: ['faltering growth'] },
  { term: 'anger issues', suggestion: 'say what the person does when angry', explanation: 'A label. Describe the behaviour.', forms: ['anger problems'] },

  // Words that make violence sound mutual, and euphemisms that hide what happened.
  { term: 'fight', suggestion: 'say who hurt whom', explanation: MUTUAL, forms: ['fights', 'fighting', 'fought'] },
  { term: 'argument', suggestion: 'say who hurt or frightened whom', explanation: 'Can make violence sound mutual.', forms: ['arguments', 'argue', 'argues', 'argued', 'arguing', 'argumentative'] },
  { term: 'altercation', suggestion: 'say who hurt or frightened whom', explanation: MUTUAL, forms: ['altercations'] },
  { term: 'parental conflict', suggestion: 'say who hurt or frightened whom, or what the disagreement is about', explanation: MUTUAL, forms: ['conflict', 'conflicts', 'conflictual', 'high conflict'] },
  { term: 'relationship difficulties', suggestion: 'say what happens between the adults, and what the child sees', explanation: VAGUE },
  { term: 'difficulties', suggestion: 'say what happened', explanation: VAGUE },
  { term: 'incident', suggestion: 'say what happened, when', explanation: VAGUE, forms: ['incidents'] },
  { term: 'inappropriate', suggestion: 'say what happened and why it worries you', explanation: 'Vague and judging.', forms: ['inappropriately'] },
  { term: 'appropriate', suggestion: 'say what is needed: safe, warm, on time', explanation: 'Vague: say what you mean.', forms: ['appropriately'] },
  { term: 'chaotic', suggestion: 'describe what happens day to day', explanation: 'A judgement. Say what you saw.', forms: ['chaos'] },
  { term: 'concerns were raised', suggestion: 'say who was worried, and about what', explanation: 'Hides who is worried.', forms: ['concerns have been raised', 'concerns raised', 'raised concerns'] },
  { term: 'concerns', suggestion: 'worries: say who is worried, and about what', explanation: VAGUE, forms: ['concern', 'concerned', 'concerning'] },
  { term: 'issues', suggestion: 'say what the problem is', explanation: VAGUE, forms: ['issue'] },
  { term: 'at risk', suggestion: 'say what could happen to the child', explanation: 'Vague: say what you are worried will happen.' },
  { term: 'risk', suggestion: 'say what you are worried could happen', explanation: 'Vague: say what you are worried will happen.', forms: ['risks', 'risky', 'high-risk', 'low-risk'] },
  { term: 'significant harm', suggestion: 'say what has happened or could happen to the child', explanation: LEGAL },
  { term: 'cumulative harm', suggestion: 'say what has happened to the child, again and again, and what it has done', explanation: SHORTHAND },
  { term: 'protective factors', suggestion: 'say what keeps the child safe', explanation: SHORTHAND, forms: ['protective factor'] },
  { term: 'victim', suggestion: 'use the person\'s name', explanation: 'A label for a person.', forms: ['victims'] },
  { term: 'perpetrator', suggestion: 'use the person\'s name and say what they did', explanation: 'A label for a person.', forms: ['perpetrators', 'perpetrated'] },
  { term: 'disclosed', suggestion: 'told, said', explanation: SHORTHAND, forms: ['disclose', 'discloses', 'disclosing', 'disclosure', 'disclosures'] },
  { term: 'allegation', suggestion: 'say who said what happened', explanation: 'Legal language.', forms: ['allegations', 'alleged', 'allegedly'] },
  { term: 'deemed', suggestion: 'thought, decided: say who decided', explanation: OFFICE },
  { term: 'attachment', suggestion: 'describe how the child and parent are together', explanation: 'A professional term.', forms: ['attachments', 'insecure attachment', 'attachment issues'] },

  // Professional and care-system shorthand.
  { term: 'safeguarding', suggestion: 'keeping children safe', explanation: 'A professional term.', forms: ['safeguard', 'safeguarded'] },
  { term: 'placement', suggestion: 'home, or where the child lives', explanation: CARE_SYSTEM, forms: ['placements'] },
  { term: 'contact', suggestion: 'family time', explanation: CARE_SYSTEM },
  { term: 'respite', suggestion: 'short breaks', explanation: CARE_SYSTEM },
  { term: 'looked-after child', suggestion: 'a child in care, or the child\'s name', explanation: CARE_SYSTEM, forms: ['looked-after children', 'child looked after', 'children looked after'] },
  { term: 'accommodated', suggestion: 'came into care, with the parents\' agreement', explanation: CARE_SYSTEM },
  { term: 'kinship care', suggestion: 'living with family or friends', explanation: CARE_SYSTEM, forms: ['kinship carer', 'kinship carers'] },
  { term: 'connected person', suggestion: 'the family member or friend the child lives with', explanation: CARE_SYSTEM, forms: ['connected persons', 'connected carer'] },
  { term: 'special guardianship', suggestion: 'a court order so that a family member can bring up the child', explanation: LEGAL },
  { term: 'care proceedings', suggestion: 'the court case about where the child lives', explanation: LEGAL, forms: ['proceedings', 'pre-proceedings'] },
  { term: 'public law outline', suggestion: 'the meeting before any court case, to try to avoid one', explanation: LEGAL },
  { term: 'legal planning meeting', suggestion: 'a meeting with the council\'s lawyers', explanation: SHORTHAND },
  { term: 'parental responsibility', suggestion: 'the right to make decisions for the child', explanation: LEGAL },
  { term: 'permanence', suggestion: 'a settled home for good', explanation: CARE_SYSTEM, forms: ['permanency'] },
  { term: 'reunification', suggestion: 'the child going back home', explanation: CARE_SYSTEM },
  { term: 'corporate parent', suggestion: 'the council, which looks after children in care', explanation: CARE_SYSTEM, forms: ['corporate parenting', 'corporate parents'] },
  { term: 'service user', suggestion: 'use the person\'s name', explanation: 'Families are people, not users.', forms: ['service users'] },
  { term: 'case', suggestion: 'the family\'s name, or "your family"', explanation: 'Families are not cases.', forms: ['cases', 'case closure'] },
  { term: 'caseload', suggestion: 'the families a worker works with', explanation: 'Families are not cases.' },
  { term: 'intervention', suggestion: 'help, or say what will happen', explanation: SHORTHAND, forms: ['interventions'] },
  { term: 'multi-agency', suggestion: 'the people and services working with you', explanation: SHORTHAND, forms: ['multiagency', 'multi agency'] },
  { term: 'agencies', suggestion: 'services, by name', explanation: SHORTHAND, forms: ['agency'] },
  { term: 'professionals', suggestion: 'the workers, by name', explanation: SHORTHAND },
  { term: 'stakeholders', suggestion: 'the people involved, by name', explanation: OFFICE, forms: ['stakeholder'] },
  { term: 'threshold', suggestion: 'say what has to be true', explanation: SHORTHAND, forms: ['thresholds'] },
  { term: 'statutory', suggestion: 'what the law says must happen', explanation: SHORTHAND },
  { term: 'step down', suggestion: 'move to less help', explanation: SHORTHAND, forms: ['stepped down', 'stepping down', 'step-down', 'steps down'] },
  { term: 'core group', suggestion: 'the meeting of people helping your family', explanation: SHORTHAND, forms: ['core groups', 'core group meeting'] },
  { term: 'strategy discussion', suggestion: 'a meeting between police, health and social workers', explanation: SHORTHAND, forms: ['strategy meeting', 'strategy discussions'] },
  { term: 'section 47', suggestion: 'an enquiry to find out if a child is safe', explanation: 'A legal reference.', forms: ['section 47 enquiry', 's.47'] },
  { term: 'section 20', suggestion: 'care agreed with the parents', explanation: 'A legal reference.', forms: ['s.20'] },
  { term: 'section 17', suggestion: 'help for a child in need', explanation: 'A legal reference.', forms: ['s.17'] },
  { term: 'single assessment', suggestion: 'the social worker\'s look at how the family is doing', explanation: SHORTHAND },
  { term: 'parenting assessment', suggestion: 'a look at the care a parent gives', explanation: SHORTHAND },
  { term: 'referral', suggestion: 'say who asked whom for help, and why', explanation: SHORTHAND, forms: ['referrals'] },
  { term: 'signposted', suggestion: 'told about, gave the details of', explanation: SHORTHAND, forms: ['signpost', 'signposting'] },
  { term: 'unannounced visit', suggestion: 'a visit without telling the family first', explanation: SHORTHAND, forms: ['unannounced visits'] },
  { term: 'direct work', suggestion: 'time with the child, talking and playing', explanation: SHORTHAND },
  { term: 'wishes and feelings', suggestion: 'what the child thinks and wants', explanation: SHORTHAND },
  { term: 'missing episode', suggestion: 'the times the child went missing', explanation: SHORTHAND, forms: ['missing episodes'] },
  { term: 'absconded', suggestion: 'ran away, left without saying', explanation: SHORTHAND, forms: ['abscond', 'absconding'] },
  { term: 'sibling', suggestion: 'brother or sister', explanation: SHORTHAND, forms: ['siblings'] },
  { term: 'maternal', suggestion: 'on mum\'s side: "mum\'s mum"', explanation: SHORTHAND },
  { term: 'paternal', suggestion: 'on dad\'s side: "dad\'s mum"', explanation: SHORTHAND },
  { term: 'outcomes', suggestion: 'what will be different for the child', explanation: SHORTHAND },
  { term: 'going forward', suggestion: 'from now on', explanation: OFFICE },
  { term: 'liaise', suggestion: 'talk with, work with', explanation: OFFICE, forms: ['liaises', 'liaised', 'liaising', 'liaison'] },
  { term: 'facilitate', suggestion: 'help, arrange', explanation: OFFICE, forms: ['facilitates', 'facilitated', 'facilitating'] },
  { term: 'utilise', suggestion: 'use', explanation: OFFICE, forms: ['utilises', 'utilised', 'utilising', 'utilize', 'utilized'] },
  { term: 'prior to', suggestion: 'before', explanation: OFFICE },
  { term: 'in respect of', suggestion: 'about', explanation: OFFICE, forms: ['with regard to', 'in relation to'] },
  { term: 'ascertain', suggestion: 'find out', explanation: OFFICE, forms: ['ascertained', 'ascertaining'] },
  { term: 'commence', suggestion: 'start', explanation: OFFICE, forms: ['commences', 'commenced', 'commencing'] },
  { term: 'in a timely manner', suggestion: 'on time, or by a date', explanation: OFFICE, forms: ['timely'] },
]

/** Acronyms families may not know, from the acronym table (familiar ones, like GP, are spelled out in family copies but not flagged). */
const ACRONYM_TERMS: RecommendedTerm[] = ACRONYMS.filter((acronym) => acronym.familiar !== true)
  .map((acronym) => ({ term: acronym.acronym, suggestion: acronym.advice ?? acronym.plain, explanation: `An acronym (${acronym.spelledOut}).`, forms: acronym.forms }))

const RECOMMENDED: readonly RecommendedTerm[] = [...WORDS, ...ACRONYM_TERMS]

export const DEFAULT_TERMS: LanguageTerm[] = RECOMMENDED.map(({ term, suggestion, explanation }) => ({ term, suggestion, explanation }))

const FORMS: ReadonlyMap<string, readonly string[]> = new Map(RECOMMENDED.map((term) => [term.term.toLowerCase(), term.forms ?? []]))

/**
 * The term and the other forms of it that mean the same ("engage", "engaged", "engaging"): a
 * recommended term brings its forms with it, whether it is used from this list or from an
 * organisation's copy of it; a term an organisation added itself is matched as written.
 */
export function formsOf(term: string): readonly string[] {
  return [term, ...(FORMS.get(term.toLowerCase()) ?? [])]
}
