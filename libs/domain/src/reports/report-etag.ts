import { createHash } from 'node:crypto';
import { QuarterlyReportDto } from './dto/quarterly-report.dto';

/**
 * A weak ETag of a report's figures in one representation: the same figures give the same tag,
 * whenever they were computed (`generatedAt` and `dataAsOf` left out), so a client that asks
 * again with `If-None-Match` gets 304 until a figure changes. HTML also depends on the reader's
 * language.
 */
export function reportEtag(report: QuarterlyReportDto, mediaType: string, locale: string): string {
  const { generatedAt: _generatedAt, dataAsOf: _dataAsOf, ...figures } = report;
  const hash = createHash('sha256')
    .update(JSON.stringify([mediaType, mediaType === 'text/html' ? locale : '', figures]))
    .digest('base64url')
    .slice(0, 27);
  return `W/"${hash}"`;
}
