/**
 * Acronyms of children's services, each with what it stands for and the plain words to use with a
 * family. The coach flags the ones families may not know; family copies write every one out.
 */
export interface Acronym {
  acronym: string
  /** What the letters stand for. */
  spelledOut: string
  /** What to write for a family instead: everyday words, not the letters spelled out. */
  plain: string
  /** What the coach suggests, when it is more than the plain words ("say what happened" for DV). */
  advice?: string
  /** Known to most families (GP): written out in family copies, but not flagged by the coach. */
  familiar?: boolean
  /** Other ways of writing it ("S47" for "s47"). */
  forms?: readonly string[]
}

export const ACRONYMS: readonly Acronym[] = [
  { acronym: 'ICPC', spelledOut: 'initial child protection conference', plain: 'the first child protection meeting', forms: ['ICPCs'] },
  { acronym: 'RCPC', spelledOut: 'review child protection conference', plain: 'the review child protection meeting', forms: ['RCPCs'] },
  { acronym: 'CPC', spelledOut: 'child protection conference', plain: 'the child protection meeting' },
  { acronym: 'CP', spelledOut: 'child protection', plain: 'child protection' },
  { acronym: 'CPP', spelledOut: 'child protection plan', plain: 'the child protection plan' },
  { acronym: 'CIN', spelledOut: 'child in need', plain: 'child in need' },
  { acronym: 'CLA', spelledOut: 'child looked after', plain: 'child in care', advice: 'children in care, or the child\'s name' },
  { acronym: 'LAC', spelledOut: 'looked-after child', plain: 'child in care', advice: 'children in care, or the child\'s name' },
  { acronym: 'PLO', spelledOut: 'public law outline', plain: 'the pre-court meeting' },
  { acronym: 'DV', spelledOut: 'domestic violence', plain: 'domestic violence', advice: 'say what happened: who hurt or frightened whom, and how' },
  { acronym: 'DA', spelledOut: 'domestic abuse', plain: 'domestic abuse', advice: 'say what happened: who hurt or frightened whom, and how' },
  { acronym: 'MASH', spelledOut: 'multi-agency safeguarding hub', plain: 'the team that first looks at worries about a child' },
  { acronym: 's47', spelledOut: 'section 47 of the Children Act 1989', plain: 'an enquiry to find out if a child is safe', forms: ['S47'] },
  { acronym: 's17', spelledOut: 'section 17 of the Children Act 1989', plain: 'help for a child in need', forms: ['S17'] },
  { acronym: 's20', spelledOut: 'section 20 of the Children Act 1989', plain: 'care agreed with the parents', forms: ['S20'] },
  { acronym: 'TAF', spelledOut: 'team around the family', plain: 'the team around your family' },
  { acronym: 'TAC', spelledOut: 'team around the child', plain: 'the team around the child' },
  { acronym: 'EHA', spelledOut: 'early help assessment', plain: 'early help assessment' },
  { acronym: 'LADO', spelledOut: 'local authority designated officer', plain: 'the person who looks into worries about adults who work with children' },
  { acronym: 'IRO', spelledOut: 'independent reviewing officer', plain: 'the person who checks the plan for a child in care (independent reviewing officer)' },
  { acronym: 'CAMHS', spelledOut: 'child and adolescent mental health services', plain: 'the children\'s mental health service' },
  { acronym: 'GP', spelledOut: 'general practitioner', plain: 'family doctor (GP)', familiar: true },
  { acronym: 'HV', spelledOut: 'health visitor', plain: 'the health visitor' },
  { acronym: 'SW', spelledOut: 'social worker', plain: 'the social worker' },
  { acronym: 'FSW', spelledOut: 'family support worker', plain: 'the family support worker' },
  { acronym: 'DSL', spelledOut: 'designated safeguarding lead', plain: 'the teacher who looks after children\'s safety at school' },
  { acronym: 'SENCO', spelledOut: 'special educational needs coordinator', plain: 'the teacher who helps children who need extra support', forms: ['SENCo'] },
  { acronym: 'SEN', spelledOut: 'special educational needs', plain: 'extra help at school' },
  { acronym: 'SEND', spelledOut: 'special educational needs and disabilities', plain: 'extra help at school' },
  { acronym: 'EHCP', spelledOut: 'education, health and care plan', plain: 'the plan for extra help at school' },
  { acronym: 'PEP', spelledOut: 'personal education plan', plain: 'the school plan for a child in care' },
  { acronym: 'MARAC', spelledOut: 'multi-agency risk assessment conference', plain: 'the meeting that plans how to keep someone safe from being hurt at home' },
  { acronym: 'MAPPA', spelledOut: 'multi-agency public protection arrangements', plain: 'how police and probation keep people safe from someone who has hurt others' },
  { acronym: 'IDVA', spelledOut: 'independent domestic violence adviser', plain: 'the worker who helps people who are being hurt at home' },
  { acronym: 'FGC', spelledOut: 'family group conference', plain: 'the family meeting' },
  { acronym: 'SGO', spelledOut: 'special guardianship order', plain: 'a court order so that a family member can bring up the child' },
  { acronym: 'EPO', spelledOut: 'emergency protection order', plain: 'an urgent court order to keep a child safe' },
  { acronym: 'ICO', spelledOut: 'interim care order', plain: 'a court order for now, while the court decides' },
  { acronym: 'PR', spelledOut: 'parental responsibility', plain: 'the right to make decisions for the child' },
  { acronym: 'NFA', spelledOut: 'no further action', plain: 'nothing more will happen' },
  { acronym: 'CSE', spelledOut: 'child sexual exploitation', plain: 'child sexual exploitation', advice: 'say who is using the child, and how' },
  { acronym: 'CCE', spelledOut: 'child criminal exploitation', plain: 'child criminal exploitation', advice: 'say who is using the child, and how' },
  { acronym: 'NAI', spelledOut: 'non-accidental injury', plain: 'an injury that was not an accident', advice: 'say what the injury was and what the doctors said about how it happened' },
  { acronym: 'FII', spelledOut: 'fabricated or induced illness', plain: 'an illness made up or caused by a carer', advice: 'say what was said or done about the child\'s health' },
  { acronym: 'FGM', spelledOut: 'female genital mutilation', plain: 'cutting of a girl\'s private parts' },
  { acronym: 'YOT', spelledOut: 'youth offending team', plain: 'the youth justice team' },
  { acronym: 'CSC', spelledOut: 'children\'s social care', plain: 'children\'s services' },
  { acronym: 'LA', spelledOut: 'local authority', plain: 'the council' },
  { acronym: 'MH', spelledOut: 'mental health', plain: 'mental health', advice: 'say what happens, and how it affects the child' },
  { acronym: 'ASD', spelledOut: 'autism spectrum disorder', plain: 'autism' },
  { acronym: 'ACEs', spelledOut: 'adverse childhood experiences', plain: 'hard things that happened in childhood', forms: ['ACE'] },
  { acronym: 'NEET', spelledOut: 'not in education, employment or training', plain: 'not at school, college or work' },
  { acronym: 'CME', spelledOut: 'children missing education', plain: 'not going to school' },
  { acronym: 'PGM', spelledOut: 'paternal grandmother', plain: 'dad\'s mum', advice: 'dad\'s mum, by name' },
  { acronym: 'MGM', spelledOut: 'maternal grandmother', plain: 'mum\'s mum', advice: 'mum\'s mum, by name' },
  { acronym: 'PGF', spelledOut: 'paternal grandfather', plain: 'dad\'s dad', advice: 'dad\'s dad, by name' },
  { acronym: 'MGF', spelledOut: 'maternal grandfather', plain: 'mum\'s dad', advice: 'mum\'s dad, by name' },
  { acronym: 'CAF', spelledOut: 'common assessment framework', plain: 'early help assessment' },
  { acronym: 'SALT', spelledOut: 'speech and language therapy', plain: 'speech and language therapy' },
]

/** Whether a term is written as an acronym: capitals and digits ("ICPC", "S47"), or a section of an Act ("s47"). */
export function isAcronym(term: string): boolean {
  return /^[A-Z0-9]{2,}s?$/.test(term) && /[A-Z]/.test(term) || /^s\d+$/i.test(term)
}
