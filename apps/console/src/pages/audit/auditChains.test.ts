import { describe, expect, it } from 'vitest';
import { chainParts, chainToVerify } from './auditChains';

const ID = 'ac7d3542-f091-4640-a8dc-4d0e07159d0a';

describe('the chain the audit badge verifies', () => {
  it('no case typed: the whole trail', () => {
    expect(chainToVerify('  ', [], true)).toBeUndefined();
  });
  it('a whole id as typed, even before the rows arrive', () => {
    expect(chainToVerify(ID.toUpperCase(), [], true)).toBe(ID);
  });
  it('the short number: the whole id of the case the rows show, once they are loaded', () => {
    expect(chainToVerify('ac7d3542', [], true)).toBeNull();
    expect(chainToVerify('AC7D3542', [{ caseId: ID }, { caseId: ID }], false)).toBe(ID);
  });
  it('a short number no row (or more than one case) matches: nothing to verify', () => {
    expect(chainToVerify('ac7d3542', [], false)).toBeNull();
    expect(chainToVerify('ac7d3542', [{ caseId: ID }, { caseId: 'ac7d3542-0000-4000-8000-000000000000' }], false)).toBeNull();
    expect(chainToVerify('ac7d3542', [{ caseId: null }], false)).toBeNull();
  });
});

describe('a row names its chain', () => {
  it('by kind and short number, not by the first characters of its id', () => {
    expect(chainParts(`case:${ID}`)).toEqual({ kind: 'case', short: 'ac7d3542' });
    expect(chainParts('actor:55a6e445-2553-40e1-8c68-4d22fb5ce0e9')).toEqual({ kind: 'actor', short: '55a6e445' });
    expect(chainParts('trail')).toEqual({ kind: 'other', short: 'trail' });
  });
});
