import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The whole first schema: access, registry, cases, tasks, timers, SLA clocks, audit, outbox,
 * idempotency and the records written by jobs. Every case, task and timer row carries its
 * jurisdiction codes at each level so that "inside the caller's subtree" is one indexed equality.
 */
export class InitialSchema1764300000000 implements MigrationInterface {
  name = 'InitialSchema1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE jurisdictions (
        code text PRIMARY KEY,
        name text NOT NULL,
        level text NOT NULL CHECK (level IN ('city','county','township','village')),
        parent_code text REFERENCES jurisdictions(code),
        city_code text NOT NULL,
        county_code text,
        township_code text
      );

      CREATE TABLE users (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        username text NOT NULL UNIQUE,
        display_name text NOT NULL,
        password_hash text NOT NULL,
        jurisdiction_code text NOT NULL REFERENCES jurisdictions(code),
        roles text[] NOT NULL,
        active boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now()
      );

      -- 近亲属备案: a staff member's declared close relatives, ID numbers stored like applicants'.
      CREATE TABLE staff_relatives (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users(id),
        name text NOT NULL,
        relation text NOT NULL,
        id_cipher text NOT NULL,
        id_index text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX staff_relatives_index ON staff_relatives (id_index);

      CREATE TABLE registry_imports (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        imported_by uuid REFERENCES users(id),
        imported_at timestamptz NOT NULL DEFAULT now(),
        rows_total int NOT NULL,
        rows_imported int NOT NULL,
        rows_unchanged int NOT NULL,
        rows_failed int NOT NULL,
        errors jsonb NOT NULL DEFAULT '[]'
      );

      CREATE TABLE registry_entries (
        id_index text PRIMARY KEY,
        id_cipher text NOT NULL,
        name text NOT NULL,
        village_code text NOT NULL,
        category text NOT NULL CHECK (category IN ('registered_poor','dibao','tekun','poor_disabled')),
        status text NOT NULL CHECK (status IN ('not_lifted','lifted_with_policy','new')),
        household_id text NOT NULL,
        import_id uuid REFERENCES registry_imports(id),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX registry_entries_household ON registry_entries (household_id);

      -- Every change an import makes to an entry, so a registry row's past can be shown.
      CREATE TABLE registry_entry_history (
        id bigserial PRIMARY KEY,
        id_index text NOT NULL,
        import_id uuid NOT NULL REFERENCES registry_imports(id),
        category text NOT NULL,
        status text NOT NULL,
        village_code text NOT NULL,
        household_id text NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX registry_entry_history_index ON registry_entry_history (id_index);

      CREATE TABLE cases (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        process_key text NOT NULL,
        process_version int NOT NULL,
        state text NOT NULL,
        context jsonb NOT NULL,
        lane text NOT NULL CHECK (lane IN ('emergency','fast','normal')),
        outcome text,
        revision int NOT NULL DEFAULT 1,
        village_code text NOT NULL REFERENCES jurisdictions(code),
        township_code text NOT NULL,
        county_code text NOT NULL,
        city_code text NOT NULL,
        applicant_name text NOT NULL,
        applicant_id_cipher text NOT NULL,
        applicant_id_index text NOT NULL,
        applicant_id_masked text NOT NULL,
        applicant_phone text,
        applicant_household_size int,
        household_key text NOT NULL,
        data jsonb NOT NULL,
        flags jsonb NOT NULL DEFAULT '[]',
        decision_groups jsonb NOT NULL DEFAULT '{}',
        filed_by uuid NOT NULL REFERENCES users(id),
        filed_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        state_entered_at timestamptz NOT NULL DEFAULT now(),
        closed_at timestamptz
      );
      CREATE INDEX cases_county ON cases (county_code, process_key, state, filed_at DESC);
      CREATE INDEX cases_township ON cases (township_code, filed_at DESC);
      CREATE INDEX cases_village ON cases (village_code, filed_at DESC);
      CREATE INDEX cases_applicant ON cases (applicant_id_index, filed_at DESC);
      CREATE INDEX cases_household ON cases (household_key, filed_at DESC);
      CREATE INDEX cases_filed_by ON cases (filed_by, filed_at DESC);

      -- Deadlines (notice periods, material requests): rows armed in the event's transaction and
      -- fired by delayed jobs; a fired timer applies only while the row is still 'armed'.
      CREATE TABLE case_timers (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        case_id uuid NOT NULL REFERENCES cases(id),
        state text NOT NULL,
        event_type text NOT NULL,
        due_at timestamptz NOT NULL,
        armed_revision int NOT NULL,
        status text NOT NULL CHECK (status IN ('armed','fired','cancelled')),
        created_at timestamptz NOT NULL DEFAULT now(),
        closed_at timestamptz
      );
      CREATE INDEX case_timers_case ON case_timers (case_id);
      CREATE INDEX case_timers_armed ON case_timers (due_at) WHERE status = 'armed';

      -- SLA clocks (时限) as data: start, warning, due, status and the event that stopped it.
      CREATE TABLE sla_clocks (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        case_id uuid NOT NULL REFERENCES cases(id),
        name text NOT NULL,
        started_at timestamptz NOT NULL,
        warn_at timestamptz,
        due_at timestamptz NOT NULL,
        status text NOT NULL CHECK (status IN ('running','warned','met','breached')),
        warned_at timestamptz,
        breached_at timestamptz,
        stopped_at timestamptz,
        stop_event text
      );
      CREATE INDEX sla_clocks_case ON sla_clocks (case_id);
      CREATE INDEX sla_clocks_open ON sla_clocks (due_at) WHERE stopped_at IS NULL;

      CREATE TABLE tasks (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        case_id uuid NOT NULL REFERENCES cases(id),
        process_key text NOT NULL,
        kind text NOT NULL,
        state text NOT NULL,
        role text NOT NULL,
        jurisdiction_code text NOT NULL,
        village_code text NOT NULL,
        township_code text NOT NULL,
        county_code text NOT NULL,
        city_code text NOT NULL,
        lane text NOT NULL,
        lane_rank smallint NOT NULL,
        assignee_username text,
        escalation_of uuid REFERENCES tasks(id),
        due_at timestamptz,
        status text NOT NULL CHECK (status IN ('open','claimed','done','cancelled')),
        claimed_by uuid REFERENCES users(id),
        claimed_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        closed_at timestamptz,
        closed_by uuid
      );
      CREATE INDEX tasks_case ON tasks (case_id) WHERE status IN ('open','claimed');
      CREATE INDEX tasks_inbox_county ON tasks (county_code, role, lane_rank, due_at) WHERE status IN ('open','claimed');
      CREATE INDEX tasks_inbox_township ON tasks (township_code, role, lane_rank, due_at) WHERE status IN ('open','claimed');
      CREATE INDEX tasks_inbox_village ON tasks (village_code, role, lane_rank, due_at) WHERE status IN ('open','claimed');

      CREATE TABLE audit_chains (
        chain_id text PRIMARY KEY,
        head_seq int NOT NULL,
        head_hash text NOT NULL
      );

      CREATE TABLE audit_entries (
        id bigserial PRIMARY KEY,
        chain_id text NOT NULL,
        seq int NOT NULL,
        case_id uuid,
        at timestamptz NOT NULL,
        actor_id uuid,
        actor_username text NOT NULL,
        actor_role text,
        jurisdiction_code text,
        action text NOT NULL,
        outcome text NOT NULL,
        from_state text,
        to_state text,
        payload jsonb NOT NULL,
        prev_hash text NOT NULL,
        hash text NOT NULL,
        canonical text NOT NULL,
        UNIQUE (chain_id, seq)
      );
      CREATE INDEX audit_entries_case ON audit_entries (case_id, id);
      CREATE INDEX audit_entries_actor ON audit_entries (actor_username, id);
      CREATE INDEX audit_entries_at ON audit_entries (at);

      CREATE FUNCTION audit_entries_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_entries is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$;
      CREATE TRIGGER audit_entries_no_update BEFORE UPDATE OR DELETE ON audit_entries
        FOR EACH ROW EXECUTE FUNCTION audit_entries_append_only();
      CREATE TRIGGER audit_entries_no_truncate BEFORE TRUNCATE ON audit_entries
        FOR EACH STATEMENT EXECUTE FUNCTION audit_entries_append_only();

      CREATE TABLE outbox (
        id bigserial PRIMARY KEY,
        queue text NOT NULL,
        name text NOT NULL,
        payload jsonb NOT NULL,
        available_at timestamptz NOT NULL DEFAULT now(),
        created_at timestamptz NOT NULL DEFAULT now(),
        dispatched_at timestamptz,
        attempts int NOT NULL DEFAULT 0,
        last_error text
      );
      CREATE INDEX outbox_pending ON outbox (id) WHERE dispatched_at IS NULL;

      CREATE TABLE idempotency_keys (
        user_id uuid NOT NULL,
        key text NOT NULL,
        request_hash text NOT NULL,
        status_code int,
        response jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (user_id, key)
      );

      -- 全国农村危房改造信息系统 report records, one per case (the job is idempotent by this key).
      CREATE TABLE national_reports (
        case_id uuid PRIMARY KEY REFERENCES cases(id),
        job_id text NOT NULL,
        reported_at timestamptz NOT NULL DEFAULT now(),
        payload jsonb NOT NULL
      );

      -- Disbursements, one per case: a retried payment job finds the row and pays nothing twice.
      CREATE TABLE payments (
        case_id uuid PRIMARY KEY REFERENCES cases(id),
        payment_ref text NOT NULL UNIQUE,
        amount numeric(12,2) NOT NULL,
        job_id text NOT NULL,
        paid_at timestamptz NOT NULL DEFAULT now()
      );

      CREATE TABLE charity_referrals (
        job_id text PRIMARY KEY,
        case_id uuid NOT NULL REFERENCES cases(id),
        organization text NOT NULL,
        note text,
        referred_at timestamptz NOT NULL DEFAULT now()
      );
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE charity_referrals, payments, national_reports, idempotency_keys, outbox;
      DROP TRIGGER audit_entries_no_truncate ON audit_entries;
      DROP TRIGGER audit_entries_no_update ON audit_entries;
      DROP TABLE audit_entries, audit_chains;
      DROP FUNCTION audit_entries_append_only();
      DROP TABLE tasks, sla_clocks, case_timers, cases, registry_entry_history, registry_entries,
        registry_imports, staff_relatives, users, jurisdictions;
    `);
  }
}
