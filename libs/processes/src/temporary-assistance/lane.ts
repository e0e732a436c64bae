/** Lanes: emergency (急难型) cases sort first in every inbox; everything else is normal. */
import type { Lane, Text } from '../definition';
import type { TemporaryAssistanceConfig } from './config';
import type { TemporaryAssistanceContext } from './types';

export const laneOf = (context: TemporaryAssistanceContext): Lane => context.lane;

export function laneReasonFor(config: TemporaryAssistanceConfig) {
  return (context: TemporaryAssistanceContext): Text | null => {
    if (context.lane === 'emergency') {
      return {
        zh: `急难型：${config.reliefDueHours}小时内先行救助`,
        en: `Emergency: first relief within ${config.reliefDueHours} hours`,
      };
    }
    if (context.emergencyDeclineReason) {
      return { zh: '未予先行救助，转常规程序', en: 'Emergency relief declined; normal procedure' };
    }
    return null;
  };
}
