/**
 * Configuration is read through the one settings loader (environment.ts) and its schema: any other
 * read of the process environment in apps/ or libs/ would bypass validation and the README table.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..');
const ALLOWED = new Set(['libs/settings/src/environment.ts', 'apps/console/vite.config.ts']);

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (['node_modules', 'dist', 'public'].includes(name)) return [];
    if (statSync(path).isDirectory()) return sources(path);
    return /\.(ts|tsx|js|mjs)$/.test(name) && !/\.(spec|test|e2e-spec)\.tsx?$/.test(name) ? [path] : [];
  });
}

describe('no process.env outside the settings loader', () => {
  it('finds no other read in apps/ and libs/', () => {
    const hits = [...sources(join(ROOT, 'apps')), ...sources(join(ROOT, 'libs'))]
      .map((path) => relative(ROOT, path))
      .filter((path) => !ALLOWED.has(path))
      .flatMap((path) => readFileSync(join(ROOT, path), 'utf8').split('\n').map((line, i) => ({ path, line: i + 1, text: line })))
      .filter((l) => /process\.env\b/.test(l.text))
      .map((l) => `${l.path}:${l.line}: ${l.text.trim()}`);
    expect(hits).toEqual([]);
  });

  it('the loader itself still reads it (the allowance above is not stale)', () => {
    expect(readFileSync(join(ROOT, 'libs/settings/src/environment.ts'), 'utf8')).toMatch(/process\.env/);
  });
});
