import type { AuthPrincipal } from './auth-principal';
import { AccessTokenService, InvalidAccessToken } from './access-token.service';
import { UsersService } from '../users/users.service';

/** The part of a Socket.IO socket the handshake check needs. */
export interface HandshakeSocket {
  handshake: { auth?: Record<string, unknown> | undefined };
  data: { principal?: AuthPrincipal };
}

/**
 * Socket.IO middleware for `/play`, run on every connection: the access token from
 * `handshake.auth.token` must verify, else `connect_error` "UNAUTHORIZED"; banned users
 * get "BANNED". The principal goes to `socket.data.principal`.
 */
export function socketAuthMiddleware(tokens: AccessTokenService, users: UsersService) {
  return (socket: HandshakeSocket, next: (error?: Error) => void): void => {
    const token = socket.handshake.auth?.['token'];
    if (typeof token !== 'string' || token.length === 0 || token.length > 4096) return next(new Error('UNAUTHORIZED'));
    let principal: AuthPrincipal;
    try {
      principal = tokens.verify(token);
    } catch (error) {
      if (error instanceof InvalidAccessToken) return next(new Error('UNAUTHORIZED'));
      return next(new Error('INTERNAL_ERROR'));
    }
    if (users.isBanned(principal.userId)) return next(new Error('BANNED'));
    socket.data.principal = principal;
    next();
  };
}
