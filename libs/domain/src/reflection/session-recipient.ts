/** Someone a session message goes to. */
export interface SessionRecipient {
  id: string;
  email: string;
  name: string;
}
