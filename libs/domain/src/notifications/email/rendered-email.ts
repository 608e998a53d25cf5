/** A rendered message, ready for the mail transport. */
export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
  /** An iTIP invitation (REQUEST) or cancellation (CANCEL) to attach. */
  calendar?: { method: 'REQUEST' | 'CANCEL'; content: string };
  attachments?: { filename: string; contentType: string; content: string }[];
}
