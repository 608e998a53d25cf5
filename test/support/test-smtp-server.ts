import { ParsedMail, simpleParser } from 'mailparser';
import { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface TestSmtpServer {
  url: string;
  messages: ParsedMail[];
  /** While true, every message is refused with a temporary error (451). */
  failing: boolean;
  /** While set, a message waits at MAIL FROM until it is released. */
  hold: SmtpHold | null;
  close(): Promise<void>;
}

/** Holds messages at MAIL FROM until released: a send in flight, for a test's race. */
export class SmtpHold {
  private arrive!: () => void;
  private open!: () => void;
  /** Resolves when a message is waiting. */
  readonly reached = new Promise<void>((resolve) => (this.arrive = resolve));
  private readonly released = new Promise<void>((resolve) => (this.open = resolve));

  release(): void {
    this.open();
  }

  /** Called by the server for each message: it waits here. */
  wait(): Promise<void> {
    this.arrive();
    return this.released;
  }
}

/** An in-process SMTP server on a random port that keeps what it receives, parsed. */
export async function startSmtpServer(): Promise<TestSmtpServer> {
  const state: TestSmtpServer = {
    url: '',
    messages: [],
    failing: false,
    hold: null,
    close: async () => undefined,
  };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    async onMailFrom(_address, _session, callback) {
      if (state.hold) await state.hold.wait();
      if (state.failing) {
        const error = new Error('Mail service temporarily unavailable') as Error & { responseCode: number };
        error.responseCode = 451;
        return callback(error);
      }
      callback();
    },
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then((mail) => {
          state.messages.push(mail);
          callback();
        })
        .catch(callback);
    },
  });
  // A client that goes away mid-session (a worker stopped or killed) resets its connection;
  // smtp-server re-emits that on the server, where an unheard 'error' would crash the test.
  server.on('error', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  state.url = `smtp://127.0.0.1:${port}`;
  state.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return state;
}
