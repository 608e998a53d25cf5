import { applyDecorators } from '@nestjs/common';
import { IsString, Matches, MaxLength, MinLength } from 'class-validator';

/**
 * A signing secret a subscriber can keep in its configuration: 32 to 200 printable ASCII
 * characters without spaces (40 spaces signed everything with a secret nobody would notice).
 */
export function IsWebhookSecret(): PropertyDecorator {
  return applyDecorators(
    IsString(),
    MinLength(32),
    MaxLength(200),
    Matches(/^[\x21-\x7e]*$/, { message: 'secret must be printable ASCII characters without spaces' }),
  );
}
