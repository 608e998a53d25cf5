import { isIPv4, isIPv6 } from 'node:net';

/**
 * What failed authentications are counted per: an IPv4 address, or the /64 network of an IPv6
 * address (written `2001:db8:0:1::/64`). One host is commonly given a whole /64, so counting per
 * IPv6 address would let it guess on from each of its 2^64 addresses in turn. An IPv4 address
 * written as IPv6 (`::ffff:192.0.2.1`) counts as that IPv4 address.
 */
export function authFailureScope(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped && isIPv4(mapped[1])) return mapped[1];
  const bare = address.split('%')[0];
  if (!isIPv6(bare)) return address;
  return `${groups(bare).slice(0, 4).join(':')}::/64`;
}

/** The eight 16-bit groups of an IPv6 address, in lower-case hex without leading zeros. */
function groups(address: string): string[] {
  const [head, tail] = address.includes('::') ? address.split('::') : [address, undefined];
  const parts = (text: string | undefined) =>
    // A dotted IPv4 tail (::ffff:… or 64:ff9b::…) stands for two groups.
    (text ? text.split(':') : []).flatMap((part) => (part.includes('.') ? ['0', '0'] : [part]));
  const [before, after] = [parts(head), parts(tail)];
  const missing = tail === undefined ? [] : Array(8 - before.length - after.length).fill('0');
  return [...before, ...missing, ...after].map((group) => parseInt(group, 16).toString(16));
}
