/** Where the signal came from. */
export enum IncidentSource {
  Complaint = 'complaint',
  Staff = 'staff',
  Partner = 'partner',
  Ombudsman = 'ombudsman',
  Inspection = 'inspection',
  ParliamentaryQuestion = 'parliamentary-question',
  Media = 'media',
  Other = 'other',
}
