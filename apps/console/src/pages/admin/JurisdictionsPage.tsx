/**
 * 系统管理 · 辖区: the tree below the admin's own node, opened one level at a time, and the CSV
 * import (a file or pasted text). A refused import wrote nothing; its row errors are listed by line.
 */
import { useEffect, useRef, useState, type ChangeEvent } from 'react';
import { ApiError } from '../../api/client';
import { api } from '../../api/endpoints';
import { LEVELS, type ImportCounts, type JurisdictionNode } from '../../api/types';
import { Card, Loading } from '../../components/Common';
import { jurisdictionChildren, useJurisdictionRoot } from '../../components/JurisdictionPicker';
import { ProblemMessage } from '../../components/Problem';
import { useI18n, type MessageKey } from '../../i18n';
import { CSV_COLUMNS, decodeCsv, importErrorRows, type ImportRowError } from '../../lib/admin';
import { AdminNav } from './AdminNav';

export function JurisdictionsPage() {
  const { t } = useI18n();
  const root = useJurisdictionRoot();
  // After an import the tree is read again from the top.
  const [version, setVersion] = useState(0);
  return (
    <div className="stack" data-testid="admin-jurisdictions">
      <AdminNav />
      <Card title={t('jur.tree')} actions={
        <button type="button" className="btn btn-small" onClick={() => { root.reload(); setVersion((v) => v + 1); }}>{t('common.refresh')}</button>
      }>
        <ProblemMessage error={root.error} />
        {root.loading && <Loading />}
        {root.data && (
          <ul className="jtree" role="tree" aria-label={t('jur.tree')} data-testid="jurisdiction-tree" key={version}>
            <TreeNode node={root.data} initiallyOpen />
          </ul>
        )}
      </Card>
      <ImportCard onImported={() => { root.reload(); setVersion((v) => v + 1); }} />
    </div>
  );
}

