import { verifyWebhook } from '@app/domain/notifications/webhook-signature';
import { createServer } from 'node:http';
import { AddressInfo } from 'node:net';

export interface ReceivedWebhook {
  /** The notification id Leerlus puts in every event body. */
  id: string;
  event: string;
  /** Whether the signature verified with the subscription's secret (when known). */
  signatureValid: boolean | undefined;
  body: Record<string, unknown>;
}

export interface WebhookReceiver {
  url: string;
  received: ReceivedWebhook[];
  /** Secrets by the path their subscription posts to, to verify signatures. */
  secrets: Map<string, string>;
  close(): Promise<void>;
}

/** A local HTTP endpoint that accepts every webhook (204) and keeps what it received. */
export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const received: ReceivedWebhook[] = [];
  const secrets = new Map<string, string>();
  const server = createServer((req, res) => {
    let raw = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (raw += chunk));
    req.on('end', () => {
      const body = JSON.parse(raw) as Record<string, unknown>;
      const secret = secrets.get(req.url ?? '');
      received.push({
        id: String(body.id),
        event: String(body.event),
        signatureValid: secret
          ? verifyWebhook(
              secret,
              String(req.headers['leerlus-signature'] ?? ''),
              raw,
              Math.floor(Date.now() / 1000),
            )
          : undefined,
        body,
      });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received,
    secrets,
    close: async () => {
      server.closeAllConnections();
      await new Promise((done) => server.close(done));
    },
  };
}
