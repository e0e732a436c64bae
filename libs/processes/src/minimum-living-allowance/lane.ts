/**
 * A household whose benefit must stop within a month (a terminate proposal on fraud, ineligible,
 * death or moved away waits) goes to the fast lane: its change decision sorts first in the county's
 * queue, and the `stop` clock runs for it.
 */
import type { Lane, Text } from '../definition';
import { STOP_GROUNDS, MlaContext } from './types';

const stopping = (ctx: MlaContext) =>
  ctx.pendingProposal?.proposal === 'terminate' && !!ctx.pendingProposal.ground && STOP_GROUNDS.includes(ctx.pendingProposal.ground);

export const laneOf = (ctx: MlaContext): Lane => (stopping(ctx) ? 'fast' : 'normal');

export const laneReason = (ctx: MlaContext): Text | null =>
  stopping(ctx) ? { zh: '核实属实待停保（1个月内办结）', en: 'Verified: stop within a month' } : null;
