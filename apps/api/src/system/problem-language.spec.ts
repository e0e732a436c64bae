import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { catalogueSentences, problemLanguage, textIn, titleIn } from './problem-language';

describe('problem language', () => {
  it.each([
    [undefined, 'zh-CN'],
    ['', 'zh-CN'],
    ['en', 'en'],
    ['EN-us', 'en'],
    ['en-US,en;q=0.9', 'en'],
    ['zh-CN,zh;q=0.9,en;q=0.8', 'zh-CN'],
    ['en;q=0.8, zh-CN', 'zh-CN'],
    ['fr-FR, en;q=0.5', 'en'],
    ['fr-FR, de', 'zh-CN'],
    ['*', 'zh-CN'],
    ['en;q=0, zh;q=0.1', 'zh-CN'],
  ])('Accept-Language %p → %s', (header, lang) => {
    expect(problemLanguage(header)).toBe(lang);
  });

  it('prefers the thrower’s English, then the catalogue, then keeps the Chinese', () => {
    expect(textIn('en', '请先登录', 'Own words')).toBe('Own words');
    expect(textIn('en', '请先登录')).toBe('Sign in first');
    expect(textIn('en', '此操作需要以下角色之一：村级经办员、系统管理员')).toBe('This operation needs one of these roles: Village clerk, Administrator');
    expect(textIn('en', '尚无英文的句子')).toBe('尚无英文的句子');
    expect(textIn('zh-CN', '请先登录', 'Sign in first')).toBe('请先登录');
    expect(titleIn('en', '冲突')).toBe('Conflict');
    expect(titleIn('zh-CN', '冲突')).toBe('冲突');
  });
});

describe('the English catalogue', () => {
  it('translates only sentences the code still says (a reworded one would silently fall back to Chinese)', () => {
    const root = join(__dirname, '..', '..', '..', '..');
    const walk = (dir: string): string[] =>
      readdirSync(dir).flatMap((n) => {
        const p = join(dir, n);
        if (n === 'node_modules' || n === 'dist' || n === 'console') return [];
        return statSync(p).isDirectory() ? walk(p) : /(?<!\.spec)\.ts$/.test(n) && !p.endsWith('problem-language.ts') ? [p] : [];
      });
    const code = [...walk(join(root, 'apps')), ...walk(join(root, 'libs'))].map((p) => readFileSync(p, 'utf8')).join('\n');
    const missing = catalogueSentences().filter((zh) => !code.includes(zh));
    expect(missing).toEqual([]);
  });
});
