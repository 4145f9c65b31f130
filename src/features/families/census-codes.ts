/**
 * Children in Need census codes (Department for Education), so the record can feed the census
 * without re-keying. Labels are the ones staff see.
 */
export const SEX_CODES = { M: 'Male', F: 'Female', U: 'Not known' } as const

export const ETHNICITY_CODES = {
  WBRI: 'White British', WIRI: 'White Irish', WIRT: 'Traveller of Irish heritage', WOTH: 'Any other White background',
  WROM: 'Gypsy/Roma', MWBC: 'White and Black Caribbean', MWBA: 'White and Black African', MWAS: 'White and Asian',
  MOTH: 'Any other mixed background', AIND: 'Indian', APKN: 'Pakistani', ABAN: 'Bangladeshi', AOTH: 'Any other Asian background',
  BCRB: 'Black Caribbean', BAFR: 'Black African', BOTH: 'Any other Black background', CHNE: 'Chinese',
  OOTH: 'Any other ethnic group', REFU: 'Refused', NOBT: 'Information not yet obtained',
} as const

export const DISABILITY_CODES = {
  NONE: 'No disability', MOB: 'Mobility', HAND: 'Hand function', PC: 'Personal care', INC: 'Incontinence',
  COMM: 'Communication', LD: 'Learning', HEAR: 'Hearing', VIS: 'Vision', BEH: 'Behaviour', CON: 'Consciousness',
  AUT: 'Autism or Asperger syndrome', DDA: 'Other disability',
} as const

export type SexCode = keyof typeof SEX_CODES
export type EthnicityCode = keyof typeof ETHNICITY_CODES
export type DisabilityCode = keyof typeof DISABILITY_CODES

export function isCode(codes: Readonly<Record<string, string>>, value: unknown): value is string {
  return typeof value === 'string' && Object.hasOwn(codes, value)
}

export function describeCode(codes: Readonly<Record<string, string>>, value: string | null | undefined): string {
  if (value === null || value === undefined || value === '') return 'Not recorded'
  return codes[value] ?? value
}
