/**
 * Counts failed logins per username and per address in a sliding window; past the limit the
 * caller gets 429 until the window passes. In memory: one api replica's view (see README).
 */
export class LoginThrottle {
  private readonly failures = new Map<string, number[]>();

  constructor(private readonly maxFailures: number, private readonly windowMs: number) {}

  blocked(keys: string[], now = Date.now()): boolean {
    return keys.some((k) => this.recent(k, now).length >= this.maxFailures);
  }

  fail(keys: string[], now = Date.now()): void {
    for (const k of keys) this.failures.set(k, [...this.recent(k, now), now]);
    if (this.failures.size > 50000) this.failures.clear();
  }

  succeed(keys: string[]): void {
    for (const k of keys) this.failures.delete(k);
  }

  private recent(key: string, now: number): number[] {
    return (this.failures.get(key) ?? []).filter((t) => now - t < this.windowMs);
  }
}