function TreeNode({ node, initiallyOpen }: { node: JurisdictionNode; initiallyOpen?: boolean }) {
  const { t, label } = useI18n();
  // The admin's own node starts open.
  const [open, setOpen] = useState(!!initiallyOpen && node.childCount > 0);
  const [children, setChildren] = useState<JurisdictionNode[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const requested = useRef(false);

  // Children are read the first time the node is opened.
  useEffect(() => {
    if (!open || requested.current) return;
    requested.current = true;
    setError(null);
    jurisdictionChildren(node.code).then(setChildren, (e: unknown) => {
      requested.current = false;
      setError(e);
      setOpen(false);
    });
  }, [open, node.code]);
  const loading = open && !children && !error;

  const hasChildren = node.childCount > 0;
  return (
    <li role="treeitem" aria-expanded={hasChildren ? open : undefined} data-testid="jurisdiction-node" data-code={node.code} data-level={node.level}>
      <div className="jtree-row">
        {hasChildren ? (
          <button type="button" className="jtree-toggle" onClick={() => setOpen(!open)} data-testid="jurisdiction-toggle"
            aria-label={t(open ? 'jur.collapse' : 'jur.expand', { name: node.name })}>
            {open ? '▾' : '▸'}
          </button>
        ) : <span className="jtree-toggle" aria-hidden="true" />}
        <span className="jtree-name">{node.name}</span>
        <span className="badge badge-muted">{label('level', node.level)}</span>
        <span className="mono small muted">{node.code}</span>
        {hasChildren && <span className="small muted">{t('jur.children', { n: node.childCount })}</span>}
      </div>
      <ProblemMessage error={error} />
      {loading && <Loading />}
      {open && children && (
        <ul role="group">
          {children.map((c) => <TreeNode key={c.code} node={c} />)}
        </ul>
      )}
    </li>
  );
}

function ImportCard({ onImported }: { onImported(): void }) {
  const { t, label } = useI18n();
  const [text, setText] = useState('');
  const [file, setFile] = useState<{ name: string; lines: number } | null>(null);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<ImportCounts | null>(null);
  const [rows, setRows] = useState<ImportRowError[] | null>(null);
  const [problem, setProblem] = useState<unknown>(null);
  const [empty, setEmpty] = useState(false);

  const clearOutcome = () => {
    setResult(null);
    setRows(null);
    setProblem(null);
    setEmpty(false);
  };

  const choose = async (e: ChangeEvent<HTMLInputElement>) => {
    const f = e.target.files?.[0];
    clearOutcome();
    if (!f) return;
    const content = decodeCsv(new Uint8Array(await f.arrayBuffer()));
    setText(content);
    setFile({ name: f.name, lines: content.split(/\r?\n/).filter((l) => l.trim()).length });
  };

  const send = async () => {
    clearOutcome();
    if (!text.trim()) return setEmpty(true);
    setBusy(true);
    try {
      setResult(await api.importJurisdictions(text));
      onImported();
    } catch (err) {
      const list = err instanceof ApiError ? importErrorRows(err.problem) : [];
      if (list.length > 0) setRows(list);
      else setProblem(err);
    } finally {
      setBusy(false);
    }
  };

  const isColumn = (field: string) => (CSV_COLUMNS as readonly string[]).includes(field);
  // The api names the header and the whole body "(header)" and "(body)".
  const columnLabel = (field: string) =>
    isColumn(field) ? t(`csv.${field}` as MessageKey) : field === '(header)' ? t('csv.header') : field === '(body)' || !field ? t('jur.wholeFile') : field;

  return (
    <Card title={t('jur.import')} testId="jurisdiction-import">
      <p className="muted">{t('jur.importHint')}</p>
      <p className="small muted">
        {t('jur.levelValues')}{' '}
        {LEVELS.map((l, i) => <span key={l}>{i > 0 && '，'}<code className="mono">{l}</code> {label('level', l)}</span>)}
      </p>
      <div className="field">
        <label htmlFor="import-file">{t('jur.file')}</label>
        <input id="import-file" type="file" accept=".csv,text/csv,text/plain" onChange={(e) => void choose(e)} disabled={busy} data-testid="import-file" />
        {file && <p className="hint" data-testid="import-file-read">{t('jur.fileLoaded', { name: file.name, n: file.lines })}</p>}
      </div>
      <div className="field">
        <label htmlFor="import-text">{t('jur.paste')}</label>
        <textarea id="import-text" rows={8} className="mono" spellCheck={false} value={text} disabled={busy} data-testid="import-text"
          placeholder={'code,name,parentCode,level'}
          onChange={(e) => { setText(e.target.value); setFile(null); clearOutcome(); }} />
      </div>
      {empty && <p className="field-error" role="alert">{t('jur.emptyCsv')}</p>}
      <div className="form-actions">
        <button type="button" className="btn btn-primary" onClick={() => void send()} disabled={busy} data-testid="import-send">{t('jur.send')}</button>
      </div>
      {result && (
        <p className="alert alert-ok" role="status" data-testid="import-result"
          data-imported={result.imported} data-updated={result.updated} data-unchanged={result.unchanged}>
          {t('jur.result', { imported: result.imported, updated: result.updated, unchanged: result.unchanged })}
        </p>
      )}
      <ProblemMessage error={problem} />
      {rows && (
        <div className="alert alert-error" role="alert" data-testid="import-errors">
          <p>{t('jur.rejected', { n: rows.length })}</p>
          <table className="table table-compact">
            <thead>
              <tr><th>{t('jur.line')}</th><th>{t('jur.field')}</th><th>{t('jur.message')}</th></tr>
            </thead>
            <tbody>
              {rows.map((r, i) => (
                <tr key={i} data-testid="import-error" data-line={r.line ?? ''} data-field={r.field}>
                  <td className="num">{r.line ?? t('jur.wholeFile')}</td>
                  <td>{columnLabel(r.field)} {isColumn(r.field) && <span className="mono small muted">{r.field}</span>}</td>
                  <td>{r.message}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Card>
  );
}
