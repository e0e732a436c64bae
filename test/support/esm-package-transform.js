/**
 * Jest transform for ES-module-only packages (NestJS 12 and its dependencies ship "type": "module").
 * Node 20.19+ loads them with require(esm), but Jest's own module loader only does so on Node 24.9+,
 * so under Jest they are compiled to CommonJS here. Files of CommonJS packages pass through as they are.
 * Only Jest uses this: the built app (`dist/`) runs the packages unchanged.
 */
const fs = require('fs');
const path = require('path');
const ts = require('typescript');

const moduleTypeOfDir = new Map();

/** Whether a .js file is an ES module: the "type" of the nearest package.json, as Node decides it. */
function isEsm(file) {
  if (file.endsWith('.mjs')) return true;
  if (file.endsWith('.cjs')) return false;
  const seen = [];
  let dir = path.dirname(file);
  let esm = false;
  for (;;) {
    if (moduleTypeOfDir.has(dir)) {
      esm = moduleTypeOfDir.get(dir);
      break;
    }
    seen.push(dir);
    const manifest = path.join(dir, 'package.json');
    if (fs.existsSync(manifest)) {
      esm = JSON.parse(fs.readFileSync(manifest, 'utf8')).type === 'module';
      break;
    }
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  for (const d of seen) moduleTypeOfDir.set(d, esm);
  return esm;
}

module.exports = {
  process(source, file) {
    if (!isEsm(file)) return { code: source };
    // import.meta does not exist in CommonJS; these packages only read its url, mostly to make a
    // `require` (createRequire), which CommonJS already has (Jest's, resolving from the same file).
    const withoutMeta = source
      .replace(/^\s*(?:const|let|var)\s+require\s*=\s*(?:\w+\.)?createRequire\(import\.meta\.url\);?\s*$/gm, '')
      .replace(/\bcreateRequire\(import\.meta\.url\)/g, 'require')
      .replace(/\bimport\.meta\.url\b/g, 'require("url").pathToFileURL(__filename).href');
    const out = ts.transpileModule(withoutMeta, {
      fileName: file,
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true, allowJs: true, sourceMap: false },
    });
    return { code: out.outputText };
  },
  getCacheKey(source, file) {
    return require('crypto').createHash('sha1').update('esm-package-transform-3').update(file).update(source).digest('hex');
  },
};
