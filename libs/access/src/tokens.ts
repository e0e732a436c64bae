import { KeyObject, createSecretKey } from 'node:crypto';
import * as jwt from 'jsonwebtoken';

export interface TokenClaims {
  sub: string;
  username: string;
}

/** HS256 access tokens; the secret comes only from JWT_SECRET. */
export class TokenService {
  /**
   * Built once: given a string, jsonwebtoken first tries (and fails) to parse it as a public key on
   * every call, which was 13 % of the api's CPU under load (bench/throughput.ts profile).
   */
  private readonly key: KeyObject;

  constructor(secret: string, private readonly ttlSeconds: number) {
    if (!secret || secret.length < 16) throw new Error('JWT_SECRET 未设置或过短（至少 16 个字符）');
    this.key = createSecretKey(Buffer.from(secret, 'utf8'));
  }

  issue(claims: TokenClaims): string {
    return jwt.sign(claims, this.key, { algorithm: 'HS256', expiresIn: this.ttlSeconds });
  }

  /** Returns the claims, or undefined for a missing, expired, malformed or tampered token. */
  verify(token: string): TokenClaims | undefined {
    try {
      const decoded = jwt.verify(token, this.key, { algorithms: ['HS256'] }) as jwt.JwtPayload;
      if (typeof decoded.sub !== 'string' || typeof decoded.username !== 'string') return undefined;
      return { sub: decoded.sub, username: decoded.username };
    } catch {
      return undefined;
    }
  }
}
