import { Injectable } from '@nestjs/common';

/** Timing of the delivery engine; a class so tests can provide shorter values. */
@Injectable()
export class DeliverySettings {
  /**
   * How far ahead the dispatcher enqueues rows as delayed jobs. Longer than the reconciler's
   * interval, so a reminder planned days ahead is waiting in Redis well before it is due and is
   * sent by the delayed job within milliseconds of its dueAt.
   */
  lookaheadMs = 2 * 60_000;
  /**
   * How long a delivery holds its row; a worker killed mid-delivery loses it after this and its
   * job runs again then, so an agenda due the shortest lead time (2 min) before its session still
   * goes before the session. A running delivery renews it every quarter of this (ClaimHeartbeat):
   * a send may wait on the network for longer (SMTP allows 30 s of silence per step).
   */
  claimMs = 60_000;
  /** First retry delay; BullMQ doubles it per attempt (30 s, 1 min, 2 min, 4 min, ...). */
  backoffMs = 30_000;
  /** Rows per dispatcher/reconciler round. */
  batchSize = 500;
}
