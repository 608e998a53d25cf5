import { JobName } from './job-name';

/** The data of each job that carries data; jobs not listed here (periodic ones) carry none. */
export interface JobPayloads {
  [JobName.DeliverNotification]: { notificationId: string };
}
