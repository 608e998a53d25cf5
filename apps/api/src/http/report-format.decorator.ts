import { ReportFormat } from '@app/domain/reports/report-format';
import { createParamDecorator, ExecutionContext, NotAcceptableException } from '@nestjs/common';
import type { Request } from 'express';
import { bestMediaType } from './best-media-type';

const MEDIA_TYPES: Record<string, ReportFormat> = {
  'application/json': ReportFormat.Json,
  'text/csv': ReportFormat.Csv,
  'text/html': ReportFormat.Html,
};

/**
 * The representation a report request asks for: the `format` query parameter when it is valid
 * (the query DTO refuses invalid ones), else the best match of the Accept header (JSON when
 * anything goes); 406 when Accept allows none of JSON, CSV and HTML.
 */
export const ReportFormatParam = createParamDecorator(
  (_data: unknown, ctx: ExecutionContext): ReportFormat => {
    const request = ctx.switchToHttp().getRequest<Request>();
    const format = request.query.format;
    if (typeof format === 'string' && (Object.values(ReportFormat) as string[]).includes(format))
      return format as ReportFormat;
    const accept = request.headers.accept;
    const best = accept === undefined ? 'application/json' : bestMediaType(accept, Object.keys(MEDIA_TYPES));
    if (!best)
      throw new NotAcceptableException(
        'This resource is available as application/json, text/csv and text/html (or use ?format=json|csv|html).',
      );
    return MEDIA_TYPES[best];
  },
);
