/** The answers auth.controller.ts builds, as JSON Schema (issue 18); test/openapi.e2e-spec.ts validates real ones. */
import { LEVEL_SCHEMA, ROLE_SCHEMA, jsonSchema } from '@app/engine';
import type { userView } from './auth.controller';

const { arrayOf, bool, record, str, uuid } = jsonSchema;

/** userView(): GET /api/me, and the user in a login's answer. */
export const ME_SCHEMA = record({
  id: uuid, username: str, displayName: str, roles: arrayOf(ROLE_SCHEMA),
  jurisdiction: record({ code: str, name: str, level: LEVEL_SCHEMA }), mustChangePassword: bool,
});

export const LOGIN_RESPONSE_SCHEMA = record({ accessToken: str, user: ME_SCHEMA, mustChangePassword: bool });

/** A password change ends every session and answers a new token. */
export const PASSWORD_CHANGED_SCHEMA = record({ accessToken: str });

// The builders and these schemas name the same fields (checked by the compiler).
export type AuthSchemaChecks = [jsonSchema.KeysMatch<jsonSchema.SameKeys<ReturnType<typeof userView>, typeof ME_SCHEMA>>];
