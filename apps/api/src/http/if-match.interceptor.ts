import type { Principal } from '@app/domain/access/principal';
import { DomainError } from '@app/domain/shared/domain.error';
import { ErrorCode } from '@app/domain/shared/error-code';
import { requestContext } from '@app/domain/shared/request-context';
import {
  CallHandler,
  ExecutionContext,
  Injectable,
  Logger,
  NestInterceptor,
  OnModuleInit,
  RequestMethod,
} from '@nestjs/common';
import {
  HTTP_CODE_METADATA,
  METHOD_METADATA,
  PATH_METADATA,
  ROUTE_ARGS_METADATA,
} from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { DiscoveryService } from '@nestjs/core';
import type { Request } from 'express';
import { catchError, from, Observable, switchMap, tap } from 'rxjs';
import { Actor } from './actor.decorator';

const WRITE_METHODS = new Set([RequestMethod.PATCH, RequestMethod.PUT, RequestMethod.DELETE]);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** One entity-tag of a list (RFC 9110 §8.8.3), and the comma after it. */
const ENTITY_TAG = /[ \t]*(W\/)?("[\x21\x23-\x7e\x80-\xff]*")[ \t]*(?:,|$)/y;

/** A single resource's read: `get(actor, id)`, its GET. */
type Read = (actor: Principal, id: string) => Promise<{ version?: unknown }>;

/** A write of a single resource: the path parameter naming it, and the read of its GET (null: none). */
interface ConditionalWrite {
  idParam: string;
  read: Read | null;
}

/** The route-argument key of `@Actor()` on a first parameter (createParamDecorator keys it by an id of its own). */
class ActorProbe {}
Actor()(ActorProbe.prototype, 'probe', 0);
const ACTOR_ARGUMENT = Object.keys(
  Reflect.getMetadata(ROUTE_ARGS_METADATA, ActorProbe, 'probe') as object,
)[0];

/**
 * If-Match on a PATCH, PUT or DELETE of a single resource, or on a POST action on one (a POST that
 * answers 200 at a path one step below it: `/notifications/{id}/retry` acts on `/notifications/{id}`;
 * a POST that answers 201 there creates a resource of its own and takes none), as RFC 9110 §13.1.1
 * asks of every method that changes state: the write goes on
 * only while the resource's current representation, as its GET gives it to this caller, has an
 * ETag the header names, compared strongly (a weak `W/"…"` tag never matches); `*` matches any
 * resource there is. Otherwise 412, naming the current ETag, and nothing changes. This only reads
 * and compares: it records what it found as the request's precondition, the version of the
 * representation that matched or null (none did, the caller may not read it, or there is no GET),
 * and lockForUpdate decides in the write's transaction, once the row is locked and the write has
 * checked who may see (404) and change it (403): a caller refused without If-Match is refused
 * alike with it (RFC 9110 §13.2.1), and a change made in between is a 412 too, never a lost update.
 * A resource without a GET of its own has no representation to match: only `*` does (otherwise
 * 412 after those checks). Without If-Match a write is as it was. Which GET reads each write's
 * resource is found once, at start, and its signature checked there: the api does not start if
 * one takes other arguments. test/if-match-every-write.e2e-spec.ts checks that every such write
 * locks its resource with lockForUpdate; one that does not is logged as an error here, and
 * UncheckedPreconditionSubscriber keeps it from committing while its If-Match matched nothing.
 */
@Injectable()
export class IfMatchInterceptor implements NestInterceptor, OnModuleInit {
  private readonly logger = new Logger('IfMatch');
  /** Each write handler of a single resource, and how to read that resource. */
  private readonly writes = new Map<object, ConditionalWrite>();

  constructor(private readonly discovery: DiscoveryService) {}

