import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Administration (issue 13) and sessions that can end (issue 19):
 * - jurisdictions: a province level above cities, and a `province_code`; a node's `city_code` is the
 *   city above it or, for a tree with no city (a county's own installation), the root of the tree.
 *   Codes are opaque: these columns are computed from parent_code, never from the digits.
 * - jurisdiction_changes: each rename or move an import made, with before and after.
 * - users: phone, a one-time password that must be changed, login and change times.
 * - sessions: one row per login; a token names its session, and revoking the row ends it on
 *   every api replica at the next request (disable, role change, password reset, logout).
 * - login_failures / login_known_addresses: the login throttle, shared by all replicas.
 */
export class Administration1765100000009 implements MigrationInterface {
  name = 'Administration1765100000009';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE jurisdictions DROP CONSTRAINT IF EXISTS jurisdictions_level_check;
      ALTER TABLE jurisdictions ADD CONSTRAINT jurisdictions_level_check CHECK (level IN ('province','city','county','township','village'));
      ALTER TABLE jurisdictions ADD COLUMN province_code text;
      ALTER TABLE jurisdictions ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now();
      CREATE INDEX jurisdictions_parent ON jurisdictions (parent_code, code);

      CREATE TABLE jurisdiction_changes (
        id bigserial PRIMARY KEY,
        code text NOT NULL REFERENCES jurisdictions(code),
        at timestamptz NOT NULL DEFAULT now(),
        changed_by uuid REFERENCES users(id),
        before jsonb,
        after jsonb NOT NULL
      );
      CREATE INDEX jurisdiction_changes_code ON jurisdiction_changes (code, id);

      ALTER TABLE users ADD COLUMN phone text;
      ALTER TABLE users ADD COLUMN must_change_password boolean NOT NULL DEFAULT false;
      ALTER TABLE users ADD COLUMN password_changed_at timestamptz;
      ALTER TABLE users ADD COLUMN last_login_at timestamptz;
      ALTER TABLE users ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now();
      CREATE INDEX users_jurisdiction ON users (jurisdiction_code, username);

      CREATE TABLE sessions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        revoked_at timestamptz,
        revoked_reason text
      );
      CREATE INDEX sessions_user_live ON sessions (user_id) WHERE revoked_at IS NULL;
      CREATE INDEX sessions_expiry ON sessions (expires_at);

      CREATE TABLE login_failures (
        key text PRIMARY KEY,
        failures int NOT NULL,
        first_at timestamptz NOT NULL,
        last_at timestamptz NOT NULL
      );

      CREATE TABLE login_known_addresses (
        user_id uuid NOT NULL REFERENCES users(id),
        address text NOT NULL,
        last_seen timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (user_id, address)
      );
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE login_known_addresses; DROP TABLE login_failures; DROP TABLE sessions;
      DROP INDEX users_jurisdiction;
      ALTER TABLE users DROP COLUMN updated_at, DROP COLUMN last_login_at, DROP COLUMN password_changed_at,
        DROP COLUMN must_change_password, DROP COLUMN phone;
      DROP TABLE jurisdiction_changes;
      DROP INDEX jurisdictions_parent;
      ALTER TABLE jurisdictions DROP COLUMN updated_at, DROP COLUMN province_code;
      ALTER TABLE jurisdictions DROP CONSTRAINT jurisdictions_level_check;
      ALTER TABLE jurisdictions ADD CONSTRAINT jurisdictions_level_check CHECK (level IN ('city','county','township','village'));
    `);
  }
}
