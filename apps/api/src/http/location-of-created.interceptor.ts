import { CallHandler, ExecutionContext, HttpStatus, NestInterceptor } from '@nestjs/common';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants';
import type { Request, Response } from 'express';
import { Observable, tap } from 'rxjs';
import { DocumentedPaths } from './documented-paths';

/**
 * A 201 names what it created: `Location` is the collection's path with the new id, when the
 * document has that path (a lesson's re-check has none of its own).
 */
export class LocationOfCreated implements NestInterceptor {
  constructor(private readonly paths: DocumentedPaths) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const http = context.switchToHttp();
    const request = http.getRequest<Request>();
    const status: number | undefined = Reflect.getMetadata(HTTP_CODE_METADATA, context.getHandler());
    const created =
      (status ?? (request.method === 'POST' ? HttpStatus.CREATED : HttpStatus.OK)) === HttpStatus.CREATED;
    return next.handle().pipe(
      tap((body) => {
        const id = (body as { id?: unknown } | null)?.id;
        if (!created || typeof id !== 'string') return;
        const location = `${request.path.replace(/\/$/, '')}/${encodeURIComponent(id)}`;
        // Only a URL that can be read: some created things can only be deleted by their own path.
        if (this.paths.methodsAt(location).has('GET'))
          http.getResponse<Response>().setHeader('Location', location);
      }),
    );
  }
}
