/** 月调度: the monthly dispatch dashboard — volumes, SLA compliance, median stage durations. */
import { useMemo, useState } from 'react';
import { api } from '../api/endpoints';
import { EChart } from '../charts/EChart';
import { pct, slaOption, stagesOption, volumeOption, type Names } from '../charts/dispatchOptions';
import { Card, Empty, Loading } from '../components/Common';
import { SelectFilter } from '../components/Filters';
import { ProblemOrUnavailable, isUnavailable } from '../components/Problem';
import { useI18n } from '../i18n';
import { currentMonth, formatMonth, recentMonths } from '../lib/format';
import { ofLevel } from '../lib/jurisdictions';
import { useAsync } from '../lib/useAsync';
import { loadJurisdictions, useSession } from '../session';

/** Months offered in the month filter: two years of 月调度. */
const MONTHS_OFFERED = 24;

export default function DispatchPage() {
  const { t, tx, lang } = useI18n();
  const { process, processes } = useSession();
  const [month, setMonth] = useState(currentMonth());
  const [countyCode, setCountyCode] = useState('');
  const report = useAsync(() => api.dispatch(month, countyCode || undefined), [month, countyCode]);
  const tree = useAsync(() => loadJurisdictions('county'), []);
  const counties = useMemo(() => (tree.data ? ofLevel(tree.data, 'county') : []), [tree.data]);
  const rows = useMemo(() => report.data?.rows ?? [], [report.data]);
  const keys = [...new Set(rows.map((r) => r.processKey))];
  const [stageProcess, setStageProcess] = useState('');
  const shownProcess = keys.includes(stageProcess) ? stageProcess : (keys[0] ?? '');

  const names = useMemo<Names>(() => ({
    process: (k) => tx(process(k)?.title) || k,
    state: (k, s) => tx(process(k)?.states.find((x) => x.id === s)?.title) || s,
    series: {
      filed: t('dispatch.filed'), completed: t('dispatch.completed'), rejected: t('dispatch.rejected'),
      inProgress: t('dispatch.inProgress'), slaMetPct: t('dispatch.slaMetPct'), slaMet: t('dispatch.slaMet'), slaBreached: t('dispatch.slaBreached'),
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }), [lang, processes]);
  const volume = useMemo(() => volumeOption(rows, names), [rows, names]);
  const sla = useMemo(() => slaOption(rows, names), [rows, names]);
  const stages = useMemo(() => stagesOption(rows, shownProcess, names), [rows, shownProcess, names]);

  // loading → ready (with or without rows) | unavailable (the api has no dispatch report yet) | error.
  const status = report.loading ? 'loading' : report.data ? 'ready' : isUnavailable(report.error) ? 'unavailable' : 'error';

  return (
    <div className="stack" data-testid="dispatch-page" data-status={status}>
      <Card title={t('dispatch.title')}>
        <div className="filters">
          <label className="filter">
            <span>{t('dispatch.month')}</span>
            <select name="month" data-testid="filter-month" value={month} onChange={(e) => setMonth(e.target.value)}>
              {recentMonths(MONTHS_OFFERED).map((m) => <option key={m} value={m}>{formatMonth(m, lang)}</option>)}
            </select>
          </label>
          <SelectFilter name="countyCode" label={t('dispatch.county')} value={countyCode} onChange={setCountyCode}
            options={counties.map((c) => [c.code, c.name])} />
        </div>
        <ProblemOrUnavailable error={report.error} what={t('dispatch.what')} endpoint="GET /api/reports/dispatch" />
        {report.loading && <Loading />}
        {!report.loading && report.data && rows.length === 0 && <Empty />}
      </Card>
      {rows.length > 0 && (
        <>
          <div className="chart-grid">
            <Card title={t('dispatch.volume')}><EChart option={volume} testId="chart-volume" label={t('dispatch.volume')} /></Card>
            <Card title={t('dispatch.sla')}><EChart option={sla} testId="chart-sla" label={t('dispatch.sla')} /></Card>
          </div>
          <Card title={t('dispatch.stages')} actions={
            <SelectFilter name="stageProcess" label={t('dispatch.process')} value={shownProcess} onChange={setStageProcess}
              options={keys.map((k) => [k, names.process(k)])} />
          }>
            <EChart option={stages} testId="chart-stages" label={t('dispatch.stages')} height={360} />
          </Card>
          <Card title={t('dispatch.table')}>
            <table className="table responsive" data-testid="dispatch-table">
              <thead>
                <tr>
                  <th>{t('dispatch.process')}</th><th>{t('dispatch.county')}</th><th>{t('dispatch.filed')}</th>
                  <th>{t('dispatch.completed')}</th><th>{t('dispatch.rejected')}</th><th>{t('dispatch.inProgress')}</th>
                  <th>{t('dispatch.slaMet')}</th><th>{t('dispatch.slaBreached')}</th><th>{t('dispatch.slaMetPct')}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={`${r.processKey}-${r.countyCode}`} data-testid="dispatch-row" data-process={r.processKey} data-county={r.countyCode}>
                    <td data-label={t('dispatch.process')}>{names.process(r.processKey)}</td>
                    <td data-label={t('dispatch.county')}>{r.countyName}</td>
                    <td data-label={t('dispatch.filed')} className="num">{r.filed}</td>
                    <td data-label={t('dispatch.completed')} className="num">{r.completed}</td>
                    <td data-label={t('dispatch.rejected')} className="num">{r.rejected}</td>
                    <td data-label={t('dispatch.inProgress')} className="num">{r.inProgress}</td>
                    <td data-label={t('dispatch.slaMet')} className="num">{r.slaMet}</td>
                    <td data-label={t('dispatch.slaBreached')} className="num">{r.slaBreached}</td>
                    <td data-label={t('dispatch.slaMetPct')} className="num">{pct(r.slaMetPct)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </Card>
        </>
      )}
    </div>
  );
}
