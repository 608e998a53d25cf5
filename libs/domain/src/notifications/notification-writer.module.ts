import { Global, Module } from '@nestjs/common';
import { NotificationWriter } from './notification-writer.service';

@Global()
@Module({ providers: [NotificationWriter], exports: [NotificationWriter] })
export class NotificationWriterModule {}
