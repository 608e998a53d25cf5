import { AddressInfo } from 'node:net';
import { createServer, Server } from 'node:http';
import { ProcessMonitor } from './process-monitor';
import { runScenario } from './run-scenario';
import { Scenario } from './scenario';

// A stand-in api: the harness is tested on real HTTP, without the endpoints it will measure.
function fakeApi(): Promise<{ server: Server; baseUrl: string; bodies: string[] }> {
  const bodies: string[] = [];
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      const send = (status: number, value: unknown) => {
        response.writeHead(status, { 'content-type': 'application/json' });
        response.end(JSON.stringify(value));
      };
      if (request.headers.authorization !== 'Bearer secret') return send(401, { detail: 'no token' });
      const path = request.url!.split('?')[0];
      if (request.method === 'GET' && path === '/v1/things') return send(200, { items: [] });
      if (request.method === 'POST' && path === '/v1/things') {
        bodies.push(body);
        const parsed = JSON.parse(body);
        if ('teamId' in parsed)
          return send(400, {
            detail: 'invalid',
            invalidParams: [{ name: 'teamId', reason: 'is not a known property' }],
          });
        return send(201, parsed);
      }
      if (path === '/v1/broken') return send(422, { detail: 'chainId does not exist in your organisation' });
      if (path === '/v1/gone') return send(404, { detail: 'Incident 123 was not found' });
      send(404, { detail: `Cannot ${request.method} ${request.url}` });
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ server, baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, bodies }),
    ),
  );
}

const scenario = (method: 'GET' | 'POST', extra: Partial<Scenario> = {}): Scenario => ({
  key: 'things',
  title: 'Things',
  method,
  as: 'lead',
  connections: 2,
  prepare: async () => ({ paths: [] }),
  ...extra,
});

describe('runScenario', () => {
  let api: Awaited<ReturnType<typeof fakeApi>>;
  const options = () => ({ baseUrl: api.baseUrl, token: 'secret', seconds: 1, warmupSeconds: 0 });

  beforeAll(async () => (api = await fakeApi()));
  afterAll(() => new Promise((resolve) => api.server.close(resolve)));

  it('measures latency percentiles, throughput and status codes', async () => {
    const monitor = new ProcessMonitor(process.pid);
    const result = await runScenario(
      scenario('GET', { target: { metric: 'p95', value: 1000, text: 'p95 ≤ 1 s' } }),
      { paths: ['/v1/things?a=1', '/v1/things?a=2'] },
      { ...options(), monitor },
    );
    expect(result.status).toBe('measured');
    expect(result.requests).toBeGreaterThan(10);
    expect(result.statusCodes).toEqual({ 200: result.requests });
    expect(result.non2xx).toBe(0);
    const l = result.latencyMs!;
    expect(l.p50).toBeGreaterThan(0);
    expect(l.p50).toBeLessThanOrEqual(l.p95);
    expect(l.p95).toBeLessThanOrEqual(l.p99);
    expect(l.p99).toBeLessThanOrEqual(l.max);
    expect(result.meetsTarget).toBe(true);
    expect(result.api!.peakRssMiB).toBeGreaterThan(10);
    expect(result.apiCpuMsPerRequest).toBeGreaterThan(0);
  });

  it('drops body properties the api refuses as unknown, and says so', async () => {
    const bodies = [JSON.stringify({ title: 'a', teamId: 't' }), JSON.stringify({ title: 'b', teamId: 't' })];
    api.bodies.length = 0;
    const result = await runScenario(scenario('POST'), { paths: ['/v1/things'], bodies }, options());
    expect(result.status).toBe('measured');
    expect(result.note).toMatch(/dropped: teamId/);
    expect(result.non2xx).toBe(0);
    expect(api.bodies.slice(-5).every((body) => !body.includes('teamId'))).toBe(true);
    expect(new Set(api.bodies.slice(-10)).size).toBe(2);
  });

  it('reports a route that does not exist as not available instead of measuring 404s', async () => {
    const result = await runScenario(
      scenario('GET'),
      { paths: ['/v1/reports/quarterly?year=2026'] },
      options(),
    );
    expect(result).toMatchObject({
      status: 'not-available',
      reason: 'no such route yet (404 on GET /v1/reports/quarterly)',
    });
    expect(result.requests).toBeUndefined();
  });

  it('reports a missing resource and other error answers with the api’s detail', async () => {
    expect(await runScenario(scenario('GET'), { paths: ['/v1/gone'] }, options())).toMatchObject({
      status: 'not-available',
      reason: '404 on GET /v1/gone: Incident 123 was not found',
    });
    expect(await runScenario(scenario('GET'), { paths: ['/v1/broken'] }, options())).toMatchObject({
      status: 'failed',
      reason: 'probe answered 422: chainId does not exist in your organisation',
    });
    expect(
      await runScenario(scenario('GET'), { paths: ['/v1/things'] }, { ...options(), token: 'wrong' }),
    ).toMatchObject({ status: 'failed', reason: 'probe answered 401: no token' });
  });

  it('passes on why a scenario cannot be prepared', async () => {
    expect(await runScenario(scenario('GET'), { unavailable: 'no feed token' }, options())).toMatchObject({
      status: 'not-available',
      reason: 'no feed token',
    });
  });
});
