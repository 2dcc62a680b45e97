import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { isRole } from '@sansui/shared';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { AppException } from '../errors/app-exception';
import type { AuthUser } from './auth-user';

interface TokenClaims {
  sub: number;
  kind: AuthUser['kind'];
  roles: string[];
  dept: number | null;
  /** Staff WeChat binding the token was issued through. */
  bnd?: number;
}

/** Issues and checks the bearer tokens (HS256 JWT). */
@Injectable()
export class TokenService {
  constructor(
    private readonly jwt: JwtService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  issue(user: AuthUser): string {
    const claims: TokenClaims = { sub: user.id, kind: user.kind, roles: user.roles, dept: user.departmentId };
    if (user.bindingId !== undefined) claims.bnd = user.bindingId;
    return this.jwt.sign(claims, { secret: this.config.jwt.secret, expiresIn: this.config.jwt.ttlSeconds, algorithm: 'HS256' });
  }

  verify(token: string): AuthUser {
    let claims: TokenClaims;
    try {
      claims = this.jwt.verify<TokenClaims>(token, { secret: this.config.jwt.secret, algorithms: ['HS256'] });
    } catch {
      throw new AppException('TOKEN_INVALID');
    }
    if (typeof claims.sub !== 'number' || (claims.kind !== 'resident' && claims.kind !== 'staff') || !Array.isArray(claims.roles))
      throw new AppException('TOKEN_INVALID');
    const user: AuthUser = { id: claims.sub, kind: claims.kind, roles: claims.roles.filter(isRole), departmentId: claims.dept ?? null };
    if (typeof claims.bnd === 'number') user.bindingId = claims.bnd;
    return user;
  }
}
