import { ApiTokensService } from '@app/domain/governance/api-tokens.service';
import { DomainError } from '@app/domain/shared/domain.error';
import { ErrorCode } from '@app/domain/shared/error-code';
import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { AuthFailureLimiter } from './auth-failure-limiter';
import { IS_PUBLIC } from './public.decorator';

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
    const address = request.ip ?? 'unknown';
    const header = request.headers.authorization ?? '';
    const match = /^Bearer ([A-Za-z0-9_\-.~+/]{20,200}=*)$/.exec(header);
    const principal = match ? await this.tokens.authenticate(match[1]) : null;
    if (!principal) {
      // Only failures are limited: colleagues behind the same address (a ministry's proxy) keep
      // working with their tokens while someone there guesses.
      if (await this.limiter.isBlocked(address)) {
        throw new DomainError(
          ErrorCode.RateLimited,
          'Too many failed authentication attempts from your address; wait a minute.',
        );
      }
      await this.limiter.recordFailure(address);
      throw new DomainError(
        ErrorCode.Unauthenticated,
        header
          ? 'The API token is unknown, revoked or expired.'
          : 'Send an API token: Authorization: Bearer <token>.',
      );
    }
    request.principal = principal;
    return true;
  }
}
