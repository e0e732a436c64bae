import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Signed audit checkpoints (ARCHITECTURE.md §2 invariant 5) and the indexes the disciplinary-review
 * queries need.
 *
 * A checkpoint covers every chain head at one instant. Its head set is stored incrementally:
 * `audit_checkpoint_heads` holds a row only for chains whose head moved since the previous
 * checkpoint, and the heads of checkpoint k are, per chain, the row with the largest checkpoint_id
 * ≤ k. Chain ids use the "C" collation so that the database orders them exactly as the Merkle tree
 * (and the offline verifier) does: by bytes.
 */
export class AuditCheckpoints1764800000006 implements MigrationInterface {
  name = 'AuditCheckpoints1764800000006';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE audit_checkpoints (
        id bigint PRIMARY KEY,
        created_at timestamptz NOT NULL,
        chain_count int NOT NULL,
        entry_count bigint NOT NULL,
        merkle_root text NOT NULL,
        key_id text NOT NULL,
        body text NOT NULL,
        signature text NOT NULL,
        public_key text NOT NULL
      );
      CREATE SEQUENCE audit_checkpoints_id_seq OWNED BY audit_checkpoints.id;

      CREATE TABLE audit_checkpoint_heads (
        checkpoint_id bigint NOT NULL REFERENCES audit_checkpoints(id),
        chain_id text COLLATE "C" NOT NULL,
        seq int NOT NULL,
        hash text NOT NULL,
        PRIMARY KEY (chain_id, checkpoint_id)
      );
      CREATE INDEX audit_checkpoint_heads_checkpoint ON audit_checkpoint_heads (checkpoint_id);
      -- The checkpoint job reads the current heads in byte order, a page at a time.
      CREATE INDEX audit_chains_bytewise ON audit_chains (chain_id COLLATE "C");

      -- Checkpoints are evidence too: append-only like the entries.
      CREATE FUNCTION audit_checkpoints_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$;
      CREATE TRIGGER audit_checkpoints_no_update BEFORE UPDATE OR DELETE ON audit_checkpoints
        FOR EACH ROW EXECUTE FUNCTION audit_checkpoints_append_only();
      CREATE TRIGGER audit_checkpoints_no_truncate BEFORE TRUNCATE ON audit_checkpoints
        FOR EACH STATEMENT EXECUTE FUNCTION audit_checkpoints_append_only();
      CREATE TRIGGER audit_checkpoint_heads_no_update BEFORE UPDATE OR DELETE ON audit_checkpoint_heads
        FOR EACH ROW EXECUTE FUNCTION audit_checkpoints_append_only();
      CREATE TRIGGER audit_checkpoint_heads_no_truncate BEFORE TRUNCATE ON audit_checkpoint_heads
        FOR EACH STATEMENT EXECUTE FUNCTION audit_checkpoints_append_only();

      -- Flags: decisions by one user over time (rapid, off-hours) and refused decision attempts.
      CREATE INDEX audit_entries_actor_at ON audit_entries (actor_id, at) WHERE actor_id IS NOT NULL;
      CREATE INDEX audit_entries_refused ON audit_entries (at) WHERE outcome = 'refused';
      -- One declaration per person and relative; serves the own-list read and the event-time conflict check.
      CREATE UNIQUE INDEX staff_relatives_user ON staff_relatives (user_id, id_index);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP INDEX staff_relatives_user;
      DROP INDEX audit_entries_refused;
      DROP INDEX audit_entries_actor_at;
      DROP INDEX audit_chains_bytewise;
      DROP TABLE audit_checkpoint_heads, audit_checkpoints;
      DROP FUNCTION audit_checkpoints_append_only();
    `);
  }
}
