import type { MapCategory } from '../../db/schema/maps.js'

/** Typed URL builders: the partner's own pages, and the worker's meetings and partners' reports. */
export const partnerPaths = {
  families: () => '/partner',
  family: (familyId: string) => `/partner/families/${familyId}`,
  add: (familyId: string, category: MapCategory) => `/partner/families/${familyId}/add/${category}`,
  scale: (familyId: string) => `/partner/families/${familyId}/scale`,
  report: (familyId: string, meetingId: string) => `/partner/families/${familyId}/meetings/${meetingId}/report`,
  releaseReport: (familyId: string, meetingId: string) => `/partner/families/${familyId}/meetings/${meetingId}/report/release`,
}

export const meetingPaths = {
  list: (familyId: string) => `/families/${familyId}/meetings`,
  create: (familyId: string) => `/families/${familyId}/meetings/new`,
  release: (familyId: string, meetingId: string, reportId: string) => `/families/${familyId}/meetings/${meetingId}/reports/${reportId}/release`,
  family: (familyId: string) => `/families/${familyId}`,
}
