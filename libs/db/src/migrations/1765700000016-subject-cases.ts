import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Cases about another case (ProcessDeclarations.subject, e.g. an audit finding): they have no
 * applicant, so the applicant columns may be empty, and they name their subject (the subject's view
 * lists its open ones). `viewers` narrows who sees a case (ProcessDeclarations.visibility): tokens
 * `role` (any holder inside whose subtree the case lies) or `role@code` (that role at that node);
 * NULL keeps the subtree rule of every other case.
 */
export class SubjectCases1765700000016 implements MigrationInterface {
  name = 'SubjectCases1765700000016';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE cases
        ALTER COLUMN applicant_name DROP NOT NULL,
        ALTER COLUMN applicant_id_cipher DROP NOT NULL,
        ALTER COLUMN applicant_id_index DROP NOT NULL,
        ALTER COLUMN applicant_id_masked DROP NOT NULL,
        ALTER COLUMN household_key DROP NOT NULL,
        ADD COLUMN subject_case_id uuid REFERENCES cases(id),
        ADD COLUMN viewers text[],
        ADD CONSTRAINT cases_applicant_or_subject CHECK (applicant_id_index IS NOT NULL OR subject_case_id IS NOT NULL);
      CREATE INDEX cases_subject ON cases (subject_case_id) WHERE subject_case_id IS NOT NULL;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP INDEX cases_subject;
      ALTER TABLE cases DROP CONSTRAINT cases_applicant_or_subject, DROP COLUMN viewers, DROP COLUMN subject_case_id;
    `);
  }
}
