/** reported → analysing → lessons-drawn → closed; a closed incident may be reopened to analysing. */
export enum IncidentStatus {
  Reported = 'reported',
  Analysing = 'analysing',
  LessonsDrawn = 'lessons-drawn',
  Closed = 'closed',
}
