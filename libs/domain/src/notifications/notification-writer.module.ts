import { Global, Module } from '@nestjs/common';
import { NotificationWriter } from './notification-writer.service';
import { WebhookEventPlanner } from './webhook-event-planner.service';

@Global()
@Module({
  providers: [NotificationWriter, WebhookEventPlanner],
  exports: [NotificationWriter, WebhookEventPlanner],
})
export class NotificationWriterModule {}
