import { DeliveryJob, DeliveryQueue } from '@app/domain/notifications/delivery-queue';
import { DeliverySettings } from '@app/domain/notifications/delivery-settings';
import { JobName, JobQueues, QueueName } from '@app/queue';
import { Injectable } from '@nestjs/common';

/**
 * The dispatcher's queue: one delayed `deliver-notification` job per row, job id = row id.
 * Jobs are removed when they complete or finally fail, so the reconciler can add the row again
 * later; while a job exists, adding the same id is a no-op in BullMQ.
 */
@Injectable()
export class BullmqDeliveryQueue extends DeliveryQueue {
  constructor(
    private readonly queues: JobQueues,
    private readonly settings: DeliverySettings,
  ) {
    super();
  }

  async enqueue(jobs: DeliveryJob[], replace: boolean): Promise<void> {
    if (replace) {
      const queue = this.queues.queue(QueueName.Notifications);
      // remove() leaves an active (locked) job alone; the delivery's claim handles that case.
      await Promise.all(jobs.map((job) => queue.remove(job.id).catch(() => 0)));
    }
    const now = Date.now();
    await this.queues.addBulk(
      JobName.DeliverNotification,
      jobs.map((job) => ({
        data: { notificationId: job.id },
        opts: {
          jobId: job.id,
          delay: Math.max(0, job.dueAt.getTime() - now),
          // The row counts attempts and decides when to give up; BullMQ retries until then.
          attempts: Math.max(1, job.maxAttempts),
          backoff: { type: 'exponential', delay: this.settings.backoffMs },
          removeOnComplete: true,
          removeOnFail: true,
        },
      })),
    );
  }
}
