import fc from 'fast-check';
import { canonicalJson } from './canonical-json';
import { AuditFacts, canonicalEntry, entryDocument } from './audit-entry';

const text = fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.constantFrom('入户调查属实', 'a"b\\c\n', '\u2028', '\ud800'));
const maybe = fc.option(text, { nil: null });
const facts: fc.Arbitrary<AuditFacts> = fc.record({
  chainId: text, caseId: maybe, at: fc.date({ noInvalidDate: true, min: new Date(0), max: new Date('2999-12-31') }),
  actorId: maybe, actorUsername: text, actorRole: maybe, jurisdictionCode: maybe, action: text,
  outcome: fc.constantFrom('ok' as const, 'refused' as const), fromState: maybe, toState: maybe,
  payload: fc.dictionary(text, fc.jsonValue()) as fc.Arbitrary<Record<string, unknown>>,
});

describe('canonicalEntry', () => {
  it('is exactly the RFC 8785 form of the entry document, for any facts', () => {
    fc.assert(
      fc.property(facts, fc.integer({ min: 1, max: 2 ** 31 - 1 }), (f, seq) => {
        expect(canonicalEntry(f, seq)).toBe(canonicalJson(entryDocument(f, seq)));
      }),
      { numRuns: 2000 },
    );
  });

  it('keeps the stored format of an existing entry', () => {
    const f: AuditFacts = {
      chainId: 'case:1', caseId: '1', at: new Date('2026-01-01T00:00:00.037Z'), actorId: null, actorUsername: 'system', actorRole: null,
      jurisdictionCode: null, action: 'NOTICE_PERIOD_ENDED', outcome: 'ok', fromState: 'notice', toState: 'approved', payload: { b: 1, a: [true, null] },
    };
    expect(canonicalEntry(f, 2)).toBe(
      '{"action":"NOTICE_PERIOD_ENDED","actor":{"id":null,"jurisdiction":null,"role":null,"username":"system"},"at":"2026-01-01T00:00:00.037Z",' +
        '"caseId":"1","chainId":"case:1","from":"notice","outcome":"ok","payload":{"a":[true,null],"b":1},"seq":2,"to":"approved","v":1}',
    );
  });
});
