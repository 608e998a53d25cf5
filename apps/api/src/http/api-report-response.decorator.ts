import { applyDecorators, HttpStatus, Type } from '@nestjs/common';
import { ApiExtraModels, ApiResponse, getSchemaPath } from '@nestjs/swagger';

const CSV =
  'text/csv: one figure per row `section;figure;dimension;value` after a header row, for Dutch Excel: ' +
  'UTF-8 with a byte order mark, semicolon-separated, a decimal comma in fractions (0,75), CRLF line ends, ' +
  'empty value for null. Breakdowns have one row per enum value; the previous quarter follows with ' +
  'sections prefixed `previous.`.';
const HTML =
  "text/html: a printable one-page report in the reader's language (nl by default, en) with inline SVG " +
  'charts (incidents by severity and by public attention, the learning funnel, protected-time ratio against ' +
  'the previous quarter); no scripts.';

/** Documents a report response available as JSON (`model`), CSV and HTML. */
export function ApiReportResponse(
  model: Type<unknown>,
  description: string,
  status = HttpStatus.OK,
): MethodDecorator {
  return applyDecorators(
    ApiExtraModels(model),
    ApiResponse({
      status,
      description: `${description}. Choose the representation with Accept or \`format\`. ${CSV} ${HTML}`,
      content: {
        'application/json': { schema: { $ref: getSchemaPath(model) } },
        'text/csv': {
          schema: { type: 'string' },
          example:
            '\uFEFFsection;figure;dimension;value\r\nincidents;total;;12\r\nlearning;learningRate;;0,75\r\n',
        },
        'text/html': { schema: { type: 'string' } },
      },
    }),
    ApiResponse({
      status: HttpStatus.NOT_ACCEPTABLE,
      description: 'Accept allows none of JSON, CSV and HTML',
    }),
  ) as MethodDecorator;
}
