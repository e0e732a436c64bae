import fc from 'fast-check';
import { makeIdNumber } from './id-number';
import { SeenIdNumbers } from './seen-id-numbers';

describe('SeenIdNumbers', () => {
  it('returns the first line of a number seen before, and nothing for a new one', () => {
    const seen = new SeenIdNumbers();
    const a = makeIdNumber('37083219800101001');
    const b = makeIdNumber('37083219800101002');
    expect(seen.firstLineOf(a, 2)).toBeUndefined();
    expect(seen.firstLineOf(b, 3)).toBeUndefined();
    expect(seen.firstLineOf(a, 7)).toBe(2);
    expect(seen.firstLineOf(a, 9)).toBe(2); // still the first line, not the latest
    expect(seen.size).toBe(2);
  });

  it('tells apart numbers that differ only in the first or in the last half', () => {
    const seen = new SeenIdNumbers();
    expect(seen.firstLineOf('110105194912310021', 1)).toBeUndefined();
    expect(seen.firstLineOf('210105194912310021', 2)).toBeUndefined();
    expect(seen.firstLineOf('110105194912310031', 3)).toBeUndefined();
    expect(seen.size).toBe(3);
  });

  it('agrees with a plain Map through many growths', () => {
    fc.assert(
      fc.property(fc.array(fc.stringMatching(/^[0-9]{17}$/), { minLength: 1, maxLength: 3000 }), (prefixes) => {
        const seen = new SeenIdNumbers(16);
        const reference = new Map<string, number>();
        prefixes.forEach((prefix, i) => {
          const id = makeIdNumber(prefix);
          const line = i + 1;
          expect(seen.firstLineOf(id, line)).toBe(reference.get(prefix));
          if (!reference.has(prefix)) reference.set(prefix, line);
        });
        expect(seen.size).toBe(reference.size);
      }),
      { numRuns: 30 },
    );
  });
});
