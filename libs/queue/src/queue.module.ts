import { Global, Module } from '@nestjs/common';
import { JobQueues } from './job-queue.service';

@Global()
@Module({ providers: [JobQueues], exports: [JobQueues] })
export class QueueModule {}
