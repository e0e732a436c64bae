import type { Role } from '@app/processes';

export const ROLE_TITLES: Record<Role, string> = {
  village_clerk: '村级经办员',
  township_officer: '乡镇经办审核员',
  poverty_office: '县扶贫办',
  housing_assessor: '房屋安全鉴定员',
  county_housing: '县住建局审批员',
  county_civil: '县民政局审批员',
  legal_aid_officer: '法律援助中心审查员',
  lawyer: '法律援助人员',
  quality_reviewer: '案件质量评查员',
  justice_bureau: '县司法局',
  discipline_reviewer: '纪检监察/审计',
  admin: '系统管理员',
};
