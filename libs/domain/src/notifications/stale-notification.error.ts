/**
 * The notification no longer stands (its recipient is no longer who it is for, or its subject
 * changed since it was planned); it is cancelled, with this reason, instead of sent.
 */
export class StaleNotificationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StaleNotificationError';
  }
}
