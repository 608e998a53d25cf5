import { authFailureScope } from './auth-failure-scope';

describe('authFailureScope', () => {
  it('counts an IPv4 address on its own, also written as IPv6', () => {
    expect(authFailureScope('203.0.113.7')).toBe('203.0.113.7');
    expect(authFailureScope('::ffff:203.0.113.7')).toBe('203.0.113.7');
    expect(authFailureScope('::FFFF:203.0.113.7')).toBe('203.0.113.7');
    // However a proxy spells it: in hex, or with every group written out.
    expect(authFailureScope('::ffff:c633:6407')).toBe('198.51.100.7');
    expect(authFailureScope('::ffff:a00:1')).toBe('10.0.0.1');
    expect(authFailureScope('0:0:0:0:0:ffff:203.0.113.50')).toBe('203.0.113.50');
    // Behind NAT64 each IPv4 client keeps its own count.
    expect(authFailureScope('64:ff9b::192.0.2.1')).toBe('192.0.2.1');
    expect(authFailureScope('64:ff9b::c000:202')).toBe('192.0.2.2');
  });

  it('counts an IPv6 address by its /64 network, however it is written', () => {
    const network = '2001:db8:0:1::/64';
    for (const address of [
      '2001:db8:0:1::1',
      '2001:db8:0:1:ffff:ffff:ffff:ffff',
      '2001:0DB8:0000:0001:0000:0000:0000:0042',
      '2001:db8::1:0:0:0:7',
      '2001:db8:0:1::1%eth0',
    ])
      expect([address, authFailureScope(address)]).toEqual([address, network]);
    expect(authFailureScope('2001:db8:0:2::1')).toBe('2001:db8:0:2::/64');
    expect(authFailureScope('::1')).toBe('0:0:0:0::/64');
    expect(authFailureScope('fe80::1')).toBe('fe80:0:0:0::/64');
    expect(authFailureScope('64:ff9b:1::1')).toBe('64:ff9b:1:0::/64');
  });

  it('leaves what is no address as it is', () => {
    expect(authFailureScope('unknown')).toBe('unknown');
  });
});
