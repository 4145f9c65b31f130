/** How a child is named on pages and documents: the name they are known by, and "the baby" before birth. */
export function childDisplayName(child: { givenName: string; knownAs?: string | null; kind: string }): string {
  if (child.kind === 'unborn-child') return 'the baby'
  return child.knownAs !== undefined && child.knownAs !== null && child.knownAs.trim() !== '' ? child.knownAs : child.givenName
}
