/**
 * The answers user-administration.ts and jurisdiction-tree.ts build, as JSON Schema (issue 18);
 * test/openapi.e2e-spec.ts validates real ones.
 */
import { LEVEL_SCHEMA, ROLE_SCHEMA, jsonSchema } from '@app/engine';

const { arrayOf, bool, instant, int, nullable, page, record, str } = jsonSchema;

export const ROLE_LIST_SCHEMA = record({ items: arrayOf(record({ role: ROLE_SCHEMA, title: str, levels: arrayOf(LEVEL_SCHEMA) })) });

/** view(): a user account as the administrator sees it (never a password or its hash). */
export const USER_SCHEMA = record({
  username: str, displayName: str, roles: arrayOf(ROLE_SCHEMA), jurisdiction: record({ code: str, name: str, level: LEVEL_SCHEMA }),
  phone: nullable(str), disabled: bool, mustChangePassword: bool, createdAt: instant, lastLoginAt: nullable(instant),
});

export const USER_PAGE_SCHEMA = page(USER_SCHEMA, {}, 'Users in the administrator\'s subtree');

/** A one-time password is shown once, at creation and at a reset. */
export const USER_CREATED_SCHEMA = record({ username: str, initialPassword: str });
export const PASSWORD_RESET_SCHEMA = record({ initialPassword: str });

export const JURISDICTION_IMPORT_SCHEMA = record({ imported: int, updated: int, unchanged: int });

const node = { code: str, name: str, level: LEVEL_SCHEMA, parentCode: nullable(str) };

/** GET /api/jurisdictions without `parent`: the caller's whole subtree (pickers). */
export const JURISDICTION_SUBTREE_SCHEMA = arrayOf(record(node));
/** With `parent`: that node's children with their child counts (tree browsing). */
export const JURISDICTION_CHILDREN_SCHEMA = record({ items: arrayOf(record({ ...node, levelTitle: str, childCount: int })) });
