/**
 * Escapes a TEXT value (RFC 5545 §3.3.11). Line breaks become `\n`; other control characters
 * (all but HTAB, DEL included), which TEXT may not hold, become a space.
 */
export function escapeText(value: string): string {
  return (
    value
      .replace(/\\/g, '\\\\')
      .replace(/;/g, '\\;')
      .replace(/,/g, '\\,')
      .replace(/\r\n|\r|\n/g, '\\n')
      // eslint-disable-next-line no-control-regex -- control characters are what is replaced
      .replace(/[\x00-\x08\x0a-\x1f\x7f]/g, ' ')
  );
}

/** Escapes a quoted parameter value (no quotes, control characters or line breaks allowed). */
export function paramText(value: string): string {
  return [...value]
    .map((char) => (char === '"' || char.charCodeAt(0) < 0x20 || char === '\x7f' ? ' ' : char))
    .join('')
    .trim();
}

/**
 * Folds a content line at 75 octets (RFC 5545 §3.1): continuation lines start with a space,
 * and a UTF-8 character is never split.
 */
export function foldLine(line: string): string {
  // Most lines are short ASCII: one character is one octet.
  if (/^[\x20-\x7e]*$/.test(line)) {
    if (line.length <= 75) return line;
    const out = [line.slice(0, 75)];
    for (let at = 75; at < line.length; at += 74) out.push(line.slice(at, at + 74));
    return out.join('\r\n ');
  }
  const out: string[] = [];
  let current = '';
  let octets = 0;
  for (const char of line) {
    const size = Buffer.byteLength(char, 'utf8');
    const limit = out.length === 0 ? 75 : 74;
    if (octets + size > limit) {
      out.push(current);
      current = '';
      octets = 0;
    }
    current += char;
    octets += size;
  }
  out.push(current);
  return out.join('\r\n ');
}
