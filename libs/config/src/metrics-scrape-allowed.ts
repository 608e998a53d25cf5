import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * Whether a scrape of /metrics may be answered: always without METRICS_TOKEN, otherwise only
 * with `Authorization: Bearer <METRICS_TOKEN>`. Compared as digests, in constant time, so that the
 * answer's timing does not spell the token out.
 */
export function metricsScrapeAllowed(authorization: string | undefined, token: string | undefined): boolean {
  if (!token) return true;
  const sent = /^Bearer (\S+)$/i.exec(authorization ?? '')?.[1];
  if (!sent) return false;
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(sent), digest(token));
}
