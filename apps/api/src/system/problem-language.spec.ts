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

const root = join(__dirname, '..', '..', '..', '..');
const walk = (dir: string): string[] =>
  readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    if (n === 'node_modules' || n === 'dist' || n === 'console') return [];
    return statSync(p).isDirectory() ? walk(p) : /(?<!\.spec)\.ts$/.test(n) && !p.endsWith('problem-language.ts') ? [p] : [];
  });
const sources = () => [...walk(join(root, 'apps')), ...walk(join(root, 'libs'))].map((p) => ({ path: p.slice(root.length + 1), text: readFileSync(p, 'utf8') }));

describe('the English catalogue', () => {
  it('translates only sentences the code still says (a reworded one would silently fall back to Chinese)', () => {
    const code = sources().map((s) => s.text).join('\n');
    const missing = catalogueSentences().filter((zh) => !code.includes(zh));
    expect(missing).toEqual([]);
  });
});

/**
 * A detail thrown as a bare Chinese literal answers in Chinese to an English caller unless the
 * catalogue knows it; one with a variable part (a template) never matches the catalogue, so it must
 * be thrown as `{ zh, en }`. The error helpers of libs/engine/src/errors.ts, the DomainError
 * constructor (detail is its third argument) and the sign-in throttle's tooMany are the throw sites.
 */
describe('every thrown Chinese detail has English', () => {
  const HAN = /\p{Script=Han}/u;
  const LITERAL = String.raw`('(?:[^'\\\n]|\\.)*'|\`(?:[^\`\\]|\\.)*\`)`;
  const SITES = [
    new RegExp(String.raw`\b(?:forbidden|notFound|conflict|unprocessable)\(\s*` + LITERAL, 'g'),
    new RegExp(String.raw`new DomainError\(\s*[^,()]+,\s*[^,()]+,\s*` + LITERAL, 'g'),
    new RegExp(String.raw`\btooMany\([^,()]+,[^,()]+,\s*` + LITERAL, 'g'),
  ];
  const untranslated = (text: string) =>
    SITES.flatMap((re) => [...text.matchAll(re)].map((m) => m[1]))
      .filter((lit) => HAN.test(lit))
      .filter((lit) => lit.startsWith('`') || HAN.test(textIn('en', lit.slice(1, -1))));

  it('finds the Chinese-only throws it is meant to catch', () => {
    expect(untranslated("throw conflict(`该委托已于 ${d.to} 到期`);")).toHaveLength(1);
    expect(untranslated("throw new DomainError(413, '请求过大', `导入文件超过 ${n} MB`);")).toHaveLength(1);
    expect(untranslated("throw forbidden('尚无英文的句子');")).toHaveLength(1);
    expect(untranslated("throw notFound('近亲属备案不存在');")).toEqual([]);
    expect(untranslated("throw conflict({ zh: `该委托已于 ${d.to} 到期`, en: `Expired on ${d.to}` });")).toEqual([]);
    expect(untranslated("throw forbidden(reason);")).toEqual([]);
  });

  it('holds for the api, the engine and the process folders', () => {
    const found = sources().flatMap(({ path, text }) => untranslated(text).map((lit) => `${path}: ${lit}`));
    expect(found).toEqual([]);
  });
});
