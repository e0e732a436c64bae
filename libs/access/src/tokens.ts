import { KeyObject, createSecretKey } from 'node:crypto';
import * as jwt from 'jsonwebtoken';

export interface TokenClaims {
  sub: string;
  username: string;
  /** The session (sessions table) the token belongs to: revoking the row ends the token everywhere. */
  sid: string;
}

/**
 * Tokens verified lately, each with its claims and expiry: a client sends the same token on every
 * request, and HMAC + JSON decoding was 35 µs of api CPU per request (ADR 0009). Keyed by the whole
 * token, so a changed byte is verified afresh; the expiry is checked on every use; the session row is
 * still read per request (auth.guard.ts), so a logout reaches every replica as before. The bound only
 * caps memory (a token pushed out is verified again); it is not a local rule, so not a setting.
 */
const VERIFIED_TOKENS_KEPT = 4096;

/** HS256 access tokens; the secret comes only from JWT_SECRET. */
export class TokenService {
  /**
   * Built once: given a string, jsonwebtoken first tries (and fails) to parse it as a public key on
   * every call, which was 13 % of the api's CPU under load (bench/throughput.ts profile).
   */
  private readonly key: KeyObject;
  private readonly verified = new Map<string, { claims: TokenClaims; exp: number }>();

  constructor(secret: string, readonly ttlSeconds: number) {
    if (!secret || secret.length < 32) throw new Error('JWT_SECRET 未设置或过短（至少 32 个字符）');
    this.key = createSecretKey(Buffer.from(secret, 'utf8'));
  }

  issue(claims: TokenClaims): string {
    return jwt.sign(claims, this.key, { algorithm: 'HS256', expiresIn: this.ttlSeconds });
  }

  /**
   * Returns the claims, or undefined for a missing, expired, malformed or tampered token, and for
   * one without `exp` or `sid` (jsonwebtoken accepts a token with no expiry; we never issue one).
   */
  verify(token: string): TokenClaims | undefined {
    const known = this.verified.get(token);
    if (known) {
      // jsonwebtoken's own rule: expired from the second `exp` names.
      if (Math.floor(Date.now() / 1000) < known.exp) return known.claims;
      this.verified.delete(token);
      return undefined;
    }
    try {
      const decoded = jwt.verify(token, this.key, { algorithms: ['HS256'] }) as jwt.JwtPayload;
      if (typeof decoded.exp !== 'number' || typeof decoded.sub !== 'string' || typeof decoded.username !== 'string') return undefined;
      if (typeof decoded.sid !== 'string' || !/^[0-9a-f-]{36}$/.test(decoded.sid)) return undefined;
      const claims = { sub: decoded.sub, username: decoded.username, sid: decoded.sid };
      if (this.verified.size >= VERIFIED_TOKENS_KEPT) this.verified.delete(this.verified.keys().next().value!);
      this.verified.set(token, { claims, exp: decoded.exp });
      return claims;
    } catch {
      return undefined;
    }
  }
}
