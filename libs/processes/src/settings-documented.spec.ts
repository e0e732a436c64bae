/** The README's configuration table must list every process setting (they are the local rules). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { HOUSING_RENOVATION_SETTINGS } from './housing-renovation';
import { TEMPORARY_ASSISTANCE_SETTINGS } from './temporary-assistance';
import { LEGAL_AID_SETTINGS } from './legal-aid';
import { AUDIT_RECTIFICATION_SETTINGS } from './audit-rectification';

describe('process settings are documented', () => {
  const readme = readFileSync(join(__dirname, '..', '..', '..', 'README.md'), 'utf8');
  it.each([...HOUSING_RENOVATION_SETTINGS, ...TEMPORARY_ASSISTANCE_SETTINGS, ...LEGAL_AID_SETTINGS, ...AUDIT_RECTIFICATION_SETTINGS].map((s) => [s.env]))('%s is in the README', (env) => {
    expect(readme).toContain(`\`${env}\``);
  });
});
