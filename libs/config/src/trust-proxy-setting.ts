import { isIP } from 'node:net';

/** The names Express knows for groups of addresses. */
const NAMES = ['loopback', 'linklocal', 'uniquelocal'];

/**
 * TRUST_PROXY as Express takes it: `true`/`false`, a number of proxy hops, or a comma-separated list
 * of addresses, subnets and the names loopback, linklocal, uniquelocal. Express reads any string as
 * that list, so `1` became the address 0.0.0.1 (every client behind the proxy one address for the
 * rate limit) and `true` stopped the api at start naming no variable. Null: not a setting.
 */
export function trustProxySetting(value: string): boolean | number | string | null {
  const text = value.trim();
  if (text === 'true' || text === 'false') return text === 'true';
  if (/^\d{1,2}$/.test(text)) return Number(text);
  const entries = text.split(',').map((entry) => entry.trim());
  return entries.length > 0 && entries.every(isProxyEntry) ? entries.join(',') : null;
}

function isProxyEntry(entry: string): boolean {
  if (NAMES.includes(entry)) return true;
  const [address, prefix, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
}
