import { describe, expect, it } from 'vitest';
import { checkCharacter, idNumberProblem, normalizeIdNumber } from './idNumber';

describe('ID number (GB 11643, ISO 7064 MOD 11-2)', () => {
  it('accepts a number whose check character matches', () => {
    // 11010519491231002X is the standard's published example.
    expect(idNumberProblem('11010519491231002X')).toBeNull();
    expect(idNumberProblem('11010519491231002x')).toBeNull();
  });

  it('computes the check character from the weights', () => {
    expect(checkCharacter('11010519491231002')).toBe('X');
    const first17 = '37083219800101123';
    const id = first17 + checkCharacter(first17);
    expect(idNumberProblem(id)).toBeNull();
  });

  it('rejects a wrong check character', () => {
    expect(idNumberProblem('110105194912310021')).toBe('check');
  });

  it('rejects wrong length or letters', () => {
    expect(idNumberProblem('11010519491231002')).toBe('length');
    expect(idNumberProblem('1101051949123100211')).toBe('length');
    expect(idNumberProblem('1101051949123A002X')).toBe('length');
  });

  it('rejects an impossible birth date', () => {
    const first17 = '37083219800231123'; // 31 Feb
    expect(idNumberProblem(first17 + checkCharacter(first17))).toBe('birth');
  });

  it('normalises case and spaces', () => {
    expect(normalizeIdNumber(' 11010519491231002x ')).toBe('11010519491231002X');
  });
});
