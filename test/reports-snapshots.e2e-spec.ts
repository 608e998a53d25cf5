import { QuarterCloseService } from '@app/domain/reports/quarter-close.service';
import { renderReportEmail } from '@app/domain/reports/render-report-email';
import { bearer, createOrganisation, createPerson, OrgFixture } from './support/fixtures';
import { ReportDataSet, seedReportDataSet } from './support/report-data-set';
import { startTestApp, TestApp } from './support/test-app';

const SNAPSHOTS = '/v1/reports/quarterly-snapshots';

function expectProblem(response: { status: number; headers: Record<string, string> }, status: number) {
  expect(response.status).toBe(status);
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
}

/** The report without the two moments that differ between computations. */
function figuresOf(report: Record<string, unknown>) {
  const { generatedAt: _generatedAt, dataAsOf: _dataAsOf, ...rest } = report;
  return rest;
}

describe('quarterly report snapshots and quarter close', () => {
  let t: TestApp;
  let org: OrgFixture;
  let other: OrgFixture;
  let data: ReportDataSet;
  let secondLead: { id: string; token: string };

  beforeAll(async () => {
    t = await startTestApp();
    t.clock.set('2027-05-01T12:00:00+02:00');
    org = await createOrganisation(t.http, t.systemToken);
    other = await createOrganisation(t.http, t.systemToken);
    secondLead = await createPerson(t.http, org.admin.token, {
      name: 'Lotte Lead',
      accessRole: 'lead',
      locale: 'en',
    });
    data = await seedReportDataSet(t.db, org, other);
    await createdIn2026Q4(org, other);
  });
  afterAll(() => t.close());

  /**
   * An organisation is closed only for quarters that end after it was created (the database's
   * clock, not the test's): pinned to the day these tests were written, so they keep the same
   * quarters whatever day they run.
   */
  const createdIn2026Q4 = (...fixtures: OrgFixture[]) =>
    t.db.query(`UPDATE organisations SET created_at = '2026-11-30T12:00:00+01:00' WHERE id = ANY ($1)`, [
      fixtures.map((f) => f.organisationId),
    ]);

  describe('made by a lead', () => {
    let first: any;

    it('freezes the figures of a closed quarter, audited', async () => {
      const live = await t.http
        .get('/v1/reports/quarterly?year=2027&quarter=1')
        .set(bearer(org.lead.token))
        .expect(200);
      const response = await t.http
        .post(SNAPSHOTS)
        .set(bearer(org.lead.token))
        .send({ year: 2027, quarter: 1 })
        .expect(201);
      first = response.body;
      expect(first).toEqual({
        id: expect.any(String),
        organisationId: org.organisationId,
        chainId: null,
        year: 2027,
        quarter: 1,
        reason: 'manual',
        generatedAt: '2027-05-01T10:00:00.000Z',
        dataAsOf: expect.any(String),
        generatedById: org.lead.id,
        createdAt: expect.any(String),
        version: 1,
        figures: expect.objectContaining({ generatedAt: '2027-05-01T10:00:00.000Z' }),
      });
      expect(figuresOf(first.figures)).toEqual(figuresOf(live.body));
      expect(first.figures.incidents.total).toBe(5);
      expect(first.figures.reflection.themeShareOfAgendaTime).toBe(0.2727);
      expect(first.figures.previous.reflection.themeShareOfAgendaTime).toBe(0.6667);
      expect(first.dataAsOf).toBe(first.figures.dataAsOf);
      const audit = await t.db.query(
        "SELECT actor_id, action, changes FROM audit_events WHERE entity_type = 'report-snapshot' AND entity_id = $1",
        [first.id],
      );
      expect(audit).toEqual([
        {
          actor_id: org.lead.id,
          action: 'create',
          changes: expect.objectContaining({
            year: { from: null, to: 2027 },
            quarter: { from: null, to: 1 },
            reason: { from: null, to: 'manual' },
          }),
        },
      ]);
    });

    it('refuses a quarter that has not ended yet', async () => {
      t.clock.set('2027-03-31T23:59:00+02:00');
      try {
        const response = await t.http
          .post(SNAPSHOTS)
          .set(bearer(org.lead.token))
          .send({ year: 2027, quarter: 1 });
        expectProblem(response, 409);
        expect(response.body.detail).toMatch(/2027-Q1 has not ended/);
      } finally {
        t.clock.set('2027-05-01T12:00:00+02:00');
      }
    });

    it('keeps the old snapshot when the figures are frozen again after a change', async () => {
      await t.db.query(
        `INSERT INTO incidents (organisation_id, chain_id, title, occurred_at, reported_at, reported_by_id, severity,
           public_attention, source, status)
         VALUES ($1, $2, 'Laat gemeld', '2027-03-01T10:00:00+01:00', '2027-03-01T10:00:00+01:00', $3, 'low', 'none', 'staff', 'reported')`,
        [org.organisationId, data.chains.toeslagen, org.member.id],
      );
      const second = await t.http
        .post(SNAPSHOTS)
        .set(bearer(org.admin.token))
        .send({ year: 2027, quarter: 1 })
        .expect(201);
      expect(second.body.id).not.toBe(first.id);
      expect(second.body.figures.incidents.total).toBe(6);
      const old = await t.http.get(`${SNAPSHOTS}/${first.id}`).set(bearer(org.lead.token)).expect(200);
      expect(old.body).toEqual(first);

      const list = await t.http
        .get(`${SNAPSHOTS}?year=2027&quarter=1`)
        .set(bearer(org.lead.token))
        .expect(200);
      expect(list.body).toEqual({ items: expect.any(Array), page: 1, pageSize: 20, total: 2 });
      expect(list.body.items.map((s: { id: string }) => s.id).sort()).toEqual(
        [first.id, second.body.id].sort(),
      );
      expect(list.body.items[0].figures).toBeUndefined();
      const none = await t.http
        .get(`${SNAPSHOTS}?year=2027&quarter=2`)
        .set(bearer(org.lead.token))
        .expect(200);
      expect(none.body.total).toBe(0);
    });

    it('can never be changed or deleted', async () => {
      // Read only: 405, and Allow says what a snapshot has.
      const deleted = await t.http.delete(`${SNAPSHOTS}/${first.id}`).set(bearer(org.admin.token));
      expectProblem(deleted, 405);
      expect(deleted.headers.allow).toBe('GET, HEAD, OPTIONS');
      expectProblem(
        await t.http.patch(`${SNAPSHOTS}/${first.id}`).set(bearer(org.admin.token)).send({ version: 1 }),
        405,
      );
      await expect(
        t.db.query("UPDATE report_snapshots SET figures = '{}' WHERE id = $1", [first.id]),
      ).rejects.toThrow(/immutable/);
      await expect(t.db.query('DELETE FROM report_snapshots WHERE id = $1', [first.id])).rejects.toThrow(
        /immutable/,
      );
      const still = await t.http.get(`${SNAPSHOTS}/${first.id}`).set(bearer(org.lead.token)).expect(200);
      expect(still.body).toEqual(first);
    });

    it('serves the frozen figures as CSV and HTML too', async () => {
      const csv = await t.http
        .get(`${SNAPSHOTS}/${first.id}`)
        .set(bearer(org.lead.token))
        .set('Accept', 'text/csv');
      expect(csv.status).toBe(200);
      expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
      // jsonb does not keep key order: the rows must still come in the live report's order.
      const live = await t.http
        .get('/v1/reports/quarterly?year=2027&quarter=1&format=csv')
        .set(bearer(org.lead.token));
      const keys = (text: string) =>
        text
          .split('\r\n')
          .filter((line) => !/^report;(generatedAt|dataAsOf);/.test(line))
          .map((line) => line.split(';').slice(0, 3).join(';'));
      expect(keys(csv.text)).toEqual(keys(live.text));
      expect(csv.text).toContain('\r\nincidents;total;;5\r\n');
      const html = await t.http
        .get(`${SNAPSHOTS}/${first.id}?format=html`)
        .set(bearer(org.lead.token))
        .expect(200);
      expect(html.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(html.text).toContain('<svg ');
      expect(html.text).not.toMatch(/<script/i);
    });

    it('is for leads of the own organisation; bad references are refused', async () => {
      expectProblem(await t.http.get(`${SNAPSHOTS}/${first.id}`).set(bearer(other.lead.token)), 404);
      expectProblem(await t.http.get(`${SNAPSHOTS}/${first.id}`).set(bearer(org.member.token)), 403);
      expectProblem(await t.http.get(SNAPSHOTS).set(bearer(org.member.token)), 403);
      const theirs = await t.http.get(SNAPSHOTS).set(bearer(other.lead.token)).expect(200);
      expect(theirs.body.total).toBe(0);
      expectProblem(await t.http.get(`${SNAPSHOTS}/not-a-uuid`).set(bearer(org.lead.token)), 400);
      // The list's filters take plain decimal digits only, as the live report does.
      const badFilters: [string, string][] = [
        ['year=0x7EA', 'year'],
        ['year=%2B2027', 'year'],
        ['quarter=1e0', 'quarter'],
        ['quarter=01', 'quarter'],
        ['quarter=%201', 'quarter'],
        ['quarter=5', 'quarter'],
      ];
      for (const [query, name] of badFilters) {
        const response = await t.http.get(`${SNAPSHOTS}?${query}`).set(bearer(org.lead.token));
        expectProblem(response, 400);
        const names = new Set(response.body.invalidParams.map((p: { name: string }) => p.name));
        expect([query, [...names]]).toEqual([query, [name]]);
      }
      const filtered = await t.http
        .get(`${SNAPSHOTS}?year=2027&quarter=1`)
        .set(bearer(org.lead.token))
        .expect(200);
      expect(filtered.body.total).toBeGreaterThan(0);

      const before = await t.db.query('SELECT count(*)::int AS n FROM report_snapshots');
      const refused: [object, string, number][] = [
        [{ year: 2027, quarter: 1, chainId: data.chains.other }, org.lead.token, 422],
        [{ year: 2027, quarter: 1, organisationId: other.organisationId }, org.lead.token, 422],
        [{ year: 2027, quarter: 1 }, org.member.token, 403],
        [{ year: 2027, quarter: 5 }, org.lead.token, 400],
        [{ year: '2027', quarter: 1 }, org.lead.token, 400],
        [{ year: 2027 }, org.lead.token, 400],
        [{ year: 2027, quarter: 1, reason: 'quarter-close' }, org.lead.token, 400],
        [{ year: 2027, quarter: 1, chainId: 'x' }, org.lead.token, 400],
      ];
      for (const [body, token, status] of refused) {
        const response = await t.http.post(SNAPSHOTS).set(bearer(token)).send(body);
        expect([body, response.status]).toEqual([body, status]);
        expectProblem(response, status);
      }
      expect(await t.db.query('SELECT count(*)::int AS n FROM report_snapshots')).toEqual(before);

      const chain = await t.http
        .post(SNAPSHOTS)
        .set(bearer(org.lead.token))
        .send({ year: 2027, quarter: 1, chainId: data.chains.studiefinanciering })
        .expect(201);
      expect(chain.body).toMatchObject({
        chainId: data.chains.studiefinanciering,
        figures: { incidents: { total: 3 } },
      });
      const byChain = await t.http
        .get(`${SNAPSHOTS}?chainId=${data.chains.studiefinanciering}`)
        .set(bearer(org.lead.token))
        .expect(200);
      expect(byChain.body.items.map((s: { id: string }) => s.id)).toEqual([chain.body.id]);
    });

    it('keeps a chain a frozen report names, and says so', async () => {
      const chain = await t.http
        .post('/v1/chains')
        .set(bearer(org.admin.token))
        .send({ name: 'Bevroren keten' });
      await t.http
        .post(SNAPSHOTS)
        .set(bearer(org.lead.token))
        .send({ year: 2027, quarter: 1, chainId: chain.body.id })
        .expect(201);
      const refused = await t.http.delete(`/v1/chains/${chain.body.id}`).set(bearer(org.admin.token));
      expectProblem(refused, 409);
      expect(refused.body.detail).toBe(
        'Frozen quarterly reports name this record, and they stay as they were made: it cannot be deleted.',
      );
    });

    it('reads a snapshot frozen before the theme share existed with that figure null, in every format', async () => {
      const stored = JSON.parse(JSON.stringify(first.figures));
      for (const figures of [stored, stored.previous]) {
        delete figures.reflection.themeMinutes;
        delete figures.reflection.themeShareOfAgendaTime;
      }
      const [{ id }] = await t.db.query(
        `INSERT INTO report_snapshots (organisation_id, chain_id, year, quarter, figures, generated_at, data_as_of,
           generated_by_id, reason)
         VALUES ($1, NULL, 2027, 1, $2, $3, $4, $5, 'manual') RETURNING id`,
        [org.organisationId, JSON.stringify(stored), first.generatedAt, first.dataAsOf, org.lead.id],
      );

      const json = await t.http.get(`${SNAPSHOTS}/${id}`).set(bearer(org.lead.token)).expect(200);
      expect(json.body.figures.reflection).toEqual({
        ...first.figures.reflection,
        themeMinutes: null,
        themeShareOfAgendaTime: null,
      });
      expect(json.body.figures.previous.reflection).toEqual({
        ...first.figures.previous.reflection,
        themeMinutes: null,
        themeShareOfAgendaTime: null,
      });

      const csv = await t.http.get(`${SNAPSHOTS}/${id}?format=csv`).set(bearer(org.lead.token)).expect(200);
      const lines = csv.text.split('\r\n');
      expect(lines).toContain('reflection;themeMinutes;;');
      expect(lines).toContain('reflection;themeShareOfAgendaTime;;');
      expect(lines).toContain('previous.reflection;themeShareOfAgendaTime;;');
      expect(lines).toContain('reflection;learningShareOfAgendaTime;;0,5455');
      expect(csv.text).not.toMatch(/null|undefined|NaN/);

      const html = await t.http
        .get(`${SNAPSHOTS}/${id}?format=html`)
        .set(bearer(secondLead.token))
        .expect(200);
      expect(html.text).toContain(
        'Share of agenda time on long-term themes</td><td class="n">n/a</td><td class="n">n/a</td>',
      );
      expect(html.text).not.toMatch(/NaN|undefined/);

      const email = renderReportEmail(json.body, 'nl');
      expect(email.attachments[0].content).toContain('\r\nreflection;themeShareOfAgendaTime;;\r\n');
    });
  });

  describe('quarter close', () => {
    let close: QuarterCloseService;
    let webhookId: string;

    beforeAll(async () => {
      close = t.app.get(QuarterCloseService);
      [{ id: webhookId }] = await t.db.query(
        `INSERT INTO webhook_subscriptions (organisation_id, url, events, secret)
         VALUES ($1, 'https://example.nl/hook', '{report.published}', 'geheim') RETURNING id`,
        [org.organisationId],
      );
    });

    const closeSnapshots = () =>
      t.db.query(
        `SELECT id, organisation_id, year, quarter, generated_by_id FROM report_snapshots
         WHERE reason = 'quarter-close' ORDER BY year, quarter, organisation_id`,
      );
    const reportNotifications = () =>
      t.db.query(
        `SELECT channel, kind, subject_type, subject_id, recipient_id, target, dedupe_key, due_at, payload
         FROM notifications WHERE subject_type = 'report-snapshot' ORDER BY channel, dedupe_key`,
      );

    it('waits for 06:00 on the first working day of the quarter', async () => {
      // 1 April 2027 is a Thursday. Before 06:00 the latest closable quarter is still Q4 2026.
      const early = await close.closeQuarter(new Date('2027-04-01T05:59:00+02:00'));
      expect(early.quarter).toBe('2026-Q4');
      expect(close.isDue(new Date('2027-04-01T05:59:00+02:00'))).toBe(false);
      expect(close.isDue(new Date('2027-04-01T06:00:00+02:00'))).toBe(true);
      expect((await closeSnapshots()).filter((s: { year: number }) => s.year === 2027)).toEqual([]);
    });

    it('freezes the previous quarter for every organisation and plans e-mails to its leads and the webhook', async () => {
      const now = new Date('2027-04-01T06:00:00+02:00');
      const result = await close.closeQuarter(now);
      expect(result.quarter).toBe('2027-Q1');
      const snapshots = (await closeSnapshots()).filter((s: { year: number }) => s.year === 2027);
      const ours = snapshots.find(
        (s: { organisation_id: string }) => s.organisation_id === org.organisationId,
      );
      expect(snapshots.map((s: { organisation_id: string }) => s.organisation_id)).toEqual(
        expect.arrayContaining([org.organisationId, other.organisationId]),
      );
      expect(result.snapshotIds).toEqual(expect.arrayContaining(snapshots.map((s: { id: string }) => s.id)));
      expect(ours).toMatchObject({ year: 2027, quarter: 1, generated_by_id: null });

      const snapshot = await t.http.get(`${SNAPSHOTS}/${ours.id}`).set(bearer(org.lead.token)).expect(200);
      expect(snapshot.body.reason).toBe('quarter-close');
      expect(snapshot.body.generatedAt).toBe('2027-04-01T04:00:00.000Z');
      expect(snapshot.body.figures.incidents.total).toBe(6);

      const byKey = (
        a: { channel: string; dedupe_key: string },
        b: { channel: string; dedupe_key: string },
      ) => (a.channel + a.dedupe_key).localeCompare(b.channel + b.dedupe_key);
      const planned = (await reportNotifications())
        .filter((n: { subject_id: string }) => n.subject_id === ours.id)
        .sort(byKey);
      const summary = expect.objectContaining({ year: 2027, quarter: 1, incidents: 6, previousIncidents: 2 });
      expect(planned).toEqual(
        [
          {
            channel: 'email',
            kind: 'quarterly-report',
            subject_type: 'report-snapshot',
            subject_id: ours.id,
            recipient_id: org.lead.id,
            target: expect.stringContaining('@example.nl'),
            dedupe_key: `report-snapshot:${ours.id}:${org.lead.id}`,
            due_at: now,
            payload: expect.objectContaining({
              snapshotId: ours.id,
              quarter: '2027-Q1',
              locale: 'nl',
              summary,
            }),
          },
          {
            channel: 'email',
            kind: 'quarterly-report',
            subject_type: 'report-snapshot',
            subject_id: ours.id,
            recipient_id: secondLead.id,
            target: expect.stringContaining('@example.nl'),
            dedupe_key: `report-snapshot:${ours.id}:${secondLead.id}`,
            due_at: now,
            payload: expect.objectContaining({ locale: 'en', summary }),
          },
          {
            channel: 'webhook',
            kind: 'report.published',
            subject_type: 'report-snapshot',
            subject_id: ours.id,
            recipient_id: null,
            target: 'https://example.nl/hook',
            dedupe_key: `webhook:${webhookId}:report.published:${ours.id}:quarter-close`,
            due_at: now,
            payload: {
              event: 'report.published',
              data: expect.objectContaining({
                snapshotId: ours.id,
                year: 2027,
                quarter: 1,
                href: `/v1/reports/quarterly-snapshots/${ours.id}`,
                summary,
              }),
            },
          },
        ].sort(byKey),
      );
      // Members and admins get no report e-mail; the other organisation's lead gets theirs.
      const recipients = (await reportNotifications()).map((n: { recipient_id: string }) => n.recipient_id);
      expect(recipients).not.toContain(org.member.id);
      expect(recipients).not.toContain(org.admin.id);
      expect(recipients).toContain(other.lead.id);
    });

    it('is idempotent, also when two workers run it at once', async () => {
      const snapshots = await closeSnapshots();
      const notifications = await reportNotifications();
      const later = new Date('2027-04-01T06:05:00+02:00');
      const runs = await Promise.all([close.closeQuarter(later), close.closeQuarter(later)]);
      expect(runs.map((r) => r.snapshotIds)).toEqual([[], []]);
      const again = await close.closeQuarter(new Date('2027-05-20T09:00:00+02:00'));
      expect(again).toEqual({ quarter: '2027-Q1', snapshotIds: [] });
      expect(await closeSnapshots()).toEqual(snapshots);
      expect(await reportNotifications()).toEqual(notifications);
    });

    it('freezes and sends once when two workers race for the same organisation', async () => {
      const fresh = await createOrganisation(t.http, t.systemToken);
      await createdIn2026Q4(fresh);
      const now = new Date('2027-04-02T06:00:00+02:00');
      const runs = await Promise.all([close.closeQuarter(now), close.closeQuarter(now)]);
      const made = runs.flatMap((r) => r.snapshotIds);
      // Created in 2026-Q4, so it is closed for that quarter and for 2027-Q1, once each.
      const rows = await t.db.query(
        `SELECT id, year, quarter FROM report_snapshots
         WHERE organisation_id = $1 AND reason = 'quarter-close' ORDER BY year, quarter`,
        [fresh.organisationId],
      );
      expect(rows.map((r: { year: number; quarter: number }) => `${r.year}-Q${r.quarter}`)).toEqual([
        '2026-Q4',
        '2027-Q1',
      ]);
      expect(made.sort()).toEqual(rows.map((r: { id: string }) => r.id).sort());
      const mails = await t.db.query(
        'SELECT subject_id, count(*)::int AS n FROM notifications WHERE subject_id = ANY ($1) GROUP BY subject_id',
        [made],
      );
      expect(mails).toHaveLength(made.length);
      expect(mails.every((m: { n: number }) => m.n === 1)).toBe(true);
    });

    it('closes the other organisations when one of them fails, and that one on the next run', async () => {
      const failing = await createOrganisation(t.http, t.systemToken);
      const fine = await createOrganisation(t.http, t.systemToken);
      await createdIn2026Q4(failing, fine);
      // The database refuses the failing organisation's snapshot (as a full disk or a bug would).
      await t.db.query(`
        CREATE FUNCTION test_refuse_snapshot() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF NEW.organisation_id = '${failing.organisationId}' THEN RAISE EXCEPTION 'refused'; END IF;
          RETURN NEW;
        END $$`);
      await t.db.query(
        `CREATE TRIGGER test_refuse_snapshot BEFORE INSERT ON report_snapshots FOR EACH ROW EXECUTE FUNCTION test_refuse_snapshot()`,
      );
      const closed = async (organisationId: string) =>
        (
          await t.db.query(
            `SELECT year, quarter FROM report_snapshots WHERE organisation_id = $1 AND reason = 'quarter-close'
             ORDER BY year, quarter`,
            [organisationId],
          )
        ).map((r: { year: number; quarter: number }) => `${r.year}-Q${r.quarter}`);
      const now = new Date('2027-04-06T09:00:00+02:00');
      try {
        await expect(close.closeQuarter(now)).rejects.toThrow(/failed for \d+ organisation/);
        expect(await closed(failing.organisationId)).toEqual([]);
        expect(await closed(fine.organisationId)).toContain('2027-Q1');
      } finally {
        await t.db.query(`DROP TRIGGER test_refuse_snapshot ON report_snapshots`);
        await t.db.query(`DROP FUNCTION test_refuse_snapshot()`);
      }
      await close.closeQuarter(now);
      expect(await closed(failing.organisationId)).toEqual(await closed(fine.organisationId));
    });

    it('catches up on every quarter a worker outage skipped, oldest first', async () => {
      const fresh = await createOrganisation(t.http, t.systemToken);
      await createdIn2026Q4(fresh);
      // Down from before the close of 2027-Q1 until after that of 2027-Q2.
      const now = new Date('2027-07-06T09:00:00+02:00');
      const result = await close.closeQuarter(now);
      expect(result.quarter).toBe('2027-Q2');
      const rows = await t.db.query(
        `SELECT id, year, quarter FROM report_snapshots
         WHERE organisation_id = $1 AND reason = 'quarter-close' ORDER BY created_at, id`,
        [fresh.organisationId],
      );
      const expected = ['2026-Q4', '2027-Q1', '2027-Q2'];
      expect(rows.map((r: { year: number; quarter: number }) => `${r.year}-Q${r.quarter}`)).toEqual(expected);
      expect(result.snapshotIds).toEqual(expect.arrayContaining(rows.map((r: { id: string }) => r.id)));
      // Each is announced to the lead, with its own quarter.
      const mails = await t.db.query(
        `SELECT payload->>'quarter' AS quarter FROM notifications
         WHERE subject_id = ANY ($1) AND recipient_id = $2 ORDER BY created_at, id`,
        [rows.map((r: { id: string }) => r.id), fresh.lead.id],
      );
      expect(mails.map((m: { quarter: string }) => m.quarter)).toEqual(expected);
      // The organisations closed on time get only the quarter they missed.
      const ours = await t.db.query(
        `SELECT year, quarter FROM report_snapshots
         WHERE organisation_id = $1 AND reason = 'quarter-close' AND year = 2027 ORDER BY quarter`,
        [org.organisationId],
      );
      expect(ours).toEqual([
        { year: 2027, quarter: 1 },
        { year: 2027, quarter: 2 },
      ]);
    });

    it('renders the e-mail for the delivery: summary in the lead’s language and the CSV attached', async () => {
      const [{ id }] = await t.db.query(
        "SELECT id FROM report_snapshots WHERE organisation_id = $1 AND reason = 'quarter-close' AND year = 2027 AND quarter = 1",
        [org.organisationId],
      );
      const snapshot = (await t.http.get(`${SNAPSHOTS}/${id}`).set(bearer(org.lead.token)).expect(200)).body;
      const dutch = renderReportEmail(snapshot, 'nl', `https://leerlus.example.nl${SNAPSHOTS}/${id}`);
      expect(dutch.subject).toMatch(/^Kwartaalrapportage Q1 2027 – /);
      expect(dutch.text).toContain('Geregistreerde incidenten: 6 (vorig kwartaal: 2)');
      expect(dutch.text).toContain('Beschermde tijd (gehouden / gepland): 40% (vorig kwartaal: 66,7%)');
      expect(dutch.text).toContain(`https://leerlus.example.nl${SNAPSHOTS}/${id}`);
      expect(dutch.html).toContain('<svg ');
      expect(dutch.attachments).toEqual([
        {
          filename: 'quarterly-report-2027-q1.csv',
          contentType: 'text/csv; charset=utf-8',
          content: expect.stringMatching(/^\uFEFFsection;figure;dimension;value\r\n/),
        },
      ]);
      const english = renderReportEmail(snapshot, 'en');
      expect(english.subject).toMatch(/^Quarterly report Q1 2027 – /);
      expect(english.text).toContain('Protected time (held / planned): 40% (previous quarter: 66.7%)');
    });
  });

  it('leaves the rollups it reads equal to a recomputation from the base tables', async () => {
    expect(await t.db.query('SELECT * FROM leerlus_check_report_rollups()')).toEqual([]);
  });
});
