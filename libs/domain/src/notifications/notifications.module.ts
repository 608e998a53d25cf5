import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { NotificationEntity } from './notification.entity';
import { NotificationsService } from './notifications.service';
import { WebhookSubscriptionEntity } from './webhook-subscription.entity';
import { WebhookSubscriptionsService } from './webhook-subscriptions.service';

/** The api side of notifications: the delivery log and webhook subscriptions. */
@Module({
  imports: [TypeOrmModule.forFeature([NotificationEntity, WebhookSubscriptionEntity])],
  providers: [NotificationsService, WebhookSubscriptionsService],
  exports: [NotificationsService, WebhookSubscriptionsService],
})
export class NotificationsModule {}
