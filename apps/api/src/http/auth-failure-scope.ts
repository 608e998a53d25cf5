import { isIPv4, isIPv6 } from 'node:net';

/**
 * What failed authentications are counted per: an IPv4 address, or the /64 network of an IPv6
 * address (written `2001:db8:0:1::/64`). One host is commonly given a whole /64, so counting per
 * IPv6 address would let it guess on from each of its 2^64 addresses in turn. An IPv4 address
 * written as IPv6 (`::ffff:192.0.2.1`, or behind NAT64 `64:ff9b::c000:201`) counts as that IPv4
 * address.
 */
export function authFailureScope(address: string): string {
  const bare = address.split('%')[0];
  if (isIPv4(bare) || !isIPv6(bare)) return address;
  const all = groups(bare);
  // By its groups, not its spelling: ::ffff:c000:201 and 0:0:0:0:0:ffff:192.0.2.1 are 192.0.2.1 too.
  // Both IPv4-mapped (::ffff:0:0/96) and NAT64's well-known prefix (64:ff9b::/96) carry an IPv4
  // client in their last 32 bits: each such client is counted on its own, not all as one /64.
  const prefix = all.slice(0, 6).join(':');
  if (prefix === '0:0:0:0:0:ffff' || prefix === '64:ff9b:0:0:0:0') {
    const [high, low] = [parseInt(all[6], 16), parseInt(all[7], 16)];
    return [high >> 8, high & 255, low >> 8, low & 255].join('.');
  }
  return `${all.slice(0, 4).join(':')}::/64`;
}

/** The eight 16-bit groups of an IPv6 address, in lower-case hex without leading zeros. */
function groups(address: string): string[] {
  const [head, tail] = address.includes('::') ? address.split('::') : [address, undefined];
  const parts = (text: string | undefined) =>
    // A dotted IPv4 tail (::ffff:… or 64:ff9b::…) stands for two groups.
    (text ? text.split(':') : []).flatMap((part) => (part.includes('.') ? dottedGroups(part) : [part]));
  const [before, after] = [parts(head), parts(tail)];
  const missing = tail === undefined ? [] : Array(8 - before.length - after.length).fill('0');
  return [...before, ...missing, ...after].map((group) => parseInt(group, 16).toString(16));
}

/** `192.0.2.1` as the two groups it stands for in an IPv6 address (`c000`, `201`). */
function dottedGroups(dotted: string): string[] {
  const [a, b, c, d] = dotted.split('.').map(Number);
  return [((a << 8) | b).toString(16), ((c << 8) | d).toString(16)];
}
