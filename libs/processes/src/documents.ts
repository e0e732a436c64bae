/**
 * Printed forms (申请审批表, 受理回执, 决定书, 指派通知书 …) as data: a process declares each form it
 * prints — who may print it and when, its sections of labelled fields drawn from the case, its
 * signature lines and seal — and one api route and one console renderer print them all. Generic
 * code knows no form by name.
 */
import type { Role, Text } from './definition';

/**
 * How a field's value is printed: `text` as it is; `money` in figures and in capital Chinese
 * numerals (大写, as on a Chinese financial form); `date` as a calendar day; `value` through the
 * process's value titles (an enum code becomes its words); `list` joined by 、; `count` a number;
 * `person` a staff username as that person's name.
 */
export const DOCUMENT_FORMATS = ['text', 'money', 'date', 'value', 'list', 'count', 'person'] as const;
export type DocumentFormat = (typeof DOCUMENT_FORMATS)[number];

/**
 * The case as a form reads it: a dotted path into the case view (`applicant.name`,
 * `applicant.idNumberMasked`, `jurisdiction.villageName`, `filedAt`, `data.category`,
 * `context.subsidyAmount`, `context.denial.reason`), or `history.<EVENT>.at` / `history.<EVENT>.actor`
 * for when and by whom an event was last applied (the decision's date, the officer who decided).
 */
export interface DocumentField {
  /** Stable name (the console's test id is `doc-field-<key>`). */
  key: string;
  title: Text;
  from: string;
  format?: DocumentFormat;
  /** Printed across the whole width (a description, an opinion). */
  wide?: boolean;
}

/** The lines every form opens with, read off the case view alike in each process. */
export const APPLICANT_NAME_FIELD: DocumentField = { key: 'applicant', title: { zh: '申请人', en: 'Applicant' }, from: 'applicant.name' };
export const ID_NUMBER_FIELD: DocumentField = { key: 'idNumber', title: { zh: '身份证号', en: 'ID number' }, from: 'applicant.idNumberMasked' };
export const VILLAGE_FIELD: DocumentField = { key: 'village', title: { zh: '所在村', en: 'Village' }, from: 'jurisdiction.villageName' };

export interface DocumentSection {
  title?: Text;
  fields: DocumentField[];
}

export interface DocumentSpec<Context = any> {
  title: Text;
  /** The office whose seal the form carries: of the case's node at `level`. */
  issuer: { level: 'village' | 'township' | 'county'; department: Text };
  /** Printable while the case is in, or has passed through, one of these states. */
  states: string[];
  /** And only when this holds for the context (a refusal's notice only when refused at that stage). */
  when?: (context: Context) => boolean;
  /** Who may print it: holders of these roles who can see the case. */
  roles: Role[];
  /** Fixed text under the title (a notice's formula), before the sections. */
  intro?: Text;
  sections: DocumentSection[];
  /** A closing paragraph (rights of objection, where to go). */
  closing?: Text;
  /** Signature lines, left to right (申请人签字, 经办人, 审核人). */
  signatures: Text[];
  /** Where the seal goes (盖章处): the issuer's, always printed with the date. */
  seal: true;
}

/** The paths a DocumentField may read (the registry refuses others at start-up). */
export const DOCUMENT_SOURCES =
  /^(applicant\.(name|idNumberMasked|phone|householdSize)|jurisdiction\.(villageName|townshipName|countyName)|caseNo|filedAt|closedAt|(data|context)\.[A-Za-z0-9_]+(\.[A-Za-z0-9_]+)*|history\.[A-Z][A-Z0-9_]*\.(at|actor))$/;
