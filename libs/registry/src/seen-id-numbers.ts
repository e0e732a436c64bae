/**
 * Which validated ID numbers a file has already used, and on which line first. A Map of strings
 * would do, but at a million rows it costs several times the time and memory (and its keys, sliced
 * from the input lines, keep every line alive). This open-addressing table stores each number as
 * two 32-bit halves of its first 17 digits (the 18th is determined by them) in typed arrays.
 */
const EMPTY = 0; // line numbers start at 1

export class SeenIdNumbers {
  private hi: Uint32Array;
  private lo: Uint32Array;
  private lines: Uint32Array;
  private mask: number;
  private count = 0;

  constructor(initialCapacity = 1024) {
    const capacity = 2 ** Math.ceil(Math.log2(Math.max(16, initialCapacity)));
    this.hi = new Uint32Array(capacity);
    this.lo = new Uint32Array(capacity);
    this.lines = new Uint32Array(capacity);
    this.mask = capacity - 1;
  }

  get size(): number {
    return this.count;
  }

  /**
   * Records `line` as the first line of `idNumber` (a validated, normalized number) unless it was
   * seen before; returns the earlier line in that case, otherwise undefined.
   */
  firstLineOf(idNumber: string, line: number): number | undefined {
    let hi = 0;
    let lo = 0;
    for (let i = 0; i < 9; i++) hi = hi * 10 + (idNumber.charCodeAt(i) - 48);
    for (let i = 9; i < 17; i++) lo = lo * 10 + (idNumber.charCodeAt(i) - 48);
    let slot = hash(hi, lo) & this.mask;
    for (;;) {
      const seenLine = this.lines[slot];
      if (seenLine === EMPTY) break;
      if (this.hi[slot] === hi && this.lo[slot] === lo) return seenLine;
      slot = (slot + 1) & this.mask;
    }
    this.hi[slot] = hi;
    this.lo[slot] = lo;
    this.lines[slot] = line;
    this.count++;
    if (this.count * 2 > this.mask + 1) this.grow(); // keep the load under one half
    return undefined;
  }

  private grow(): void {
    const { hi, lo, lines } = this;
    const capacity = (this.mask + 1) * 2;
    this.hi = new Uint32Array(capacity);
    this.lo = new Uint32Array(capacity);
    this.lines = new Uint32Array(capacity);
    this.mask = capacity - 1;
    for (let old = 0; old < lines.length; old++) {
      if (lines[old] === EMPTY) continue;
      let slot = hash(hi[old], lo[old]) & this.mask;
      while (this.lines[slot] !== EMPTY) slot = (slot + 1) & this.mask;
      this.hi[slot] = hi[old];
      this.lo[slot] = lo[old];
      this.lines[slot] = lines[old];
    }
  }
}

/** Mixes both halves (murmur3 finalizer) so that sequential numbers spread over the table. */
function hash(hi: number, lo: number): number {
  let h = Math.imul(hi, 0x9e3779b1) ^ lo;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}
