import { DynamicModule, Module, Provider } from '@nestjs/common';
import { IncidentsModule } from '../incidents/incidents.module';
import { EscalationRecipients } from '../actions/escalation-recipients.service';
import { DeliverySettings } from './delivery-settings';
import { EmailContextLoader } from './email/email-context-loader.service';
import { MailSender } from './email/mail-sender.service';
import { NotificationDelivery } from './notification-delivery.service';
import { EscalationReaddress } from './escalation-readdress.service';
import { NotificationDispatcher } from './notification-dispatcher.service';
import { NotificationWriter } from './notification-writer.service';
import { WebhookSender } from './webhook-sender.service';

/**
 * The delivery side of the outbox, for the worker. The importing app provides DeliveryQueue
 * (the worker's BullMQ adapter) through `forRoot`.
 */
@Module({})
export class NotificationDeliveryModule {
  static forRoot(queueProvider: Provider): DynamicModule {
    const providers = [
      DeliverySettings,
      EmailContextLoader,
      MailSender,
      WebhookSender,
      NotificationDelivery,
      NotificationDispatcher,
      // An escalation's recipients are asked again when it is sent, and new ones planned.
      EscalationRecipients,
      EscalationReaddress,
      NotificationWriter,
      queueProvider,
    ];
    return {
      module: NotificationDeliveryModule,
      // The confidentiality rule, for what an e-mail may say to its recipient.
      imports: [IncidentsModule],
      providers,
      exports: [NotificationDelivery, NotificationDispatcher, DeliverySettings],
    };
  }
}
