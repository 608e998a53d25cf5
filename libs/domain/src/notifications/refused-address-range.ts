import { BlockList, isIP } from 'node:net';

/**
 * IPv4 ranges a webhook must never reach: everything in the IANA special-purpose registry that is
 * not plain global unicast (RFC 6890 and successors).
 */
const IPV4_RANGES: [string, number, string][] = [
  ['0.0.0.0', 8, '"this network"'],
  ['10.0.0.0', 8, 'private'],
  ['100.64.0.0', 10, 'shared address space (carrier-grade NAT)'],
  ['127.0.0.0', 8, 'loopback'],
  ['169.254.0.0', 16, 'link-local (includes cloud metadata 169.254.169.254)'],
  ['172.16.0.0', 12, 'private'],
  ['192.0.0.0', 24, 'IETF protocol assignments'],
  ['192.0.2.0', 24, 'documentation'],
  ['192.88.99.0', 24, '6to4 relay anycast'],
  ['192.168.0.0', 16, 'private'],
  ['198.18.0.0', 15, 'benchmarking'],
  ['198.51.100.0', 24, 'documentation'],
  ['203.0.113.0', 24, 'documentation'],
  ['224.0.0.0', 4, 'multicast'],
  ['240.0.0.0', 4, 'reserved (includes broadcast)'],
];

const IPV6_RANGES: [string, number, string][] = [
  ['::', 128, 'unspecified'],
  ['::1', 128, 'loopback'],
  ['::', 96, 'IPv4-compatible (deprecated)'],
  ['64:ff9b:1::', 48, 'local-use NAT64'],
  ['100::', 64, 'discard-only'],
  ['2001::', 23, 'IETF protocol assignments (includes Teredo)'],
  ['2001:db8::', 32, 'documentation'],
  ['3fff::', 20, 'documentation'],
  ['5f00::', 16, 'segment routing (SRv6)'],
  ['fc00::', 7, 'unique local'],
  ['fe80::', 10, 'link-local'],
  ['fec0::', 10, 'site-local (deprecated)'],
  ['ff00::', 8, 'multicast'],
];

/** The IPv4 address `a.b.c.d` as the hexadecimal groups `abab:cdcd`. */
function hexGroups(ipv4: string): string {
  const [a, b, c, d] = ipv4.split('.').map(Number);
  return `${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
}

/**
 * IPv6 prefixes that carry an IPv4 address and reach it: NAT64 (64:ff9b::/96, RFC 6052), SIIT
 * (::ffff:0:0:0/96, RFC 2765) and 6to4 (2002::/16, RFC 3056). Each refused IPv4 range is refused
 * inside them too. IPv4-mapped addresses (::ffff:0:0/96) need nothing extra: BlockList matches an
 * IPv4 rule against its mapped form by itself.
 */
function embeddedRanges(): [string, number, string][] {
  return IPV4_RANGES.flatMap(([start, bits, name]): [string, number, string][] => [
    [`64:ff9b::${hexGroups(start)}`, 96 + bits, `${name}, through NAT64`],
    [`::ffff:0:${hexGroups(start)}`, 96 + bits, `${name}, IPv4-translated`],
    [`2002:${hexGroups(start)}::`, 16 + bits, `${name}, through 6to4`],
  ]);
}

interface Rule {
  list: BlockList;
  description: string;
}

function rule(start: string, bits: number, name: string, family: 'ipv4' | 'ipv6'): Rule {
  const list = new BlockList();
  list.addSubnet(start, bits, family);
  return { list, description: `${name}, ${start}/${bits}` };
}

const RULES: Rule[] = [
  ...IPV4_RANGES.map(([start, bits, name]) => rule(start, bits, name, 'ipv4')),
  ...[...IPV6_RANGES, ...embeddedRanges()].map(([start, bits, name]) => rule(start, bits, name, 'ipv6')),
];

/**
 * Why an IP address is not a place a webhook may be sent to (the range it falls in), or
 * undefined for a public address. Anything that is not an IP address is refused: it fails closed.
 */
export function refusedAddressRange(address: string): string | undefined {
  const family = isIP(address);
  if (family === 0) return 'not an IP address';
  // A zone id only makes sense for a scoped (link-local) address; none is a public target.
  if (address.includes('%')) return 'scoped address with a zone id';
  const type = family === 4 ? 'ipv4' : 'ipv6';
  return RULES.find((candidate) => candidate.list.check(address, type))?.description;
}
