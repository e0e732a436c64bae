/**
 * What every registered process definition must satisfy, checked once for all of them: payload and
 * filing schemas are closed objects that compile (unknown fields are a 400 naming the field).
 */
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { loadProcessRegistry } from './registry';

const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);

describe.each(loadProcessRegistry({}).all().map((d) => [d.key, d] as const))('%s definition', (_key, def) => {
  it('every payload schema is a closed object that compiles', () => {
    for (const [type, e] of Object.entries(def.events)) {
      expect({ type, additionalProperties: e.payload.additionalProperties }).toEqual({ type, additionalProperties: false });
      expect(() => ajv.compile(e.payload)).not.toThrow();
    }
  });

  it('the filing schema is a closed object that compiles', () => {
    expect(def.filing.additionalProperties).toBe(false);
    expect(() => ajv.compile(def.filing)).not.toThrow();
  });
});
