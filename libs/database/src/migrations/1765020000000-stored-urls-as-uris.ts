import { MigrationInterface, QueryRunner } from 'typeorm';

/** RFC 3986's unreserved characters and sub-delims (asRfc3986Uri in libs/domain as this migration knew it). */
const PLAIN = "A-Za-z0-9\\-._~!$&'()*+,;=";
const OUTSIDE = {
  authority: new RegExp(`[^${PLAIN}:@\\[\\]%]`, 'gu'),
  path: new RegExp(`[^${PLAIN}:@/%]`, 'gu'),
  queryOrFragment: new RegExp(`[^${PLAIN}:@/?%]`, 'gu'),
};
const encode = (part: string, outside: RegExp) => part.replace(outside, (c) => encodeURIComponent(c));

/**
 * A stored URL as the API stores one since this migration: WHATWG's href (without the fragment for
 * a webhook, as before), with what RFC 3986 does not allow percent-encoded; a `%` that begins no
 * escape, which the API now refuses, is written as `%25` (what it stood for as typed). Null when
 * WHATWG cannot read it or it would not fit its column: such a row is left as it is.
 */
function asUri(url: string, keepFragment: boolean): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (!keepFragment) parsed.hash = '';
  const href = parsed.href.replace(/%(?![0-9A-Fa-f]{2})/g, '%25');
  const hash = href.indexOf('#');
  const beforeHash = hash < 0 ? href : href.slice(0, hash);
  const question = beforeHash.indexOf('?');
  const beforeQuery = question < 0 ? beforeHash : beforeHash.slice(0, question);
  let rest = beforeQuery.slice(parsed.protocol.length);
  let uri = parsed.protocol;
  if (rest.startsWith('//')) {
    const slash = rest.indexOf('/', 2);
    const authority = slash < 0 ? rest.slice(2) : rest.slice(2, slash);
    uri += '//' + encode(authority, OUTSIDE.authority);
    rest = rest.slice(2 + authority.length);
  }
  uri += encode(rest, OUTSIDE.path);
  if (question >= 0) uri += '?' + encode(beforeHash.slice(question + 1), OUTSIDE.queryOrFragment);
  if (hash >= 0) uri += '#' + encode(href.slice(hash + 1), OUTSIDE.queryOrFragment);
  return uri.length <= 2000 ? uri : null;
}

/**
 * A character outside RFC 3986's set, a `%` that begins no escape, or a second `#`: the rows that
 * may not be URIs (a few URIs too, as `[` of an IPv6 host, which asUri gives back unchanged).
 */
const NOT_A_URI = `[^A-Za-z0-9._~:/?#@!$&'()*+,;=%-]|%(?![0-9A-Fa-f]{2})|#.*#`;

/**
 * Meeting and webhook URLs stored before the API made them RFC 3986 URIs (the API documents them as
 * `format: uri`): `|`, `^`, `[ ]`, `{ }`, non-ASCII and broken `%` escapes in them made strict
 * clients (Java's java.net.URI, Go's url.Parse) refuse every list that held one. Written as the API
 * now writes them; what is still to be sent follows: a pending webhook delivery's target (as a
 * change of the subscription's URL does) and the meeting URL in pending messages about a session of
 * the series. Sent messages keep what they were sent with. PostgreSQL picks the rows, JavaScript
 * maps them as the API does.
 */
export class StoredUrlsAsUris1765020000000 implements MigrationInterface {
  name = 'StoredUrlsAsUris1765020000000';

  async up(q: QueryRunner): Promise<void> {
    const meetings = await this.changed(q, 'reflection_series', 'meeting_url', true);
    if (meetings.ids.length > 0) {
      const pairs = `unnest($1::uuid[], $2::text[], $3::text[]) AS c(id, old, new)`;
      const args = [meetings.ids, meetings.olds, meetings.news];
      await q.query(
        `UPDATE reflection_series r SET meeting_url = c.new FROM ${pairs} WHERE r.id = c.id`,
        args,
      );
      // E-mails carry the session's fields at the top of their payload, webhooks under data.
      for (const path of ['{meetingUrl}', '{data,meetingUrl}'])
        await q.query(
          `UPDATE notifications n SET payload = jsonb_set(n.payload, '${path}', to_jsonb(c.new)),
             updated_at = now(), version = n.version + 1
           FROM ${pairs}
           WHERE n.status IN ('pending', 'queued') AND n.payload #>> '${path}' = c.old
             AND coalesce(n.payload->'data'->>'seriesId', n.payload->>'seriesId') = c.id::text`,
          args,
        );
    }
    const hooks = await this.changed(q, 'webhook_subscriptions', 'url', false);
    if (hooks.ids.length > 0) {
      const pairs = `unnest($1::uuid[], $2::text[], $3::text[]) AS c(id, old, new)`;
      const args = [hooks.ids, hooks.olds, hooks.news];
      await q.query(`UPDATE webhook_subscriptions w SET url = c.new FROM ${pairs} WHERE w.id = c.id`, args);
      await q.query(
        `UPDATE notifications n SET target = c.new, updated_at = now(), version = n.version + 1
         FROM ${pairs}
         WHERE n.webhook_subscription_id = c.id AND n.status IN ('pending', 'queued') AND n.target = c.old`,
        args,
      );
    }
  }

  async down(): Promise<void> {
    // The URLs lead where they led; the older code reads and sends the percent-encoded ones alike.
  }

  /** The rows of `table` whose `column` is not a URI yet, with the URI it becomes. */
  private async changed(
    q: QueryRunner,
    table: string,
    column: string,
    keepFragment: boolean,
  ): Promise<{ ids: string[]; olds: string[]; news: string[] }> {
    const rows: { id: string; url: string }[] = await q.query(
      `SELECT id, ${column} AS url FROM ${table} WHERE ${column} ~ $1`,
      [NOT_A_URI],
    );
    const result = { ids: [] as string[], olds: [] as string[], news: [] as string[] };
    for (const { id, url } of rows) {
      const uri = asUri(url, keepFragment);
      if (uri === null || uri === url) continue;
      result.ids.push(id);
      result.olds.push(url);
      result.news.push(uri);
    }
    return result;
  }
}
