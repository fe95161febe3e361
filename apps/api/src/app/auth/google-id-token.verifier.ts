import { Injectable } from '@nestjs/common';
import { OAuth2Client } from 'google-auth-library';
import { ConfigurationService } from '../config/configuration.service';

/** PEM certificates or public keys by key id, as Google publishes them. */
export type GoogleCertificates = Record<string, string>;
export type GoogleCertificateSource = () => Promise<GoogleCertificates>;

/** The identity a verified Google ID token proves. */
export interface GoogleIdentity {
  sub: string;
  email: string;
  name: string;
  picture: string | null;
}

export class InvalidGoogleToken extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'InvalidGoogleToken';
  }
}

/** Google's certificates could not be fetched: a server-side problem, not a bad token. */
export class GoogleUnavailable extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'GoogleUnavailable';
  }
}

const GOOGLE_ISSUERS = ['accounts.google.com', 'https://accounts.google.com'];
const FAILURES: Array<[RegExp, string]> = [
  [/^Wrong recipient/, 'The token was issued for another client (aud).'],
  [/^Invalid issuer/, 'The token was not issued by Google (iss).'],
  [/^Token used too late/, 'The token has expired.'],
  [/^Token used too early/, 'The token is not valid yet.'],
  [/^Expiration time too far/, 'The token expires too far in the future.'],
  [/^No pem found/, 'The token is signed by an unknown key.'],
  [/^Invalid token signature/, 'The token signature is not valid.'],
];

/** A short reason; the library's messages embed the whole token, which must not reach logs or clients. */
function describeFailure(error: unknown): string {
  const message = error instanceof Error ? error.message : '';
  return FAILURES.find(([pattern]) => pattern.test(message))?.[1] ?? 'The Google token could not be verified.';
}

const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

/**
 * Verifies Google ID tokens with google-auth-library: signature against Google's
 * certificates, `aud` = our client id (always passed: the library skips the check
 * without it), issuer, `iat`/`exp`; then `email_verified === true`, which the library
 * never checks. The certificate source is Google's (cached per its Cache-Control) and
 * can be replaced in tests with locally generated keys — the verification path is the same.
 */
@Injectable()
export class GoogleIdTokenVerifier {
  private readonly client: OAuth2Client;
  private certificates: GoogleCertificateSource;
  private readonly certsTimeoutMs: number;

  constructor(private readonly configuration: ConfigurationService) {
    const google = configuration.config.auth.google;
    this.certsTimeoutMs = google?.certsTimeoutMs ?? 5000;
    // Each attempt is bounded by the transporter's timeout; `fetchCertificates` bounds the whole.
    this.client = new OAuth2Client({
      transporterOptions: { timeout: this.certsTimeoutMs },
      ...(google?.certsUrl ? { endpoints: { oauth2FederatedSignonPemCertsUrl: google.certsUrl } } : {}),
    });
    this.certificates = async () => (await this.client.getFederatedSignonCertsAsync()).certs as GoogleCertificates;
  }

  /** Replaces where certificates come from (tests: a local key pair; operators: a pinned set). */
  useCertificates(source: GoogleCertificates | GoogleCertificateSource): void {
    this.certificates = typeof source === 'function' ? source : async () => source;
  }

  async verify(idToken: string): Promise<GoogleIdentity> {
    const google = this.configuration.config.auth.google;
    if (!google) throw new InvalidGoogleToken('Google sign-in is not configured.');
    if (!JWT_SHAPE.test(idToken)) throw new InvalidGoogleToken('The credential is not a JWT.');
    const header = this.decodeHeader(idToken);
    if (header.alg !== 'RS256') throw new InvalidGoogleToken(`Unexpected signing algorithm ${JSON.stringify(header.alg)}.`);

    const certs = await this.fetchCertificates();
    let payload;
    try {
      const ticket = await this.client.verifySignedJwtWithCertsAsync(idToken, certs, google.clientId, GOOGLE_ISSUERS);
      payload = ticket.getPayload();
    } catch (error) {
      throw new InvalidGoogleToken(describeFailure(error));
    }
    if (!payload) throw new InvalidGoogleToken('The token has no payload.');
    if (payload.email_verified !== true) throw new InvalidGoogleToken('The Google account email is not verified.');
    if (typeof payload.sub !== 'string' || payload.sub.length === 0 || payload.sub.length > 255) throw new InvalidGoogleToken('The token has no subject.');
    if (typeof payload.email !== 'string' || !payload.email.includes('@')) throw new InvalidGoogleToken('The token has no email.');
    return {
      sub: payload.sub,
      email: payload.email.toLowerCase(),
      name: typeof payload.name === 'string' ? payload.name : '',
      picture: typeof payload.picture === 'string' ? payload.picture : null,
    };
  }

  /** Google's certificates (cached by the library), or GoogleUnavailable within the timeout. */
  private async fetchCertificates(): Promise<GoogleCertificates> {
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new GoogleUnavailable(`no answer from Google's certificate endpoint within ${this.certsTimeoutMs} ms`)),
        this.certsTimeoutMs,
      );
    });
    try {
      return await Promise.race([this.certificates(), deadline]);
    } catch (error) {
      if (error instanceof GoogleUnavailable) throw error;
      throw new GoogleUnavailable(error instanceof Error ? error.message : String(error));
    } finally {
      clearTimeout(timer);
    }
  }

  private decodeHeader(idToken: string): { alg?: unknown } {
    try {
      const header = JSON.parse(Buffer.from(idToken.slice(0, idToken.indexOf('.')), 'base64url').toString('utf8')) as unknown;
      if (header && typeof header === 'object') return header as { alg?: unknown };
    } catch {
      // fall through
    }
    throw new InvalidGoogleToken('The token header is not valid JSON.');
  }
}
