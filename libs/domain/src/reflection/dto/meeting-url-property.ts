import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsUrl, MaxLength } from 'class-validator';
import { MEETING_URL_MAX_LENGTH } from '../meeting-url-max-length';

/** A series' `meetingUrl`, as creating and changing one take it (stored as requireUri makes it). */
export function MeetingUrlProperty(): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({
      maxLength: MEETING_URL_MAX_LENGTH,
      nullable: true,
      type: String,
      format: 'uri',
      description:
        'An http or https URL. Stored and shown as an RFC 3986 URI: as WHATWG URL parses it (host in lower case), with every character RFC 3986 does not allow percent-encoded (ü is %C3%BC, | is %7C); a % not followed by two hexadecimal digits is refused. maxLength holds for that form too.',
    }),
    IsOptional(),
    IsUrl({ protocols: ['https', 'http'], require_protocol: true }),
    MaxLength(MEETING_URL_MAX_LENGTH),
  );
}
