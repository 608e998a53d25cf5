/** The notification's recipient is no longer who it is for; it is cancelled instead of sent. */
export class RecipientChangedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RecipientChangedError';
  }
}
