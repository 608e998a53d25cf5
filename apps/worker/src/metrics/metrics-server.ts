import { AppConfig, metricsScrapeAllowed } from '@app/config';
import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { createServer, Server } from 'node:http';
import { WorkerMetrics } from './worker-metrics.service';

/**
 * The worker has no api; Prometheus scrapes GET /metrics on WORKER_METRICS_PORT (0: off), with
 * METRICS_TOKEN when that is set.
 */
@Injectable()
export class MetricsServer implements OnApplicationBootstrap, OnApplicationShutdown {
  private server?: Server;
  private readonly logger = new Logger('MetricsServer');

  constructor(
    private readonly config: AppConfig,
    private readonly metrics: WorkerMetrics,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.WORKER_METRICS_PORT === 0) return;
    this.server = createServer((req, res) => {
      if (req.method !== 'GET' || req.url !== '/metrics') {
        res.writeHead(404).end();
        return;
      }
      if (!metricsScrapeAllowed(req.headers.authorization, this.config.METRICS_TOKEN)) {
        res.writeHead(401, { 'WWW-Authenticate': 'Bearer' }).end();
        return;
      }
      this.metrics.registry
        .metrics()
        .then((body) => res.writeHead(200, { 'Content-Type': this.metrics.registry.contentType }).end(body))
        .catch(() => res.writeHead(500).end());
    });
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject).listen(this.config.WORKER_METRICS_PORT, () => resolve());
    });
    this.logger.log(`Metrics on :${this.config.WORKER_METRICS_PORT}/metrics`);
  }

  async onApplicationShutdown(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server!.close(resolve));
  }

  /** The port actually listened on (for tests that ask for a random one). */
  get port(): number | undefined {
    const address = this.server?.address();
    return typeof address === 'object' && address ? address.port : undefined;
  }
}
