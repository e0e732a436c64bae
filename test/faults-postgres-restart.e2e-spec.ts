/**
 * Issue 9, "must show" 1 (PostgreSQL part): with its database stopped the api answers 503
 * problem+json (never 500, never a hang) and /api/health says postgres is down; once PostgreSQL is
 * back the same api process serves again by itself. The database is a private cluster of this
 * file, so stopping it disturbs no other test.
 */
import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { createApiApp } from '../apps/api/src/create-app';
import { createDataSource } from '../libs/db/src/data-source';
import { DEFAULT_DEMO_PASSWORD, seedDemo } from '../seeds/demo';
import { eventually } from './support/system-under-test';
import { VILLAGE, stranger } from './support/fixtures';
import { PrivatePostgres, freePort } from './faults-support';
import { PiiWatch } from './support/pii-watch';

const filing = (n: number) => ({
  processKey: 'temporary-assistance',
  villageCode: VILLAGE.yannali,
  applicant: { name: '陈刚', idNumber: stranger(700 + n) },
  data: { hardshipType: 'expenditure', urgency: 'normal', description: `子女上学支出过大（重启测试 ${n}）`, requestedAmount: 1500 },
});

describe('PostgreSQL stopped and started under a running api', () => {
  let pg: PrivatePostgres;
  let api: INestApplication | undefined;
  const saved = { ...process.env };
  // Prints nothing (the outage logs errors by design), but every line and answer is scanned for ID numbers.
  const pii = new PiiWatch([]);

  beforeAll(async () => {
    pii.start();
    pg = new PrivatePostgres(await freePort());
    pg.init();
    const ds: DataSource = createDataSource(pg.url, 2);
    await ds.initialize();
    try {
      await ds.runMigrations({ transaction: 'each' });
      await seedDemo(ds, { ...process.env, NODE_ENV: 'test' });
    } finally {
      await ds.destroy();
    }
    Object.assign(process.env, {
      NODE_ENV: 'test',
      DATABASE_URL: pg.url,
      REDIS_URL: process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379',
      QUEUE_PREFIX: `tpgrestart${pg.port}${process.pid}`,
      DB_POOL_SIZE: '10',
    });
    api = await createApiApp({ logger: pii.logger });
    pii.tapServer(api.getHttpServer());
    await api.listen(0, '127.0.0.1');
  }, 150000);

  afterAll(async () => {
    await api?.close().catch(() => undefined);
    pg?.destroy();
    for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
    Object.assign(process.env, saved);
    await pii.stop();
  }, 60000);

  it('answers 503 problem+json while the database is down and recovers without a restart', async () => {
    const http = () => request(api!.getHttpServer());
    const login = async (username: string) => {
      const r = await http().post('/api/auth/login').send({ username, password: process.env.DEMO_PASSWORD || DEFAULT_DEMO_PASSWORD });
      expect(r.status).toBe(200);
      return `Bearer ${r.body.accessToken}`;
    };
    const clerk = await login('cun.yannali');
    const officer = await login('zhen.xiaolukou');
    const before = await http().post('/api/cases').set('Authorization', clerk).send(filing(1));
    expect(before.status).toBe(201);
    expect((await http().get('/api/health')).body).toMatchObject({ postgres: 'up' });

    pg.stop();

    // Reads, writes and the health probe: 503 (problem+json for the api routes), never 500.
    const down = await Promise.all([
      http().get(`/api/cases/${before.body.id}`).set('Authorization', officer),
      http().post('/api/cases').set('Authorization', clerk).send(filing(2)),
      http().post(`/api/cases/${before.body.id}/events`).set('Authorization', officer)
        .send({ type: 'SUBMIT_INVESTIGATION', payload: { findings: '入户调查属实', recommendedAmount: 1500 } }),
      http().get('/api/tasks').set('Authorization', officer),
    ]);
    for (const r of down) {
      expect({ status: r.status, type: r.headers['content-type'] }).toEqual({ status: 503, type: expect.stringContaining('application/problem+json') });
      expect(r.body).toMatchObject({ status: 503, title: '服务暂不可用' });
    }
    const health = await http().get('/api/health');
    expect(health.status).toBe(503);
    expect(health.body).toMatchObject({ postgres: 'down' });

    pg.start();

    // The same process recovers by itself: the pool reconnects on the next request.
    await eventually(async () => (await http().get('/api/health')).body.postgres === 'up', 30000, 250);
    const after = await http().post('/api/cases').set('Authorization', clerk).send(filing(3));
    expect(after.status).toBe(201);
    const view = await http().get(`/api/cases/${before.body.id}`).set('Authorization', officer);
    expect(view.status).toBe(200);
    // The filing refused while the database was down was not stored; the others were.
    const ds = api!.get(DataSource);
    const stored = await ds.query(`SELECT data->>'description' AS d FROM cases ORDER BY filed_at`);
    expect(stored.map((r: any) => r.d)).toEqual([filing(1).data.description, filing(3).data.description]);
  }, 120000);
});
