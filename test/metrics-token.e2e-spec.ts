import { AppConfig } from '@app/config';
import { createServer } from 'node:net';
import { Registry } from 'prom-client';
import { MetricsServer } from '../apps/worker/src/metrics/metrics-server';
import { WorkerMetrics } from '../apps/worker/src/metrics/worker-metrics.service';
import { bearer } from './support/fixtures';
import { startTestApp, TestApp } from './support/test-app';

const METRICS_TOKEN = 'scrape-0123456789abcdef0123456789abcdef';

/** With METRICS_TOKEN set, /metrics of the api and of the worker answer only a scrape that sends it. */
describe('/metrics with METRICS_TOKEN', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ env: { METRICS_TOKEN } });
  });
  afterAll(() => t.close());

  it('refuses a scrape of the api without the token, or with an API token, as a problem', async () => {
    for (const request of [
      t.http.get('/metrics'),
      t.http.get('/metrics').set(bearer(t.systemToken)),
      t.http.get('/metrics').set(bearer(`${METRICS_TOKEN}x`)),
    ]) {
      const refused = await request.expect(401);
      expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(refused.headers['www-authenticate']).toBe('Bearer');
      expect(refused.text).not.toContain('leerlus_http_request_duration_seconds');
    }
  });

  it('answers the api scrape that sends it', async () => {
    const scraped = await t.http.get('/metrics').set(bearer(METRICS_TOKEN)).expect(200);
    expect(scraped.headers['content-type']).toMatch(/^text\/plain/);
    expect(scraped.text).toContain('leerlus_http_request_duration_seconds');
  });

  it('answers the worker scrape that sends it, and refuses the others', async () => {
    const port = await freePort();
    const config = Object.assign(Object.create(AppConfig.prototype), t.config, {
      WORKER_METRICS_PORT: port,
      METRICS_TOKEN,
    }) as AppConfig;
    const registry = new Registry();
    registry.setDefaultLabels({ process: 'worker' });
    const server = new MetricsServer(config, { registry } as WorkerMetrics);
    await server.onApplicationBootstrap();
    try {
      const scrape = (authorization?: string) =>
        fetch(`http://127.0.0.1:${port}/metrics`, { headers: authorization ? { authorization } : {} });
      for (const authorization of [undefined, `Bearer ${t.systemToken}`, `Basic ${METRICS_TOKEN}`]) {
        const refused = await scrape(authorization);
        expect([authorization, refused.status, refused.headers.get('www-authenticate')]).toEqual([
          authorization,
          401,
          'Bearer',
        ]);
      }
      expect((await scrape(`Bearer ${METRICS_TOKEN}`)).status).toBe(200);
    } finally {
      await server.onApplicationShutdown();
    }
  });
});

/** A port nothing listens on now. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer().once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}
