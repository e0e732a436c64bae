/**
 * 月调度, 季汇总, 半年通报: the dispatch dashboard — volumes, SLA compliance, median stage durations,
 * and the report sheet (outcomes, money, flags) that prints on A4 and downloads as CSV.
 */
import { useMemo, useState } from 'react';
import { api } from '../api/endpoints';
import { EChart } from '../charts/EChart';
import { slaOption, stagesOption, volumeOption, type Names } from '../charts/dispatchOptions';
import { Card, Empty, Loading } from '../components/Common';
import { DispatchSheet, type SheetWords } from '../components/DispatchSheet';
import { SelectFilter } from '../components/Filters';
import { ProblemOrUnavailable, isUnavailable } from '../components/Problem';
import { useI18n } from '../i18n';
import { PERIODS_OFFERED, PERIOD_KINDS, formatPeriod, recentPeriods, type PeriodKind } from '../lib/reportPeriods';
import { ofLevel } from '../lib/jurisdictions';
import { useAsync } from '../lib/useAsync';
import { loadJurisdictions, useSession } from '../session';

export default function DispatchPage() {
  const { t, tx, lang } = useI18n();
  const { process, processes } = useSession();
  const [kind, setKind] = useState<PeriodKind>('month');
  const [period, setPeriod] = useState(recentPeriods('month', 1)[0]);
  const [countyCode, setCountyCode] = useState('');
  const [exportError, setExportError] = useState<unknown>(null);
  const report = useAsync(() => api.dispatch(period, countyCode || undefined), [period, countyCode]);
  const chooseKind = (k: PeriodKind) => {
    setKind(k);
    setPeriod(recentPeriods(k, 1)[0]);
  };
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
      inProgress: t('dispatch.inProgress'), slaMetPct: t('dispatch.slaMetPct'), slaMet: t('dispatch.casesOnTime'), slaBreached: t('dispatch.casesLate'),
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }), [lang, processes]);
  const volume = useMemo(() => volumeOption(rows, names), [rows, names]);
  const sla = useMemo(() => slaOption(rows, names), [rows, names]);
  const stages = useMemo(() => stagesOption(rows, shownProcess, names, (u) => (u === 'd' ? t('dispatch.daysN', { n: '' }) : t('dispatch.hoursN', { n: '' })).trim()),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [rows, shownProcess, names]);
  const words: SheetWords = { lang, t, tx, process: names.process };
  // The sheet's heading names the county asked for, or the only one in reach, else "all counties".
  const shownCounties = [...new Set(rows.map((r) => r.countyName))];
  const place = counties.find((c) => c.code === countyCode)?.name ?? (shownCounties.length === 1 ? shownCounties[0] : t('dispatch.allCounties'));

  // loading → ready (with or without rows) | unavailable (the api has no dispatch report yet) | error.
  const status = report.loading ? 'loading' : report.data ? 'ready' : isUnavailable(report.error) ? 'unavailable' : 'error';

  return (
    <div className="stack" data-testid="dispatch-page" data-status={status}>
      <Card title={t(`dispatch.kind.${kind}`)} className="no-print" actions={
        <>
          <button type="button" className="btn btn-small btn-ghost" data-testid="dispatch-csv" disabled={!report.data}
            onClick={() => { setExportError(null); api.exportDispatch(period, countyCode || undefined).catch(setExportError); }}>{t('dispatch.exportCsv')}</button>
          <button type="button" className="btn btn-small" data-testid="dispatch-xlsx" disabled={!report.data}
            onClick={() => { setExportError(null); api.exportDispatchXlsx(period, countyCode || undefined).catch(setExportError); }}>{t('common.exportXlsx')}</button>
          <button type="button" className="btn btn-small btn-primary" data-testid="dispatch-print" disabled={!report.data} onClick={() => window.print()}>{t('common.print')}</button>
        </>
      }>
        <div className="filters">
          <label className="filter">
            <span>{t('dispatch.kind')}</span>
            <select name="kind" data-testid="filter-kind" value={kind} onChange={(e) => chooseKind(e.target.value as PeriodKind)}>
              {PERIOD_KINDS.map((k) => <option key={k} value={k}>{t(`dispatch.kind.${k}`)}</option>)}
            </select>
          </label>
          <label className="filter">
            <span>{kind === 'month' ? t('dispatch.month') : t('dispatch.period')}</span>
            <select name="period" data-testid="filter-month" value={period} onChange={(e) => setPeriod(e.target.value)}>
              {recentPeriods(kind, PERIODS_OFFERED[kind]).map((p) => <option key={p} value={p}>{formatPeriod(p, lang)}</option>)}
            </select>
          </label>
          <SelectFilter name="countyCode" label={t('dispatch.county')} value={countyCode} onChange={setCountyCode}
            options={counties.map((c) => [c.code, c.name])} />
        </div>
        <ProblemOrUnavailable error={report.error} what={t('dispatch.what')} endpoint="GET /api/reports/dispatch" />
        <ProblemOrUnavailable error={exportError} what={t('dispatch.what')} endpoint="GET /api/reports/dispatch?format=csv" />
        {report.loading && <Loading />}
        {!report.loading && report.data && rows.length === 0 && <Empty />}
      </Card>
      {rows.length > 0 && (
        <>
          <div className="chart-grid no-print">
            <Card title={t('dispatch.volume')}><EChart option={volume} testId="chart-volume" label={t('dispatch.volume')} /></Card>
            <Card title={t('dispatch.sla')}><EChart option={sla} testId="chart-sla" label={t('dispatch.sla')} /></Card>
          </div>
          <Card title={t('dispatch.stages')} className="no-print" actions={
            <SelectFilter name="stageProcess" label={t('dispatch.process')} value={shownProcess} onChange={setStageProcess}
              options={keys.map((k) => [k, names.process(k)])} />
          }>
            <EChart option={stages} testId="chart-stages" label={t('dispatch.stages')} height={360} />
          </Card>
          <Card className="report-card">
            {report.data && <DispatchSheet report={report.data} place={place} words={words} />}
          </Card>
        </>
      )}
    </div>
  );
}
