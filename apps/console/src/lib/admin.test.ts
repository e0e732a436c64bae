import { describe, expect, it } from 'vitest';
import type { AdminRole, AdminUser } from '../api/types';
import { USERNAME_PATTERN, decodeCsv, importErrorRows, keepFitting, rolesAt, userChanges } from './admin';
import { expandTo, normalizeJurisdictions } from './jurisdictions';

const ROLES: AdminRole[] = [
  { role: 'village_clerk', title: '村级经办员', levels: ['village'] },
  { role: 'township_officer', title: '乡镇经办审核员', levels: ['township'] },
  { role: 'county_civil', title: '县民政局审批员', levels: ['county'] },
  { role: 'discipline_reviewer', title: '纪检监察/审计', levels: ['county', 'city'] },
  { role: 'admin', title: '系统管理员', levels: ['county', 'city', 'province'] },
];

describe('roles by jurisdiction level', () => {
  it('offers only the roles allowed at the chosen level, none before a choice', () => {
    expect(rolesAt(ROLES, 'village').map((r) => r.role)).toEqual(['village_clerk']);
    expect(rolesAt(ROLES, 'county').map((r) => r.role)).toEqual(['county_civil', 'discipline_reviewer', 'admin']);
    expect(rolesAt(ROLES, undefined)).toEqual([]);
  });

  it('drops chosen roles that no longer fit when the jurisdiction moves', () => {
    expect(keepFitting(['county_civil', 'discipline_reviewer'], ROLES, 'city')).toEqual(['discipline_reviewer']);
    expect(keepFitting(['village_clerk'], ROLES, 'township')).toEqual([]);
  });
});

describe('usernames', () => {
  it('accepts what the api accepts: lowercase, digits, dot, underscore, hyphen, 3–64 long', () => {
    expect(['cun.yannali', 'xiang_01', 'a-b', '370832'].filter((u) => USERNAME_PATTERN.test(u))).toHaveLength(4);
    expect(['Cun.Yannali', '.cun', 'ab', 'a'.repeat(65), '张三', 'cun yannali'].some((u) => USERNAME_PATTERN.test(u))).toBe(false);
  });
});

describe('editing a user', () => {
  const before: AdminUser = {
    username: 'xiang.xiaolukou', displayName: '李明', roles: ['township_officer', 'county_civil'],
    jurisdiction: { code: '370832001', name: '小路口镇', level: 'township' }, phone: null,
    disabled: false, mustChangePassword: false, createdAt: '2026-01-01T00:00:00Z', lastLoginAt: null,
  };

  it('sends only what changed; a new name alone keeps the sessions', () => {
    expect(userChanges(before, { displayName: ' 李明明 ', roles: ['county_civil', 'township_officer'], jurisdictionCode: '370832001' }))
      .toEqual({ patch: { displayName: '李明明' }, endsSessions: false });
  });

  it('says the sessions end when roles or the jurisdiction change', () => {
    expect(userChanges(before, { displayName: '李明', roles: ['township_officer'], jurisdictionCode: '370832001' }))
      .toEqual({ patch: { roles: ['township_officer'] }, endsSessions: true });
    expect(userChanges(before, { displayName: '李明', roles: before.roles, jurisdictionCode: '370832002' }))
      .toEqual({ patch: { jurisdictionCode: '370832002' }, endsSessions: true });
  });

  it('is nothing when nothing changed', () => {
    expect(userChanges(before, { displayName: '李明', roles: [...before.roles].reverse(), jurisdictionCode: '370832001' })).toBeNull();
  });
});

describe('a refused jurisdiction import', () => {
  it('lists the row errors in file order with line, field and message', () => {
    const rows = importErrorRows({
      title: 'Bad Request', status: 400,
      errors: [
        { line: 7, field: 'parentCode', message: '上级区划 3708329 不存在' },
        { line: 3, field: 'level', message: '层级应为 province、city、county、township 或 village' },
        { field: 'file', message: '缺少表头' } as never,
      ],
    });
    expect(rows).toEqual([
      { line: null, field: 'file', message: '缺少表头' },
      { line: 3, field: 'level', message: '层级应为 province、city、county、township 或 village' },
      { line: 7, field: 'parentCode', message: '上级区划 3708329 不存在' },
    ]);
    expect(importErrorRows(undefined)).toEqual([]);
  });

  it('reads files in UTF-8 (BOM dropped) or, failing that, GB18030', () => {
    const utf8 = new TextEncoder().encode('\uFEFFcode,name\n370832,梁山县\n');
    expect(decodeCsv(utf8)).toBe('code,name\n370832,梁山县\n');
    // "梁山县" in GB18030.
    const gb = new Uint8Array([0xc1, 0xba, 0xc9, 0xbd, 0xcf, 0xd8]);
    expect(decodeCsv(gb)).toBe('梁山县');
  });
});

describe('jurisdictions from either api answer', () => {
  const flat = [
    { code: '370832', name: '梁山县', level: 'county' as const, parentCode: '370800' },
    { code: '370832001', name: '小路口镇', level: 'township' as const, parentCode: '370832' },
    { code: '370832001001', name: '闫那里村', level: 'village' as const, parentCode: '370832001' },
    { code: '370832001002', name: '雷口村', level: 'village' as const, parentCode: '370832001' },
  ];

  it('takes {items} as the api gives them', () => {
    const body = { items: [{ code: '370832001', name: '小路口镇', level: 'township', parentCode: '370832', childCount: 2 }] };
    expect(normalizeJurisdictions(body, '370832')).toEqual({ nodes: body.items, whole: null });
  });

  it('reads an older whole-subtree array as the root, or the children of a parent, with counts', () => {
    const root = normalizeJurisdictions(flat);
    expect(root.nodes.map((n) => [n.code, n.childCount])).toEqual([['370832', 1]]);
    expect(root.whole).toBe(flat);
    expect(normalizeJurisdictions(flat, '370832001').nodes.map((n) => n.code)).toEqual(['370832001001', '370832001002']);
  });

  it('opens nodes level by level down to the level asked for, and no further', async () => {
    const asked: string[] = [];
    const children = async (code: string) => {
      asked.push(code);
      return normalizeJurisdictions({ items: flat.filter((j) => j.parentCode === code).map((j) => ({ ...j, childCount: j.level === 'village' ? 0 : 1 })) }).nodes;
    };
    const root = { ...flat[0], childCount: 1 };
    expect((await expandTo([root], 'county', children)).map((j) => j.code)).toEqual(['370832']);
    expect(asked).toEqual([]);
    const all = await expandTo([root], 'village', children);
    expect(all.map((j) => j.code)).toEqual(['370832', '370832001', '370832001001', '370832001002']);
    expect(asked).toEqual(['370832', '370832001']);
  });
});
