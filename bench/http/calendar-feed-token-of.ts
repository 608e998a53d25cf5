const FEED_PATH = /\/v1\/calendar-feeds\/([A-Za-z0-9_-]+)/;

/**
 * The feed token in an api answer: a person's `calendarFeedUrl` (GET /v1/people/{id}, shown to
 * the person and to admins) ends in /v1/calendar-feeds/<token>. Undefined when there is none.
 */
export function calendarFeedTokenOf(body: unknown): string | undefined {
  const url = (body as { calendarFeedUrl?: unknown } | null)?.calendarFeedUrl;
  const text = typeof url === 'string' ? url : JSON.stringify(body ?? null);
  return FEED_PATH.exec(text)?.[1];
}
