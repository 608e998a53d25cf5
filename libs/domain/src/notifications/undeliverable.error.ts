/**
 * A send that no retry can fix as things stand (a refused webhook target): the notification is
 * marked failed at once instead of after max attempts. A person can still retry it later.
 */
export class UndeliverableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UndeliverableError';
  }
}
