/**
 * One setting of the schema: its variable, a JSON Schema for its value (after coercion from the
 * environment's text), its default and a short description. Generic settings are declared in
 * core-settings.ts; each process declares its own in its folder and the process registry collects
 * them, so this library knows no process.
 */
export interface SettingSchema {
  type: 'string' | 'integer' | 'number' | 'boolean';
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  enum?: readonly (string | number)[];
  pattern?: string;
  minLength?: number;
}

export interface SettingDeclaration {
  name: string;
  schema: SettingSchema;
  /** The value when the variable is unset or empty; absent: no default (required, or optional and computed). */
  default?: string | number | boolean;
  description: string;
  /** Never printed, not even in an error message. */
  secret?: boolean;
  /** What a valid value looks like, in words, where the schema alone (a pattern) would say it badly. */
  expects?: string;
}

type Options = Omit<SettingSchema, 'type'> & { secret?: boolean; expects?: string };

function declare(type: SettingSchema['type']) {
  return (name: string, def: string | number | boolean | undefined, description: string, opts: Options = {}): SettingDeclaration => {
    const { secret, expects, ...schema } = opts;
    return { name, schema: { type, ...schema }, ...(def === undefined ? {} : { default: def }), description, ...(secret ? { secret } : {}), ...(expects ? { expects } : {}) };
  };
}

export const integerSetting = declare('integer');
export const numberSetting = declare('number');
export const stringSetting = declare('string');
/** `true` or `false` (ajv's coercion of the environment's text). */
export const booleanSetting = declare('boolean');
