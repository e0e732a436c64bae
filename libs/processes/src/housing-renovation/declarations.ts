/**
 * What housing renovation declares for generic code: who files, its three notices (三级公示) and
 * what they print, its flags, how its outcomes count, its national report and its supervisors.
 */
import type { NoticeLine, ProcessDeclarations } from '../declarations';
import type { HousingRenovationConfig } from './config';
import { FIELD_TITLES, VALUE_TITLES, housingRenovationTitles } from './titles';
import type { HousingRenovationContext } from './types';
import { housingRenovationDocuments } from './documents';

type Ctx = HousingRenovationContext;

const grade = (c: Ctx): NoticeLine[] => (c.grade ? [{ key: 'grade', title: FIELD_TITLES.grade, value: VALUE_TITLES[c.grade] }] : []);
const approval = (c: Ctx): NoticeLine[] => [
  ...(c.method ? [{ key: 'method', title: FIELD_TITLES.method, value: VALUE_TITLES[c.method] }] : []),
  ...(c.subsidyAmount != null ? [{ key: 'subsidy', title: { zh: '补助金额', en: 'Subsidy' }, value: c.subsidyAmount, money: true }] : []),
];

export function housingRenovationDeclarations(config: HousingRenovationConfig): ProcessDeclarations<Ctx> {
  return {
    // The village clerk registers the application of a resident of the village (户申请).
    documents: housingRenovationDocuments,
    filedBy: { roles: ['village_clerk'], level: 'village' },
    notices: {
      village_notice: {
        result: {
          zh: '经村民代表集体评议通过，拟申请农村危房改造补助',
          en: "Passed the villagers' collective review; proposed for a rural housing renovation subsidy",
        },
        issuer: { level: 'village', department: { zh: '村民委员会', en: "Villagers' Committee" } },
      },
      township_notice: {
        result: {
          zh: '经乡镇审核、房屋危险性评定，拟列入农村危房改造对象',
          en: 'Audited by the township and assessed for house safety; proposed as a rural housing renovation household',
        },
        issuer: { level: 'township', department: { zh: '人民政府', en: "People's Government" } },
        details: grade,
      },
      county_notice: {
        result: { zh: '经县级审批，拟批准农村危房改造补助', en: 'Approved by the county; a rural housing renovation subsidy is proposed' },
        issuer: { level: 'county', department: { zh: '住房和城乡建设局', en: 'Housing and Urban-Rural Development Bureau' } },
        details: (c) => [...grade(c), ...approval(c)],
      },
    },
    flags: {
      sla_warning: { title: { zh: '时限预警', en: 'Time limit warning' }, reviewers: false },
      sla_breached: { title: { zh: '超时', en: 'Time limit breached' }, reviewers: true },
    },
    outcomes: {
      completed: { title: { zh: '已竣工入住', en: 'Completed and moved in' }, counts: 'completed' },
      rejected: { title: { zh: '不予改造', en: 'Rejected' }, counts: 'refused' },
      withdrawn: { title: { zh: '已撤回', en: 'Withdrawn' }, counts: 'withdrawn' },
    },
    // 全国农村危房改造信息系统: how the house was renovated and with how much.
    nationalReport: (c) => ({ method: c.method, subsidyAmount: c.subsidyAmount, grade: c.grade }),
    // The county housing bureau that approves supervises the township officers who prepare and carry out.
    supervisors: { township_officer: 'county_housing' },
    titles: housingRenovationTitles(config),
  };
}