  onModuleInit(): void {
    const handlers = this.discovery.getControllers().flatMap(({ instance, metatype }) => {
      if (!instance || !metatype) return [];
      const prototype = metatype.prototype as Record<string, unknown>;
      const base = Reflect.getMetadata(PATH_METADATA, metatype) as unknown;
      return Object.getOwnPropertyNames(prototype)
        .filter((name) => name !== 'constructor' && typeof prototype[name] === 'function')
        .map((name) => {
          const handler = prototype[name] as object;
          const path = Reflect.getMetadata(PATH_METADATA, handler) as unknown;
          return {
            instance: instance as Record<string, Read>,
            metatype,
            name,
            handler,
            method: Reflect.getMetadata(METHOD_METADATA, handler) as unknown,
            status: Reflect.getMetadata(HTTP_CODE_METADATA, handler) as unknown,
            path: typeof path === 'string' && typeof base === 'string' ? joinPaths(base, path) : undefined,
          };
        });
    });
    for (const write of handlers) {
      const resource = write.path && resourceOf(write.method, write.status, write.path);
      if (!resource) continue;
      const get = handlers.find((h) => h.method === RequestMethod.GET && h.path === resource.path);
      if (get) assertReadsActorAndId(get.metatype, get.name, resource.idParam);
      this.writes.set(write.handler, {
        idParam: resource.idParam,
        read: get ? (actor, id) => get.instance[get.name].call(get.instance, actor, id) : null,
      });
    }
  }

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<Request & { principal?: Principal }>();
    const header = request.headers['if-match'];
    const write = this.writes.get(context.getHandler());
    if (header === undefined || !write) return next.handle();
    const tags = entityTags(header);
    const param = request.params[write.idParam];
    const id = typeof param === 'string' && UUID.test(param) ? param.toLowerCase() : undefined;
    // A malformed id is the UuidPipe's 400; `*`: the write answers 404 where there is nothing.
    if (tags === '*' || !id) return next.handle();
    const read = write.read;
    /** The representation as this caller's GET gives it now (null: there is no GET). */
    const current = () =>
      read ? this.current(request, read, request.principal as Principal, id) : Promise.resolve(null);
    return from(matchedVersion(current(), tags)).pipe(
      switchMap((version) => {
        const precondition = { id, version, checked: false };
        const perRequest = requestContext.getStore();
        if (perRequest) perRequest.precondition = precondition;
        return next.handle().pipe(
          tap(() => {
            // A write that never locked its resource with lockForUpdate could not compare the version
            // in its transaction. It is done by now: answering 500 would misreport it, so log it.
            if (!precondition.checked)
              this.logger.error(
                `${request.method} ${request.path} did not check its If-Match precondition (lockForUpdate)`,
              );
          }),
        );
      }),
      // The write refused it (lockForUpdate): name what it is now, as this caller may read it.
      catchError(async (error: unknown) => {
        if (!(error instanceof DomainError) || error.code !== ErrorCode.PreconditionFailed) throw error;
        if (error.extensions.currentEtag !== undefined) throw error;
        if (!read)
          throw new DomainError(
            error.code,
            'This resource has no representation of its own (no GET) to compare an entity tag with: ' +
              'send If-Match: * or none. Nothing was changed.',
            error.extensions,
          );
        // (Not readable now, or gone: the 412 stands without it.)
        const now = await current().catch(() => null);
        if (!now) throw error;
        throw new DomainError(error.code, error.detail, { ...error.extensions, currentEtag: now.etag });
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
}

/**
 * The version of the representation `current` gives when `tags` names its ETag; null when it names
 * another, there is none (no GET), or the caller may not read it (the write answers that refusal
 * itself, as it would without If-Match).
 */
async function matchedVersion(
  current: Promise<{ etag: string; version: number } | null>,
  tags: string[],
): Promise<number | null> {
  try {
    const representation = await current;
    return representation && tags.includes(representation.etag) ? representation.version : null;
  } catch (error) {
    if (error instanceof DomainError) return null;
    throw error;
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

/**
 * The single resource a write changes, by its path (and the parameter naming it): a PATCH, PUT or
 * DELETE of `lessons/:id` changes `lessons/:id`; a POST answering 200 at `notifications/:id/retry`
 * acts on `notifications/:id`. Undefined for any other write (a create, a POST to a collection).
 */
function resourceOf(
  method: unknown,
  status: unknown,
  path: string,
): { path: string; idParam: string } | undefined {
  const single = /(?:^|\/):(\w+)$/.exec(path);
  if (WRITE_METHODS.has(method as RequestMethod) && single) return { path, idParam: single[1] };
  const action = /^((?:.*\/)?:(\w+))\/[\w-]+$/.exec(path);
  if (method === RequestMethod.POST && status === 200 && action)
    return { path: action[1], idParam: action[2] };
  return undefined;
}

/** A controller's path and its handler's, as one (`notifications` and `:id` as `notifications/:id`). */
function joinPaths(...parts: string[]): string {
  return parts
    .map((part) => part.replace(/^\/+|\/+$/g, ''))
    .filter(Boolean)
    .join('/');
}

/** The GET at a write's path is called as `(actor, id)`: refuse to start when it takes anything else. */
function assertReadsActorAndId(controller: object, name: string, idParam: string): void {
  const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, name) ?? {}) as Record<
    string,
    { index: number; data?: unknown }
  >;
  const keys = Object.keys(args).sort();
  const expected = [ACTOR_ARGUMENT, `${RouteParamtypes.PARAM}:1`].sort();
  if (keys.join() !== expected.join() || args[`${RouteParamtypes.PARAM}:1`].data !== idParam)
    throw new Error(
      `${(controller as { name: string }).name}.${name}: If-Match reads the resource with its GET as ` +
        `(@Actor() actor, @Param('${idParam}') id); it takes other arguments`,
    );
}
