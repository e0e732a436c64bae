/**
 * A tiny i18n: zh-CN by default, English selectable, choice kept in localStorage.
 * `t` takes a dictionary key; `tx` picks a side of the api's `{zh, en}` texts;
 * `label` looks up a code under a prefix and falls back to the code itself.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { en } from './en';
import { zh, type MessageKey } from './zh';
import type { Text } from '../api/types';

export type Lang = 'zh' | 'en';
export type Vars = Record<string, string | number>;

const LANG_KEY = 'casework.lang';
const dictionaries: Record<Lang, Record<string, string>> = { zh, en };

export function interpolate(template: string, vars?: Vars): string {
  if (!vars) return template;
  return template.replace(/\{(\w+)\}/g, (m, name: string) => (name in vars ? String(vars[name]) : m));
}

export function lookup(lang: Lang, key: string): string | undefined {
  return dictionaries[lang][key] ?? dictionaries.zh[key];
}

export interface I18n {
  lang: Lang;
  setLang(lang: Lang): void;
  t(key: MessageKey, vars?: Vars): string;
  /** Text from the api (or a plain string) in the current language. */
  tx(text: Text | string | null | undefined): string;
  /** A code's label under a prefix (`role`, `lane`, `enum`, `flag`, …), else the code. */
  label(prefix: string, code: string): string;
  /** Like label, but undefined when there is no entry. */
  maybe(key: string): string | undefined;
}

const I18nContext = createContext<I18n | null>(null);

function initialLang(): Lang {
  return localStorage.getItem(LANG_KEY) === 'en' ? 'en' : 'zh';
}

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(initialLang);
  useEffect(() => {
    document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
    document.title = lookup(lang, 'app.title') ?? '';
  }, [lang]);
  const setLang = useCallback((l: Lang) => {
    localStorage.setItem(LANG_KEY, l);
    setLangState(l);
  }, []);
  const value = useMemo<I18n>(() => i18nFor(lang, setLang), [lang, setLang]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

function i18nFor(lang: Lang, setLang: (l: Lang) => void): I18n {
  return {
    lang,
    setLang,
    t: (key, vars) => interpolate(lookup(lang, key) ?? key, vars),
    tx: (text) => (text == null ? '' : typeof text === 'string' ? text : (text[lang] ?? text.zh)),
    label: (prefix, code) => lookup(lang, `${prefix}.${code}`) ?? code,
    maybe: (key) => lookup(lang, key),
  };
}

/** One language, nothing stored: for rendering outside a browser page (component tests). */
export function FixedLanguage({ lang, children }: { lang: Lang; children: ReactNode }) {
  const value = useMemo(() => i18nFor(lang, () => undefined), [lang]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const ctx = useContext(I18nContext);
  if (!ctx) throw new Error('useI18n outside I18nProvider');
  return ctx;
}

export type { MessageKey };
