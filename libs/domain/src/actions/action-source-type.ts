export enum ActionSourceType {
  Lesson = 'lesson',
  Incident = 'incident',
  ReflectionSession = 'reflection-session',
}
