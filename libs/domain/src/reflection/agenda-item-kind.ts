export enum AgendaItemKind {
  Theme = 'theme',
  Incident = 'incident',
  Lesson = 'lesson',
  BestPractice = 'best-practice',
  ActionReview = 'action-review',
  Custom = 'custom',
}
