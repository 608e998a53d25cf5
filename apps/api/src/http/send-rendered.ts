import type { RenderedReport } from '@app/domain/reports/rendered-report';
import type { Response } from 'express';

/**
 * Sets the media type of a rendered report (and a download name for CSV) and its ETag (Express
 * answers 304 when `If-None-Match` has it, instead of hashing a body that holds the time), and
 * returns its body.
 */
export function sendRendered(res: Response, rendered: RenderedReport): object | string {
  res.vary('Accept');
  res.type(rendered.mediaType);
  if (rendered.etag) res.setHeader('ETag', rendered.etag);
  if (rendered.mediaType === 'text/csv')
    res.setHeader('Content-Disposition', `attachment; filename="${rendered.filename}"`);
  return rendered.body;
}
