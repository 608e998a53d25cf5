import { InvalidParam } from '@app/domain/shared/invalid-param';
import { MAX_INVALID_PARAMS } from './max-invalid-params';

/** Deeper than any DTO goes; class-transformer recurses, so far deeper would overflow the stack. */
const MAX_INPUT_DEPTH = 32;

/**
 * Far above any DTO (its properties, ArrayMaxSize 200 at most), far below what makes the DTO
 * validation slow: class-validator names every unknown key of an object with 80 000 of them, and
 * its ArrayUnique compares every pair of a list (120 000 numbers: seconds of a blocked event loop).
 */
const MAX_PROPERTIES = 200;
const MAX_ITEMS = 1000;

/**
 * C0 controls, DEL and the C1 controls (U+009B is an 8-bit terminal escape), but the white space
 * among the C0 ones (tab, line breaks, and the vertical tab and form feed that text pasted from a
 * word processor carries, which stored records may hold): no text, and acted on by terminals and
 * mail readers.
 */
// eslint-disable-next-line no-control-regex -- finding them is the point
const CONTROL_CHARACTER = /[\u0001-\u0008\u000E-\u001F\u007F-\u009F]/;

const UNPAIRED_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

interface Pending {
  value: unknown;
  path: string;
  depth: number;
}

/**
 * What the DTO validation cannot see or name, in a parsed body or query, before class-transformer
 * touches it: nesting deeper than MAX_INPUT_DEPTH, keys named after Object.prototype members
 * (class-transformer silently drops them, so the whitelist never refuses them), strings with a
 * NUL character or an unpaired surrogate (Postgres refuses those without saying which field), or another
 * control character, and objects or lists too large for the DTO validation to check in time.
 * Walks with an explicit stack, so no input can overflow it.
 */
export function findHostileInput(input: unknown): InvalidParam[] {
  const findings: InvalidParam[] = [];
  const pending: Pending[] = [{ value: input, path: '', depth: 0 }];
  while (pending.length > 0 && findings.length < MAX_INVALID_PARAMS) {
    const { value, path, depth } = pending.pop()!;
    if (typeof value === 'string') {
      const reason = unacceptableText(value);
      if (reason) findings.push({ name: path || 'body', reason });
      continue;
    }
    if (typeof value !== 'object' || value === null) continue;
    if (depth >= MAX_INPUT_DEPTH) {
      // The top-level field (the full path would repeat every key on the way down), or the body.
      const name = Array.isArray(input) ? 'body' : path.split('.')[0] || 'body';
      findings.push({ name, reason: `is nested deeper than ${MAX_INPUT_DEPTH} levels` });
      continue;
    }
    const tooLarge = sizeProblem(value);
    if (tooLarge) {
      findings.push({ name: path || 'body', reason: tooLarge });
      continue;
    }
    const children: Pending[] = [];
    for (const [key, child] of Object.entries(value)) {
      const childPath = path ? `${path}.${key}` : key;
      if (!Array.isArray(value) && Object.prototype.hasOwnProperty.call(Object.prototype, key)) {
        findings.push({ name: childPath, reason: 'is not a known property' });
      } else {
        children.push({ value: child, path: childPath, depth: depth + 1 });
      }
    }
    // Last child first onto the stack, so findings come out in the order of the input.
    for (let i = children.length - 1; i >= 0; i -= 1) pending.push(children[i]);
  }
  return findings;
}

function sizeProblem(value: object): string | null {
  if (Array.isArray(value))
    return value.length > MAX_ITEMS ? `holds ${value.length} items; at most ${MAX_ITEMS} are taken` : null;
  const properties = Object.keys(value).length;
  return properties > MAX_PROPERTIES
    ? `has ${properties} properties; at most ${MAX_PROPERTIES} are taken`
    : null;
}

function unacceptableText(value: string): string | null {
  if (value.includes('\u0000')) return 'contains a NUL character';
  if (CONTROL_CHARACTER.test(value))
    return 'contains a control character (of those, only white space is text)';
  if (UNPAIRED_SURROGATE.test(value)) return 'contains an unpaired surrogate';
  return null;
}
