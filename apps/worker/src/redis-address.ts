/** Host and port of a Redis URL, without a user name or password, for a message. */
export function redisAddress(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}:${parsed.port || '6379'}`;
  } catch {
    return 'not a URL';
  }
}
