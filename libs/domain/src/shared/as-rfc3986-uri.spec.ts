import { asRfc3986Uri } from './as-rfc3986-uri';

/** RFC 3986 §3 `URI` with an authority, from its ABNF: what a strict client's parser takes. */
const PCT = '%[0-9A-Fa-f]{2}';
const PLAIN = "[A-Za-z0-9\\-._~!$&'()*+,;=]";
const PCHAR = `(?:${PLAIN}|${PCT}|[:@])`;
const RFC3986_URI = new RegExp(
  `^[A-Za-z][A-Za-z0-9+.-]*://` +
    `(?:(?:${PLAIN}|${PCT}|:)*@)?` +
    `(?:\\[[0-9A-Fa-f:.]+\\]|(?:${PLAIN}|${PCT})*)(?::[0-9]*)?` +
    `(?:/${PCHAR}*)*` +
    `(?:\\?(?:${PCHAR}|[/?])*)?` +
    `(?:#(?:${PCHAR}|[/?])*)?$`,
);

const uri = (url: string) => {
  const result = asRfc3986Uri(url);
  if (!result.ok) throw new Error(`refused ${url}: ${result.reason}`);
  return result.uri;
};

describe('asRfc3986Uri', () => {
  it.each([
    ['https://example.nl/a|b', 'https://example.nl/a%7Cb'],
    ['https://example.nl/a^b', 'https://example.nl/a%5Eb'],
    ['https://example.nl/{x}', 'https://example.nl/%7Bx%7D'],
    ['https://example.nl/a"b', 'https://example.nl/a%22b'],
    ['https://example.nl/a`b', 'https://example.nl/a%60b'],
    ['https://example.nl/[a]', 'https://example.nl/%5Ba%5D'],
    ['https://example.nl/caf\u00e9/\u00fc', 'https://example.nl/caf%C3%A9/%C3%BC'],
    ['https://example.nl/r?q=[1]|^{}`\\', 'https://example.nl/r?q=%5B1%5D%7C%5E%7B%7D%60%5C'],
    ['https://example.nl/r#a#b|c', 'https://example.nl/r#a%23b%7Cc'],
    // As browsers read it: `\` is `/` in an http(s) path, host names in lower case and punycode.
    ['https://example.nl/a\\b', 'https://example.nl/a/b'],
    ['HTTPS://B\u00fccher.Example/x', 'https://xn--bcher-kva.example/x'],
  ])('percent-encodes what RFC 3986 does not allow in %s', (input, expected) => {
    expect(uri(input)).toBe(expected);
  });

  it.each([
    'https://meet.example.nl/r/123',
    "https://example.nl/a;b=c/d:e@f!$&'()*+,~-._?x=/?y#/?z:@",
    'https://example.nl/caf%C3%A9?q=%7c',
    'https://[2001:db8::1]:8443/x',
    'http://127.0.0.1:18040/hooks/leerlus',
    'https://user:pass@example.nl/',
    'https://example.nl/?#',
  ])('keeps a URL that is a URI already, as WHATWG writes it: %s', (input) => {
    expect(uri(input)).toBe(input);
  });

  it.each([
    'https://example.nl/a%zz',
    'https://example.nl/a%2',
    'https://example.nl/?q=%',
    'https://example.nl/#%g1',
  ])('refuses a %% that does not begin a percent-encoded octet: %s', (input) => {
    expect(asRfc3986Uri(input)).toEqual({
      ok: false,
      reason: 'holds a % not followed by two hexadecimal digits (write a % itself as %25)',
    });
  });

  it('refuses what is not a URL', () => {
    expect(asRfc3986Uri('meet me at ten')).toEqual({ ok: false, reason: 'is not a valid URL' });
  });

  it('gives an RFC 3986 URI for any character in any part, and the same URI again for it', () => {
    const characters: string[] = [];
    for (let code = 0x21; code < 0x7f; code++) characters.push(String.fromCharCode(code));
    characters.push('\u00fc', '\u200b', '\u{1f600}', ' ');
    for (const c of characters.filter((c) => c !== '%')) {
      for (const input of [`https://example.nl/p${c}q?k${c}v#f${c}g`, `https://u${c}v:w${c}x@example.nl/`]) {
        const stored = uri(input);
        expect({ input, stored, valid: RFC3986_URI.test(stored) }).toEqual({ input, stored, valid: true });
        expect(uri(stored)).toBe(stored);
      }
    }
  });
});
