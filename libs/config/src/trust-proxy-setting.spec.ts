import { trustProxySetting } from './trust-proxy-setting';

describe('trustProxySetting', () => {
  it('reads true, false and hop counts as such, not as addresses', () => {
    expect(trustProxySetting('true')).toBe(true);
    expect(trustProxySetting('false')).toBe(false);
    expect(trustProxySetting('1')).toBe(1);
    expect(trustProxySetting(' 2 ')).toBe(2);
  });

  it('takes lists of names, addresses and subnets, and nothing else', () => {
    expect(trustProxySetting('loopback')).toBe('loopback');
    expect(trustProxySetting('loopback, 10.0.0.0/8,fd00::/8, 192.0.2.7')).toBe(
      'loopback,10.0.0.0/8,fd00::/8,192.0.2.7',
    );
    for (const bad of ['', 'yes', 'proxy.example.nl', '10.0.0.0/33', '10.0.0.1/8/2', 'loopback,', '999'])
      expect([bad, trustProxySetting(bad)]).toEqual([bad, null]);
  });
});
