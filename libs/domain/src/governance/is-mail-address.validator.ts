import { applyDecorators } from '@nestjs/common';
import { isEmail, MaxLength, ValidateBy } from 'class-validator';
import { MAIL_ADDRESS_PATTERN } from './mail-address-pattern';

/**
 * An e-mail address that mail and calendar items carry as it is: `"a;b,c"@x.nl` went into a To:
 * header as two recipients, and `jürgen@bücher.example` as raw 8-bit bytes (RFC 5322 wants ASCII).
 */
export function IsMailAddress(): PropertyDecorator {
  return applyDecorators(
    ValidateBy({
      name: 'isMailAddress',
      validator: {
        validate: (value: unknown) =>
          typeof value === 'string' &&
          MAIL_ADDRESS_PATTERN.test(value) &&
          isEmail(value, { allow_ip_domain: false, allow_utf8_local_part: false }),
        defaultMessage: () =>
          "email must be an e-mail address in ASCII: letters, digits and .!$'*+_~- before the @, a domain name after it (in its xn-- form)",
      },
    }),
    MaxLength(320),
  );
}
