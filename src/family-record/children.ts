/** How a child is named on staff pages and in lists: the name they are known by, and "The unborn baby" before birth. */
export function childDisplayName(child: { givenName: string; knownAs?: string | null; kind: string }): string {
  if (child.kind === 'unborn-child') return 'The unborn baby'
  return child.knownAs !== undefined && child.knownAs !== null && child.knownAs.trim() !== '' ? child.knownAs : child.givenName
}
