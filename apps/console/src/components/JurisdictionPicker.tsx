/**
 * Choosing a jurisdiction in the caller's subtree without loading it whole: the caller's own node,
 * then one select per level, each filled from GET /api/jurisdictions?parent= when needed.
 */
import { useEffect, useRef, useState } from 'react';
import { api } from '../api/endpoints';
import type { JurisdictionNode, Level } from '../api/types';
import { useI18n } from '../i18n';
import { normalizeJurisdictions } from '../lib/jurisdictions';
import { useAsync } from '../lib/useAsync';

export async function jurisdictionChildren(code: string): Promise<JurisdictionNode[]> {
  return normalizeJurisdictions(await api.jurisdictions(code), code).nodes;
}

/** The caller's own node (the top of everything an admin may manage). */
export function useJurisdictionRoot() {
  return useAsync(async () => {
    const [root] = normalizeJurisdictions(await api.jurisdictions()).nodes;
    if (!root) throw new Error('no jurisdiction');
    return root;
  }, []);
}

export interface Chosen {
  code: string;
  name: string;
  level: Level;
}

export function JurisdictionPicker({ root, current, onChange, testId, disabled, invalid }: {
  root: JurisdictionNode;
  /** The jurisdiction held now (editing a user): shown with a change button until changed. */
  current?: Chosen;
  onChange(node: Chosen): void;
  testId: string;
  disabled?: boolean;
  invalid?: boolean;
}) {
  const { t, label } = useI18n();
  const [path, setPath] = useState<JurisdictionNode[] | null>(current ? null : [root]);
  const [children, setChildren] = useState<Record<string, JurisdictionNode[] | 'error'>>({});
  const requested = useRef(new Set<string>());

  // Load the children of every opened node that has some, once.
  useEffect(() => {
    for (const node of path ?? []) {
      if (node.childCount === 0 || requested.current.has(node.code)) continue;
      requested.current.add(node.code);
      jurisdictionChildren(node.code).then(
        (list) => setChildren((c) => ({ ...c, [node.code]: list })),
        () => setChildren((c) => ({ ...c, [node.code]: 'error' })),
      );
    }
  }, [path]);

  const choose = (next: JurisdictionNode[]) => {
    setPath(next);
    const last = next[next.length - 1];
    onChange({ code: last.code, name: last.name, level: last.level });
  };

  if (!path && current) {
    return (
      <div className="picker" data-testid={testId} data-value={current.code}>
        <span className="picker-path">{current.name} <span className="muted small">{label('level', current.level)}</span></span>
        <button type="button" className="btn btn-small" onClick={() => choose([root])} disabled={disabled} data-testid={`${testId}-change`}>
          {t('picker.change')}
        </button>
      </div>
    );
  }
  const chain = path ?? [root];
  const last = chain[chain.length - 1];
  return (
    <div className={`picker ${invalid ? 'has-error' : ''}`} data-testid={testId} data-value={last.code} data-level={last.level}>
      <span className="picker-path" data-testid={`${testId}-path`}>
        {chain.map((n) => n.name).join(' › ')} <span className="muted small">{label('level', last.level)}</span>
      </span>
      <span className="picker-selects">
        {chain.map((node, i) => {
          if (node.childCount === 0) return null;
          const list = children[node.code];
          return (
            <select key={node.code} data-testid={`${testId}-select`} data-depth={i} data-parent={node.code}
              aria-label={t('picker.below', { name: node.name })} disabled={disabled || !Array.isArray(list)}
              aria-invalid={invalid || undefined} value={chain[i + 1]?.code ?? ''}
              onChange={(e) => {
                const child = Array.isArray(list) ? list.find((c) => c.code === e.target.value) : undefined;
                choose(child ? [...chain.slice(0, i + 1), child] : chain.slice(0, i + 1));
              }}>
              <option value="">{list === undefined ? t('app.loading') : list === 'error' ? t('common.error') : t('picker.thisLevel', { name: node.name })}</option>
              {Array.isArray(list) && list.map((c) => <option key={c.code} value={c.code}>{c.name}</option>)}
            </select>
          );
        })}
      </span>
    </div>
  );
}
