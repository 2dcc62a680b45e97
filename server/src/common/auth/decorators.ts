import { createParamDecorator, type ExecutionContext, SetMetadata, applyDecorators } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { Role } from '@sansui/shared';
import type { AuthUser } from './auth-user';

export const IS_PUBLIC = 'sansui:public';
export const ROLES_KEY = 'sansui:roles';

/** No login needed. */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/** Only callers holding one of these roles. Without it, any logged-in caller may enter. */
export const Roles = (...roles: Role[]) =>
  applyDecorators(
    SetMetadata(ROLES_KEY, roles),
    ApiBearerAuth(),
    ApiUnauthorizedResponse({ description: 'UNAUTHENTICATED / TOKEN_INVALID' }),
    ApiForbiddenResponse({ description: 'FORBIDDEN' }),
  );

/** The logged-in caller. */
export const CurrentUser = createParamDecorator((_: unknown, ctx: ExecutionContext): AuthUser => ctx.switchToHttp().getRequest().user);
