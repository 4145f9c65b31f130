/** Typed URL builders for the family pages. */
export const familyPaths = {
  list: () => '/families',
  show: (familyId: string) => `/families/${familyId}`,
}
