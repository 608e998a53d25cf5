import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { Principal } from '@app/domain/access/principal';

/** The authenticated caller, set by the AuthGuard. */
export const Actor = createParamDecorator(
  (_data: unknown, ctx: ExecutionContext): Principal => ctx.switchToHttp().getRequest().principal,
);
