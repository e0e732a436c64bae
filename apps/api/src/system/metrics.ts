/**
 * Prometheus metrics of the api (prom-client), served at GET /api/metrics.
 *
 * Measured in the api process: request latency by route template and status class, and events by
 * process and outcome (each replica counts what it answered; sum over replicas). Read from PostgreSQL
 * at each scrape, so they are the cluster's (the worker has no http server): outbox lag and depth,
 * open tasks, armed and overdue timers, and how late deadlines fired (closed_at − due_at of fired
 * timers, as the worker records them) — one query per scrape.
 */
import { Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { timingSafeEqual, createHash } from 'node:crypto';
import { isIP } from 'node:net';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { DataSource } from 'typeorm';
import type { Localized } from '@app/engine';
import { routeOf } from './request-route';

/** Seconds over which the lateness quantiles of fired deadlines are taken. */
export const TIMER_LATENESS_WINDOW_SECONDS = 3600;

@Injectable()
export class ApiMetrics {
  readonly registry = new Registry();
  readonly httpDuration = new Histogram({
    name: 'casework_http_request_duration_seconds',
    help: 'HTTP request latency of the api by route template (unmatched paths are "other") and status class',
    labelNames: ['method', 'route', 'status_class'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });
  readonly events = new Counter({
    name: 'casework_events_total',
    help: 'Events sent to cases through this api (POST /api/cases/:id/events) by process and outcome: accepted (2xx) or refused (4xx)',
    labelNames: ['process', 'outcome'] as const,
    registers: [this.registry],
  });
  private readonly g = (name: string, help: string, labelNames: string[] = []) => new Gauge({ name, help, labelNames, registers: [this.registry] });
  private readonly outboxLag = this.g('casework_outbox_lag_seconds', 'Age of the oldest outbox row that is due and not yet dispatched to BullMQ (0 when none)');
  private readonly outboxPending = this.g('casework_outbox_pending', 'Outbox rows not yet dispatched');
  private readonly tasksOpen = this.g('casework_tasks_open', 'Open or claimed tasks');
  private readonly timersArmed = this.g('casework_timers_armed', 'Armed deadline timers');
  private readonly timersOverdue = this.g('casework_timers_overdue', 'Armed deadline timers already past their due time (not fired yet)');
  private readonly timerLateness = this.g(
    'casework_timer_lateness_seconds',
    `How late deadlines fired (fired minus due) over the last ${TIMER_LATENESS_WINDOW_SECONDS} s, read from PostgreSQL: quantiles 0.5, 0.9, 0.99 and 1 (max)`,
    ['quantile'],
  );
  private readonly timersFired = this.g('casework_timers_fired_recent', `Deadlines fired in the last ${TIMER_LATENESS_WINDOW_SECONDS} s`);
  private readonly slaBreached = this.g('casework_sla_breached', 'SLA clocks in breach');

  constructor(private readonly ds: DataSource) {
    collectDefaultMetrics({ register: this.registry });
  }

  /** The onResponse hook (Fastify times the request): the route label is the matched template, never the raw path (the console's files are `other`). */
  finished(req: FastifyRequest, reply: FastifyReply) {
    const route = routeOf(req);
    const labels = { method: req.method, route: route && route !== '/*' ? route : 'other', status_class: `${Math.floor(reply.statusCode / 100)}xx` };
    this.httpDuration.observe(labels, reply.elapsedTime / 1000);
  }

  accepted(processKey: string | undefined) {
    this.events.inc({ process: processKey ?? 'unknown', outcome: 'accepted' });
  }

  /** A 4xx answer to an event: labelled with the case's process when the case exists. */
  async refused(caseId: string) {
    let processKey = 'unknown';
    if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(caseId)) {
      const rows = await this.ds.query(`SELECT process_key FROM cases WHERE id = $1`, [caseId]).catch(() => []);
      if (rows[0]) processKey = rows[0].process_key;
    }
    this.events.inc({ process: processKey, outcome: 'refused' });
  }

  /** Reads the cluster's figures from PostgreSQL, then renders every metric. */
  async render(): Promise<string> {
    const [m] = await this.ds.query(
      `SELECT
        (SELECT count(*) FROM outbox WHERE dispatched_at IS NULL)::int AS outbox_pending,
        (SELECT COALESCE(extract(epoch FROM now() - min(available_at)), 0) FROM outbox WHERE dispatched_at IS NULL AND available_at <= now())::float8 AS outbox_lag,
        (SELECT count(*) FROM tasks WHERE status IN ('open','claimed'))::int AS tasks_open,
        (SELECT count(*) FROM case_timers WHERE status = 'armed')::int AS timers_armed,
        (SELECT count(*) FROM case_timers WHERE status = 'armed' AND due_at < now())::int AS timers_overdue,
        (SELECT count(*) FROM sla_clocks WHERE status = 'breached')::int AS sla_breached,
        l.*
      FROM (SELECT count(*)::int AS fired,
              percentile_cont(ARRAY[0.5, 0.9, 0.99]) WITHIN GROUP (ORDER BY late) AS q,
              max(late)::float8 AS max
            FROM (SELECT GREATEST(extract(epoch FROM closed_at - due_at), 0)::float8 AS late FROM case_timers
                  WHERE status = 'fired' AND closed_at > now() - make_interval(secs => $1)) f) l`,
      [TIMER_LATENESS_WINDOW_SECONDS],
    );
    this.outboxPending.set(m.outbox_pending);
    this.outboxLag.set(Math.max(0, m.outbox_lag));
    this.tasksOpen.set(m.tasks_open);
    this.timersArmed.set(m.timers_armed);
    this.timersOverdue.set(m.timers_overdue);
    this.slaBreached.set(m.sla_breached);
    this.timersFired.set(m.fired);
    this.timerLateness.reset();
    if (m.fired > 0) {
      const q: number[] = m.q;
      this.timerLateness.set({ quantile: '0.5' }, q[0]);
      this.timerLateness.set({ quantile: '0.9' }, q[1]);
      this.timerLateness.set({ quantile: '0.99' }, q[2]);
      this.timerLateness.set({ quantile: '1' }, m.max);
    }
    return this.registry.metrics();
  }
}

export type MetricsAccess = { allowed: true } | { allowed: false; status: 401 | 403; detail: Localized };

/** Loopback TCP peers: 127.0.0.0/8 and ::1, also as IPv4-mapped IPv6. */
export function isLoopback(address: string | undefined): boolean {
  if (!address) return false;
  const a = address.toLowerCase().replace(/^::ffff:/, '');
  if (isIP(a) === 4) return a.startsWith('127.');
  return a === '::1';
}

const digest = (s: string) => createHash('sha256').update(s).digest();

/**
 * Who may read /api/metrics. With METRICS_TOKEN: exactly `Authorization: Bearer <token>` (401 without
 * a bearer token, 403 with a wrong one), from anywhere. Without: only a loopback TCP peer (the socket's
 * address — never X-Forwarded-For, which any client can write), else 403.
 */
export function metricsAccess(token: string | undefined, authorization: string | undefined, peerAddress: string | undefined): MetricsAccess {
  if (token) {
    const m = /^Bearer\s+(.+)$/i.exec(authorization ?? '');
    if (!m) return { allowed: false, status: 401, detail: { zh: '读取监控指标需要 Authorization: Bearer <METRICS_TOKEN>', en: 'Reading metrics needs Authorization: Bearer <METRICS_TOKEN>' } };
    if (!timingSafeEqual(digest(m[1].trim()), digest(token))) return { allowed: false, status: 403, detail: { zh: '监控指标令牌不正确', en: 'The metrics token is wrong' } };
    return { allowed: true };
  }
  if (isLoopback(peerAddress)) return { allowed: true };
  return { allowed: false, status: 403, detail: { zh: '未设置 METRICS_TOKEN 时只允许本机（回环地址）读取监控指标', en: 'Without METRICS_TOKEN only this machine (a loopback address) may read metrics' } };
}
