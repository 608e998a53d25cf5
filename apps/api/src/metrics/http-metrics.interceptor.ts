import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { Request, Response } from 'express';
import { Observable } from 'rxjs';
import { ApiMetrics } from './api-metrics.service';

/** Times every request by its route template (never the raw URL: ids and feed tokens stay out). */
@Injectable()
export class HttpMetricsInterceptor implements NestInterceptor {
  constructor(private readonly metrics: ApiMetrics) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const http = context.switchToHttp();
    const request = http.getRequest<Request>();
    const response = http.getResponse<Response>();
    const stop = this.metrics.requests.startTimer();
    response.once('finish', () =>
      stop({
        method: request.method,
        route: (request.route?.path as string | undefined) ?? 'unmatched',
        status: String(response.statusCode),
      }),
    );
    return next.handle();
  }
}
