/**
 * 材料: the case's documents (name, kind, size, who uploaded them, when) with downloads, and for
 * whoever may add one now, an upload that opens the phone's camera. Files the api would refuse
 * (type, size) are refused here first, in words.
 */
import { useState, type FormEvent } from 'react';
import { api } from '../../api/endpoints';
import type { AttachmentList } from '../../api/types';
import { ProblemWithErrors } from '../../components/Problem';
import { useI18n } from '../../i18n';
import { ATTACHMENT_ACCEPT, fileProblem, formatBytes } from '../../lib/attachments';
import { formatDateTime } from '../../lib/format';
import { useAsync } from '../../lib/useAsync';
import { FoldCard } from './FoldCard';

/** `revision`: the case's; who may add changes with the case's state, so a new revision reloads the list. */
export function AttachmentsPanel({ caseId, revision, onAdded }: { caseId: string; revision: number; onAdded?(): void }) {
  const list = useAsync(() => api.attachments(caseId), [caseId, revision]);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const { t } = useI18n();

  const upload = async (file: File, kind: string) => {
    setError(null);
    setNotice(null);
    try {
      const added = await api.uploadAttachment(caseId, file, kind);
      setNotice(t('attachments.uploaded', { name: added.name }));
      list.reload();
      onAdded?.();
      return true;
    } catch (e) {
      setError(e);
      return false;
    }
  };
  const download = async (id: string, name: string) => {
    setError(null);
    try {
      await api.downloadAttachment(id, name);
    } catch (e) {
      setError(e);
    }
  };
  return <AttachmentsView list={list.data} error={error ?? list.error} notice={notice} onUpload={upload} onDownload={download} />;
}

export function AttachmentsView({ list, error, notice, onUpload, onDownload }: {
  list: AttachmentList | undefined;
  error?: unknown;
  notice?: string | null;
  onUpload(file: File, kind: string): Promise<boolean>;
  onDownload(id: string, name: string): void;
}) {
  const { t, tx } = useI18n();
  return (
    <FoldCard title={t('case.attachments')} summary={list ? t('fold.files', { n: list.items.length }) : undefined} testId="attachments-panel">
      {list && list.items.length === 0 && <p className="muted" data-testid="attachments-empty">{t('attachments.empty')}</p>}
      {list && list.items.length > 0 && (
        <ul className="plain attachment-list" aria-label={t('attachments.list')}>
          {list.items.map((a) => (
            <li key={a.id} className="attachment" data-testid="attachment" data-kind={a.kind}>
              <button type="button" className="btn-link" onClick={() => onDownload(a.id, a.name)} title={t('attachments.download')} data-testid="attachment-download">
                {a.name}
              </button>
              <span className="small muted">
                {tx(a.kindTitle)} · {formatBytes(a.size)} · {a.uploadedBy.displayName} · {formatDateTime(a.uploadedAt)}
              </span>
            </li>
          ))}
        </ul>
      )}
      {list?.canUpload && <UploadForm list={list} onUpload={onUpload} />}
      {notice && <p className="alert alert-ok" role="status" data-testid="attachments-notice">{notice}</p>}
      <ProblemWithErrors error={error} />
    </FoldCard>
  );
}

function UploadForm({ list, onUpload }: { list: AttachmentList; onUpload(file: File, kind: string): Promise<boolean> }) {
  const { t, tx } = useI18n();
  const [file, setFile] = useState<File | null>(null);
  const [kind, setKind] = useState('other');
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [inputKey, setInputKey] = useState(0);

  const choose = (f: File | null) => {
    setFile(f);
    const p = f ? fileProblem(f, list.maxBytes) : null;
    setProblem(p ? t(p.key, p.vars) : null);
  };
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!file) return setProblem(t('attachments.noFile'));
    const p = fileProblem(file, list.maxBytes);
    if (p) return setProblem(t(p.key, p.vars));
    setBusy(true);
    try {
      if (await onUpload(file, kind)) {
        setFile(null);
        setInputKey((k) => k + 1); // a fresh input: the same photo may be taken again
      }
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="attachment-upload" onSubmit={submit} data-testid="attachment-upload" noValidate>
      <div className="field">
        <span className="field-label">{t('attachments.choose')}</span>
        {/* The browser's own button says "Choose File / No file chosen" in its UI language, not the console's:
            the input is hidden and a label of ours opens it, with the chosen file's name beside it. */}
        <div className="file-pick">
          <label htmlFor="attachment-file" className="btn btn-small" data-testid="attachment-pick">{t('attachments.pick')}</label>
          <span className={file ? '' : 'muted'} data-testid="attachment-chosen">{file ? file.name : t('attachments.noneChosen')}</span>
        </div>
        <input key={inputKey} id="attachment-file" name="file" type="file" accept={ATTACHMENT_ACCEPT} capture="environment" className="visually-hidden"
          onChange={(e) => choose(e.target.files?.[0] ?? null)} aria-invalid={problem ? 'true' : undefined} data-testid="attachment-file" />
      </div>
      <div className="field">
        <label htmlFor="attachment-kind">{t('attachments.kind')}</label>
        <select id="attachment-kind" value={kind} onChange={(e) => setKind(e.target.value)} data-testid="attachment-kind">
          {list.kinds.map((k) => <option key={k.kind} value={k.kind}>{tx(k.title)}</option>)}
        </select>
      </div>
      <p className="small muted">{t('attachments.hint', { max: formatBytes(list.maxBytes) })}</p>
      {problem && <p className="field-error" role="alert" data-testid="attachment-problem">{problem}</p>}
      <button type="submit" className="btn btn-primary" disabled={busy || !!problem} data-testid="attachment-submit">
        {busy ? t('attachments.uploading') : t('attachments.upload')}
      </button>
    </form>
  );
}
