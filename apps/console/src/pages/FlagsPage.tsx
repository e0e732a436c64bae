/** Anomaly flags (异常线索): SLA breaches, close relatives, splits, repeats, failed peer reviews. */
import { useMemo, useState } from 'react';
import { api } from '../api/endpoints';
import { Card, Empty, Loading } from '../components/Common';
import { FilterBar, SelectFilter } from '../components/Filters';
import { ProblemOrUnavailable } from '../components/Problem';
import { RecordDetail } from '../components/RecordDetail';
import { FileAboutAction } from '../components/FileAboutAction';
import { useI18n } from '../i18n';
import { formatDateTime, shortId } from '../lib/format';
import { useFlagTitle } from '../lib/processWords';
import { ofLevel } from '../lib/jurisdictions';
import { useAsync } from '../lib/useAsync';
import { Link } from '../router';
import { loadJurisdictions } from '../session';

export function FlagsPage() {
  const { t } = useI18n();
  const [code, setCode] = useState('');
  const [countyCode, setCountyCode] = useState('');
  const flags = useAsync(() => api.flags({ code, countyCode }), [code, countyCode]);
  const [exportError, setExportError] = useState<unknown>(null);
  const flagTitle = useFlagTitle(flags.data?.titles);
  const tree = useAsync(() => loadJurisdictions('county'), []);
  const counties = useMemo(() => (tree.data ? ofLevel(tree.data, 'county') : []), [tree.data]);
  // Codes from the unfiltered counts stay selectable after filtering by one of them.
  const [codes, setCodes] = useState<string[]>([]);
  const seen = Object.keys(flags.data?.counts ?? {});
  if (seen.some((c) => !codes.includes(c))) setCodes([...new Set([...codes, ...seen])]);

  return (
    <Card title={t('flags.title')} testId="flags-page" actions={
      <button type="button" className="btn btn-small" data-testid="flags-export"
        onClick={() => { setExportError(null); api.exportXlsx('flags', { code, countyCode }).catch(setExportError); }}>{t('common.exportXlsx')}</button>
    }>
      <ProblemOrUnavailable error={exportError} what={t('flags.what')} endpoint="GET /api/flags?format=xlsx" />
      {flags.data && (
        <div className="counts" data-testid="flag-counts">
          {Object.entries(flags.data.counts).map(([c, n]) => (
            <button type="button" key={c} className={`badge badge-warn ${c === code ? 'badge-selected' : ''}`}
              data-testid="flag-count" data-flag={c} onClick={() => setCode(c === code ? '' : c)}>
              {flagTitle(c)} {n}
            </button>
          ))}
        </div>
      )}
      <FilterBar onReset={() => { setCode(''); setCountyCode(''); }}>
        <SelectFilter name="code" label={t('flags.code')} value={code} onChange={setCode} options={codes.map((c) => [c, flagTitle(c)])} />
        <SelectFilter name="countyCode" label={t('flags.county')} value={countyCode} onChange={setCountyCode}
          options={counties.map((c) => [c.code, c.name])} />
      </FilterBar>
      <ProblemOrUnavailable error={flags.error} what={t('flags.what')} endpoint="GET /api/flags" />
      {flags.loading && <Loading />}
      {flags.data && flags.data.items.length === 0 && <Empty />}
      {flags.data && flags.data.items.length > 0 && (
        <table className="table responsive" data-testid="flags-table">
          <thead>
            <tr><th>{t('flags.code')}</th><th>{t('flags.case')}</th><th>{t('flags.at')}</th><th>{t('flags.detail')}</th><th /></tr>
          </thead>
          <tbody>
            {flags.data.items.map((f, i) => (
              <tr key={`${f.caseId}-${f.code}-${i}`} data-testid="flag-row" data-flag={f.code} data-case-id={f.caseId}>
                <td data-label={t('flags.code')}><span className="badge badge-warn">{flagTitle(f.code)}</span></td>
                <td data-label={t('flags.case')}><Link to={`/cases/${f.caseId}`} className="mono" title={f.caseId}>{shortId(f.caseId)}</Link></td>
                <td data-label={t('flags.at')}>{formatDateTime(f.at)}</td>
                <td data-label={t('flags.detail')}><RecordDetail detail={f.detail} processKey={f.processKey} people={flags.data!.people} /></td>
                <td><FileAboutAction subject={{ caseId: f.caseId, flagCode: f.code, entryIds: f.auditEntryIds }} /></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Card>
  );
}

