/** A report in the representation asked for, ready to send. */
export interface RenderedReport {
  /** application/json, text/csv or text/html */
  mediaType: string;
  body: object | string;
  /** A file name for downloads (Content-Disposition). */
  filename: string;
  /** A weak ETag of the figures, the same while they are (reportEtag); without it, one of the body. */
  etag?: string;
}
