import { makeIdNumber, maskIdNumber } from './id-number';
import { scrubPii } from './pii-scrub';

const ID = makeIdNumber('37083219600101001');
const HASH = 'a'.repeat(64);

describe('scrubPii (copy on write)', () => {
  it('returns the very value, nested parts included, when nothing needs masking', () => {
    const view = { id: 'c1', data: { findings: '入户调查属实', amounts: [1, 2, { n: 3 }] }, tasks: [{ id: 't1', at: new Date(0) }] };
    expect(scrubPii(view)).toBe(view);
  });

  it('masks an ID number deep in an array and copies only the path to it, keys in their order', () => {
    const untouched = { n: 1 };
    const value = { a: untouched, list: ['x', `身份证 ${ID}`, 'y'], z: 2 };
    const out = scrubPii(value);
    expect(out).toEqual({ a: { n: 1 }, list: ['x', `身份证 ${maskIdNumber(ID)}`, 'y'], z: 2 });
    expect(Object.keys(out)).toEqual(['a', 'list', 'z']);
    expect(out.a).toBe(untouched);
    expect(value.list[1]).toBe(`身份证 ${ID}`);
  });

  it('drops keyed hashes (anywhere under their keys, household keys only when they hold one) and masks keys', () => {
    const out = scrubPii({ first: 1, applicant: { name: '张三', idIndex: HASH }, householdKey: `id:${HASH}`, household_key: 'hh:42', [ID]: 'k', last: true });
    expect(out).toEqual({ first: 1, applicant: { name: '张三' }, household_key: 'hh:42', [maskIdNumber(ID)]: 'k', last: true });
    expect(Object.keys(out)).toEqual(['first', 'applicant', 'household_key', maskIdNumber(ID), 'last']);
  });
});
