import { SetMetadata } from '@nestjs/common';
import { JobName } from './job-name';

export const ON_JOB = 'leerlus:on-job';

/** Marks a processor method as the handler of a job; the worker finds it at boot. */
export const OnJob = (name: JobName): MethodDecorator => SetMetadata(ON_JOB, name);
