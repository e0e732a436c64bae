/**
 * The process drawn from GET /api/processes (states + transitions) as an SVG, current state
 * highlighted, states the case has passed tinted, the current state's exits labelled.
 */
import { useId, useMemo } from 'react';
import type { ProcessInfo } from '../api/types';
import { useI18n } from '../i18n';
import { layoutProcess, type DiagramEdge } from './layout';

/** Splits a label into at most two lines that fit a node (CJK counts double width). */
export function wrapLabel(text: string, maxUnits = 20): string[] {
  const units = (s: string) => [...s].reduce((n, c) => n + (c.charCodeAt(0) > 0x2e80 ? 2 : 1), 0);
  if (units(text) <= maxUnits) return [text];
  const words = text.includes(' ') ? text.split(' ') : [...text];
  const sep = text.includes(' ') ? ' ' : '';
  let first = '';
  let i = 0;
  while (i < words.length && units(first + sep + words[i]) <= maxUnits) {
    first = first ? first + sep + words[i] : words[i];
    i++;
  }
  if (!first) return [text.slice(0, maxUnits / 2), text.slice(maxUnits / 2)];
  let rest = words.slice(i).join(sep);
  if (units(rest) > maxUnits) rest = `${[...rest].slice(0, maxUnits - 2).join('')}…`;
  return [first, rest];
}

/** The SVG shrinks to fit its card, but not below a readable width (then the wrapper scrolls). */
export function ProcessDiagram({ process, current, visited }: { process: ProcessInfo; current: string; visited: Set<string> }) {
  const { tx, t } = useI18n();
  const uid = useId().replace(/[^\w-]/g, '');
  const layout = useMemo(
    () => layoutProcess({
      initial: process.initial,
      states: process.states.map((s) => ({ id: s.id, final: !!s.final })),
      transitions: process.transitions,
    }),
    [process],
  );
  const titles = new Map(process.states.map((s) => [s.id, tx(s.title) || s.id]));
  const eventTitle = (type: string) => (type === '' ? t('case.legendAuto') : tx(process.events.find((e) => e.type === type)?.title) || type);
  const edgeTitle = (e: DiagramEdge) => e.events.map(eventTitle).join(' / ');
  const active = (e: DiagramEdge) => e.from === current;
  // Draw active edges last so they sit on top.
  const edges = [...layout.edges].sort((a, b) => Number(active(a)) - Number(active(b)));

  return (
    <div className="diagram-wrap">
      <svg
        className="diagram"
        data-testid="process-diagram"
        data-current={current}
        viewBox={`0 0 ${layout.width} ${layout.height}`}
        width={layout.width}
        style={{ width: '100%', maxWidth: layout.width, minWidth: Math.min(layout.width, 520), height: 'auto' }}
        role="img"
        aria-label={`${tx(process.title)}：${titles.get(current) ?? current}`}
      >
        <defs>
          {['n', 'a'].map((k) => (
            <marker key={k} id={`${uid}-arrow-${k}`} viewBox="0 0 10 10" refX="9" refY="5" markerWidth="8" markerHeight="8" markerUnits="userSpaceOnUse" orient="auto-start-reverse">
              <path d="M0,0 L10,5 L0,10 z" className={k === 'a' ? 'arrow-active' : 'arrow'} />
            </marker>
          ))}
        </defs>
        {edges.map((e) => (
          <path
            key={`${e.from}-${e.to}`}
            d={e.path}
            className={`edge edge-${e.kind} ${active(e) ? 'edge-active' : ''} ${e.events.every((x) => x === '') ? 'edge-auto' : ''}`}
            markerEnd={`url(#${uid}-arrow-${active(e) ? 'a' : 'n'})`}
            data-testid="diagram-edge"
            data-from={e.from}
            data-to={e.to}
          >
            <title>{`${titles.get(e.from)} → ${titles.get(e.to)}：${edgeTitle(e)}`}</title>
          </path>
        ))}
        {layout.nodes.map((n) => {
          const isCurrent = n.id === current;
          const lines = wrapLabel(titles.get(n.id) ?? n.id);
          const cls = isCurrent ? 'node-current' : visited.has(n.id) ? 'node-visited' : n.final ? 'node-final' : '';
          return (
            <g key={n.id} className={`node ${cls}`} data-testid="diagram-node" data-state={n.id} data-current={isCurrent ? 'true' : undefined}>
              <title>{`${titles.get(n.id)} (${n.id})`}</title>
              <rect x={n.x} y={n.y} width={n.w} height={n.h} rx={n.final ? 21 : 8} />
              {lines.map((line, i) => (
                <text key={i} x={n.x + n.w / 2} y={n.y + n.h / 2 + (i - (lines.length - 1) / 2) * 15} dominantBaseline="central" textAnchor="middle">
                  {line}
                </text>
              ))}
            </g>
          );
        })}
        {edges.filter(active).map((e) => (
          <text key={`l-${e.from}-${e.to}`} x={e.label.x} y={e.label.y} className="edge-label" textAnchor={e.label.anchor} dominantBaseline="central">
            {edgeTitle(e)}
          </text>
        ))}
      </svg>
      {layout.globals.map((g) => (
        <p key={g.event} className={`legend global-exit ${g.from.includes(current) ? 'global-exit-active' : ''}`} data-testid="diagram-global-exit" data-event={g.event}>
          <span className="legend-line legend-line-solid" /> <strong>{eventTitle(g.event)}</strong> → {g.to.map((s) => titles.get(s) ?? s).join(' / ')}
          <span className="muted">（{t('case.globalExitFrom', { n: g.from.length })}：{g.from.map((s) => titles.get(s) ?? s).join('、')}）</span>
        </p>
      ))}
      <p className="legend">
        <span className="legend-swatch swatch-current" /> {t('case.current')}
        <span className="legend-swatch swatch-visited" /> {t('case.visited')}
        <span className="legend-line" /> {t('case.legendAuto')}
      </p>
    </div>
  );
}
