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

/** The same roles in English (as the console's en catalogue names them), for problem details asked in English. */
export const ROLE_TITLES_EN: Record<Role, string> = {
  village_clerk: 'Village clerk',
  township_officer: 'Township officer',
  poverty_office: 'County poverty office',
  housing_assessor: 'Housing safety assessor',
  county_housing: 'County housing bureau',
  county_civil: 'County civil affairs bureau',
  legal_aid_officer: 'Legal aid officer',
  lawyer: 'Legal aid lawyer',
  quality_reviewer: 'Quality reviewer',
  justice_bureau: 'County justice bureau',
  discipline_reviewer: 'Discipline reviewer',
  admin: 'Administrator',
};
