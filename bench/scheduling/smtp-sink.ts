import { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface SmtpSink {
  url: string;
  /** Arrival times (ms since the epoch) per Message-ID, in order; more than one is a duplicate. */
  arrivals: Map<string, number[]>;
  /** Messages accepted, duplicates included. */
  received(): number;
  /** SMTP connections opened by clients (few when the sender pools them). */
  connections(): number;
  close(): Promise<void>;
}

const HEADER_END = Buffer.from('\r\n\r\n');
const MESSAGE_ID = /^Message-ID:\s*<([^>\r\n]+)>/im;

/**
 * A local SMTP server that accepts everything and only reads each message's headers for its
 * Message-ID (the worker sets `<notificationId@host>`), so it costs little CPU next to the
 * worker on the same machine. A message counts when its DATA is accepted.
 */
export async function startSmtpSink(): Promise<SmtpSink> {
  const arrivals = new Map<string, number[]>();
  let total = 0;
  let connections = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    // A reverse DNS lookup per connection would measure the resolver, not the worker.
    disableReverseLookup: true,
    onConnect(_session, callback) {
      connections += 1;
      callback();
    },
    onData(stream, _session, callback) {
      let head = Buffer.alloc(0);
      let id: string | undefined;
      stream.on('data', (chunk: Buffer) => {
        if (id !== undefined || head.length > 64 * 1024) return;
        head = Buffer.concat([head, chunk]);
        const end = head.indexOf(HEADER_END);
        if (end >= 0) id = MESSAGE_ID.exec(head.subarray(0, end).toString('latin1'))?.[1] ?? '';
      });
      stream.on('end', () => {
        const at = Date.now();
        const key = id || MESSAGE_ID.exec(head.toString('latin1'))?.[1] || `(no message-id ${total})`;
        total += 1;
        const list = arrivals.get(key);
        if (list) list.push(at);
        else arrivals.set(key, [at]);
        callback();
      });
    },
  });
  server.on('error', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    arrivals,
    received: () => total,
    connections: () => connections,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
