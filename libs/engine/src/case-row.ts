import type { CaseFacts } from './authorization';

/** A row of `cases` as the engine reads it. */
export interface CaseRow extends CaseFacts {
  id: string;
  process_key: string;
  process_version: number;
  state: string;
  lane: 'emergency' | 'fast' | 'normal';
  outcome: string | null;
  revision: number;
  data: Record<string, any>;
  applicant_name: string;
  applicant_id_cipher: string;
  applicant_id_index: string;
  applicant_id_masked: string;
  applicant_phone: string | null;
  applicant_household_size: number | null;
  household_key: string;
  filed_at: Date;
  updated_at: Date;
  state_entered_at: Date;
  closed_at: Date | null;
  /** The case this one is about (a finding about a case), when read: a row built in code may leave it out. */
  subject_case_id?: string | null;
}

export const LANE_RANK = { emergency: 0, fast: 1, normal: 2 } as const;

export type Flag = { code: string; at: string; detail: Record<string, unknown> };

/** Adds flags whose code is not on the case yet; returns the new list. */
export function withFlags(existing: Flag[], add: Array<{ code: string; detail: Record<string, unknown> }>, at: Date): Flag[] {
  const out = [...existing];
  for (const f of add) if (!out.some((e) => e.code === f.code)) out.push({ code: f.code, at: at.toISOString(), detail: f.detail });
  return out;
}
