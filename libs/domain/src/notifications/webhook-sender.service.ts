import { Injectable } from '@nestjs/common';
import { signWebhook } from './webhook-signature';

/** POSTs a signed JSON event; a non-2xx answer or no answer within 10 s is a failure (retried). */
@Injectable()
export class WebhookSender {
  async send(url: string, secret: string, event: string, body: string, now: Date): Promise<void> {
    const timestamp = Math.floor(now.getTime() / 1000);
    const response = await fetch(url, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        'User-Agent': 'Leerlus-Webhooks/1',
        'Leerlus-Event': event,
        'Leerlus-Signature': signWebhook(secret, timestamp, body),
      },
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(10_000),
    });
    // Drain the body so the connection is released.
    await response.arrayBuffer().catch(() => undefined);
    if (response.status < 200 || response.status > 299) {
      throw new Error(`webhook answered HTTP ${response.status}`);
    }
  }
}
