import { signWebhook, verifyWebhook } from './webhook-signature';

describe('webhook signature', () => {
  const secret = 'x'.repeat(32);
  const body = JSON.stringify({ id: 'n1', event: 'agenda.published' });

  it('is an HMAC-SHA256 of "<t>.<body>" that verifies', () => {
    const header = signWebhook(secret, 1_770_000_000, body);
    expect(header).toMatch(/^t=1770000000,v1=[0-9a-f]{64}$/);
    expect(verifyWebhook(secret, header, body, 1_770_000_010)).toBe(true);
  });

  it('fails for another body, another secret or an old timestamp', () => {
    const header = signWebhook(secret, 1_770_000_000, body);
    expect(verifyWebhook(secret, header, `${body} `, 1_770_000_000)).toBe(false);
    expect(verifyWebhook('y'.repeat(32), header, body, 1_770_000_000)).toBe(false);
    expect(verifyWebhook(secret, header, body, 1_770_000_000 + 3600)).toBe(false);
    expect(verifyWebhook(secret, 'v1=abc', body, 1_770_000_000)).toBe(false);
  });
});
