import { refusedAddressRange } from './refused-address-range';

describe('refusedAddressRange', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['169.254.169.254', 'link-local'],
    ['0.0.0.0', 'this network'],
    ['0.1.2.3', 'this network'],
    ['100.64.0.1', 'carrier-grade NAT'],
    ['100.127.255.255', 'carrier-grade NAT'],
    ['192.0.0.170', 'IETF protocol assignments'],
    ['192.0.2.1', 'documentation'],
    ['198.18.0.1', 'benchmarking'],
    ['224.0.0.1', 'multicast'],
    ['255.255.255.255', 'reserved'],
  ])('refuses IPv4 %s (%s)', (address, range) => {
    expect(refusedAddressRange(address)).toContain(range);
  });

  it.each([
    ['::1', 'loopback'],
    ['0:0:0:0:0:0:0:1', 'loopback'],
    ['::', 'unspecified'],
    ['fc00::1', 'unique local'],
    ['fd12:3456::1', 'unique local'],
    ['fe80::1', 'link-local'],
    ['febf:ffff::1', 'link-local'],
    ['fec0::1', 'site-local'],
    ['ff02::1', 'multicast'],
    ['2001:db8::1', 'documentation'],
    ['2001:0:4136:e378::1', 'Teredo'],
    ['::127.0.0.1', 'IPv4-compatible'],
    ['100::1', 'discard-only'],
    ['fe80::1%eth0', 'zone id'],
    ['2a00:1450:4001:80e::200e%eth0', 'zone id'],
  ])('refuses IPv6 %s (%s)', (address, range) => {
    expect(refusedAddressRange(address)).toContain(range);
  });

  it.each([
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['0:0:0:0:0:ffff:7f00:1', 'loopback'],
    ['::FFFF:A9FE:A9FE', 'link-local'],
    ['::ffff:10.0.0.1', 'private'],
    ['::ffff:192.168.0.1', 'private'],
    ['::ffff:0.0.0.0', 'this network'],
    ['::ffff:0:127.0.0.1', 'IPv4-translated'],
    ['64:ff9b::7f00:1', 'NAT64'],
    ['64:ff9b::169.254.169.254', 'NAT64'],
    ['64:ff9b:1::1', 'local-use NAT64'],
    ['2002:7f00:1::1', '6to4'],
    ['2002:a9fe:a9fe::', '6to4'],
    ['2002:c0a8:101::1', '6to4'],
  ])('refuses IPv4 ranges inside IPv6 %s (%s)', (address, range) => {
    expect(refusedAddressRange(address)).toContain(range);
  });

  it.each([
    '8.8.8.8',
    '1.1.1.1',
    '9.255.255.255',
    '11.0.0.0',
    '100.63.255.255',
    '100.128.0.0',
    '172.15.255.255',
    '172.32.0.0',
    '169.253.255.255',
    '192.167.255.255',
    '223.255.255.255',
    '::ffff:8.8.8.8',
    '::ffff:808:808',
    '64:ff9b::808:808',
    '2002:808:808::1',
    '2a00:1450:4001:80e::200e',
    '2606:4700:4700::1111',
  ])('allows the public address %s', (address) => {
    expect(refusedAddressRange(address)).toBeUndefined();
  });

  it('names the range with its prefix', () => {
    expect(refusedAddressRange('169.254.169.254')).toBe(
      'link-local (includes cloud metadata 169.254.169.254), 169.254.0.0/16',
    );
    expect(refusedAddressRange('::ffff:127.0.0.1')).toBe('loopback, 127.0.0.0/8');
  });

  it.each(['localhost', 'example.nl', '', '127.1', '0x7f000001', '2130706433', '[::1]', '1.2.3.4.5'])(
    'refuses %j, which is not an IP address (fails closed)',
    (value) => {
      expect(refusedAddressRange(value)).toBe('not an IP address');
    },
  );
});
