import { ApiProperty } from '@nestjs/swagger';
import { WebhookSubscriptionDto } from './webhook-subscription.dto';

export class CreatedWebhookSubscriptionDto extends WebhookSubscriptionDto {
  @ApiProperty({
    description:
      'The HMAC-SHA256 signing secret. Shown only in this response; verify Leerlus-Signature with it.',
  })
  secret!: string;
}
