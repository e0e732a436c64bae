/** SLA clocks of the emergency lane (PROCESSES.md §3): relief within 24 h, formalities within 5 days. */
import { ClockSpec, DAY, HOUR } from '../definition';
import type { TemporaryAssistanceConfig } from './config';

export function temporaryAssistanceClocks(config: TemporaryAssistanceConfig): ClockSpec[] {
  const escalateTo = { role: 'county_civil', level: 'county' } as const;
  return [
    {
      name: 'relief',
      title: { zh: '先行救助时限', en: 'First relief deadline' },
      startOn: 'filing',
      lanes: ['emergency'],
      // A decline ends the emergency: the clock is met, the case continues in the normal lane.
      stopOn: ['GRANT_FIRST_RELIEF', 'DECLINE_EMERGENCY'],
      due: config.reliefDueHours * HOUR,
      warnAfter: config.reliefWarningHours * HOUR,
      escalateTo,
      warnFlag: 'sla_warning',
      breachFlag: 'sla_breached',
      basis: {
        zh: `急难型救助对象 ${config.reliefDueHours} 小时内先行救助（山东省规定，可配置）`,
        en: `Emergency cases: first relief within ${config.reliefDueHours} hours (Shandong rule, configurable)`,
      },
    },
    {
      name: 'formalities',
      title: { zh: '补齐手续时限', en: 'Formalities deadline' },
      startOn: ['GRANT_FIRST_RELIEF'],
      stopOn: ['SUBMIT_FORMALITIES'],
      due: config.formalitiesDueDays * DAY,
      // No warnAfter: the contract escalates only when overdue ("FORMALITIES_OVERDUE flags and
      // escalates"); the officer's own task already carries the due time.
      escalateTo,
      breachFlag: 'formalities_overdue',
      basis: {
        zh: `先行救助后 ${config.formalitiesDueDays} 日内补齐手续（山东省规定，可配置）`,
        en: `Formalities within ${config.formalitiesDueDays} days of first relief (Shandong rule, configurable)`,
      },
    },
  ];
}
