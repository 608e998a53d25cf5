import { requireUri } from '../shared/require-uri';

/**
 * A webhook URL as the worker sends to it: parsed as fetch parses it (WHATWG), without the fragment,
 * which is never sent, and an RFC 3986 URI (requireUri: what WHATWG leaves of `| ^ [ ]` is
 * percent-encoded, a broken `%` escape refused naming `url`). Stored and shown so, the URL leads and
 * auditors read is where events go: `https://a.example\@b.example/` is sent to a.example, and an
 * invisible character in a host is dropped.
 */
export function webhookUrlAsSent(url: string): string {
  const parsed = new URL(url);
  parsed.hash = '';
  return requireUri('url', parsed.href);
}
