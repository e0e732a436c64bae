/**
 * What housing renovation prints: the 受理回执 the village hands the applicant at filing, and the
 * 农村危房改造申请审批表 that collects every level's review on one sheet for the county's seal.
 */
import { type DocumentField, type DocumentSpec, APPLICANT_NAME_FIELD, ID_NUMBER_FIELD, VILLAGE_FIELD } from '../documents';
import { FIELD_TITLES } from './titles';
import type { HousingRenovationContext } from './types';

const applicant: DocumentField[] = [
  APPLICANT_NAME_FIELD,
  ID_NUMBER_FIELD,
  { key: 'householdSize', title: { zh: '家庭人口', en: 'Household size' }, from: 'applicant.householdSize', format: 'count' },
  VILLAGE_FIELD,
  { key: 'category', title: FIELD_TITLES.category, from: 'data.category', format: 'value' },
];

export const housingRenovationDocuments: Record<string, DocumentSpec<HousingRenovationContext>> = {
  receipt: {
    title: { zh: '农村危房改造申请受理回执', en: 'Receipt of a housing renovation application' },
    issuer: { level: 'village', department: { zh: '村民委员会', en: "Villagers' Committee" } },
    // Filed cases start at the identity check: every case has passed it.
    states: ['identity_check'],
    roles: ['village_clerk', 'township_officer'],
    intro: { zh: '你户的农村危房改造申请已受理，请妥善保存本回执，凭回执查询办理进度。', en: 'Your application has been received. Keep this receipt to follow its progress.' },
    sections: [
      {
        fields: [
          { key: 'caseNo', title: { zh: '受理编号', en: 'Case number' }, from: 'caseNo' },
          ...applicant.slice(0, 4),
          { key: 'filedAt', title: { zh: '受理日期', en: 'Received on' }, from: 'filedAt', format: 'date' },
          { key: 'house', title: { zh: '房屋现状', en: 'House' }, from: 'data.houseDescription', wide: true },
        ],
      },
    ],
    signatures: [{ zh: '经办人', en: 'Clerk' }, { zh: '申请人（签字或按手印）', en: 'Applicant (signature or thumbprint)' }],
    seal: true,
  },
  approval_form: {
    title: { zh: '农村危房改造申请审批表', en: 'Rural housing renovation application and approval form' },
    issuer: { level: 'county', department: { zh: '住房和城乡建设局', en: 'Housing and Urban-Rural Development Bureau' } },
    states: ['township_audit'],
    roles: ['village_clerk', 'township_officer', 'housing_assessor', 'county_housing'],
    sections: [
      {
        title: { zh: '申请人基本情况', en: 'Applicant' },
        fields: [
          ...applicant,
          { key: 'houseStructure', title: { zh: '房屋结构', en: 'Structure' }, from: 'data.houseStructure' },
          { key: 'builtYear', title: { zh: '建房年份', en: 'Built in' }, from: 'data.builtYear' },
          { key: 'house', title: { zh: '房屋现状', en: 'House' }, from: 'data.houseDescription', wide: true },
        ],
      },
      {
        title: { zh: '村级评议', en: "Villagers' review" },
        fields: [
          { key: 'meetingDate', title: { zh: '评议日期', en: 'Meeting date' }, from: 'context.collectiveReview.meetingDate', format: 'date' },
          { key: 'attendees', title: { zh: '参会人数', en: 'Attendees' }, from: 'context.collectiveReview.attendees', format: 'count' },
          { key: 'votesFor', title: { zh: '赞成票', en: 'Votes for' }, from: 'context.collectiveReview.votesFor', format: 'count' },
          { key: 'minutesRef', title: { zh: '会议记录', en: 'Minutes' }, from: 'context.collectiveReview.minutesRef' },
        ],
      },
      {
        title: { zh: '乡镇审核意见', en: 'Township audit' },
        fields: [
          { key: 'townshipOpinion', title: { zh: '审核意见', en: 'Opinion' }, from: 'context.townshipOpinion', wide: true },
          { key: 'townshipBy', title: { zh: '审核人', en: 'Audited by' }, from: 'history.TOWNSHIP_APPROVE.actor' },
          { key: 'townshipAt', title: { zh: '审核日期', en: 'Audited on' }, from: 'history.TOWNSHIP_APPROVE.at', format: 'date' },
        ],
      },
      {
        title: { zh: '房屋危险性评定', en: 'House safety assessment' },
        fields: [
          { key: 'grade', title: FIELD_TITLES.grade, from: 'context.grade', format: 'value' },
          { key: 'reportRef', title: { zh: '鉴定报告', en: 'Report' }, from: 'context.assessment.reportRef' },
          { key: 'assessedAt', title: { zh: '鉴定日期', en: 'Assessed on' }, from: 'context.assessment.assessedAt', format: 'date' },
        ],
      },
      {
        title: { zh: '县级审批意见', en: 'County approval' },
        fields: [
          { key: 'method', title: FIELD_TITLES.method, from: 'context.method', format: 'value' },
          { key: 'subsidy', title: { zh: '补助金额', en: 'Subsidy' }, from: 'context.subsidyAmount', format: 'money' },
          { key: 'countyBy', title: { zh: '审批人', en: 'Approved by' }, from: 'history.COUNTY_APPROVE.actor' },
          { key: 'countyAt', title: { zh: '审批日期', en: 'Approved on' }, from: 'history.COUNTY_APPROVE.at', format: 'date' },
        ],
      },
    ],
    signatures: [
      { zh: '申请人（签字或按手印）', en: 'Applicant' },
      { zh: '村委会经办人', en: 'Village clerk' },
      { zh: '乡镇审核人', en: 'Township officer' },
      { zh: '县级审批人', en: 'County approver' },
    ],
    seal: true,
  },
};
