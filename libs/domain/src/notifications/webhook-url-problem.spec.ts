import { webhookUrlProblem } from './webhook-url-problem';

describe('webhookUrlProblem', () => {
  const guarded = { WEBHOOK_ALLOW_PRIVATE_TARGETS: 'false', WEBHOOK_REQUIRE_HTTPS: 'false' } as const;

  it('leaves host names to the check at delivery, when they are resolved', () => {
    expect(webhookUrlProblem('http://localhost:3000/', guarded)).toBeUndefined();
  });

  it('allows a public host name or address', () => {
    expect(webhookUrlProblem('https://hooks.example.nl/leerlus', guarded)).toBeUndefined();
    expect(webhookUrlProblem('http://93.184.215.14:8080/x', guarded)).toBeUndefined();
    expect(webhookUrlProblem('https://[2a00:1450:4001:80e::200e]/x', guarded)).toBeUndefined();
  });

  it.each([
    'http://127.0.0.1/hooks',
    'http://127.0.0.1:9000/hooks',
    'http://2130706433/',
    'http://0x7f.1/',
    'http://127.1/',
    'http://[::1]/',
    'http://[::ffff:127.0.0.1]/',
    'http://[::ffff:a9fe:a9fe]/latest/meta-data',
    'http://169.254.169.254/latest/meta-data',
    'http://10.0.0.8/',
    'http://172.20.1.1/',
    'http://192.168.178.1/',
    'http://100.100.100.200/',
    'http://0.0.0.0:6379/',
    'http://[fd00::1]/',
    'http://[fe80::1]/',
    'http://[64:ff9b::a9fe:a9fe]/',
  ])('refuses %s, which points inside', (url) => {
    expect(webhookUrlProblem(url, guarded)).toMatch(/^must not point to a private or internal address/);
  });

  it('names the range it refused', () => {
    expect(webhookUrlProblem('http://169.254.169.254/', guarded)).toBe(
      'must not point to a private or internal address (169.254.169.254: link-local (includes cloud metadata 169.254.169.254), 169.254.0.0/16)',
    );
  });

  it('allows private targets only when told to', () => {
    const open = { ...guarded, WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true' } as const;
    expect(webhookUrlProblem('http://127.0.0.1:9000/hooks', open)).toBeUndefined();
    expect(webhookUrlProblem('http://[::1]/', open)).toBeUndefined();
  });

  it('requires https when told to, whatever the host', () => {
    const strict = { WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true', WEBHOOK_REQUIRE_HTTPS: 'true' } as const;
    expect(webhookUrlProblem('http://hooks.example.nl/', strict)).toBe(
      'must be an https URL (WEBHOOK_REQUIRE_HTTPS)',
    );
    expect(webhookUrlProblem('http://127.0.0.1/', strict)).toBe(
      'must be an https URL (WEBHOOK_REQUIRE_HTTPS)',
    );
    expect(webhookUrlProblem('https://hooks.example.nl/', strict)).toBeUndefined();
  });

  it('names a private address before a missing https', () => {
    const defaults = { WEBHOOK_ALLOW_PRIVATE_TARGETS: 'false', WEBHOOK_REQUIRE_HTTPS: 'true' } as const;
    expect(webhookUrlProblem('http://127.0.0.1/', defaults)).toMatch(/^must not point to a private/);
  });

  it('refuses what is not an http(s) URL', () => {
    expect(webhookUrlProblem('ftp://example.nl/x', guarded)).toBe('must be an http or https URL');
    expect(webhookUrlProblem('file:///etc/passwd', guarded)).toBe('must be an http or https URL');
    expect(webhookUrlProblem('not a url', guarded)).toBe('is not a valid URL');
  });

  it('leaves a user name or password to the check when saving: older subscriptions keep delivering', () => {
    expect(webhookUrlProblem('https://user:s3cret@hooks.example.nl/x', guarded)).toBeUndefined();
  });
});
