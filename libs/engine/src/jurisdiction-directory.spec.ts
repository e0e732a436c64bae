import type { Sql } from '@app/db';
import { JurisdictionDirectory } from './jurisdiction-directory';

const ROWS = [
  { code: '370800', name: '济宁市', level: 'city', parent_code: null, province_code: null, city_code: '370800', county_code: null, township_code: null },
  { code: '370832', name: '梁山县', level: 'county', parent_code: '370800', province_code: null, city_code: '370800', county_code: '370832', township_code: null },
  { code: '370832001', name: '小路口镇', level: 'township', parent_code: '370832', province_code: null, city_code: '370800', county_code: '370832', township_code: '370832001' },
];

describe('JurisdictionDirectory.namesIn', () => {
  const dir = new JurisdictionDirectory({ query: async () => ROWS } as unknown as Sql);
  beforeAll(() => dir.load());

  it('names every known code anywhere in the values: a field, a list of units, nested objects', () => {
    const data = { responsibleJurisdictionCode: '370832001', amountInvolvedYuan: 370832 };
    const context = { responsibleUnits: [{ role: 'township_officer', jurisdictionCode: '370832001' }], escalationPath: [{ jurisdictionCode: '370832' }, { jurisdictionCode: '370800' }] };
    expect(dir.namesIn(data, context)).toEqual({ '370832001': '小路口镇', '370832': '梁山县', '370800': '济宁市' });
  });

  it('leaves out what is no known code: unknown codes, other digits, numbers', () => {
    expect(dir.namesIn({ a: '370899', b: '12345', c: 370832, d: null, e: 'zhen.xiaolukou' })).toEqual({});
  });
});
