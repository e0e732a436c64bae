import * as jwt from 'jsonwebtoken';
import { TokenService } from './tokens';

const SECRET = 'a-test-secret-that-is-long-enough-0123456789';
const CLAIMS = { sub: '6f1c2d8e-1111-4222-8333-944455556666', username: 'zhen.xiaolukou', sid: '0b7e8f5a-2222-4333-8444-a55566667777' };

describe('TokenService.verify (verified tokens are kept, expiry checked on every use)', () => {
  afterEach(() => jest.useRealTimers());

  it('answers the same claims the first and the second time', () => {
    const tokens = new TokenService(SECRET, 3600);
    const token = tokens.issue(CLAIMS);
    expect(tokens.verify(token)).toEqual(CLAIMS);
    expect(tokens.verify(token)).toEqual(CLAIMS);
  });

  it('refuses a kept token once it has expired', () => {
    jest.useFakeTimers({ now: new Date('2026-11-30T03:00:00Z') });
    const tokens = new TokenService(SECRET, 60);
    const token = tokens.issue(CLAIMS);
    expect(tokens.verify(token)).toEqual(CLAIMS);
    jest.setSystemTime(new Date('2026-11-30T03:01:00Z'));
    expect(tokens.verify(token)).toBeUndefined();
  });

  it('refuses a token differing in one byte from a kept one, and one signed with another secret', () => {
    const tokens = new TokenService(SECRET, 3600);
    const token = tokens.issue(CLAIMS);
    expect(tokens.verify(token)).toEqual(CLAIMS);
    // A character inside the signature (the last one may carry only padding bits).
    const i = token.length - 10;
    expect(tokens.verify(token.slice(0, i) + (token[i] === 'A' ? 'B' : 'A') + token.slice(i + 1))).toBeUndefined();
    const forged = jwt.sign(CLAIMS, 'another-secret-that-is-long-enough-0123456789', { algorithm: 'HS256', expiresIn: 3600 });
    expect(tokens.verify(forged)).toBeUndefined();
  });
});
