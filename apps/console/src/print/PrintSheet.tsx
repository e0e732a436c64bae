/**
 * The one renderer of every printed form (definition.documents): title, case number, the issuer's
 * intro, sections of labelled values in a bordered table, the closing, signature lines and the
 * seal area with the issuer's name and the date. A4 by the stylesheet's @page; nothing here knows
 * a process or a form by name.
 */
import type { DocumentSheet, Text } from '../api/types';
import { interpolate, lookup, type Lang, type Vars } from '../i18n';
import type { MessageKey } from '../i18n/zh';
import { formatDate } from '../lib/format';
import { printValue } from './printValues';

export const textIn = (lang: Lang) => (v: Text | string | null | undefined) => (v == null ? '' : typeof v === 'string' ? v : v[lang] || v.zh);
export const wordsIn = (lang: Lang) => (key: MessageKey, vars?: Vars) => interpolate(lookup(lang, key) ?? key, vars);

/** The seal area: the issuing office's name over the date, where the round seal is pressed. */
export function SealArea({ issuer, date, lang }: { issuer: string; date: string; lang: Lang }) {
  const t = wordsIn(lang);
  return (
    <div className="seal-area" data-testid="seal-area">
      <div className="seal-box" aria-label={t('print.sealArea')}>{t('print.sealArea')}</div>
      <p className="seal-issuer">{issuer}</p>
      <p>{t('print.date', { date })}</p>
    </div>
  );
}

export function PrintSheet({ doc, lang }: { doc: DocumentSheet; lang: Lang }) {
  const tx = textIn(lang);
  const t = wordsIn(lang);
  const issuer = `${doc.issuer.name}${tx(doc.issuer.department)}`;
  return (
    <article className="print-sheet" data-testid="print-sheet" data-document={doc.key}>
      <h1>{tx(doc.title)}</h1>
      <p className="print-no">{t('print.caseNo', { no: doc.caseNo })}</p>
      {doc.intro && <p className="print-text">{tx(doc.intro)}</p>}
      {doc.sections.map((s, i) => (
        <table className="print-table" key={i}>
          {s.title && <caption>{tx(s.title)}</caption>}
          <tbody>
            {s.fields.map((f) => (
              <tr key={f.key} className={f.wide ? 'wide' : undefined}>
                <th scope="row">{tx(f.title)}</th>
                <td data-testid={`doc-field-${f.key}`}>{printValue(f, lang)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ))}
      {doc.closing && <p className="print-text">{tx(doc.closing)}</p>}
      <div className="print-signatures">
        {doc.signatures.map((s, i) => (
          <p key={i} className="print-signature">{t('print.signature', { role: tx(s) })}<span className="print-line" /></p>
        ))}
      </div>
      <SealArea issuer={issuer} date={formatDate(doc.printedAt)} lang={lang} />
    </article>
  );
}
