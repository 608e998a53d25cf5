import { createHash } from 'node:crypto';
import { QuarterlyReportDto } from './dto/quarterly-report.dto';

/** The moment a report is rendered with for its tag: the same for every computation. */
const ANY_MOMENT = '2000-01-01T00:00:00.000Z';

/**
 * A weak ETag of a report in one representation, taken over that representation as rendered with
 * `generatedAt` and `dataAsOf` set to one fixed moment: the same figures give the same tag whenever
 * they were computed, so a client that asks again with `If-None-Match` gets 304 until a figure
 * changes, and a release that renders them otherwise (or another language) gives another tag.
 */
export function reportEtag(
  report: QuarterlyReportDto,
  mediaType: string,
  render: (report: QuarterlyReportDto) => object | string,
): string {
  const body = render({ ...report, generatedAt: ANY_MOMENT, dataAsOf: ANY_MOMENT });
  const hash = createHash('sha256')
    .update(mediaType)
    .update('\n')
    .update(typeof body === 'string' ? body : JSON.stringify(body))
    .digest('base64url')
    .slice(0, 27);
  return `W/"${hash}"`;
}
