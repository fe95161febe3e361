import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { createSecretKey, KeyObject } from 'node:crypto';
import { ConfigurationService } from '../config/configuration.service';
import { UsersService } from '../users/users.service';
import { AuthPrincipal } from './auth-principal';

/** Claims of an access token. `typ` keeps it apart from any other token we might sign. */
interface AccessClaims {
  sub: string;
  sid: number;
  role: 'player' | 'admin';
  name: string;
  email: string;
  typ: 'access';
}

const VERIFIED = Symbol('verifiedAccessToken');

/**
 * Tokens whose signature and claims were checked, with their expiry: a player sends one
 * token with every placement for its whole lifetime, and the HMAC, base64 and JSON work of
 * jsonwebtoken was ~7 % of the placement path's CPU (issue 17 profile). The key is the
 * whole token string, so only the exact bytes that verified are accepted; expiry and the
 * session are still checked on every use. Oldest entries go first beyond the bound.
 */
export const VERIFIED_TOKENS_KEPT = 20_000;
type MemoHolder = { [VERIFIED]?: { token: string; principal: AuthPrincipal } };

export class InvalidAccessToken extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'InvalidAccessToken';
  }
}

/**
 * Signs and verifies access JWTs (HS256 only). The key is a KeyObject: jsonwebtoken
 * given a string secret first tries to parse it as a PEM key, ~50x slower per verify.
 */
@Injectable()
export class AccessTokenService {
  private readonly jwt: JwtService;
  private readonly verified = new Map<string, { principal: AuthPrincipal; expiresAtMs: number }>();
  readonly ttlSeconds: number;

  constructor(
    configuration: ConfigurationService,
    private readonly users: UsersService,
  ) {
    const { jwtSecret, accessTtlSeconds } = configuration.config.auth;
    const key: KeyObject = createSecretKey(Buffer.from(jwtSecret, 'utf8'));
    this.ttlSeconds = accessTtlSeconds;
    this.jwt = new JwtService({
      secret: key,
      signOptions: { algorithm: 'HS256', expiresIn: accessTtlSeconds },
      verifyOptions: { algorithms: ['HS256'] },
    });
  }

  sign(principal: AuthPrincipal): string {
    const claims: AccessClaims = {
      sub: principal.userId,
      sid: principal.sessionNumber,
      role: principal.role,
      name: principal.name,
      email: principal.email,
      typ: 'access',
    };
    return this.jwt.sign(claims);
  }

  /**
   * `verify`, remembered on the request: the rate limiter and the guard both need the
   * principal, and the placement path should pay for one signature check, not two.
   */
  verifyForRequest(req: object, token: string): AuthPrincipal {
    const holder = req as MemoHolder;
    const memo = holder[VERIFIED];
    if (memo && memo.token === token) return memo.principal;
    const principal = this.verify(token);
    holder[VERIFIED] = { token, principal };
    return principal;
  }

  /** The principal of a valid, unexpired, unrevoked access token; throws InvalidAccessToken otherwise. */
  verify(token: string): AuthPrincipal {
    const known = this.verified.get(token);
    let principal: AuthPrincipal;
    if (known) {
      if (Date.now() >= known.expiresAtMs) {
        this.verified.delete(token);
        throw new InvalidAccessToken('The access token has expired.');
      }
      principal = known.principal;
    } else {
      principal = this.verifySignatureAndClaims(token);
    }
    if (!this.users.isSessionValid(principal.userId, principal.sessionNumber)) throw new InvalidAccessToken('The session has ended; sign in again.');
    return principal;
  }

  private verifySignatureAndClaims(token: string): AuthPrincipal {
    let claims: Partial<AccessClaims> & { exp?: number };
    try {
      claims = this.jwt.verify<Partial<AccessClaims> & { exp?: number }>(token);
    } catch (error) {
      const name = (error as { name?: string }).name;
      throw new InvalidAccessToken(name === 'TokenExpiredError' ? 'The access token has expired.' : 'The access token is not valid.');
    }
    if (
      claims.typ !== 'access' ||
      typeof claims.sub !== 'string' ||
      !Number.isSafeInteger(claims.sid) ||
      (claims.role !== 'player' && claims.role !== 'admin') ||
      typeof claims.name !== 'string' ||
      typeof claims.email !== 'string' ||
      typeof claims.exp !== 'number'
    ) {
      throw new InvalidAccessToken('The token is not an access token.');
    }
    const principal: AuthPrincipal = { userId: claims.sub, sessionNumber: claims.sid as number, role: claims.role, name: claims.name, email: claims.email };
    if (this.verified.size >= VERIFIED_TOKENS_KEPT) this.verified.delete(this.verified.keys().next().value as string);
    this.verified.set(token, { principal, expiresAtMs: claims.exp * 1000 });
    return principal;
  }
}
