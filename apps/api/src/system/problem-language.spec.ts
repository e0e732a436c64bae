import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import * as ts from 'typescript';
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

  it('answers the thrower’s English to an English caller, the Chinese to everyone else', () => {
    expect(textIn('en', '请先登录', 'Sign in first')).toBe('Sign in first');
    expect(textIn('zh-CN', '请先登录', 'Sign in first')).toBe('请先登录');
    // No English at all (a framework's own text): the words as they came.
    expect(textIn('en', 'Cannot GET /api/x')).toBe('Cannot GET /api/x');
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

describe('the English titles', () => {
  it('translate only titles the code still says (a reworded one would silently fall back to Chinese)', () => {
    const code = sources().map((s) => s.text).join('\n');
    const missing = catalogueSentences().filter((zh) => !code.includes(zh));
    expect(missing).toEqual([]);
  });
});

/**
 * A detail thrown as a bare Chinese string answers in Chinese to an English caller: it must be
 * thrown as `{ zh, en }`. The error helpers of libs/engine/src/errors.ts, the DomainError
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
  const untranslated = (text: string) => SITES.flatMap((re) => [...text.matchAll(re)].map((m) => m[1])).filter((lit) => HAN.test(lit));

  it('finds the Chinese-only throws it is meant to catch', () => {
    expect(untranslated("throw conflict(`该委托已于 ${d.to} 到期`);")).toHaveLength(1);
    expect(untranslated("throw new DomainError(413, '请求过大', `导入文件超过 ${n} MB`);")).toHaveLength(1);
    expect(untranslated("throw forbidden('尚无英文的句子');")).toHaveLength(1);
    expect(untranslated("throw notFound('近亲属备案不存在');")).toHaveLength(1);
    expect(untranslated("throw notFound({ zh: '近亲属备案不存在', en: 'No such declaration of a close relative' });")).toEqual([]);
    expect(untranslated("throw conflict({ zh: `该委托已于 ${d.to} 到期`, en: `Expired on ${d.to}` });")).toEqual([]);
    expect(untranslated("throw forbidden(reason);")).toEqual([]);
  });

  it('holds for the api, the engine and the process folders', () => {
    const found = sources().flatMap(({ path, text }) => untranslated(text).map((lit) => `${path}: ${lit}`));
    expect(found).toEqual([]);
  });
});

/**
 * A field message (`{ field, message }` in a problem's `errors`, or a line error `{ line, field,
 * message }` of an import) answers in Chinese to an English caller unless it carries `en` beside
 * it. FieldError makes `en` required, so a typed site does not compile without it; this scan also
 * catches the untyped ones (an object literal built before it is typed, or typed `any`). It parses
 * each file (TypeScript's parser, no type checker) and reports every object literal with a
 * `message` and a `field` or `line`, or with a Chinese `message`, that has no `en`. JSON Schemas of
 * the same shape (`message: str`, `message: { type: 'string' }`) describe, not say, a message.
 */
describe('every field message has English', () => {
  const HAN = /\p{Script=Han}/u;
  const nameOf = (p: ts.ObjectLiteralElementLike, sf: ts.SourceFile) => (p.name ? p.name.getText(sf) : '');
  const fieldMessagesWithoutEnglish = (path: string, text: string): string[] => {
    const sf = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true);
    const found: string[] = [];
    const visit = (n: ts.Node) => {
      if (ts.isObjectLiteralExpression(n)) {
        const names = n.properties.map((p) => nameOf(p, sf));
        const message = n.properties.find((p) => nameOf(p, sf) === 'message');
        const spread = n.properties.some((p) => ts.isSpreadAssignment(p));
        if (message && !names.includes('en') && !spread) {
          const init = ts.isPropertyAssignment(message) ? message.initializer : undefined;
          const schema = init && ((ts.isIdentifier(init) && init.text === 'str') || ts.isObjectLiteralExpression(init) || ts.isCallExpression(init) && /^nonBlank/.test(init.expression.getText(sf)));
          const shaped = names.includes('field') || names.includes('line');
          if (!schema && (shaped || (init && HAN.test(init.getText(sf))))) {
            found.push(`${path}:${sf.getLineAndCharacterOfPosition(n.getStart(sf)).line + 1}: ${n.getText(sf).slice(0, 100)}`);
          }
        }
      }
      ts.forEachChild(n, visit);
    };
    visit(sf);
    return found;
  };

  it('finds the field messages without English it is meant to catch', () => {
    const scan = (code: string) => fieldMessagesWithoutEnglish('x.ts', code);
    expect(scan("throw invalid([{ field: 'limit', message: '应为 1–500 的整数' }]);")).toHaveLength(1);
    expect(scan('errors.push({ line, field: `code`, message: `代码 ${c} 重复` });')).toHaveLength(1);
    expect(scan('errors.push({ line, field, message });')).toHaveLength(1);
    expect(scan("const e: any = { field: 'x', message: reason };")).toHaveLength(1);
    expect(scan("throw invalid([{ field: 'limit', message: '应为 1–500 的整数', en: 'must be an integer from 1 to 500' }]);")).toEqual([]);
    expect(scan("errors.push({ line, field, message: zh, en });")).toEqual([]);
    expect(scan("record({ line: int, field: str, message: str })")).toEqual([]);
    expect(scan("const urge = { at, by, message };")).toEqual([]);
  });

  it('holds for the api, the worker, the engine and every lib', () => {
    const found = sources().flatMap(({ path, text }) => fieldMessagesWithoutEnglish(path, text));
    expect(found).toEqual([]);
  });
});
