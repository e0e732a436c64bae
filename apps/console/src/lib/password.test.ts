import { describe, expect, it } from 'vitest';
import { passwordProblems } from './password';

const ok = { currentPassword: 'Init-7Kq2xP9w', newPassword: '稻田-东风渠-2026春', repeat: '稻田-东风渠-2026春' };

describe('password policy before sending', () => {
  it('accepts a long password that does not contain the username', () => {
    expect(passwordProblems('cun.yannali', ok)).toEqual({});
  });

  it('counts characters, not bytes: ten Chinese characters are enough, nine are not', () => {
    expect(passwordProblems('zhang', { ...ok, newPassword: '一二三四五六七八九十', repeat: '一二三四五六七八九十' })).toEqual({});
    expect(passwordProblems('zhang', { ...ok, newPassword: '一二三四五六七八九', repeat: '一二三四五六七八九' }))
      .toEqual({ newPassword: 'tooShort' });
  });

  it('refuses the username inside the password, whatever the case', () => {
    expect(passwordProblems('Cun.Yannali', { ...ok, newPassword: 'xxCUN.YANNALI-2026', repeat: 'xxCUN.YANNALI-2026' }))
      .toEqual({ newPassword: 'containsUsername' });
  });

  it('refuses the current password and a repeat that differs', () => {
    expect(passwordProblems('u1', { ...ok, newPassword: ok.currentPassword, repeat: ok.currentPassword }))
      .toEqual({ newPassword: 'sameAsCurrent' });
    expect(passwordProblems('u1', { ...ok, repeat: `${ok.newPassword} ` })).toEqual({ repeat: 'mismatch' });
  });

  it('names every empty field', () => {
    expect(passwordProblems('u1', { currentPassword: '', newPassword: '', repeat: '' }))
      .toEqual({ currentPassword: 'required', newPassword: 'required', repeat: 'required' });
  });
});
