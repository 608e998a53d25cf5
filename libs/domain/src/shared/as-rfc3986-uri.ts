/** RFC 3986's unreserved characters and sub-delims, which every part below may hold as they are. */
const PLAIN = "A-Za-z0-9\\-._~!$&'()*+,;=";

/** Per part, a character it may not hold as it is (besides `%`, checked on its own). */
const OUTSIDE = {
  authority: new RegExp(`[^${PLAIN}:@\\[\\]%]`, 'gu'),
  path: new RegExp(`[^${PLAIN}:@/%]`, 'gu'),
  queryOrFragment: new RegExp(`[^${PLAIN}:@/?%]`, 'gu'),
};

/** A `%` that does not start a percent-encoded octet. */
const BROKEN_ESCAPE = /%(?![0-9A-Fa-f]{2})/;

const encode = (part: string, outside: RegExp) => part.replace(outside, (c) => encodeURIComponent(c));

/**
 * A URL as Leerlus stores and returns a `format: uri` field: an RFC 3986 URI, which strict clients
 * (Java's java.net.URI, Go's url.Parse) read without refusing the whole list that holds it.
 * Parsed as browsers and fetch parse it (WHATWG: host in lower case and punycode, `\` as `/`,
 * most characters percent-encoded), then what WHATWG leaves but RFC 3986 does not allow (`|`, `^`,
 * `[` and `]` outside an IPv6 host, `{}` and a backtick in a query, a second `#`) percent-encoded
 * too: unambiguous, as a server decodes them alike. A `%` not followed by two hexadecimal digits is
 * refused instead: read as `%25` or sent as it is, servers would differ on what it means.
 */
export function asRfc3986Uri(url: string): { ok: true; uri: string } | { ok: false; reason: string } {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { ok: false, reason: 'is not a valid URL' };
  }
  const href = parsed.href;
  if (BROKEN_ESCAPE.test(href))
    return {
      ok: false,
      reason: 'holds a % not followed by two hexadecimal digits (write a % itself as %25)',
    };
  // WHATWG percent-encodes `#` before the fragment and `?` before the query, so the first of each
  // delimits; an authority follows `//` up to the path.
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
  return { ok: true, uri };
}
