import { verifyWebhook } from '@app/domain/notifications/webhook-signature';
import { startWebhookReceiver as startReceiver } from '../../support/webhook-receiver';

export interface ReceivedWebhook {
  /** The notification id Leerlus puts in every event body. */
  id: string;
  event: string;
  /** Whether the signature verified with the subscription's secret (when known). */
  signatureValid: boolean | undefined;
  body: Record<string, unknown>;
}

export interface WebhookReceiver {
  /** Without a path: each subscription adds its own. */
  url: string;
  /** What arrived, read as events (the drill reads them within the signature's five minutes). */
  readonly received: ReceivedWebhook[];
  /** Secrets by the path their subscription posts to, to verify signatures. */
  secrets: Map<string, string>;
  close(): Promise<void>;
}

/** The shared local receiver (every webhook answered 204), its deliveries read as signed events. */
export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const receiver = await startReceiver();
  const secrets = new Map<string, string>();
  return {
    url: new URL(receiver.url).origin,
    get received() {
      return receiver.received.map(({ path, headers, body: raw }) => {
        const body = JSON.parse(raw) as Record<string, unknown>;
        const secret = secrets.get(path);
        return {
          id: String(body.id),
          event: String(body.event),
          signatureValid: secret
            ? verifyWebhook(
                secret,
                String(headers['leerlus-signature'] ?? ''),
                raw,
                Math.floor(Date.now() / 1000),
              )
            : undefined,
          body,
        };
      });
    },
    secrets,
    close: () => receiver.close(),
  };
}
