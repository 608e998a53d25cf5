import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsEnum,
  IsOptional,
  IsString,
  IsUrl,
  IsUUID,
  MaxLength,
} from 'class-validator';
import { WebhookEventType } from '../webhook-event-type';
import { WEBHOOK_URL_MAX_LENGTH } from '../webhook-url-max-length';
import { IsWebhookSecret } from '../is-webhook-secret.validator';

export class CreateWebhookSubscriptionDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Defaults to your own organisation' })
  @IsOptional()
  @IsUUID()
  organisationId?: string;

  @ApiProperty({
    format: 'uri',
    maxLength: WEBHOOK_URL_MAX_LENGTH,
    example: 'https://example.nl/hooks/leerlus',
    description:
      'An https URL (http only when WEBHOOK_REQUIRE_HTTPS=false) on a public address: loopback, private, link-local and other internal addresses are refused, here and again at every delivery for what the host name then resolves to. Redirects are not followed. Stored and shown as it is sent, an RFC 3986 URI: as WHATWG URL parses it, without a fragment, with every character RFC 3986 does not allow percent-encoded (é is %C3%A9, | is %7C); a % not followed by two hexadecimal digits is refused. maxLength holds for that form too.',
  })
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true, require_tld: false })
  @MaxLength(WEBHOOK_URL_MAX_LENGTH)
  url!: string;

  @ApiProperty({
    enum: WebhookEventType,
    isArray: true,
    minItems: 1,
    maxItems: 7,
    uniqueItems: true,
    description: "Each event's body is in the callbacks of POST /webhook-subscriptions",
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(7)
  @ArrayUnique()
  @IsEnum(WebhookEventType, { each: true })
  events!: WebhookEventType[];

  @ApiPropertyOptional({
    minLength: 32,
    maxLength: 200,
    description: 'The signing secret; generated (and shown once) when left out',
  })
  @IsOptional()
  @IsWebhookSecret()
  secret?: string;

  @ApiPropertyOptional({ maxLength: 1000, nullable: true, type: String })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  description?: string | null;

  @ApiPropertyOptional({ default: true })
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}
