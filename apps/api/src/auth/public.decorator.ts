import { SetMetadata, createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { Principal } from '@app/access';

export const IS_PUBLIC = 'isPublic';
/** A route anyone may call without a token (login, health, docs). Every other route needs one. */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/** The authenticated caller set by the AuthGuard. */
export const Caller = createParamDecorator((_: unknown, ctx: ExecutionContext): Principal => ctx.switchToHttp().getRequest().principal);
