import { asRfc3986Uri } from './as-rfc3986-uri';
import { DomainError } from './domain.error';

/**
 * The URL in field `name` as it is stored and returned: an RFC 3986 URI (asRfc3986Uri), or a 400
 * naming the field. Every `format: uri` input goes through here.
 */
export function requireUri(name: string, url: string): string {
  const result = asRfc3986Uri(url);
  if (!result.ok) throw DomainError.invalid(name, result.reason);
  return result.uri;
}
