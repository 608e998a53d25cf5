import { JobName } from './job-name';
import { JobPayloads } from './job-payloads';

/** The typed data of a job: its payload, or an empty object for jobs without one. */
export type JobData<N extends JobName> = N extends keyof JobPayloads ? JobPayloads[N] : Record<string, never>;
