/** A row to hand to the queue: its id becomes the job id, so adding it twice adds one job. */
export interface DeliveryJob {
  id: string;
  dueAt: Date;
  maxAttempts: number;
}

/**
 * The port through which the dispatcher hands due rows to the job queue. Domain code never
 * talks to Redis itself; the worker provides the BullMQ implementation.
 */
export abstract class DeliveryQueue {
  /**
   * Enqueues each row as a job delayed until its dueAt. With `replace`, a waiting or delayed
   * job of the same id is replaced (its dueAt may have changed); otherwise an existing job is
   * kept as it is.
   */
  abstract enqueue(jobs: DeliveryJob[], replace: boolean): Promise<void>;
}
