import { JobQueues, registerQueueDepthGauge } from '@app/queue';
import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Histogram, Registry } from 'prom-client';

/** The api's Prometheus metrics in its own registry: process, HTTP requests and queue depths. */
@Injectable()
export class ApiMetrics {
  readonly registry = new Registry();

  readonly requests = new Histogram({
    name: 'leerlus_http_request_duration_seconds',
    help: 'HTTP requests by method, route template and status',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });

  constructor(queues: JobQueues) {
    this.registry.setDefaultLabels({ process: 'api' });
    collectDefaultMetrics({ register: this.registry, prefix: 'leerlus_api_' });
    registerQueueDepthGauge(this.registry, queues);
  }
}
