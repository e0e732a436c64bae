/** What 低保 prints: the 最低生活保障审批表 — the household, the investigation, the assessment and the confirmation. */
import { type DocumentSpec, APPLICANT_NAME_FIELD, ID_NUMBER_FIELD, VILLAGE_FIELD } from '../documents';
import type { MlaContext } from './types';

export const minimumLivingAllowanceDocuments: Record<string, DocumentSpec<MlaContext>> = {
  approval_form: {
    title: { zh: '最低生活保障审批表', en: 'Minimum living allowance approval form' },
    issuer: { level: 'county', department: { zh: '民政局', en: 'Civil Affairs Bureau' } },
    // Printed from the democratic review on (the investigation is in), for the confirming level's seal.
    states: ['democratic_review', 'notice', 'county_confirmation', 'township_confirmation'],
    roles: ['village_clerk', 'township_officer', 'county_civil'],
    sections: [
      {
        title: { zh: '申请家庭基本情况', en: 'Household' },
        fields: [
          APPLICANT_NAME_FIELD,
          ID_NUMBER_FIELD,
          { key: 'householdSize', title: { zh: '家庭人口', en: 'Household size' }, from: 'context.householdSize', format: 'count' },
          VILLAGE_FIELD,
          { key: 'basis', title: { zh: '申请类型', en: 'Basis' }, from: 'data.basis', format: 'value' },
          { key: 'declaredIncome', title: { zh: '申报家庭月收入', en: 'Declared monthly income' }, from: 'data.declaredMonthlyIncomeYuan', format: 'money' },
        ],
      },
      {
        title: { zh: '入户调查', en: 'Investigation' },
        fields: [
          { key: 'checkReportRef', title: { zh: '信息核对报告编号', en: 'Check report' }, from: 'context.investigation.checkReportRef' },
          { key: 'visitDate', title: { zh: '入户调查日期', en: 'Visited on' }, from: 'context.investigation.visitDate', format: 'date' },
          { key: 'investigators', title: { zh: '调查人', en: 'Investigators' }, from: 'context.investigation.investigators', format: 'list' },
          { key: 'monthlyIncome', title: { zh: '核定家庭月收入', en: 'Monthly income' }, from: 'context.investigation.monthlyIncomeYuan', format: 'money' },
          { key: 'opinion', title: { zh: '调查意见', en: 'Opinion' }, from: 'context.investigation.opinion', wide: true },
        ],
      },
      {
        title: { zh: '审核确认', en: 'Confirmation' },
        fields: [
          { key: 'perCapitaIncome', title: { zh: '家庭月人均收入', en: 'Per-capita income' }, from: 'context.assessment.perCapitaIncomeYuan', format: 'money' },
          { key: 'line', title: { zh: '低保标准（元/人·月）', en: 'Line (per person and month)' }, from: 'context.assessment.lineYuan', format: 'money' },
          { key: 'proposedAmount', title: { zh: '拟保障金额（元/月）', en: 'Proposed monthly amount' }, from: 'context.assessment.amountYuan', format: 'money' },
          { key: 'confirmedAmount', title: { zh: '确认保障金额（元/月）', en: 'Confirmed monthly amount' }, from: 'context.amountYuan', format: 'money' },
          { key: 'confirmedBy', title: { zh: '确认人', en: 'Confirmed by' }, from: 'history.CONFIRM_DIBAO.actor' },
          { key: 'confirmedAt', title: { zh: '确认日期', en: 'Confirmed on' }, from: 'history.CONFIRM_DIBAO.at', format: 'date' },
        ],
      },
    ],
    signatures: [{ zh: '申请人（签字或按手印）', en: 'Applicant' }, { zh: '调查人', en: 'Investigator' }, { zh: '审核确认人', en: 'Confirmed by' }],
    seal: true,
  },
};
