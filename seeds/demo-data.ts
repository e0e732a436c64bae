import type { Level, Role } from '@app/processes';

/** PROCESSES.md §1: the demo jurisdiction tree (codes marked demo are not official). */
export const DEMO_JURISDICTIONS: Array<{ code: string; name: string; level: Level; parent: string | null }> = [
  { code: '370800', name: '济宁市', level: 'city', parent: null },
  { code: '370832', name: '梁山县', level: 'county', parent: '370800' },
  { code: '370832001', name: '小路口镇', level: 'township', parent: '370832' },
  { code: '370832001001', name: '闫那里村', level: 'village', parent: '370832001' },
  { code: '370832001002', name: '雷口村', level: 'village', parent: '370832001' },
  { code: '370831', name: '泗水县', level: 'county', parent: '370800' },
  { code: '370831001', name: '金庄镇', level: 'township', parent: '370831' },
  { code: '370831001001', name: '金庄村', level: 'village', parent: '370831001' },
];

export const DEMO_USERS: Array<{ username: string; displayName: string; roles: Role[]; jurisdiction: string }> = [
  { username: 'cun.yannali', displayName: '闫那里村 经办员', roles: ['village_clerk'], jurisdiction: '370832001001' },
  { username: 'cun.leikou', displayName: '雷口村 经办员', roles: ['village_clerk'], jurisdiction: '370832001002' },
  { username: 'zhen.xiaolukou', displayName: '小路口镇 审核员', roles: ['township_officer'], jurisdiction: '370832001' },
  { username: 'zhen.xiaolukou2', displayName: '小路口镇 审核员二', roles: ['township_officer'], jurisdiction: '370832001' },
  { username: 'xian.liangshan.fupin', displayName: '梁山县扶贫办', roles: ['poverty_office'], jurisdiction: '370832' },
  { username: 'xian.liangshan.jianding', displayName: '梁山县住建 鉴定员', roles: ['housing_assessor'], jurisdiction: '370832' },
  { username: 'xian.liangshan.zhujian', displayName: '梁山县住建局 审批员', roles: ['county_housing'], jurisdiction: '370832' },
  { username: 'xian.liangshan.zhujian2', displayName: '梁山县住建局 审批员二', roles: ['county_housing'], jurisdiction: '370832' },
  { username: 'xian.liangshan.minzheng', displayName: '梁山县民政局 审批员', roles: ['county_civil'], jurisdiction: '370832' },
  { username: 'xian.liangshan.fayuan', displayName: '梁山县法律援助中心', roles: ['legal_aid_officer'], jurisdiction: '370832' },
  { username: 'lvshi.wang', displayName: '王律师', roles: ['lawyer'], jurisdiction: '370832' },
  { username: 'lvshi.zhao', displayName: '赵律师', roles: ['lawyer'], jurisdiction: '370832' },
  { username: 'pingcha.li', displayName: '李评查员', roles: ['quality_reviewer'], jurisdiction: '370832' },
  { username: 'xian.liangshan.sifa', displayName: '梁山县司法局', roles: ['justice_bureau'], jurisdiction: '370832' },
  { username: 'cun.jinzhuang', displayName: '金庄村 经办员', roles: ['village_clerk'], jurisdiction: '370831001001' },
  { username: 'zhen.jinzhuang', displayName: '金庄镇 审核员', roles: ['township_officer'], jurisdiction: '370831001' },
  { username: 'jijian.shi', displayName: '市纪检监察 石', roles: ['discipline_reviewer'], jurisdiction: '370800' },
  { username: 'admin', displayName: '系统管理员', roles: ['admin'], jurisdiction: '370800' },
];

/** Demo applicants: first 17 digits (the check digit is computed), registry category or null when not registered. */
export const DEMO_APPLICANTS: Array<{ first17: string; name: string; village: string; category: string | null; status: string; household: string }> = [
  { first17: '37083219650312102', name: '闫建国', village: '370832001001', category: 'registered_poor', status: 'not_lifted', household: 'HH-YNL-001' },
  { first17: '37083219720805204', name: '闫秀英', village: '370832001001', category: 'dibao', status: 'not_lifted', household: 'HH-YNL-002' },
  { first17: '37083219580101301', name: '刘长顺', village: '370832001002', category: 'tekun', status: 'not_lifted', household: 'HH-LK-001' },
  { first17: '37083119800220402', name: '孔德华', village: '370831001001', category: 'registered_poor', status: 'lifted_with_policy', household: 'HH-JZ-001' },
  { first17: '37083219900606503', name: '张平', village: '370832001001', category: null, status: '', household: '' },
];
