/**
 * Why the future sessions of a series that stops are cancelled: the reason the session keeps (the
 * organisation's language), and a cause that mails put in the recipient's language and webhooks
 * carry for machines.
 */
export const SERIES_STOPPED = { reason: 'De reeks is gestopt.', cause: 'series-stopped' } as const;
