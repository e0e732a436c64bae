/**
 * Import of 1,000,000 帮扶对象名单 rows through POST /api/registry/import.
 *
 *   npm run build && node dist/bench/registry.js [--rows 1000000]
 *
 * Own database (casework_registry) with the built api and worker. Builds one CSV of --rows valid,
 * distinct rows spread over every village of 梁山县 and posts it as the county poverty office; the
 * importer parses, checks each row, encrypts the ID numbers, upserts in batches with history and
 * appends one audit entry, all in one transaction. Prints the seconds until the answer.
 */
import { makeIdNumber } from '@app/registry';
import { arg, line, load, login, psql, round, rssPeakMb, startOwnSystem } from './common';

const ROWS = Number(arg('rows', '1000000'));

/** A distinct valid number per n: birth dates from 1940 on (real days only), 1000 sequence numbers each. */
function idNumberOf(n: number): string {
  const day = new Date(Date.UTC(1940, 0, 1) + Math.floor(n / 1000) * 86400000);
  const ymd = `${day.getUTCFullYear()}${String(day.getUTCMonth() + 1).padStart(2, '0')}${String(day.getUTCDate()).padStart(2, '0')}`;
  return makeIdNumber(`370832${ymd}${String(n % 1000).padStart(3, '0')}`);
}

export async function runRegistry(): Promise<Record<string, unknown>> {
  const sys = await startOwnSystem('casework_registry', 3203);
  try {
    const villages = psql(sys.db, `SELECT code FROM jurisdictions WHERE level = 'village' AND county_code = '370832' ORDER BY code`).split('\n');
    const parts = ['idNumber,name,villageCode,category,status,householdId'];
    for (let n = 0; n < ROWS; n++) {
      parts.push(`${idNumberOf(n)},压测户${n % 1000},${villages[n % villages.length]},registered_poor,not_lifted,H${Math.floor(n / 3)}`);
    }
    const csv = parts.join('\n') + '\n';
    line(`registry csv: ${ROWS} rows, ${round(Buffer.byteLength(csv) / 1048576)} MB, ${villages.length} villages`);
    const token = await login(sys.base, 'xian.liangshan.fupin');
    const loadBefore = load();
    const t0 = Date.now();
    const res = await fetch(`${sys.base}/api/registry/import`, { method: 'POST', headers: { 'Content-Type': 'text/csv', Authorization: `Bearer ${token}` }, body: csv });
    const body = (await res.json()) as any;
    const seconds = round((Date.now() - t0) / 1000, 1);
    if (res.status !== 200) throw new Error(`import answered ${res.status}: ${JSON.stringify(body).slice(0, 300)}`);
    const stored = Number(psql(sys.db, 'SELECT count(*) FROM registry_entries'));
    const summary = { rows: ROWS, seconds, imported: body.imported, failed: body.failed, stored, apiPeakRssMb: rssPeakMb(sys.api.pid), loadBefore };
    line(`registry import: ${ROWS} rows in ${seconds} s (imported ${body.imported}, failed ${body.failed}, stored ${stored}; target ≤ 60 s; api peak RSS ${summary.apiPeakRssMb} MB; load before ${loadBefore})`);
    return summary;
  } finally {
    sys.stop();
  }
}

if (require.main === module) {
  runRegistry().then((s) => line(JSON.stringify({ registry: s })), (e) => {
    process.stderr.write(`bench failed: ${e.message}\n`);
    process.exit(1);
  });
}
