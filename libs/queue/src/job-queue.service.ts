import { AppConfig } from '@app/config';
import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { JobsOptions, Queue } from 'bullmq';
import Redis from 'ioredis';
import { JobData } from './job-data';
import { JobName } from './job-name';
import { queueOf } from './job-queues';
import { QueueName } from './queue-name';
import { redisConnection } from './redis-connection';

/**
 * The producer side: one BullMQ Queue per queue name on one connection (maxRetriesPerRequest
 * null, as BullMQ requires), every key under REDIS_PREFIX. Job data is typed by job name.
 */
@Injectable()
export class JobQueues implements OnApplicationShutdown {
  private readonly connection: Redis;
  private readonly queues = new Map<QueueName, Queue>();

  constructor(private readonly config: AppConfig) {
    this.connection = redisConnection(config.REDIS_URL, 'bullmq');
  }

  get prefix(): string {
    return this.config.REDIS_PREFIX;
  }

  queue(name: QueueName): Queue {
    let queue = this.queues.get(name);
    if (!queue) {
      queue = new Queue(name, { connection: this.connection, prefix: this.prefix });
      // Errors reach the callers of add(); an unhandled 'error' event would crash the process.
      queue.on('error', () => undefined);
      this.queues.set(name, queue);
    }
    return queue;
  }

  /** Adds a job; with a jobId that exists already BullMQ keeps the existing job (no duplicate). */
  add<N extends JobName>(name: N, data: JobData<N>, opts?: JobsOptions) {
    return this.queue(queueOf(name)).add(name, data, opts);
  }

  addBulk<N extends JobName>(name: N, jobs: { data: JobData<N>; opts?: JobsOptions }[]) {
    return this.queue(queueOf(name)).addBulk(jobs.map((job) => ({ name, ...job })));
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([...this.queues.values()].map((queue) => queue.close()));
    this.connection.disconnect();
  }
}
