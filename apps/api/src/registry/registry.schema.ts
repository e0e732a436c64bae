/** The answer registry-import.ts builds, as JSON Schema (issue 18). */
import { jsonSchema } from '@app/engine';

const { arrayOf, int, record, str, uuid } = jsonSchema;

/** Rows imported, unchanged and failed; the failed rows' first 1000 errors by line. */
export const REGISTRY_IMPORT_SCHEMA = record({
  importId: uuid, rowsTotal: int, imported: int, unchanged: int, failed: int,
  errors: arrayOf(record({ line: int, field: str, message: str }, ['field'])),
});
