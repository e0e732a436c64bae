/**
 * The flags that belong to no process: the engine raises `relative_filed` on a case (conflict of
 * interest), and the flag finder reads the other three from the audit trail. A process's own flags
 * come from its definition (definition.flags); the two together are every flag there is.
 */
import type { Text } from '@app/processes';
import { RELATIVE_FLAG } from './conflict-of-interest';

export interface EngineFlag {
  title: Text;
  /** 'case': stored on the case row; 'audit': found in the audit trail (what people did). */
  source: 'case' | 'audit';
}

export const ENGINE_FLAGS: Record<string, EngineFlag> = {
  [RELATIVE_FLAG]: { title: { zh: '近亲属关联', en: 'Close relative of staff' }, source: 'case' },
  refused_decision_attempt: { title: { zh: '越权或违规决定尝试', en: 'Refused decision attempt' }, source: 'audit' },
  rapid_decisions: { title: { zh: '短时间内密集决定', en: 'Rapid decisions' }, source: 'audit' },
  off_hours_decision: { title: { zh: '非工作时间决定', en: 'Off-hours decision' }, source: 'audit' },
};
