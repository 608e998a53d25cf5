/** Where a handler was found, for the boot-time check's message. */
export interface JobHandlerRef {
  jobName: string;
  /** e.g. `NotificationsProcessor.deliver` */
  owner: string;
}
