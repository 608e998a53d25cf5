/** The thing a notification is about no longer exists; it is cancelled instead of retried. */
export class SubjectGoneError extends Error {
  constructor(subjectType: string, subjectId: string) {
    super(`${subjectType} ${subjectId} no longer exists`);
    this.name = 'SubjectGoneError';
  }
}
