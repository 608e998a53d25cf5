import type { RenderedReport } from '@app/domain/reports/rendered-report';
import type { Response } from 'express';

/** Sets the media type of a rendered report (and a download name for CSV) and returns its body. */
export function sendRendered(res: Response, rendered: RenderedReport): object | string {
  res.vary('Accept');
  res.type(rendered.mediaType);
  if (rendered.mediaType === 'text/csv')
    res.setHeader('Content-Disposition', `attachment; filename="${rendered.filename}"`);
  return rendered.body;
}
