/** One thing that must be true before a family is ready to step down or close, worked out from the record. */
export interface ReadinessItem { key: string; title: string; met: boolean; summary: string; missing: string[]; href: string }

/** The words of the family's level of help (LEVEL_VOCABULARY): "danger statements" at child in need, "worry statements" at early help. */
export interface ReadinessWords { statements: string; goal: string; goals: string; scale: string }

export interface ReadinessInput {
  familyId: string
  words: ReadinessWords
  threshold: number
  goals: { text: string; weeks?: number; streak: number }[]
  members: { name: string; toldDangerStatements: boolean; toldAtMapVersion: number | null; commitments: string }[]
  mapVersion: number
  children: { name: string; unborn: boolean; explained: boolean; bookletStarted: boolean }[]
  /** Each perspective's latest overall scale. */
  scales: { perspective: string; score: number; on: string }[]
}

export function workOutReadiness(input: ReadinessInput): ReadinessItem[] {
  const { statements, goal: goalWord, goals: goalsWord, scale: scaleWord } = input.words
  const goalsMissing = input.goals.length === 0 ? [`There are no ${goalsWord} on the map yet.`] : input.goals.flatMap((goal) => {
    if (goal.weeks === undefined) return [`"${goal.text}": how long it needs to be seen is not set.`]
    return goal.streak >= goal.weeks ? [] : [`"${goal.text}": seen ${String(goal.streak)} ${goal.streak === 1 ? 'week' : 'weeks'} in a row of the ${String(goal.weeks)} needed.`]
  })
  const membersMissing = input.members.length === 0 ? ['There is no one in the safety network yet.'] : input.members.flatMap((member) => [
    ...(member.toldDangerStatements ? [] : [`${member.name} has not been told the ${statements}.`]),
    ...(member.toldDangerStatements && member.toldAtMapVersion !== null && member.toldAtMapVersion < input.mapVersion ? [`${member.name} was told the ${statements} at map version ${String(member.toldAtMapVersion)}; the map is now at version ${String(input.mapVersion)}. Check they know what changed.`] : []),
    ...(member.commitments.trim() === '' ? [`${member.name} has no commitments recorded.`] : []),
  ])
  // Only the out-of-date warnings do not stop the family being ready: they are for the worker to check.
  const membersBlocking = membersMissing.filter((line) => !line.includes('Check they know what changed'))
  const born = input.children.filter((child) => !child.unborn)
  const childrenMissing = born.length === 0 ? [] : born.filter((child) => !child.explained).map((child) => child.bookletStarted
    ? `${child.name}'s words and pictures explanation has not been shared with them yet.`
    : `${child.name} has no words and pictures explanation yet.`)
  const below = input.scales.filter((scale) => scale.score < input.threshold)
  const scalesMissing = input.scales.length === 0 ? [`No one has given a ${scaleWord} yet.`] : below.map((scale) => `${scale.perspective}: ${String(scale.score)} (the latest, on ${scale.on}).`)
  return [
    {
      key: 'goals', title: `Each ${goalWord} seen for its agreed time`, met: goalsMissing.length === 0, missing: goalsMissing, href: `/families/${input.familyId}/plan#goals`,
      summary: goalsMissing.length === 0 ? `All ${String(input.goals.length)} ${input.goals.length === 1 ? `${goalWord} has` : `${goalsWord} have`} been seen for long enough.` : 'Not yet.',
    },
    {
      key: 'network', title: 'The network told and committed', met: membersBlocking.length === 0, missing: membersMissing, href: `/families/${input.familyId}/network`,
      summary: membersBlocking.length === 0 ? `All ${String(input.members.length)} in the network have been told and have commitments.` : 'Not yet.',
    },
    {
      key: 'explanations', title: 'Each child has had an explanation', met: childrenMissing.length === 0 && born.length > 0, missing: born.length === 0 ? ['There are no children in the record yet.'] : childrenMissing,
      href: `/families/${input.familyId}/booklets`, summary: childrenMissing.length === 0 && born.length > 0 ? 'Every child has had their words and pictures explanation.' : 'Not yet.',
    },
    {
      key: 'scales', title: `Everyone's latest ${scaleWord} at ${String(input.threshold)} or above`, met: scalesMissing.length === 0, missing: scalesMissing, href: `/families/${input.familyId}/map/scaling`,
      summary: scalesMissing.length === 0 ? `Every perspective's latest ${scaleWord} is ${String(input.threshold)} or above.` : 'Not yet.',
    },
  ]
}
