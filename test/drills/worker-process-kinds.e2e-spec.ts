import { resolve } from 'node:path';
import { bearer, createOrganisation } from '../support/fixtures';
import { freshBuild } from '../support/fresh-build';
import { TEST_POSTGRES_URL } from '../support/postgres-admin';
import { incidentBody } from '../support/incident-body';
import { startTestApp } from '../support/test-app';
import { startSmtpServer } from '../support/test-smtp-server';
import { eventually } from '../support/test-worker';
import { AppProcess, startAppProcess } from './support/app-process';
import { freePort } from './support/free-port';
import { FAR_AHEAD_DUE_DATE } from '../support/far-ahead-due-date';

/**
 * The worker as it runs in production: a process of its own, with only the modules it imports.
 * Tests that start a worker inside the test process share TypeORM's entity registry with the api
 * started there, so a worker that lacked an entity passed them (action escalations failed in every
 * real worker with "Class constructor RoleAssignmentEntity cannot be invoked without 'new'").
 * Here the action and session messages a register and a series plan are all sent by such a process.
 */
describe('drill: a worker process of its own sends every kind a register and a series plan', () => {
  let worker: AppProcess | undefined;

  it('sends them all', async () => {
    const main = resolve(freshBuild(), 'apps/worker/src/main.js');
    const smtp = await startSmtpServer();
    const t = await startTestApp({ env: { SMTP_URL: smtp.url } });
    try {
      const org = await createOrganisation(t.http, t.systemToken);
      const chainId = (
        await t.http
          .post('/v1/chains')
          .set(bearer(org.admin.token))
          .send({ name: 'Vergunningen' })
          .expect(201)
      ).body.id;
      await t.http
        .post(`/v1/chains/${chainId}/role-assignments`)
        .set(bearer(org.admin.token))
        .send({ role: 'owner', personId: org.lead.id, validFrom: '2026-01-01' })
        .expect(201);
      const incident = (
        await t.http
          .post('/v1/incidents')
          .set(bearer(org.member.token))
          .send(incidentBody(chainId))
          .expect(201)
      ).body;
      await t.http
        .post('/v1/actions')
        .set(bearer(org.member.token))
        .send({
          sourceType: 'incident',
          sourceId: incident.id,
          description: 'Vergunningverlening herinrichten',
          assigneeId: org.member.id,
          dueDate: FAR_AHEAD_DUE_DATE,
        })
        .expect(201);
      await t.http
        .post('/v1/reflection-series')
        .set(bearer(org.lead.token))
        .send({
          title: 'Reflectie Vergunningen',
          kind: 'chain',
          chainId,
          chairId: org.lead.id,
          participantIds: [org.member.id],
          rrule: 'FREQ=WEEKLY;COUNT=2',
          firstStart: new Date(Math.ceil(Date.now() / 1000) * 1000 + 10 * 86400_000).toISOString(),
          durationMinutes: 60,
          skipPublicHolidays: false,
        })
        .expect(201);
      // Everything planned for this organisation falls due now.
      await t.db.query(`UPDATE notifications SET due_at = now() WHERE organisation_id = $1`, [
        org.organisationId,
      ]);
      const kinds: { kind: string }[] = await t.db.query(
        `SELECT DISTINCT kind FROM notifications WHERE organisation_id = $1 ORDER BY kind`,
        [org.organisationId],
      );
      expect(kinds.map((k) => k.kind)).toEqual(
        expect.arrayContaining([
          'action-escalation',
          'action-overdue',
          'action-reminder',
          'session-reminder',
        ]),
      );

      worker = startAppProcess('worker', main, {
        NODE_ENV: 'test',
        LOG_LEVEL: 'warn',
        DATABASE_URL: t.config.DATABASE_URL,
        REDIS_PREFIX: t.config.REDIS_PREFIX,
        SMTP_URL: smtp.url,
        WORKER_METRICS_PORT: '0',
      });
      // Each row sent, or tried and failed, or cancelled (then it says why).
      const rows = await eventually(async () => {
        const found: {
          kind: string;
          status: string;
          last_error: string | null;
          cancel_reason: string | null;
        }[] = await t.db.query(
          `SELECT kind, status, last_error, cancel_reason FROM notifications WHERE organisation_id = $1
           ORDER BY kind, id`,
          [org.organisationId],
        );
        return found.every((row) => row.status === 'sent' || row.last_error || row.cancel_reason)
          ? found
          : undefined;
      }, 60_000);
      expect(rows.filter((row) => row.status !== 'sent')).toEqual([]);
      expect(smtp.messages.length).toBe(rows.length);
      // Nor did it log an error on the way.
      expect(worker.lines.filter((line) => (line.json?.level ?? 0) >= 50).map((line) => line.text)).toEqual(
        [],
      );
    } finally {
      await worker?.stop();
      await t.close();
      await smtp.close();
    }
  }, 300_000);

  it('stops at start, saying so, when Redis does not answer (it hung without a word)', async () => {
    const main = resolve(freshBuild(), 'apps/worker/src/main.js');
    const port = await freePort(); // nothing listens there
    const starting = startAppProcess('worker', main, {
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      DATABASE_URL: TEST_POSTGRES_URL, // reachable; Redis is not
      REDIS_URL: `redis://:geheim@127.0.0.1:${port}`,
      WORKER_METRICS_PORT: '0',
    });
    const line = await starting.waitForLine(/The worker cannot start/, 90_000);
    expect(line.text).toContain(`Redis (REDIS_URL, 127.0.0.1:${port}) did not answer within 30 s`);
    expect(starting.lines.map((l) => l.text).join('\n')).not.toContain('geheim');
    expect(await starting.exited).toEqual({ code: 1, signal: null }); // on its own, not stopped
  }, 120_000);
});
