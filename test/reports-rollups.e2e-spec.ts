import { Quarter } from '@app/domain/reports/quarter';
import { Client } from 'pg';
import { bearer, createOrganisation, OrgFixture } from './support/fixtures';
import { ReportDataSet, seedReportDataSet } from './support/report-data-set';
import { startTestApp, TestApp } from './support/test-app';

interface Mismatch {
  rollup: string;
  key: string;
  expected: string | null;
  actual: string | null;
}

/**
 * The report's rollups (migration 1764460000000-report-rollups) against a recomputation from the
 * base tables after every kind of change: inserts, updates of each column a figure buckets by,
 * deletes, bulk statements, concurrent writers, truncation. And the status at quarter end, which
 * the status history makes exact.
 */
describe('quarterly report rollups', () => {
  let t: TestApp;
  let org: OrgFixture;
  let other: OrgFixture;
  let data: ReportDataSet;
  const mismatches = () => t.db.query<Mismatch>('SELECT * FROM leerlus_check_report_rollups()');
  const one = async <T>(sql: string, params: unknown[] = []): Promise<T> =>
    (await t.db.query<{ v: T }>(sql, params))[0].v;
  // The quarter-end scenarios read the report of a quarter, for the organisation or one chain.
  const quarterly = async (quarter: Quarter, chainId?: string) =>
    (
      await t.http
        .get(
          `/v1/reports/quarterly?year=${quarter.year}&quarter=${quarter.quarter}${chainId ? `&chainId=${chainId}` : ''}`,
        )
        .set(bearer(org.lead.token))
        .expect(200)
    ).body;
  // The quarter-end scenarios each start from a chain of their own with one low incident in it.
  const chainWithIncident = async (chain: string, incident: { title: string; occurredAt: string }) => {
    const chainId = (
      await t.http.post('/v1/chains').set(bearer(org.admin.token)).send({ name: chain }).expect(201)
    ).body.id as string;
    const created = await t.http
      .post('/v1/incidents')
      .set(bearer(org.member.token))
      .send({ chainId, ...incident, severity: 'low', publicAttention: 'none', source: 'staff' })
      .expect(201);
    return { chainId, incident: created.body as { id: string } };
  };

  beforeAll(async () => {
    t = await startTestApp();
    t.clock.set('2027-05-01T12:00:00+02:00');
    org = await createOrganisation(t.http, t.systemToken);
    other = await createOrganisation(t.http, t.systemToken);
    data = await seedReportDataSet(t.db, org, other);
  });
  afterAll(() => t.close());

  it('agree with a recomputation after the data set was loaded, and the check can tell when they do not', async () => {
    expect(await mismatches()).toEqual([]);
    expect(await one<number>('SELECT count(*)::int AS v FROM report_counts')).toBeGreaterThan(0);

    await t.db.query(
      `UPDATE report_counts SET count = count + 1 WHERE ctid = (
         SELECT ctid FROM report_counts WHERE figure = 'incidents.bySeverity' AND dimension = 'high' LIMIT 1)`,
    );
    await t.db.query(
      'UPDATE report_incident_learning SET lessons = lessons + 1 WHERE incident_id = (SELECT min(incident_id::text)::uuid FROM report_incident_learning)',
    );
    // The attention by which the report counts learning under pressure is checked too.
    await t.db.query(
      `UPDATE report_incident_learning SET public_attention = CASE public_attention WHEN 'none' THEN 'local' ELSE 'none' END
       WHERE incident_id = (SELECT max(incident_id::text)::uuid FROM report_incident_learning)`,
    );
    const drift = await mismatches();
    expect(drift.map((m) => m.rollup).sort()).toEqual([
      'report_counts',
      'report_incident_learning',
      'report_incident_learning',
    ]);
    expect(drift[0]).toEqual({
      rollup: 'report_counts',
      key: expect.stringMatching(/ incidents\.bySeverity high$/),
      expected: '1',
      actual: '2',
    });

    await t.db.query('SELECT leerlus_rebuild_report_rollups()');
    expect(await mismatches()).toEqual([]);
  });

  describe('follow every change of an incident', () => {
    let id: string;
    const change = async (set: string, params: unknown[] = []) => {
      await t.db.query(`UPDATE incidents SET ${set} WHERE id = $1`, [id, ...params]);
      expect(await mismatches()).toEqual([]);
    };

    beforeAll(async () => {
      [{ id }] = await t.db.query(
        `INSERT INTO incidents (organisation_id, chain_id, title, occurred_at, reported_at, reported_by_id,
           severity, public_attention, source, cause_level, status)
         VALUES ($1, $2, 'Wijzigingen', '2027-02-01T10:00:00+01:00', '2027-02-01T10:00:00+01:00', $3,
           'low', 'none', 'staff', NULL, 'reported') RETURNING id`,
        [org.organisationId, data.chains.toeslagen, org.member.id],
      );
      expect(await mismatches()).toEqual([]);
    });

    it.each([
      ['severity', "severity = 'critical'"],
      ['public attention', "public_attention = 'parliamentary'"],
      ['cause level, set', "cause_level = 'chain'"],
      ['cause level, cleared', 'cause_level = NULL'],
      ['source', "source = 'ombudsman'"],
      ['status', "status = 'analysing'"],
      ['recurrence', 'recurrence = true'],
      ['closed at, set', "status = 'closed', closed_at = '2027-03-31T23:59:59+02:00'"],
      ['closed at, over the quarter boundary', "closed_at = '2027-04-01T00:00:00+02:00'"],
      ['reported at, to New Year’s Eve', "reported_at = '2026-12-31T23:59:59+01:00'"],
      ['reported at, to New Year', "reported_at = '2027-01-01T00:00:00+01:00'"],
      ['chain', 'chain_id = $2'],
      ['confidentiality (no figure depends on it)', "confidentiality = 'confidential'"],
      ['title (no figure depends on it)', "title = 'Andere titel'"],
    ])('%s', async (_name, set) => {
      await change(set, set.includes('$2') ? [data.chains.studiefinanciering] : []);
    });

    it('organisation', async () => {
      await change('organisation_id = $2, chain_id = $3', [other.organisationId, data.chains.other]);
      await change('organisation_id = $2, chain_id = $3', [org.organisationId, data.chains.toeslagen]);
    });

    it('its lessons, also when the incident moves', async () => {
      await t.db.query(
        `INSERT INTO lessons (organisation_id, chain_id, source_type, source_id, title, addressed_role, drawn_by_id,
           status, validated_at, created_at)
         VALUES ($1, $2, 'incident', $3, 'Les', 'owner', $4, 'validated', '2027-02-20T10:00:00+01:00', '2027-02-10T10:00:00+01:00')`,
        [org.organisationId, data.chains.toeslagen, id, org.member.id],
      );
      expect(
        await t.db.query('SELECT lessons FROM report_incident_learning WHERE incident_id = $1', [id]),
      ).toEqual([{ lessons: 1 }]);
      await change("reported_at = '2027-02-02T10:00:00+01:00'");
      await change('chain_id = $2', [data.chains.studiefinanciering]);
      // Its public attention, by which the report counts learning under pressure.
      await change("public_attention = 'parliamentary'");
      expect(
        await t.db.query('SELECT public_attention FROM report_incident_learning WHERE incident_id = $1', [
          id,
        ]),
      ).toEqual([{ public_attention: 'parliamentary' }]);
    });

    it('deletion', async () => {
      await t.db.query('DELETE FROM incidents WHERE id = $1', [id]);
      expect(await mismatches()).toEqual([]);
      expect(await t.db.query('SELECT 1 FROM incident_status_changes WHERE incident_id = $1', [id])).toEqual(
        [],
      );
      expect(await t.db.query('SELECT 1 FROM report_incident_learning WHERE incident_id = $1', [id])).toEqual(
        [],
      );
    });
  });

  describe('follow every change of a lesson', () => {
    let id: string;
    let incidents: string[];
    const change = async (set: string, params: unknown[] = []) => {
      await t.db.query(`UPDATE lessons SET ${set} WHERE id = $1`, [id, ...params]);
      expect(await mismatches()).toEqual([]);
    };

    beforeAll(async () => {
      incidents = (
        await t.db.query<{ id: string }>(
          `SELECT id FROM incidents WHERE organisation_id = $1 ORDER BY reported_at DESC LIMIT 2`,
          [org.organisationId],
        )
      ).map((row) => row.id);
      [{ id }] = await t.db.query(
        `INSERT INTO lessons (organisation_id, chain_id, source_type, source_id, title, addressed_role, drawn_by_id, created_at)
         VALUES ($1, $2, 'incident', $3, 'Les', 'all', $4, '2027-03-31T23:30:00+02:00') RETURNING id`,
        [org.organisationId, data.chains.toeslagen, incidents[0], org.member.id],
      );
      expect(await mismatches()).toEqual([]);
    });

    it.each([
      ['created at, over the quarter boundary', "created_at = '2027-04-01T00:30:00+02:00'"],
      ['addressed role', "addressed_role = 'contractor'"],
      ['validated at and response', "status = 'validated', validated_at = now(), response = 'partially'"],
      ['response', "response = 'adopted'"],
      ['validated at, earlier than any other', "validated_at = '2026-01-01T00:00:00+01:00'"],
      ['embedded at', "status = 'embedded', embedded_at = '2027-01-01T00:00:00+01:00'"],
      ['recheck at', "recheck_at = '2027-06-30T23:00:00+02:00'"],
      ['chain, to none', 'chain_id = NULL'],
      ['source, another incident', 'source_id = $2'],
      ['source type, no longer an incident', "source_type = 'best-practice'"],
      ['source type, an incident again', "source_type = 'incident'"],
      ['title (no figure depends on it)', "title = 'Andere les'"],
    ])('%s', async (_name, set) => {
      await change(set, set.includes('$2') ? [incidents[1]] : []);
    });

    it('organisation', async () => {
      await change('organisation_id = $2', [other.organisationId]);
      await change('organisation_id = $2', [org.organisationId]);
    });

    it('deletion', async () => {
      await t.db.query('DELETE FROM lessons WHERE id = $1', [id]);
      expect(await mismatches()).toEqual([]);
    });
  });

  describe('follow every change of an action', () => {
    let id: string;
    const change = async (set: string, params: unknown[] = []) => {
      await t.db.query(`UPDATE actions SET ${set} WHERE id = $1`, [id, ...params]);
      expect(await mismatches()).toEqual([]);
    };

    beforeAll(async () => {
      [{ id }] = await t.db.query(
        `INSERT INTO actions (organisation_id, chain_id, source_type, source_id, description, assignee_id,
           addressed_role, due_date, created_at, created_by_id)
         VALUES ($1, $2, 'incident', gen_random_uuid(), 'Actie', $3, NULL, '2027-03-30', '2027-01-15T10:00:00+01:00', $3)
         RETURNING id`,
        [org.organisationId, data.chains.toeslagen, org.member.id],
      );
      expect(await mismatches()).toEqual([]);
    });

    it.each([
      ['due date, to the last day of the quarter', "due_date = '2027-03-31'"],
      ['due date, back', "due_date = '2027-03-30'"],
      ['addressed role', "addressed_role = 'owner'"],
      ['created at', "created_at = '2026-12-31T23:59:00+01:00'"],
      ['completed at, late', "status = 'done', completed_at = '2027-04-01T00:00:00+02:00'"],
      ['completed at, on time', "completed_at = '2027-03-30T23:59:00+02:00'"],
      ['completed at, cleared', "status = 'open', completed_at = NULL"],
      ['cancelled at', "status = 'cancelled', cancelled_at = '2027-05-01T10:00:00+02:00'"],
      ['chain, to none', 'chain_id = NULL'],
      ['organisation', 'organisation_id = $2'],
    ])('%s', async (_name, set) => {
      await change(set, set.includes('$2') ? [other.organisationId] : []);
    });

    it('deletion', async () => {
      // Its due date was moved twice (above), and the history says so until it goes.
      expect(
        await one<number>('SELECT count(*)::int AS v FROM action_due_date_changes WHERE action_id = $1', [
          id,
        ]),
      ).toBe(2);
      await t.db.query('DELETE FROM actions WHERE id = $1', [id]);
      expect(await mismatches()).toEqual([]);
      expect(await t.db.query('SELECT 1 FROM action_due_date_changes WHERE action_id = $1', [id])).toEqual(
        [],
      );
    });
  });

  it('follow statements over many rows, and loads that skip foreign-key triggers', async () => {
    await t.db.query(
      `INSERT INTO incidents (organisation_id, chain_id, title, occurred_at, reported_at, reported_by_id,
         severity, public_attention, source, status, closed_at)
       SELECT $1, CASE WHEN g % 2 = 0 THEN $2::uuid ELSE $3::uuid END, 'Bulk ' || g, t, t, $4,
              (ARRAY['low','medium','high','critical'])[1 + g % 4], 'none', 'staff',
              CASE WHEN g % 3 = 0 THEN 'closed' ELSE 'reported' END, CASE WHEN g % 3 = 0 THEN t + interval '20 days' END
       FROM generate_series(1, 300) g
       CROSS JOIN LATERAL (SELECT timestamptz '2026-11-01T00:00:00+01:00' + g * interval '13 hours' AS t) x`,
      [org.organisationId, data.chains.studiefinanciering, data.chains.toeslagen, org.member.id],
    );
    await t.db.query(
      `INSERT INTO lessons (organisation_id, chain_id, source_type, source_id, title, addressed_role, drawn_by_id,
         created_at, validated_at)
       SELECT i.organisation_id, i.chain_id, 'incident', i.id, 'Les', 'owner', i.reported_by_id,
              i.reported_at + interval '1 day', CASE WHEN k = 1 THEN i.reported_at + interval '3 days' END
       FROM incidents i CROSS JOIN generate_series(1, 2) k WHERE i.title LIKE 'Bulk %'`,
    );
    await t.db.query(
      `INSERT INTO actions (organisation_id, chain_id, source_type, source_id, description, assignee_id, due_date,
         created_at, created_by_id, completed_at)
       SELECT organisation_id, chain_id, 'incident', id, 'Actie', reported_by_id,
              (reported_at AT TIME ZONE 'Europe/Amsterdam')::date + 10, reported_at, reported_by_id,
              CASE WHEN severity = 'high' THEN reported_at + interval '12 days' END
       FROM incidents WHERE title LIKE 'Bulk %'`,
    );
    expect(await mismatches()).toEqual([]);
    await t.db.query(
      "UPDATE incidents SET severity = 'medium', status = 'analysing', reported_at = reported_at + interval '40 days' WHERE title LIKE 'Bulk %'",
    );
    await t.db.query(
      "UPDATE lessons SET embedded_at = validated_at + interval '1 day' WHERE validated_at IS NOT NULL",
    );
    await t.db.query(
      "UPDATE actions SET cancelled_at = created_at + interval '50 days' WHERE completed_at IS NULL",
    );
    expect(await mismatches()).toEqual([]);

    // A bulk loader (bench/generator) skips foreign-key triggers this way; the rollup triggers still fire.
    const client = new Client({ connectionString: t.db.url });
    await client.connect();
    try {
      await client.query('SET session_replication_role = replica');
      await client.query("DELETE FROM lessons WHERE title = 'Les' AND created_at > '2026-11-15'");
      await client.query("DELETE FROM incidents WHERE title LIKE 'Bulk %' AND reported_at > '2027-01-20'");
    } finally {
      await client.end();
    }
    expect(await mismatches()).toEqual([]);
  });

  it('count concurrent writers exactly, none waiting for another', async () => {
    const clients = await Promise.all(
      Array.from({ length: 6 }, async () => {
        const client = new Client({ connectionString: t.db.url });
        await client.connect();
        return client;
      }),
    );
    try {
      // Six open transactions in the same organisation: the first holds the organisation's rollup
      // lock until it commits, the others append their increments instead of waiting.
      for (const [n, client] of clients.entries()) {
        await client.query(n === 5 ? 'BEGIN ISOLATION LEVEL REPEATABLE READ' : 'BEGIN');
        await client.query(
          `INSERT INTO incidents (organisation_id, chain_id, title, occurred_at, reported_at, reported_by_id,
             severity, public_attention, source)
           VALUES ($1, $2, 'Tegelijk', now(), now(), $3, 'high', 'local', 'media')`,
          [org.organisationId, data.chains.toeslagen, org.member.id],
        );
      }
      expect(await one<number>('SELECT count(*)::int AS v FROM report_count_deltas')).toBe(0); // not committed yet
      for (const client of clients.reverse()) await client.query('COMMIT');
    } finally {
      await Promise.all(clients.map((client) => client.end()));
    }
    expect(await one<number>('SELECT count(*)::int AS v FROM report_count_deltas')).toBeGreaterThan(0);
    expect(await mismatches()).toEqual([]);
    const quarter = Quarter.containing(new Date());
    const report = await t.http
      .get(
        `/v1/reports/quarterly?year=${quarter.year}&quarter=${quarter.quarter}&chainId=${data.chains.toeslagen}`,
      )
      .set(bearer(org.lead.token))
      .expect(200);
    expect(report.body.incidents.bySource.media).toBe(6);

    // The next writer that gets the lock folds the pending increments.
    await t.db.query("UPDATE incidents SET severity = 'low' WHERE title = 'Tegelijk'");
    expect(await one<number>('SELECT count(*)::int AS v FROM report_count_deltas')).toBe(0);
    expect(await mismatches()).toEqual([]);
  });

  describe('status at the end of the quarter', () => {
    const patchStatus = async (id: string, version: number, status: string) =>
      (
        await t.http
          .patch(`/v1/incidents/${id}`)
          .set(bearer(org.member.token))
          .send({ version, status })
          .expect(200)
      ).body as { version: number };
    const report = async (quarter: Quarter) =>
      (
        await t.http
          .get(
            `/v1/reports/quarterly?year=${quarter.year}&quarter=${quarter.quarter}&chainId=${data.chains.zorg}`,
          )
          .set(bearer(org.lead.token))
          .expect(200)
      ).body;
    const create = async (occurredAt: string) =>
      (
        await t.http
          .post('/v1/incidents')
          .set(bearer(org.member.token))
          .send({
            chainId: data.chains.zorg,
            title: 'Status aan het eind van het kwartaal',
            occurredAt,
            severity: 'medium',
            publicAttention: 'none',
            source: 'staff',
          })
          .expect(201)
      ).body as { id: string; version: number };

    it('stays what it was when the quarter ended; a change before the end counts', async () => {
      // Registered in Q2 2025 (ended long before the database's now), changed today.
      t.clock.set('2025-06-30T23:30:00+02:00');
      const past = await create('2025-06-30T23:00:00+02:00');
      // Registered today: its quarter runs, so the status at its end is the current one so far.
      const today = new Date();
      t.clock.set(today.toISOString());
      const running = await create(today.toISOString());
      const q2 = Quarter.of(2025, 2);
      const now = Quarter.containing(new Date());
      expect((await report(q2)).incidents.byStatusAtQuarterEnd).toMatchObject({ reported: 1, analysing: 0 });

      await patchStatus(past.id, past.version, 'analysing');
      await patchStatus(running.id, running.version, 'analysing');
      expect((await report(q2)).incidents.byStatusAtQuarterEnd).toMatchObject({ reported: 1, analysing: 0 });
      expect((await report(now)).incidents.byStatusAtQuarterEnd).toMatchObject({ reported: 0, analysing: 1 });
      // The history agrees with the audit log, to the microsecond.
      const [history] = await t.db.query(
        `SELECT c.changed_at = a.occurred_at AS same FROM incident_status_changes c
         JOIN audit_events a ON a.entity_id = c.incident_id AND a.action = 'update' AND a.changes ? 'status'
         WHERE c.incident_id = $1`,
        [past.id],
      );
      expect(history).toEqual({ same: true });
      expect(await mismatches()).toEqual([]);
    });

    it('counts each close in the quarter it happened, also after the incident was reopened', async () => {
      // Status changes are recorded at the database's time: today, in the running quarter.
      t.clock.set(new Date().toISOString());
      const incident = await create(new Date().toISOString());
      await t.http
        .post('/v1/lessons')
        .set(bearer(org.member.token))
        .send({
          sourceType: 'incident',
          sourceId: incident.id,
          title: 'Sluiten en heropenen',
          observation: 'Het incident werd gesloten.',
          insight: 'Later bleek er meer aan de hand.',
          recommendation: 'Heropen en sluit opnieuw.',
          addressedRole: 'all',
        })
        .expect(201);
      const closedIn = async (quarter: Quarter) => (await report(quarter)).incidents.closed as number;
      const [past, now] = [Quarter.of(2025, 1), Quarter.containing(new Date())];
      const [pastBefore, nowBefore] = [await closedIn(past), await closedIn(now)];
      let version = incident.version;
      for (const status of ['analysing', 'lessons-drawn', 'closed'])
        version = (await patchStatus(incident.id, version, status)).version;
      expect([await closedIn(past), await closedIn(now)]).toEqual([pastBefore, nowBefore + 1]);
      // As if that close was in February 2025.
      await t.db.query(
        `UPDATE incident_status_changes SET changed_at = '2025-02-10T10:00:00+01:00'
         WHERE incident_id = $1 AND to_status = 'closed'`,
        [incident.id],
      );
      await t.db.query(`UPDATE incidents SET closed_at = '2025-02-10T10:00:00+01:00' WHERE id = $1`, [
        incident.id,
      ]);
      await t.db.query('SELECT leerlus_rebuild_report_rollups()');
      expect([await closedIn(past), await closedIn(now)]).toEqual([pastBefore + 1, nowBefore]);
      // Reopened: the close of February stays in its quarter; closed again, this one counts too.
      version = (await patchStatus(incident.id, version, 'analysing')).version;
      expect([await closedIn(past), await closedIn(now)]).toEqual([pastBefore + 1, nowBefore]);
      for (const status of ['lessons-drawn', 'closed'])
        version = (await patchStatus(incident.id, version, status)).version;
      expect([await closedIn(past), await closedIn(now)]).toEqual([pastBefore + 1, nowBefore + 1]);
      expect(await mismatches()).toEqual([]);
    });

    it('keeps the close of an incident stored closed without a history when it is reopened', async () => {
      const [{ id, version }] = await t.db.query(
        `INSERT INTO incidents (organisation_id, chain_id, title, occurred_at, reported_at, reported_by_id,
           severity, public_attention, source, status, closed_at)
         VALUES ($1, $2, 'Gesloten geladen', '2025-10-01T10:00:00+02:00', '2025-10-01T10:00:00+02:00', $3,
           'low', 'none', 'staff', 'closed', '2025-10-20T10:00:00+02:00') RETURNING id, version`,
        [org.organisationId, data.chains.zorg, org.member.id],
      );
      const q4 = Quarter.of(2025, 4);
      const closed = async () => (await report(q4)).incidents.closed as number;
      const before = await closed();
      await patchStatus(id, version, 'analysing');
      expect(await closed()).toBe(before);
      expect(await mismatches()).toEqual([]);
    });

    it('is closed only from closedAt on for an incident stored closed without a history', async () => {
      // As the demo seeds them: registered in one quarter, closed in the next, no status change recorded.
      const load = async (title: string, closedAt: string) =>
        (
          await t.db.query<{ id: string; version: number }>(
            `INSERT INTO incidents (organisation_id, chain_id, title, occurred_at, reported_at, reported_by_id,
               severity, public_attention, source, status, closed_at)
             VALUES ($1, $2, $3, '2024-06-10T10:00:00+02:00', '2024-06-10T10:00:00+02:00', $4,
               'low', 'none', 'staff', 'closed', $5) RETURNING id, version`,
            [org.organisationId, data.chains.zorg, title, org.member.id, closedAt],
          )
        )[0];
      const early = await load('Gesloten in juni', '2024-06-30T23:59:59+02:00');
      await load('Gesloten op het eind van het kwartaal', '2024-07-01T00:00:00+02:00'); // after it
      const late = await load('Gesloten in juli', '2024-07-09T16:00:00+02:00');
      const [q2, q3] = [Quarter.of(2024, 2), Quarter.of(2024, 3)];
      const figures = async () => {
        const [second, third] = [(await report(q2)).incidents, (await report(q3)).incidents];
        return { statusAtEnd: second.byStatusAtQuarterEnd, closed: [second.closed, third.closed] };
      };
      const expected = {
        statusAtEnd: { reported: 0, analysing: 0, 'lessons-drawn': 2, closed: 1 },
        closed: [1, 2],
      };
      expect(await figures()).toEqual(expected);
      expect(await mismatches()).toEqual([]);

      // Reopened: the closes recorded at closedAt keep the figures as they were.
      await patchStatus(early.id, early.version, 'analysing');
      await patchStatus(late.id, late.version, 'analysing');
      expect(await figures()).toEqual(expected);
      expect(await mismatches()).toEqual([]);
    });

    it('is taken from the audit log for the past when the history is rebuilt', async () => {
      const [{ id }] = await t.db.query(
        `INSERT INTO incidents (organisation_id, chain_id, title, occurred_at, reported_at, reported_by_id,
           severity, public_attention, source, status, closed_at)
         VALUES ($1, $2, 'Van voor de triggers', '2025-09-10T10:00:00+02:00', '2025-09-10T10:00:00+02:00', $3,
           'low', 'none', 'staff', 'closed', '2025-10-05T10:00:00+02:00') RETURNING id`,
        [org.organisationId, data.chains.zorg, org.member.id],
      );
      const status = (from: string, to: string, at: string) =>
        t.db.query(
          `INSERT INTO audit_events (organisation_id, entity_type, entity_id, action, changes, occurred_at)
           VALUES ($1, 'incident', $2, 'update', jsonb_build_object('status', jsonb_build_object('from', $3::text, 'to', $4::text)), $5)`,
          [org.organisationId, id, from, to, at],
        );
      await status('reported', 'analysing', '2025-09-20T10:00:00+02:00');
      await status('analysing', 'lessons-drawn', '2025-10-01T00:00:00+02:00'); // the first instant of Q4
      await status('lessons-drawn', 'closed', '2025-10-05T10:00:00+02:00');
      const q3 = Quarter.of(2025, 3);
      // Without a history the registered status counts, closed from closedAt on.
      expect((await report(q3)).incidents.byStatusAtQuarterEnd).toMatchObject({
        analysing: 0,
        'lessons-drawn': 1,
        closed: 0,
      });

      expect(await one<string>('SELECT leerlus_import_incident_status_changes()::int AS v')).toBe(3);
      expect(await one<string>('SELECT leerlus_import_incident_status_changes()::int AS v')).toBe(0);
      await t.db.query('SELECT leerlus_rebuild_report_rollups()');
      expect((await report(q3)).incidents.byStatusAtQuarterEnd).toMatchObject({
        analysing: 1,
        'lessons-drawn': 0,
        closed: 0,
      });
      expect(await mismatches()).toEqual([]);
    });
  });

  /**
   * The history of re-check dates is recorded at the database's time, after the application's time
   * of these scenarios: the changes made since are dated to the application's moment, as if made then.
   */
  const datedByClock = async (lessonId: string) => {
    await t.db.query(
      'UPDATE lesson_recheck_changes SET changed_at = $2 WHERE lesson_id = $1 AND changed_at > $2',
      [lessonId, t.clock.now()],
    );
    await t.db.query('SELECT leerlus_rebuild_report_rollups()');
  };

  // The re-check scenarios need a lesson embedded through the API (so its history is recorded).
  const embeddedLesson = async (
    incident: { title: string; occurredAt: string },
    title: string,
    recheckAt: string,
  ) => {
    const lead = bearer(org.lead.token);
    const source = (
      await t.http
        .post('/v1/incidents')
        .set(bearer(org.member.token))
        .send({
          chainId: data.chains.zorg,
          ...incident,
          severity: 'low',
          publicAttention: 'none',
          source: 'staff',
        })
        .expect(201)
    ).body;
    let lesson = (
      await t.http
        .post('/v1/lessons')
        .set(lead)
        .send({
          sourceType: 'incident',
          sourceId: source.id,
          title,
          observation: 'Het ging mis.',
          insight: 'Omdat niemand keek.',
          recommendation: 'Kijk.',
          addressedRole: 'all',
        })
        .expect(201)
    ).body;
    for (const change of [
      { status: 'validated', response: 'adopted', responseReason: 'Past.' },
      { status: 'embedded', evidence: 'Werkinstructie.' },
      { recheckAt },
    ])
      lesson = (
        await t.http
          .patch(`/v1/lessons/${lesson.id}`)
          .set(lead)
          .send({ ...change, version: lesson.version })
          .expect(200)
      ).body;
    return lesson as { id: string; version: number };
  };

  it('count re-checks in the quarter they fell due and were done, also after later ones', async () => {
    const lead = bearer(org.lead.token);
    const rechecks = async (quarter: Quarter) => {
      const body = await quarterly(quarter, data.chains.zorg);
      return [body.lessons.rechecksDue, body.lessons.rechecksDone] as number[];
    };
    const [q1, q2] = [Quarter.of(2026, 1), Quarter.of(2026, 2)];
    const [q1Before, q2Before] = [await rechecks(q1), await rechecks(q2)];
    t.clock.set('2026-01-10T10:00:00+01:00');
    const lesson = await embeddedLesson(
      { title: 'Hercontrole', occurredAt: '2026-01-09T10:00:00+01:00' },
      'Beklijft het?',
      '2026-02-01T09:00:00+01:00',
    );
    await datedByClock(lesson.id);
    const plus = (before: number[], due: number, done: number) => [before[0] + due, before[1] + done];
    expect(await rechecks(q1)).toEqual(plus(q1Before, 1, 0));
    // Done the day after it fell due, no next one planned: still due in Q1, and done there.
    t.clock.set('2026-02-02T10:00:00+01:00');
    const first = await t.http
      .post(`/v1/lessons/${lesson.id}/rechecks`)
      .set(lead)
      .send({ outcome: 'effective' })
      .expect(201);
    await datedByClock(lesson.id);
    expect(first.body.dueAt).toBe('2026-02-01T08:00:00.000Z');
    expect(await rechecks(q1)).toEqual(plus(q1Before, 1, 1));
    // Another check in May leaves Q1 as it was.
    t.clock.set('2026-05-02T10:00:00+02:00');
    await t.http
      .post(`/v1/lessons/${lesson.id}/rechecks`)
      .set(lead)
      .send({ outcome: 'partly-effective' })
      .expect(201);
    await datedByClock(lesson.id);
    expect(await rechecks(q1)).toEqual(plus(q1Before, 1, 1));
    expect(await rechecks(q2)).toEqual(plus(q2Before, 0, 1));
    expect(await mismatches()).toEqual([]);
  });

  it('count a re-check recorded early once, by the date planned for it, and the next one by its own', async () => {
    const lead = bearer(org.lead.token);
    const figures = async (quarter: Quarter) => {
      const body = await quarterly(quarter, data.chains.zorg);
      return [body.lessons.rechecksDue, body.lessons.rechecksDone] as number[];
    };
    const [q1, q2, q3] = [Quarter.of(2026, 1), Quarter.of(2026, 2), Quarter.of(2026, 3)];
    const before = [await figures(q1), await figures(q2), await figures(q3)];
    const all = async () => [await figures(q1), await figures(q2), await figures(q3)];
    const plus = (...changes: [number, number][]) =>
      before.map((b, i) => [b[0] + changes[i][0], b[1] + changes[i][1]]);
    t.clock.set('2026-01-12T10:00:00+01:00');
    const planned = '2026-05-15T10:00:00+02:00';
    const lesson = await embeddedLesson(
      { title: 'Vroege hercontrole', occurredAt: '2026-01-11T10:00:00+01:00' },
      'Vroeg gekeken',
      planned,
    );
    await datedByClock(lesson.id);
    expect(await all()).toEqual(plus([0, 0], [1, 0], [0, 0]));

    // Checked in April, before the planned date, and planned again for that same date: two
    // re-checks fall due in Q2 (the one done early, by the date planned for it, and the next), one
    // is done; neither is counted twice, and the one done is no longer counted as still planned.
    t.clock.set('2026-04-10T10:00:00+02:00');
    const early = await t.http
      .post(`/v1/lessons/${lesson.id}/rechecks`)
      .set(lead)
      .send({ outcome: 'partly-effective', nextRecheckAt: planned })
      .expect(201);
    await datedByClock(lesson.id);
    expect(early.body).toMatchObject({
      dueAt: '2026-05-15T08:00:00.000Z',
      nextRecheckAt: '2026-05-15T08:00:00.000Z',
    });
    expect(await all()).toEqual(plus([0, 0], [2, 1], [0, 0]));

    // The next one, done on its date, plans one for August: it is due and done in Q2, the one it
    // plans is due in Q3 only.
    t.clock.set('2026-05-15T11:00:00+02:00');
    const onTime = await t.http
      .post(`/v1/lessons/${lesson.id}/rechecks`)
      .set(lead)
      .send({ outcome: 'partly-effective', nextRecheckAt: '2026-08-01T10:00:00+02:00' })
      .expect(201);
    await datedByClock(lesson.id);
    expect(onTime.body.dueAt).toBe('2026-05-15T08:00:00.000Z');
    expect(await all()).toEqual(plus([0, 0], [2, 2], [1, 0]));

    // That one done early, in June, with none planned after it: done in Q2, due in Q3 by the date
    // planned for it, and no longer planned (not both done and still due).
    t.clock.set('2026-06-25T10:00:00+02:00');
    await t.http
      .post(`/v1/lessons/${lesson.id}/rechecks`)
      .set(lead)
      .send({ outcome: 'effective' })
      .expect(201);
    await datedByClock(lesson.id);
    expect(await all()).toEqual(plus([0, 0], [2, 3], [1, 0]));
    expect(
      await one<string | null>('SELECT recheck_at AS v FROM lessons WHERE id = $1', [lesson.id]),
    ).toBeNull();
    expect(await mismatches()).toEqual([]);
  });

  describe('re-checks due by the date planned when it came', () => {
    const lead = () => bearer(org.lead.token);
    const [q1, q2] = [Quarter.of(2026, 1), Quarter.of(2026, 2)];
    const due = async (quarter: Quarter, chainId?: string) =>
      (await quarterly(quarter, chainId)).lessons.rechecksDue as number;
    /**
     * An embedded lesson in a chain of its own, its re-check planned for `recheckAt` since it was
     * embedded on 12 January 2026 (inserted so: a lesson's first date counts as planned all along).
     */
    const plannedLesson = async (chain: string, recheckAt: string) => {
      t.clock.set('2026-01-10T10:00:00+01:00');
      const { chainId, incident } = await chainWithIncident(chain, {
        title: 'Een les om te hercontroleren',
        occurredAt: '2026-01-09T10:00:00+01:00',
      });
      const [{ id }] = await t.db.query<{ id: string }>(
        `INSERT INTO lessons (organisation_id, chain_id, source_type, source_id, title, observation, insight,
           recommendation, addressed_role, status, response, response_reason, evidence, drawn_by_id,
           validated_at, validated_by_id, embedded_at, recheck_at, created_at)
         VALUES ($1, $2, 'incident', $3, 'Beklijft het?', 'Het ging mis.', 'Omdat niemand keek.', 'Kijk.', 'all',
           'embedded', 'adopted', 'Past.', 'Werkinstructie.', $4, '2026-01-11T10:00:00+01:00', $4,
           '2026-01-12T10:00:00+01:00', $5, '2026-01-10T10:00:00+01:00')
         RETURNING id`,
        [org.organisationId, chainId, incident.id, org.lead.id, recheckAt],
      );
      return { id, chainId, version: 1 };
    };
    const move = async (lesson: { id: string; version: number }, recheckAt: string) => {
      const moved = await t.http
        .patch(`/v1/lessons/${lesson.id}`)
        .set(lead())
        .send({ recheckAt, version: lesson.version })
        .expect(200);
      lesson.version = moved.body.version;
    };
    const record = (lesson: { id: string }, body: object) =>
      t.http.post(`/v1/lessons/${lesson.id}/rechecks`).set(lead()).send(body).expect(201);

    it('keeps a re-check missed in an ended quarter when its date is moved afterwards, later or earlier', async () => {
      const later = await plannedLesson('Gemist, later gezet', '2026-03-01T10:00:00+01:00');
      const earlier = await plannedLesson('Gemist, eerder gezet', '2026-05-01T10:00:00+02:00');
      // 3 July 2026: Q1 and Q2 have ended; neither re-check was recorded.
      t.clock.set('2026-07-03T10:00:00+02:00');
      const organisation = [await due(q1), await due(q2)];
      const figures = async () => ({
        later: [await due(q1, later.chainId), await due(q2, later.chainId)],
        earlier: [await due(q1, earlier.chainId), await due(q2, earlier.chainId)],
        organisation: [(await due(q1)) - organisation[0], (await due(q2)) - organisation[1]],
      });
      expect(await figures()).toEqual({ later: [1, 0], earlier: [0, 1], organisation: [0, 0] });

      // Moved after both dates came (the database's time): to 1 May, and to 1 March. A date set
      // after it came was not planned when it came: neither counts where it now falls.
      await move(later, '2026-05-01T10:00:00+02:00');
      await move(earlier, '2026-03-01T10:00:00+01:00');
      expect(await figures()).toEqual({ later: [1, 0], earlier: [0, 1], organisation: [0, 0] });
      expect(await mismatches()).toEqual([]);
      // A recomputation from the base tables knows the dates planned in the past too.
      await t.db.query('SELECT leerlus_rebuild_report_rollups()');
      expect(await figures()).toEqual({ later: [1, 0], earlier: [0, 1], organisation: [0, 0] });

      // Recorded late, the re-check carries the date planned when it was recorded (1 May): due in
      // Q2 by the record, and 1 March, missed, stays due in Q1.
      t.clock.set('2026-07-05T10:00:00+02:00');
      expect((await record(later, { outcome: 'effective' })).body.dueAt).toBe('2026-05-01T08:00:00.000Z');
      expect(await figures()).toEqual({ later: [1, 1], earlier: [0, 1], organisation: [0, 1] });
      expect(await mismatches()).toEqual([]);
    });

    it('counts a missed re-check recorded late once, by the date it was planned for', async () => {
      const lesson = await plannedLesson('Te laat gekeken', '2026-02-01T10:00:00+01:00');
      t.clock.set('2026-02-10T10:00:00+01:00');
      expect(await due(q1, lesson.chainId)).toBe(1);
      const late = await record(lesson, {
        outcome: 'partly-effective',
        nextRecheckAt: '2026-06-01T10:00:00+02:00',
      });
      expect(late.body.dueAt).toBe('2026-02-01T09:00:00.000Z');
      expect(await due(q1, lesson.chainId)).toBe(1);
      expect(await mismatches()).toEqual([]);
      await t.db.query('SELECT leerlus_rebuild_report_rollups()');
      expect(await due(q1, lesson.chainId)).toBe(1);
    });

    it('counts a date moved before it came where it then falls, the running quarter as now; a move at the very end of its day is after it', async () => {
      const later = await plannedLesson('Op tijd later gezet', '2026-03-01T10:00:00+01:00');
      const earlier = await plannedLesson('Op tijd eerder gezet', '2026-05-01T10:00:00+02:00');
      // 3 April 2026: Q1 has ended, Q2 runs.
      t.clock.set('2026-04-03T10:00:00+02:00');
      await move(later, '2026-05-01T10:00:00+02:00');
      await move(earlier, '2026-03-01T10:00:00+01:00');
      // As if those moves were made at these moments (the history is recorded at the database's time).
      const movedAt = async (lesson: { id: string }, at: string) => {
        await t.db.query(`UPDATE lesson_recheck_changes SET changed_at = $2 WHERE lesson_id = $1`, [
          lesson.id,
          at,
        ]);
        await t.db.query('SELECT leerlus_rebuild_report_rollups()');
      };
      const figures = async (lesson: { chainId: string }) => [
        await due(q1, lesson.chainId),
        await due(q2, lesson.chainId),
      ];
      await movedAt(later, '2026-02-15T10:00:00+01:00');
      await movedAt(earlier, '2026-02-15T10:00:00+01:00');
      expect([await figures(later), await figures(earlier)]).toEqual([
        [0, 1],
        [1, 0],
      ]);
      await movedAt(later, '2026-03-01T23:59:59+01:00'); // before 1 March ended: 1 May was planned then
      expect(await figures(later)).toEqual([0, 1]);
      await movedAt(later, '2026-03-02T00:00:00+01:00'); // at the very end of 1 March: after it
      expect(await figures(later)).toEqual([1, 1]);
      expect(await mismatches()).toEqual([]);

      // 1 May, recorded after it came (the database's time): due once, by the record.
      t.clock.set('2026-05-10T10:00:00+02:00');
      expect((await record(later, { outcome: 'effective' })).body.dueAt).toBe('2026-05-01T08:00:00.000Z');
      expect(await figures(later)).toEqual([1, 1]);
      expect(await mismatches()).toEqual([]);
      await t.db.query('SELECT leerlus_rebuild_report_rollups()');
      expect(await figures(later)).toEqual([1, 1]);
    });

    it('agree with the rule for lessons with histories of re-check dates of every kind', async () => {
      const [{ id: chainId }] = await t.db.query<{ id: string }>(
        `INSERT INTO chains (organisation_id, name) VALUES ($1, 'Willekeurige hercontroles') RETURNING id`,
        [org.organisationId],
      );
      await t.db.query('SELECT setseed(0.17)');
      await t.db.query(
        `INSERT INTO lessons (organisation_id, chain_id, source_type, source_id, title, addressed_role, drawn_by_id,
           status, embedded_at, recheck_at, created_at)
         SELECT $1, $2, 'incident', gen_random_uuid(), 'Les', 'all', $3, 'embedded', c,
                CASE WHEN random() < 0.85 THEN c + (random() * 300)::int * interval '1 day' END, c
         FROM (SELECT timestamptz '2025-01-01T10:00:00+01:00' + (random() * 500)::int * interval '1 day' AS c
               FROM generate_series(1, 300)) x`,
        [org.organisationId, chainId, org.lead.id],
      );
      // Up to three earlier dates each (or none), changed at any moment, at the very end of the
      // date's day too, moved or recorded.
      await t.db.query(
        `INSERT INTO lesson_recheck_changes (lesson_id, changed_at, from_at, to_at, recorded)
         SELECT k.id, CASE WHEN k.from_at IS NOT NULL AND random() < 0.2
                           THEN ((k.from_at AT TIME ZONE 'Europe/Amsterdam')::date + 1)::timestamp AT TIME ZONE 'Europe/Amsterdam'
                           ELSE k.embedded_at + random() * interval '400 days' END,
                k.from_at, k.recheck_at, random() < 0.3
         FROM (
           SELECT l.id, l.embedded_at, l.recheck_at, e.from_at
           FROM lessons l CROSS JOIN LATERAL (
             SELECT CASE WHEN random() < 0.9 THEN l.embedded_at + (random() * 300)::int * interval '1 day' END AS from_at
             FROM generate_series(1, (random() * 3.5)::int)
           ) e
           WHERE l.chain_id = $1
         ) k`,
        [chainId],
      );
      await t.db.query('SELECT leerlus_rebuild_report_rollups()');
      // Due in the month of each date a lesson had planned: the one it had at the end of that
      // date's day (that its first change at or after it started from, else the current one),
      // unless that change recorded it.
      const compare = () =>
        t.db.query<{ month: string; rule: number; rollup: number }>(
          `WITH planned AS (
             SELECT DISTINCT l.id, d.at FROM lessons l
             CROSS JOIN LATERAL (SELECT c.from_at FROM lesson_recheck_changes c WHERE c.lesson_id = l.id
                                 UNION SELECT l.recheck_at) AS d(at)
             WHERE l.chain_id = $1 AND d.at IS NOT NULL
           ), rule AS (
             SELECT date_trunc('month', p.at AT TIME ZONE 'Europe/Amsterdam')::date AS month, count(*)::int AS n
             FROM planned p JOIN lessons l ON l.id = p.id
             LEFT JOIN LATERAL (
               SELECT true AS found, c.from_at, c.recorded FROM lesson_recheck_changes c
               WHERE c.lesson_id = p.id
                 AND c.changed_at >= ((p.at AT TIME ZONE 'Europe/Amsterdam')::date + 1)::timestamp AT TIME ZONE 'Europe/Amsterdam'
               ORDER BY c.changed_at, c.id LIMIT 1
             ) f ON true
             WHERE CASE WHEN f.found THEN f.from_at = p.at AND NOT f.recorded ELSE l.recheck_at = p.at END
             GROUP BY 1
           ), rollup AS (
             SELECT c.month, sum(c.count)::int AS n
             FROM (SELECT * FROM report_counts UNION ALL SELECT * FROM report_count_deltas) c
             WHERE c.chain_id = $1 AND c.figure = 'lessons.rechecksDue' GROUP BY 1 HAVING sum(c.count) <> 0
           )
           SELECT coalesce(rule.month, rollup.month)::text AS month, rule.n AS rule, rollup.n AS rollup
           FROM rule FULL JOIN rollup ON rollup.month = rule.month ORDER BY 1`,
          [chainId],
        );
      const figures = await compare();
      expect(figures.filter((f) => f.rule !== f.rollup)).toEqual([]);
      expect(figures.reduce((sum, f) => sum + f.rule, 0)).toBeGreaterThan(150); // not a comparison of nothings
      expect(
        await one<number>(
          `SELECT count(*)::int AS v FROM lesson_recheck_changes c JOIN lessons l ON l.id = c.lesson_id
           WHERE l.chain_id = $1 AND c.recorded`,
          [chainId],
        ),
      ).toBeGreaterThan(50);

      // The triggers, as dates move and re-checks are recorded (a new rechecked_at) today.
      await t.db.query(
        `UPDATE lessons SET recheck_at = recheck_at + (random() * 120)::int * interval '1 day' - interval '60 days'
         WHERE chain_id = $1 AND random() < 0.4`,
        [chainId],
      );
      await t.db.query(
        `UPDATE lessons SET rechecked_at = now(), recheck_at = CASE WHEN random() < 0.5 THEN now() + interval '90 days' END
         WHERE chain_id = $1 AND recheck_at IS NOT NULL AND random() < 0.3`,
        [chainId],
      );
      expect((await compare()).filter((f) => f.rule !== f.rollup)).toEqual([]);
      expect(await mismatches()).toEqual([]);
    });
  });

  describe('actions overdue at the end of a quarter', () => {
    const lead = () => bearer(org.lead.token);
    const q1 = Quarter.of(2026, 1);
    const q2 = Quarter.of(2026, 2);
    const overdue = async (quarter: Quarter, chainId?: string) =>
      (await quarterly(quarter, chainId)).actions.overdueAtQuarterEnd as number;
    /** An open action in a chain of its own, created on 1 February 2026 and due on `dueDate`. */
    const openAction = async (chain: string, dueDate: string) => {
      t.clock.set('2026-02-01T10:00:00+01:00');
      const { chainId, incident } = await chainWithIncident(chain, {
        title: 'Actie met een uiterste datum',
        occurredAt: '2026-01-31T10:00:00+01:00',
      });
      const action = (
        await t.http
          .post('/v1/actions')
          .set(lead())
          .send({
            sourceType: 'incident',
            sourceId: incident.id,
            description: 'Doe iets',
            assigneeId: org.member.id,
            dueDate,
          })
          .expect(201)
      ).body as { id: string; version: number };
      // The database stamps its own time; as if made on the application's 1 February.
      await t.db.query(`UPDATE actions SET created_at = '2026-02-01T10:00:00+01:00' WHERE id = $1`, [
        action.id,
      ]);
      return { chainId, ...action };
    };
    const redate = (action: { id: string; version: number }, dueDate: string) =>
      t.http
        .patch(`/v1/actions/${action.id}`)
        .set(lead())
        .send({ dueDate, version: action.version })
        .expect(200);

    it('keeps what was overdue when the quarter ended; a due date moved since changes only the running quarter', async () => {
      const movedLater = await openAction('Later gezet', '2026-03-01');
      const movedEarlier = await openAction('Eerder gezet', '2026-05-01');
      // 3 April 2026: Q1 has ended (its figure comes from the rollup), Q2 runs (counted live).
      t.clock.set('2026-04-03T10:00:00+02:00');
      const organisationQ1 = await overdue(q1);
      const figures = async () => ({
        later: [await overdue(q1, movedLater.chainId), await overdue(q2, movedLater.chainId)],
        earlier: [await overdue(q1, movedEarlier.chainId), await overdue(q2, movedEarlier.chainId)],
        organisationQ1: (await overdue(q1)) - organisationQ1,
      });
      expect(await figures()).toEqual({ later: [1, 1], earlier: [0, 0], organisationQ1: 0 });

      // Moved after Q1 ended (the database's time): to 1 May, and to 15 February.
      await redate(movedLater, '2026-05-01');
      await redate(movedEarlier, '2026-02-15');
      expect(await figures()).toEqual({ later: [1, 0], earlier: [0, 1], organisationQ1: 0 });
      expect(await mismatches()).toEqual([]);
      // A recomputation from the base tables knows the due dates of the past too.
      await t.db.query('SELECT leerlus_rebuild_report_rollups()');
      expect(await figures()).toEqual({ later: [1, 0], earlier: [0, 1], organisationQ1: 0 });
    });

    it('takes a due date moved before the quarter ended as the one at its end; a move at its very end as after it', async () => {
      const action = await openAction('Binnen het kwartaal verzet', '2026-03-01');
      t.clock.set('2026-04-03T10:00:00+02:00');
      await redate(action, '2026-05-01');
      const q1Overdue = () => overdue(q1, action.chainId);
      expect(await q1Overdue()).toBe(1);
      // As if that move was made at these moments (the history is recorded at the database's time).
      const movedAt = async (at: string) => {
        await t.db.query(`UPDATE action_due_date_changes SET changed_at = $2 WHERE action_id = $1`, [
          action.id,
          at,
        ]);
        await t.db.query('SELECT leerlus_rebuild_report_rollups()');
        return q1Overdue();
      };
      expect(await movedAt('2026-03-31T23:59:59+02:00')).toBe(0); // due 1 May when Q1 ended
      expect(await movedAt('2026-04-01T00:00:00+02:00')).toBe(1); // the first instant of Q2: after it
      expect(await movedAt('2026-01-31T10:00:00+01:00')).toBe(0); // before it was made: 1 May all along
      // Moved back within Q1: 1 March again at its end, 1 May in February only.
      await t.db.query(`UPDATE actions SET due_date = '2026-03-01' WHERE id = $1`, [action.id]);
      await t.db.query(
        `UPDATE action_due_date_changes SET changed_at = '2026-02-20T10:00:00+01:00' WHERE action_id = $1 AND to_date = '2026-03-01'`,
        [action.id],
      );
      await t.db.query('SELECT leerlus_rebuild_report_rollups()');
      expect(await q1Overdue()).toBe(1);
      expect(await mismatches()).toEqual([]);
      // Done in June: overdue at the end of Q1 still, at that of Q2 no longer.
      t.clock.set('2026-07-03T10:00:00+02:00');
      await t.db.query(
        `UPDATE actions SET status = 'done', completed_at = '2026-06-10T10:00:00+02:00' WHERE id = $1`,
        [action.id],
      );
      expect([await q1Overdue(), await overdue(q2, action.chainId)]).toEqual([1, 0]);
      expect(await mismatches()).toEqual([]);
    });

    it('agree with the rule at every month start, for actions with histories of due dates of every kind', async () => {
      const [{ id: chainId }] = await t.db.query(
        `INSERT INTO chains (organisation_id, name) VALUES ($1, 'Willekeurige vervaldata') RETURNING id`,
        [org.organisationId],
      );
      await t.db.query('SELECT setseed(0.42)');
      await t.db.query(
        `INSERT INTO actions (organisation_id, chain_id, source_type, source_id, description, assignee_id,
           due_date, created_at, created_by_id, status, completed_at, cancelled_at)
         SELECT $1, $2, 'incident', gen_random_uuid(), 'Actie', $3, (c AT TIME ZONE 'Europe/Amsterdam')::date + (random() * 200)::int - 20,
                c, $3, CASE WHEN r < 0.4 THEN 'done' WHEN r < 0.5 THEN 'cancelled' ELSE 'open' END,
                CASE WHEN r < 0.4 THEN c + random() * interval '300 days' END,
                CASE WHEN r >= 0.4 AND r < 0.5 THEN c + random() * interval '300 days' END
         FROM (SELECT timestamptz '2025-01-01T00:00:00+01:00' + random() * interval '520 days' AS c, random() AS r
               FROM generate_series(1, 300)) x`,
        [org.organisationId, chainId, org.member.id],
      );
      // Up to three earlier due dates each, changed at any moment from its creation on (month starts too).
      await t.db.query(
        `INSERT INTO action_due_date_changes (action_id, changed_at, from_date, to_date)
         SELECT a.id, CASE WHEN random() < 0.2 THEN date_trunc('month', m, 'Europe/Amsterdam') ELSE m END,
                (a.created_at AT TIME ZONE 'Europe/Amsterdam')::date + (random() * 200)::int - 20, a.due_date
         FROM actions a CROSS JOIN LATERAL (
           SELECT a.created_at + random() * interval '400 days' AS m FROM generate_series(1, (random() * 3.5)::int)
         ) k
         WHERE a.chain_id = $1`,
        [chainId],
      );
      await t.db.query('SELECT leerlus_rebuild_report_rollups()');
      // Overdue at month start E: existed, not completed or cancelled, and the due date it had then
      // (that its first change at or after E started from, else the current one) before E's last day.
      const compare = () =>
        t.db.query(
          `WITH e AS (
             SELECT d::date AS day, d::timestamp AT TIME ZONE 'Europe/Amsterdam' AS at
             FROM generate_series(date '2025-01-01', date '2027-06-01', interval '1 month') d
           ), rule AS (
             SELECT e.day, count(a.id)::int AS n FROM e LEFT JOIN actions a ON a.chain_id = $1 AND a.created_at < e.at
               AND coalesce(least(a.completed_at, a.cancelled_at) >= e.at, true)
               AND coalesce((SELECT c.from_date FROM action_due_date_changes c WHERE c.action_id = a.id AND c.changed_at >= e.at
                             ORDER BY c.changed_at, c.id LIMIT 1), a.due_date) + 1 < e.day
             GROUP BY 1
           ), rollup AS (
             SELECT e.day, coalesce(sum(c.count), 0)::int AS n FROM e
             LEFT JOIN (SELECT * FROM report_counts UNION ALL SELECT * FROM report_count_deltas) c
               ON c.chain_id = $1 AND c.figure = 'actions.overdueAtQuarterEnd' AND c.month <= e.day
             GROUP BY 1
           )
           SELECT rule.day::text, rule.n AS rule, rollup.n AS rollup, (SELECT sum(n) FROM rule)::int AS total
           FROM rule JOIN rollup USING (day) ORDER BY 1`,
          [chainId],
        );
      const figures = await compare();
      expect(figures.filter((f) => f.rule !== f.rollup)).toEqual([]);
      expect(figures[0].total).toBeGreaterThan(300); // not a comparison of nothings
      expect(
        await one<number>(
          'SELECT count(*)::int AS v FROM action_due_date_changes c JOIN actions a ON a.id = c.action_id WHERE a.chain_id = $1',
          [chainId],
        ),
      ).toBeGreaterThan(200);

      // The triggers, as due dates move and actions end today.
      await t.db.query(
        `UPDATE actions SET due_date = due_date + (random() * 120)::int - 60 WHERE chain_id = $1 AND status = 'open' AND random() < 0.5`,
        [chainId],
      );
      await t.db.query(
        `UPDATE actions SET status = 'done', completed_at = now() WHERE chain_id = $1 AND status = 'open' AND random() < 0.3`,
        [chainId],
      );
      expect((await compare()).filter((f) => f.rule !== f.rollup)).toEqual([]);
      expect(await mismatches()).toEqual([]);
    });
  });

  it('follow truncation', async () => {
    await t.db.query('TRUNCATE actions');
    await t.db.query('TRUNCATE lessons CASCADE');
    expect(await mismatches()).toEqual([]);
    expect(
      await one<number>("SELECT count(*)::int AS v FROM report_counts WHERE figure LIKE 'actions.%'"),
    ).toBe(0);
    expect(await one<number>('SELECT count(*)::int AS v FROM report_incident_learning')).toBe(0);
    expect(await one<number>('SELECT count(*)::int AS v FROM action_due_date_changes')).toBe(0);
    expect(await one<number>('SELECT count(*)::int AS v FROM lesson_recheck_changes')).toBe(0);
  });
});
