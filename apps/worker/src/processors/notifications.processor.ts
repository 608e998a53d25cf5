import { DeliveryError } from '@app/domain/notifications/delivery.error';
import { NotificationDelivery } from '@app/domain/notifications/notification-delivery.service';
import { NotificationDispatcher } from '@app/domain/notifications/notification-dispatcher.service';
import { JobData, JobName, OnJob } from '@app/queue';
import { Injectable } from '@nestjs/common';
import { DelayedError, Job, UnrecoverableError } from 'bullmq';
import { WorkerMetrics } from '../metrics/worker-metrics.service';

/** The delivery engine's jobs; each calls one domain service and translates its outcome for BullMQ. */
@Injectable()
export class NotificationsProcessor {
  constructor(
    private readonly delivery: NotificationDelivery,
    private readonly dispatcher: NotificationDispatcher,
    private readonly metrics: WorkerMetrics,
  ) {}

  @OnJob(JobName.DeliverNotification)
  async deliver(job: Job<JobData<JobName.DeliverNotification>>, token?: string) {
    try {
      const result = await this.delivery.deliver(job.data.notificationId);
      if (result.outcome === 'not-due') {
        // Its dueAt moved later after it was queued: wait until then (same job, same id).
        await job.moveToDelayed(result.dueAt.getTime(), token);
        throw new DelayedError();
      }
      if (result.outcome === 'claimed') {
        // Held by another delivery (a worker killed mid-delivery, as when BullMQ hands its stalled
        // job here): run again when that claim lapses, not at the reconciler's next round.
        await job.moveToDelayed(result.until.getTime(), token);
        throw new DelayedError();
      }
      if (result.outcome === 'sent') {
        this.metrics.deliveryAttempts.inc({ channel: result.channel, outcome: 'sent' });
        this.metrics.reminderLag.observe({ kind: result.kind }, Math.max(0, result.lagMs) / 1000);
      }
      return result;
    } catch (error) {
      if (!(error instanceof DeliveryError)) throw error;
      this.metrics.deliveryAttempts.inc({ channel: error.channel, outcome: 'failed' });
      this.metrics.deliveryFailures.inc({ channel: error.channel, final: String(error.final) });
      // Final: the row is `failed` and waits for a person to retry it; BullMQ must not.
      throw error.final ? new UnrecoverableError(error.message) : error;
    }
  }

  @OnJob(JobName.DispatchNotifications)
  dispatch() {
    return this.dispatcher.dispatchDue();
  }

  @OnJob(JobName.ReconcileNotifications)
  reconcile() {
    return this.dispatcher.reconcile();
  }
}
