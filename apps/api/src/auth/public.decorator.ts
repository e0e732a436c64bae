import { SetMetadata, createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { Principal } from '@app/access';

export const IS_PUBLIC = 'isPublic';
/** A route anyone may call without a token (login, health, docs). Every other route needs one. */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/** The authenticated caller set by the AuthGuard. */
export const Caller = createParamDecorator((_: unknown, ctx: ExecutionContext): Principal => ctx.switchToHttp().getRequest().principal);

export const DURING_PASSWORD_CHANGE = 'duringPasswordChange';
/** A route a user with a one-time password may still call (everything else is 403 until changed). */
export const DuringPasswordChange = () => SetMetadata(DURING_PASSWORD_CHANGE, true);

/** The session id of the caller's token (for logout). */
export const SessionId = createParamDecorator((_: unknown, ctx: ExecutionContext): string => ctx.switchToHttp().getRequest().sessionId);

/** Whether the caller's password is a one-time one (read with the session by the AuthGuard). */
export const MustChangePassword = createParamDecorator((_: unknown, ctx: ExecutionContext): boolean => ctx.switchToHttp().getRequest().mustChangePassword === true);
