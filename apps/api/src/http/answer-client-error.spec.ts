import { createServer, Server } from 'node:http';
import { AddressInfo, connect } from 'node:net';
import { answerClientError } from './answer-client-error';

/**
 * A plain Node server with its timeouts cut to a fraction of a second (the api keeps Node's: 60 s
 * for the headers, 300 s for the whole request, checked every 30 s), so Node itself raises the
 * error a slow client gets.
 */
async function slowServer(): Promise<Server> {
  const server = createServer(
    { headersTimeout: 300, requestTimeout: 600, connectionsCheckingInterval: 50 },
    (req, res) => {
      req.resume();
      req.on('end', () => res.end('received'));
    },
  );
  server.on('clientError', answerClientError);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

/** Sends `start`, then one of `drip` every 100 ms until the server answers; the answer's text. */
function sendSlowly(server: Server, start: string, drip: string): Promise<string> {
  const { port } = server.address() as AddressInfo;
  return new Promise((resolve) => {
    let text = '';
    let timer: NodeJS.Timeout | undefined;
    const socket = connect(port, '127.0.0.1', () => {
      socket.write(start);
      timer = setInterval(() => socket.write(drip), 100);
    });
    socket.on('data', (chunk) => {
      text += chunk;
      clearInterval(timer);
    });
    // Writing on after the server closed may reset the connection; the answer came before.
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearInterval(timer);
      resolve(text);
    });
  });
}

function parse(answer: string) {
  const [head, body] = answer.split('\r\n\r\n');
  const lines = head.split('\r\n');
  return {
    statusLine: lines[0],
    type: /^content-type: (.*)$/im.exec(head)?.[1],
    connection: /^connection: (.*)$/im.exec(head)?.[1],
    body: JSON.parse(body),
  };
}

const TIMED_OUT = {
  statusLine: 'HTTP/1.1 408 Request Timeout',
  type: 'application/problem+json',
  connection: 'close',
  body: {
    type: 'urn:leerlus:problem:request-timeout',
    title: 'Request timeout',
    status: 408,
    detail: 'The request was not received in time; send it again.',
  },
};

describe('answerClientError', () => {
  let server: Server;
  beforeEach(async () => (server = await slowServer()));
  afterEach(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('answers 408, not 400, to headers that come in too slowly', async () => {
    const answer = await sendSlowly(server, 'GET /v1/teams HTTP/1.1\r\nHost: leerlus\r\n', 'X-Slow: 1\r\n');
    expect(parse(answer)).toEqual(TIMED_OUT);
  });

  it('answers 408, not 400, to a body that comes in too slowly', async () => {
    const answer = await sendSlowly(
      server,
      'POST /v1/teams HTTP/1.1\r\nHost: leerlus\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n',
      ' ',
    );
    expect(parse(answer)).toEqual(TIMED_OUT);
  });
});
