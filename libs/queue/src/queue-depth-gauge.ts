import { Gauge, Registry } from 'prom-client';
import { JobQueues } from './job-queue.service';
import { QueueName } from './queue-name';

const STATES = ['waiting', 'delayed', 'active', 'failed'] as const;

/** `leerlus_queue_jobs{queue,state}`: read from Redis at scrape time, from the api or the worker. */
export function registerQueueDepthGauge(registry: Registry, queues: JobQueues): void {
  new Gauge({
    name: 'leerlus_queue_jobs',
    help: 'Jobs per queue and state (waiting, delayed, active, failed)',
    labelNames: ['queue', 'state'],
    registers: [registry],
    async collect() {
      for (const name of Object.values(QueueName)) {
        try {
          // BullMQ's connection waits for Redis instead of failing; a scrape must not hang.
          const counts = await Promise.race([
            queues.queue(name).getJobCounts(...STATES),
            new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timeout')), 2_000).unref()),
          ]);
          for (const state of STATES) this.set({ queue: name, state }, counts[state] ?? 0);
        } catch {
          // Redis down: leave the last values; health reports the outage.
        }
      }
    },
  });
}
