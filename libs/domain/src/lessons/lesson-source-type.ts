export enum LessonSourceType {
  Incident = 'incident',
  BestPractice = 'best-practice',
  ReflectionSession = 'reflection-session',
}
