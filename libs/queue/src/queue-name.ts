/** The BullMQ queues. Delivery has its own queue so slow domain jobs never delay a message. */
export enum QueueName {
  /** deliver-notification and the dispatcher/reconciler that feed it. */
  Notifications = 'notifications',
  /** Periodic domain jobs (horizon, agendas, escalations, quarter close, reporters' sight). */
  Periodic = 'periodic',
}
