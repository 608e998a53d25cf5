import type { NextFunction, Request, Response } from 'express';
import { validationFailed } from './validation-failed';

/**
 * A query parameter whose name or value is percent-encoded bytes that are not UTF-8 (%E9, as
 * Latin-1 would send é) or holds a % without two hex digits is refused, named, as such a path
 * segment is: Express's query parser (Node's querystring) made U+FFFD (�) of it without a word, so
 * ?name=Ren%E9 searched for "Ren�" and answered that there was no one. A middleware, not a query
 * parser that throws: Express parses on every read of req.query, pino's request serializer among
 * them, so the throw would land in the request logger instead of here.
 */
export function refuseMalformedQuery(req: Request, _res: Response, next: NextFunction): void {
  const start = req.originalUrl.indexOf('?');
  if (start === -1) return next();
  const malformed = new Set<string>();
  for (const pair of req.originalUrl.slice(start + 1).split('&')) {
    const separator = pair.indexOf('=');
    const name = separator === -1 ? pair : pair.slice(0, separator);
    const decodedName = decoded(name);
    // A name that does not decode is given as it was sent: there is no other to give.
    if (decodedName === null) malformed.add(name);
    else if (separator !== -1 && decoded(pair.slice(separator + 1)) === null) malformed.add(decodedName);
  }
  if (malformed.size === 0) return next();
  next(validationFailed([...malformed].map((name) => ({ name, reason: 'must be percent-encoded UTF-8' }))));
}

/** As the query parser reads a name or value ('+' is a space), or null where it would make U+FFFD. */
function decoded(text: string): string | null {
  try {
    return decodeURIComponent(text.replaceAll('+', ' '));
  } catch {
    return null;
  }
}
