import type { Principal } from '@app/domain/access/principal';
import { DomainError } from '@app/domain/shared/domain.error';
import { ErrorCode } from '@app/domain/shared/error-code';
import { requestContext } from '@app/domain/shared/request-context';
import { CallHandler, ExecutionContext, Injectable, NestInterceptor, RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { ModuleRef } from '@nestjs/core';
import type { Request } from 'express';
import { catchError, from, Observable, switchMap, tap } from 'rxjs';

const WRITES = new Set(['PATCH', 'PUT', 'DELETE']);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** One entity-tag of a list (RFC 9110 §8.8.3), and the comma after it. */
const ENTITY_TAG = /[ \t]*(W\/)?("[\x21\x23-\x7e\x80-\xff]*")[ \t]*(?:,|$)/y;

/** A single resource's read: `get(actor, id)` beside its write, at the same path. */
type Read = (actor: Principal, id: string) => Promise<{ version?: unknown }>;

/**
 * If-Match on a PATCH, PUT or DELETE of a single resource (RFC 9110 §13.1.1): the write goes on
 * only while the resource's current representation, as its GET gives it to this caller, has an
 * ETag the header names, compared strongly (a weak `W/"…"` tag never matches); `*` matches any
 * resource there is. Otherwise 412, naming the current ETag, and nothing changes. The version of
 * the representation that matched goes to the write as its precondition: lockForUpdate compares
 * it when it locks the row, in the write's transaction, so a change made in between is a 412 too,
 * never a lost update. A resource without a GET of its own has no representation to match: only
 * `*` does. Without If-Match a write is as it was.
 */
@Injectable()
export class IfMatchInterceptor implements NestInterceptor {
  private readonly reads = new WeakMap<object, string | null>();

  constructor(private readonly moduleRef: ModuleRef) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<Request & { principal?: Principal }>();
    const header = request.headers['if-match'];
    const path: unknown = Reflect.getMetadata(PATH_METADATA, context.getHandler());
    const idParam = typeof path === 'string' ? /(?:^|\/):(\w+)$/.exec(path)?.[1] : undefined;
    if (header === undefined || !WRITES.has(request.method) || !idParam) return next.handle();
    const tags = entityTags(header);
    const param = request.params[idParam];
    const id = typeof param === 'string' && UUID.test(param) ? param.toLowerCase() : undefined;
    // A malformed id is the UuidPipe's 400; `*`: the write answers 404 where there is nothing.
    if (tags === '*' || !id) return next.handle();
    const read = this.readOf(context, path as string);
    if (!read)
      throw new DomainError(
        ErrorCode.PreconditionFailed,
        'This resource has no representation of its own (no GET) to compare an entity tag with: ' +
          'send If-Match: * or none. Nothing was changed.',
      );
    const current = (actor: Principal) => this.current(request, read, actor, id);
    return from(current(request.principal as Principal)).pipe(
      switchMap(({ etag, version }) => {
        if (!tags.includes(etag)) throw DomainError.preconditionFailed('The resource', { currentEtag: etag });
        const precondition = { id, version, checked: false };
        const perRequest = requestContext.getStore();
        if (perRequest) perRequest.precondition = precondition;
        return next.handle().pipe(
          tap(() => {
            // A write that never locked its resource with lockForUpdate could not compare the version.
            if (!precondition.checked)
              throw new Error(`${request.method} ${request.path} did not check its If-Match precondition`);
          }),
        );
      }),
      // Changed between the check above and the lock: name what it is now.
      catchError(async (error: unknown) => {
        if (!(error instanceof DomainError) || error.code !== ErrorCode.PreconditionFailed) throw error;
        if (error.extensions.currentEtag !== undefined) throw error;
        const { etag } = await current(request.principal as Principal);
        throw new DomainError(error.code, error.detail, { ...error.extensions, currentEtag: etag });
      }),
    );
  }

  /** The ETag of the representation GET gives (as Express computes it) and its version. */
  private async current(
    request: Request,
    read: Read,
    actor: Principal,
    id: string,
  ): Promise<{ etag: string; version: number }> {
    const representation = await read(actor, id);
    const etagOf = request.app.get('etag fn') as (body: string, encoding: string) => string;
    if (typeof representation.version !== 'number')
      throw new Error(`${request.path}: its representation has no version for If-Match`);
    return { etag: etagOf(JSON.stringify(representation), 'utf8'), version: representation.version };
  }

  /** The controller's GET handler at the write's path, bound to the controller; null: none. */
  private readOf(context: ExecutionContext, path: string): Read | null {
    const controller = context.getClass();
    const prototype = controller.prototype as Record<string, unknown>;
    if (!this.reads.has(context.getHandler())) {
      const name = Object.getOwnPropertyNames(prototype).find((key) => {
        const handler = prototype[key];
        return (
          typeof handler === 'function' &&
          Reflect.getMetadata(METHOD_METADATA, handler) === RequestMethod.GET &&
          Reflect.getMetadata(PATH_METADATA, handler) === path
        );
      });
      this.reads.set(context.getHandler(), name ?? null);
    }
    const name = this.reads.get(context.getHandler());
    if (!name) return null;
    const instance = this.moduleRef.get(controller, { strict: false }) as Record<string, Read>;
    return (actor, id) => instance[name].call(instance, actor, id);
  }
}

/**
 * `*`, or the strong entity-tags an If-Match lists (weak ones can never match: RFC 9110 §8.8.3.2);
 * 400 when it is neither.
 */
function entityTags(header: string): '*' | string[] {
  if (header.trim() === '*') return '*';
  const strong: string[] = [];
  ENTITY_TAG.lastIndex = 0;
  while (ENTITY_TAG.lastIndex < header.length) {
    const match = ENTITY_TAG.exec(header);
    if (!match) throw DomainError.invalid('If-Match', 'must be * or a list of entity tags, such as "3-abc"');
    if (!match[1]) strong.push(match[2]);
  }
  if (strong.length === 0 && !/"/.test(header))
    throw DomainError.invalid('If-Match', 'must be * or a list of entity tags, such as "3-abc"');
  return strong;
}
