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
    let claims: Partial<AccessClaims>;
    try {
      claims = this.jwt.verify<Partial<AccessClaims>>(token);
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
      typeof claims.email !== 'string'
    ) {
      throw new InvalidAccessToken('The token is not an access token.');
    }
    const sessionNumber = claims.sid as number;
    if (!this.users.isSessionValid(claims.sub, sessionNumber)) throw new InvalidAccessToken('The session has ended; sign in again.');
    return { userId: claims.sub, sessionNumber, role: claims.role, name: claims.name, email: claims.email };
  }
}
