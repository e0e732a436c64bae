/** Every field path a schema form renders for a draft (to find server errors no input shows). */
import type { JsonSchema } from '../api/types';
import { joinPath } from '../lib/fieldPath';
import type { Draft } from './draft';
import { itemsOf, kindOf, props } from './schema';

export function renderedPaths(schema: JsonSchema, draft: Draft | undefined, path: string, key = '', out = new Set<string>()): Set<string> {
  out.add(path);
  const kind = kindOf(schema, key);
  if (kind === 'object') {
    const obj = draft && typeof draft === 'object' && !Array.isArray(draft) ? draft : {};
    for (const [k, s] of Object.entries(props(schema))) renderedPaths(s, obj[k], joinPath(path, k), k, out);
  } else if (kind === 'objectArray' || kind === 'stringArray') {
    (Array.isArray(draft) ? draft : []).forEach((d, i) => renderedPaths(itemsOf(schema), d, joinPath(path, i), String(i), out));
  }
  return out;
}
