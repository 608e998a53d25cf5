import { JobName } from './job-name';
import { QueueName } from './queue-name';

/** The queue a job runs on; jobs not listed run on the periodic queue. */
const OWN_QUEUE: Partial<Record<JobName, QueueName>> = {
  [JobName.DeliverNotification]: QueueName.Notifications,
  [JobName.DispatchNotifications]: QueueName.Notifications,
  [JobName.ReconcileNotifications]: QueueName.Notifications,
};

export function queueOf(name: JobName): QueueName {
  return OWN_QUEUE[name] ?? QueueName.Periodic;
}
