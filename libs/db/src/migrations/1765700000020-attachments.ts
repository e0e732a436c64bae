import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Documents on a case (issue 20): one row per attachment, its bytes in a table of their own so a
 * listing never reads them. Both are evidence — the SHA-256 also stands in the case's audit chain —
 * so, like the audit, they are append-only: an edit or removal needs a superuser who silences the
 * triggers, and audit verify then finds the bytes no longer hash to what the chain recorded.
 * `storage` says where the bytes are ('pg': attachment_bytes; 's3': an object named storage_key).
 */
export class Attachments1765700000020 implements MigrationInterface {
  name = 'Attachments1765700000020';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE attachments (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        case_id uuid NOT NULL REFERENCES cases(id),
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        size bigint NOT NULL CHECK (size > 0),
        content_type text NOT NULL,
        sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
        kind text NOT NULL,
        uploaded_by uuid NOT NULL REFERENCES users(id),
        uploaded_at timestamptz NOT NULL,
        storage text NOT NULL CHECK (storage IN ('pg','s3')),
        storage_key text
      );
      CREATE INDEX attachments_case ON attachments (case_id, uploaded_at, id);
      -- Audit verify pairs each attachment with its ATTACHMENT_ADDED entry.
      CREATE INDEX audit_entries_attachment ON audit_entries ((payload->>'attachmentId')) WHERE action = 'ATTACHMENT_ADDED';

      CREATE TABLE attachment_bytes (
        attachment_id uuid PRIMARY KEY REFERENCES attachments(id),
        bytes bytea NOT NULL
      );
      -- Bytes are large and never searched: keep them out of line, uncompressed (PDF/JPEG/PNG/OFD already are).
      ALTER TABLE attachment_bytes ALTER COLUMN bytes SET STORAGE EXTERNAL;

      CREATE FUNCTION attachments_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$;
      CREATE TRIGGER attachments_no_update BEFORE UPDATE OR DELETE ON attachments
        FOR EACH ROW EXECUTE FUNCTION attachments_append_only();
      CREATE TRIGGER attachments_no_truncate BEFORE TRUNCATE ON attachments
        FOR EACH STATEMENT EXECUTE FUNCTION attachments_append_only();
      CREATE TRIGGER attachment_bytes_no_update BEFORE UPDATE OR DELETE ON attachment_bytes
        FOR EACH ROW EXECUTE FUNCTION attachments_append_only();
      CREATE TRIGGER attachment_bytes_no_truncate BEFORE TRUNCATE ON attachment_bytes
        FOR EACH STATEMENT EXECUTE FUNCTION attachments_append_only();
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP INDEX audit_entries_attachment;
      DROP TABLE attachment_bytes;
      DROP TABLE attachments;
      DROP FUNCTION attachments_append_only();
    `);
  }
}
