import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { isRole } from '@sansui/shared';
import { createSecretKey, type KeyObject } from 'node:crypto';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { AppException } from '../errors/app-exception';
import type { AuthUser } from './auth-user';

/** Verified tokens kept; past this many the memo starts over (only tokens whose signature held get in). */
const MEMO_MAX = 20_000;

interface TokenClaims {
  sub: number;
  kind: AuthUser['kind'];
  roles: string[];
  dept: number | null;
  /** Staff WeChat binding the token was issued through. */
  bnd?: number;
  /** The account's credential version when the token was issued (absent in tokens issued before it existed: 0). */
  cv?: number;
  /** Expiry (seconds since the epoch), set by jsonwebtoken from `expiresIn`. */
  exp?: number;
}

/** A verified token: who it names and the credential version it was issued under. */
export interface VerifiedToken {
  user: AuthUser;
  credentialVersion: number;
}

/** Issues and checks the bearer tokens (HS256 JWT). */
@Injectable()
export class TokenService {
  /**
   * A KeyObject, not the string: jsonwebtoken first tries to parse a string secret as a public key,
   * which throws on every verify (measured 0.27 ms per verify against 5 µs; bench/jwt-secret.mjs).
   */
  private readonly key: KeyObject;
  /**
   * Tokens already verified, until they expire: a token is an immutable signed text, so its answer cannot
   * change (what can — status, roles, credential version — the guard reads from the users table each time).
   */
  private readonly verified = new Map<string, { token: VerifiedToken; expiresAtMs: number }>();

  constructor(
    private readonly jwt: JwtService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.key = createSecretKey(Buffer.from(config.jwt.secret));
  }

  /** `credentialVersion`: the account's `users.credentialVersion` now (a token under an older one is refused). */
  issue(user: AuthUser, credentialVersion = 0): string {
    const claims: TokenClaims = { sub: user.id, kind: user.kind, roles: user.roles, dept: user.departmentId, cv: credentialVersion };
    if (user.bindingId !== undefined) claims.bnd = user.bindingId;
    return this.jwt.sign(claims, { secret: this.secret, expiresIn: this.config.jwt.ttlSeconds, algorithm: 'HS256' });
  }

  verify(token: string): VerifiedToken {
    const hit = this.verified.get(token);
    if (hit && hit.expiresAtMs > Date.now()) return hit.token;
    const verified = this.check(token);
    if (this.verified.size >= MEMO_MAX) this.verified.clear();
    this.verified.set(token, verified);
    return verified.token;
  }

  private check(token: string): { token: VerifiedToken; expiresAtMs: number } {
    let claims: TokenClaims;
    try {
      claims = this.jwt.verify<TokenClaims>(token, { secret: this.secret, algorithms: ['HS256'] });
    } catch {
      throw new AppException('TOKEN_INVALID');
    }
    if (typeof claims.sub !== 'number' || (claims.kind !== 'resident' && claims.kind !== 'staff') || !Array.isArray(claims.roles))
      throw new AppException('TOKEN_INVALID');
    if (claims.cv !== undefined && !Number.isSafeInteger(claims.cv)) throw new AppException('TOKEN_INVALID');
    const user: AuthUser = { id: claims.sub, kind: claims.kind, roles: claims.roles.filter(isRole), departmentId: claims.dept ?? null };
    if (typeof claims.bnd === 'number') user.bindingId = claims.bnd;
    // jsonwebtoken has just refused an expired token; one without `exp` (none are issued) is checked again in a minute.
    const expiresAtMs = typeof claims.exp === 'number' ? claims.exp * 1000 : Date.now() + 60_000;
    return { token: Object.freeze({ user: Object.freeze(user), credentialVersion: claims.cv ?? 0 }), expiresAtMs };
  }

  /** @nestjs/jwt passes the secret through to jsonwebtoken, which accepts a KeyObject; its option type only names string | Buffer. */
  private get secret(): Buffer {
    return this.key as unknown as Buffer;
  }
}
