/** A record's detail in words: a flag's detail or a timeline entry's payload (lib/recordDetail). */
import { useI18n } from '../i18n';
import { detailRows, type DetailRow, type DetailValue } from '../lib/recordDetail';
import { actionTitle, stateTitle } from '../pages/case/Timeline';
import { useLabels } from '../schema-form/labels';
import { useSession } from '../session';
import { useFlagTitle } from '../lib/processWords';
import { KeyValues } from './Common';
import { ValueView } from './ValueView';

/** `people` and `places`: display names of usernames and names of jurisdiction codes the detail may hold. */
export function RecordDetail({ detail, processKey, people, places }: {
  detail: unknown; processKey?: string; people?: Record<string, string>; places?: Record<string, string>;
}) {
  const i18n = useI18n();
  const { process } = useSession();
  const def = processKey ? process(processKey) : undefined;
  const labels = useLabels(processKey);
  const flagTitle = useFlagTitle();
  const rows = detailRows(detail, {
    key: (k) => i18n.maybe(`detail.${k}`),
    field: (k) => labels.field(k),
    clock: (name) => {
      const c = def?.clocks?.find((x) => x.name === name);
      return c ? i18n.tx(c.title) : undefined;
    },
    action: (a) => actionTitle(a, def, i18n),
    state: (s) => stateTitle(s, def, i18n.tx),
    role: (r) => i18n.label('role', r),
    relation: (r) => i18n.label('relation', r),
    lane: (l) => i18n.label('lane', l),
    flag: (f) => flagTitle(f),
    value: (v) => labels.value(v) ?? people?.[v] ?? places?.[v],
  });
  if (rows.length === 0) return <span className="muted">—</span>;
  return <Rows rows={rows} processKey={processKey} people={people} />;
}

function Rows({ rows, processKey, people }: { rows: DetailRow[]; processKey?: string; people?: Record<string, string> }) {
  const show = (v: DetailValue) => {
    if (v && typeof v === 'object' && 'rows' in v) return <Rows rows={(v as { rows: DetailRow[] }).rows} processKey={processKey} people={people} />;
    if (v && typeof v === 'object' && 'list' in v) {
      return <ol className="value-list">{(v as { list: DetailRow[][] }).list.map((r, i) => <li key={i}><Rows rows={r} processKey={processKey} people={people} /></li>)}</ol>;
    }
    return <ValueView value={v} processKey={processKey} people={people} />;
  };
  return <KeyValues rows={rows.map(([k, v]) => [k, show(v)])} />;
}
