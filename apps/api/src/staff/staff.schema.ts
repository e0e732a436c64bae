/** The answers staff-relatives.ts builds, as JSON Schema (issue 18); test/openapi.e2e-spec.ts validates real ones. */
import { jsonSchema } from '@app/engine';
import { RELATIONS } from './staff-relatives';

const { arrayOf, instant, nullable, oneOfValues, record, str, uuid } = jsonSchema;

/** A close-relative declaration (近亲属备案), ID number masked. */
export const RELATIVE_SCHEMA = record({
  id: uuid, name: str, relation: oneOfValues(Object.keys(RELATIONS)), relationTitle: str, idNumberMasked: str,
  declaredAt: instant, withdrawnAt: nullable(instant), withdrawnReason: nullable(str),
});

export const RELATIVE_LIST_SCHEMA = record({ items: arrayOf(RELATIVE_SCHEMA) });
