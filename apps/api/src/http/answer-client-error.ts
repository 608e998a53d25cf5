import type { Duplex } from 'node:stream';
import { API_VERSION } from './api-version';
import { problemType } from './problem-type';

interface Refusal {
  status: number;
  reason: string;
  type: string;
  title: string;
  detail: string;
}

const HEADERS_TOO_LARGE: Refusal = {
  status: 431,
  reason: 'Request Header Fields Too Large',
  type: 'headers-too-large',
  title: 'Request header fields too large',
  detail: 'The URL or headers are larger than 16 KB.',
};

const TIMED_OUT: Refusal = {
  status: 408,
  reason: 'Request Timeout',
  type: 'request-timeout',
  title: 'Request timeout',
  detail: 'The request was not received in time; send it again.',
};

const NOT_HTTP: Refusal = {
  status: 400,
  reason: 'Bad Request',
  type: 'bad-request',
  title: 'Bad request',
  detail: 'The request is not valid HTTP.',
};

/**
 * Answers a request Node refuses before Express sees it (headers or URL over 16 KB, malformed
 * HTTP, sent too slowly) with problem details, never a bare socket error. Too slow is 408, not
 * 400: Node raises ERR_HTTP_REQUEST_TIMEOUT past both headersTimeout and requestTimeout, and a 400
 * tells clients and proxies that the request itself is wrong, so they would not send it again.
 */
export function answerClientError(error: NodeJS.ErrnoException, socket: Duplex): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const refusal =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? HEADERS_TOO_LARGE
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? TIMED_OUT
        : NOT_HTTP;
  const body = JSON.stringify({
    type: problemType(refusal.type),
    title: refusal.title,
    status: refusal.status,
    detail: refusal.detail,
    // No instance: Node names no path for a request it did not read (RFC 9457 makes it optional).
  });
  socket.end(
    `HTTP/1.1 ${refusal.status} ${refusal.reason}\r\n` +
      `Content-Type: application/problem+json\r\nAPI-Version: ${API_VERSION}\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}
