import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock } from '../shared/clock';
import { DeliveryJob, DeliveryQueue } from './delivery-queue';
import { DeliverySettings } from './delivery-settings';

interface DueRow {
  id: string;
  due_at: Date;
  max_attempts: number;
}

const toJob = (row: DueRow): DeliveryJob => ({
  id: row.id,
  dueAt: row.due_at,
  maxAttempts: row.max_attempts,
});

/**
 * Moves the outbox into the queue. Postgres is the truth: a row is `pending` until a job for it
 * exists, then `queued`; the job id is the row id, so enqueueing twice never makes two jobs,
 * and the delivery's claim on the row prevents a second send in any case.
 */
@Injectable()
export class NotificationDispatcher {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly queue: DeliveryQueue,
    private readonly settings: DeliverySettings,
    private readonly clock: Clock,
  ) {}

  /**
   * Enqueues pending rows due within the lookahead window as delayed jobs and marks them queued.
   * Runs every few seconds, so a row written with dueAt = now goes out within seconds. Returns
   * how many rows it queued.
   */
  async dispatchDue(): Promise<number> {
    let total = 0;
    for (let round = 0; round < 20; round++) {
      const horizon = new Date(this.clock.now().getTime() + this.settings.lookaheadMs);
      // Rows about one subject (a session's reminders to each participant) side by side in the
      // queue, so their deliveries run together and share the subject's query.
      const rows: DueRow[] = await this.dataSource.query(
        `SELECT id, due_at, max_attempts FROM notifications
         WHERE status = 'pending' AND due_at <= $1 ORDER BY due_at, subject_id, id LIMIT $2`,
        [horizon, this.settings.batchSize],
      );
      if (rows.length === 0) break;
      // Replace: a re-planned row may still have a job with its old dueAt.
      await this.queue.enqueue(rows.map(toJob), true);
      // Only rows unchanged since the SELECT: a row re-planned meanwhile stays pending for the next
      // round. So does one a transaction holds (an edit planning it again): waiting for it, in
      // whatever order, deadlocked with edits that lock several rows.
      await this.dataSource.query(
        `UPDATE notifications n SET status = 'queued', updated_at = now()
         WHERE n.id IN (
           SELECT x.id FROM notifications x JOIN unnest($1::uuid[], $2::timestamptz[]) AS s(id, due_at)
             ON x.id = s.id AND x.due_at = s.due_at
           WHERE x.status = 'pending' FOR UPDATE OF x SKIP LOCKED)`,
        [rows.map((r) => r.id), rows.map((r) => r.due_at)],
      );
      total += rows.length;
      if (rows.length < this.settings.batchSize) break;
    }
    return total;
  }

  /**
   * Re-enqueues queued rows due within the window whose claim is not held: if Redis lost their
   * job (flushed, failed over), this restores it; if the job exists, adding it is a no-op.
   * A worker killed mid-delivery leaves a claim that expires, after which this picks the row up.
   */
  async reconcile(): Promise<number> {
    let total = 0;
    let after = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const now = this.clock.now();
      const rows: DueRow[] = await this.dataSource.query(
        `SELECT id, due_at, max_attempts FROM notifications
         WHERE status = 'queued' AND due_at <= $1 AND (claimed_until IS NULL OR claimed_until < $2) AND id > $3
         ORDER BY id LIMIT $4`,
        [new Date(now.getTime() + this.settings.lookaheadMs), now, after, this.settings.batchSize],
      );
      if (rows.length === 0) break;
      await this.queue.enqueue(rows.map(toJob), false);
      total += rows.length;
      after = rows[rows.length - 1].id;
      if (rows.length < this.settings.batchSize) break;
    }
    return total;
  }
}
