import { createServer, IncomingHttpHeaders } from 'node:http';
import { AddressInfo } from 'node:net';

export interface WebhookReceiver {
  /** The URL to subscribe (plain http on loopback: the test app must allow private targets). */
  url: string;
  /** What was POSTed to it and answered 204, in order of arrival; path is the request's own. */
  received: { path: string; headers: IncomingHttpHeaders; body: string }[];
  /** How many of the next deliveries to answer 503 and not keep, so that the sender retries them. */
  refuseNext: number;
  /** TCP connections made to it, whether a request followed or not. */
  connections: number;
  close(): Promise<void>;
}

/** A local subscriber that answers every delivery 204 (unless told to refuse it) and keeps what it got. */
export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const receiver: WebhookReceiver = {
    url: '',
    received: [],
    refuseNext: 0,
    connections: 0,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
  const server = createServer((req, res) => {
    let body = '';
    // Decoded as one stream, so that a character split between chunks arrives whole.
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      if (receiver.refuseNext > 0) {
        receiver.refuseNext -= 1;
        res.writeHead(503).end('busy');
        return;
      }
      receiver.received.push({ path: req.url ?? '', headers: req.headers, body });
      res.writeHead(204).end();
    });
  });
  server.on('connection', () => (receiver.connections += 1));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  return receiver;
}
