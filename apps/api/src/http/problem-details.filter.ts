import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Request, Response } from 'express';
import { ProblemDetails } from './problem-details';
import { problemType } from './problem-type';
import { toProblem } from './to-problem';

/**
 * Every error leaves as RFC 9457 problem details. Unexpected errors become a 500 that hides
 * internals and carries an error id that is also in the log.
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Problem');

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<Request>();
    const response = http.getResponse<Response>();
    sendProblem(error, request, response, this.logger);
  }
}

export function sendProblem(error: unknown, request: Request, response: Response, logger: Logger): void {
  const instance = (request.originalUrl ?? request.url ?? '').split('?')[0];
  const parts = toProblem(error);
  let body: ProblemDetails;
  if (parts) {
    body = {
      type: problemType(parts.code),
      title: parts.title,
      status: parts.status,
      detail: parts.detail,
      instance,
      ...(parts.extensions ?? {}),
    };
    if (parts.status === 503) {
      response.setHeader('Retry-After', '5');
      // The answer names no internals; the log keeps the cause (which host, which error) for the operator.
      logger.warn({ err: error, msg: `Answered 503: ${parts.detail}` });
    }
    // Failed authentications are counted per minute (AuthFailureLimiter).
    if (parts.status === 429) response.setHeader('Retry-After', '60');
    if (parts.status === 401) response.setHeader('WWW-Authenticate', 'Bearer');
  } else {
    const errorId = randomUUID();
    logger.error({ err: error, errorId }, `Unexpected error ${errorId}`);
    body = {
      type: problemType('internal'),
      title: 'Internal server error',
      status: 500,
      detail: `Something went wrong on our side. Quote error id ${errorId} when you report it.`,
      instance,
      errorId,
    };
  }
  if (response.headersSent) return;
  // A refusal or a passing outage is no answer to keep (a handler may have set caching for success).
  response.setHeader('Cache-Control', 'no-store');
  // Not by res.send, which gives every body an ETag: a validator of an error means nothing (none is
  // documented on one). One a handler set for the answer this replaces goes too.
  response.removeHeader('ETag');
  const text = JSON.stringify(body);
  response.status(body.status);
  response.setHeader('Content-Type', 'application/problem+json; charset=utf-8');
  response.setHeader('Content-Length', Buffer.byteLength(text));
  response.end(text);
}
