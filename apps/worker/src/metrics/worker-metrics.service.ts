import { JobQueues, registerQueueDepthGauge } from '@app/queue';
import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

/** The worker's Prometheus metrics, in its own registry (the api in the same process has another). */
@Injectable()
export class WorkerMetrics {
  readonly registry = new Registry();

  readonly jobs = new Counter({
    name: 'leerlus_jobs_total',
    help: 'Jobs run by the worker, by job name and outcome (completed, failed, delayed)',
    labelNames: ['name', 'outcome'],
    registers: [this.registry],
  });

  readonly deliveryAttempts = new Counter({
    name: 'leerlus_delivery_attempts_total',
    help: 'Delivery attempts by channel and outcome (sent, failed, skipped)',
    labelNames: ['channel', 'outcome'],
    registers: [this.registry],
  });

  readonly deliveryFailures = new Counter({
    name: 'leerlus_delivery_failures_total',
    help: 'Failed delivery attempts by channel; final = the notification is now failed',
    labelNames: ['channel', 'final'],
    registers: [this.registry],
  });

  readonly reminderLag = new Histogram({
    name: 'leerlus_notification_lag_seconds',
    help: 'sentAt - dueAt of delivered notifications, by kind',
    labelNames: ['kind'],
    buckets: [0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 300, 900, 3600],
    registers: [this.registry],
  });

  constructor(queues: JobQueues) {
    this.registry.setDefaultLabels({ process: 'worker' });
    collectDefaultMetrics({ register: this.registry, prefix: 'leerlus_worker_' });
    registerQueueDepthGauge(this.registry, queues);
  }
}
