import * as jwt from 'jsonwebtoken';

export interface TokenClaims {
  sub: string;
  username: string;
}

/** HS256 access tokens; the secret comes only from JWT_SECRET. */
export class TokenService {
  constructor(private readonly secret: string, private readonly ttlSeconds: number) {
    if (!secret || secret.length < 16) throw new Error('JWT_SECRET 未设置或过短（至少 16 个字符）');
  }

  issue(claims: TokenClaims): string {
    return jwt.sign(claims, this.secret, { algorithm: 'HS256', expiresIn: this.ttlSeconds });
  }

  /** Returns the claims, or undefined for a missing, expired, malformed or tampered token. */
  verify(token: string): TokenClaims | undefined {
    try {
      const decoded = jwt.verify(token, this.secret, { algorithms: ['HS256'] }) as jwt.JwtPayload;
      if (typeof decoded.sub !== 'string' || typeof decoded.username !== 'string') return undefined;
      return { sub: decoded.sub, username: decoded.username };
    } catch {
      return undefined;
    }
  }
}
