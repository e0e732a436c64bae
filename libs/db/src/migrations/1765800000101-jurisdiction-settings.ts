import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Local numbers kept as data per jurisdiction node (ProcessDefinition.jurisdictionSettings: a
 * county's 低保 line). One row per process, setting and node: the value in force; its history is
 * the audit (SETTING_CHANGED entries on the node's administration chain). No row = the configured default.
 */
export class JurisdictionSettings1765800000101 implements MigrationInterface {
  name = 'JurisdictionSettings1765800000101';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE jurisdiction_settings (
        process_key text NOT NULL,
        name text NOT NULL,
        jurisdiction_code text NOT NULL REFERENCES jurisdictions(code),
        value numeric NOT NULL,
        set_at timestamptz NOT NULL,
        set_by uuid NOT NULL REFERENCES users(id),
        reason text NOT NULL,
        PRIMARY KEY (process_key, name, jurisdiction_code)
      );
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE jurisdiction_settings`);
  }
}
