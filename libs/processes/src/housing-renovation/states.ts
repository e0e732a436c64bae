/** Every state of the housing-renovation machine: titles, the human task, notice timers, jobs, finals. */
import { DAY, Level, Role, StateSpec } from '../definition';
import type { HousingRenovationConfig } from './config';

const task = (kind: string, role: Role, level: Level) => ({ task: { kind, role, level } });
const noticeTimer = (days: number) => ({ timers: [{ event: 'NOTICE_PERIOD_ENDED', after: days * DAY }] });

export function housingRenovationStates(config: HousingRenovationConfig): Record<string, StateSpec> {
  return {
    identity_check: { title: { zh: '身份核验', en: 'Identity check' }, jobs: ['registry_lookup'] },
    identity_review: {
      title: { zh: '身份认定', en: 'Identity review' },
      ...task('identity_review', 'poverty_office', 'county'),
    },
    collective_review: {
      title: { zh: '集体评议', en: 'Collective review' },
      ...task('collective_review', 'village_clerk', 'village'),
    },
    // Notices have no task: the period runs out by itself, objections may come from anyone allowed.
    village_notice: { title: { zh: '村级公示', en: 'Village notice' }, ...noticeTimer(config.villageNoticeDays) },
    township_audit: {
      title: { zh: '乡镇审核', en: 'Township audit' },
      ...task('township_audit', 'township_officer', 'township'),
    },
    correction: {
      title: { zh: '退回补正', en: 'Correction' },
      ...task('correction', 'village_clerk', 'village'),
    },
    danger_assessment: {
      title: { zh: '房屋危险性评定', en: 'House danger assessment' },
      ...task('danger_assessment', 'housing_assessor', 'county'),
    },
    township_notice: { title: { zh: '乡镇公示', en: 'Township notice' }, ...noticeTimer(config.townshipNoticeDays) },
    county_approval: {
      title: { zh: '县级审批', en: 'County approval' },
      ...task('county_approval', 'county_housing', 'county'),
    },
    county_notice: { title: { zh: '县级公示', en: 'County notice' }, ...noticeTimer(config.countyNoticeDays) },
    agreement: {
      title: { zh: '签订协议', en: 'Agreement' },
      ...task('agreement', 'township_officer', 'township'),
    },
    construction: {
      title: { zh: '组织实施', en: 'Construction' },
      ...task('construction', 'township_officer', 'township'),
    },
    acceptance: {
      title: { zh: '竣工验收', en: 'Completion acceptance' },
      ...task('acceptance', 'county_housing', 'county'),
    },
    rectification: {
      title: { zh: '整改', en: 'Rectification' },
      ...task('rectification', 'township_officer', 'township'),
    },
    handover: {
      title: { zh: '交接入住', en: 'Handover' },
      ...task('handover', 'township_officer', 'township'),
    },

    completed: { title: { zh: '已竣工入住', en: 'Completed' }, final: { outcome: 'completed' } },
    rejected: { title: { zh: '不予改造', en: 'Rejected' }, final: { outcome: 'rejected' } },
    withdrawn: { title: { zh: '已撤回', en: 'Withdrawn' }, final: { outcome: 'withdrawn' } },
  };
}
