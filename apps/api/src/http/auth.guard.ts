import { API_TOKEN_PATTERN } from '@app/config';
import type { Principal } from '@app/domain/access/principal';
import { ApiTokensService } from '@app/domain/governance/api-tokens.service';
import { DomainError } from '@app/domain/shared/domain.error';
import { ErrorCode } from '@app/domain/shared/error-code';
import { requestContext } from '@app/domain/shared/request-context';
import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { AuthFailureLimiter } from './auth-failure-limiter';
import { IS_PUBLIC } from './public.decorator';
import { ORGANISATION_WORK } from './organisation-work.decorator';
import { authFailureScope } from './auth-failure-scope';

/** Every route needs a valid Bearer API token unless it is marked @Public(). */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: ApiTokensService,
    private readonly limiter: AuthFailureLimiter,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()]))
      return true;
    const request = context.switchToHttp().getRequest<Request & { principal?: unknown }>();
    const principal = await this.authenticate(request);
    if (
      principal.systemAdmin &&
      this.reflector.getAllAndOverride<boolean>(ORGANISATION_WORK, [context.getHandler(), context.getClass()])
    )
      throw new DomainError(
        ErrorCode.Forbidden,
        "The system administrator manages organisations, not their work: an organisation's own people and admins do that.",
      );
    request.principal = principal;
    // Who makes the changes of this request, for the audit events triggers write (AuditActorSubscriber).
    const perRequest = requestContext.getStore();
    if (perRequest) perRequest.actorId = principal.personId;
    return true;
  }

  /**
   * The caller of a request, by its Bearer token: 401 without a valid one, 429 while its address
   * is blocked. Also asked by authenticateBeforeRefusing, for requests refused before the router.
   */
  async authenticate(request: Request): Promise<Principal> {
    // Counted per IPv4 address or IPv6 /64 network (authFailureScope).
    const address = authFailureScope(request.ip ?? 'unknown');
    const header = request.headers.authorization ?? '';
    // The scheme's name is case-insensitive (RFC 9110 §11.1).
    const credentials = /^Bearer (.*)$/i.exec(header)?.[1];
    const token = credentials && API_TOKEN_PATTERN.test(credentials) ? credentials : undefined;
    // A blocked address may go on only with a token that worked from it before the block.
    if ((await this.limiter.isBlocked(address)) && !(token && this.limiter.knownValid(address, token))) {
      throw new DomainError(
        ErrorCode.RateLimited,
        'Too many failed authentication attempts from your address; wait a minute.',
      );
    }
    const principal = token ? await this.tokens.authenticate(token) : null;
    if (!principal) {
      await this.limiter.recordFailure(address);
      throw new DomainError(
        ErrorCode.Unauthenticated,
        header
          ? 'The API token is unknown, revoked or expired.'
          : 'Send an API token: Authorization: Bearer <token>.',
      );
    }
    this.limiter.rememberValid(address, token as string);
    return principal;
  }
}
