import { AgendaService } from '@app/domain/reflection/agenda.service';
import { bearer, createOrganisation, createPerson, OrgFixture } from './support/fixtures';
import {
  createChainSeries,
  createChainWithTriangle,
  insertIncident,
  insertOverdueAction,
  insertTheme,
  subscribeWebhook,
} from './support/reflection-fixtures';
import { startTestApp, TestApp } from './support/test-app';

describe('reflection agendas: compilation, protected share, carry-over and dispatch', () => {
  let t: TestApp;
  let org: OrgFixture;
  let other: OrgFixture;
  let chainId: string;
  let triangle: string[];

  const createSeries = (extra: Record<string, unknown> = {}) =>
    createChainSeries(t.http, org.lead, chainId, extra);

  const sessionsOf = async (seriesId: string): Promise<any[]> =>
    (
      await t.http
        .get(`/v1/reflection-series/${seriesId}/sessions?pageSize=5`)
        .set(bearer(org.member.token))
        .expect(200)
    ).body.items;

  const session = async (id: string) =>
    (await t.http.get(`/v1/reflection-sessions/${id}`).set(bearer(org.member.token)).expect(200)).body;

  const compile = async (sessionId: string) =>
    (await t.http.post(`/v1/reflection-sessions/${sessionId}/agenda`).set(bearer(org.lead.token)).expect(200))
      .body;

  const backlog = async (seriesId: string): Promise<any[]> =>
    (
      await t.http
        .get(`/v1/agenda-items?seriesId=${seriesId}&backlog=true&pageSize=100`)
        .set(bearer(org.member.token))
        .expect(200)
    ).body.items;

  /** A chain of its own with one high, nationally noticed incident, and a theme of the organisation. */
  const chainWithWork = async (name: string, incidentTitle: string, themeTitle: string) => {
    const chain = (await t.http.post('/v1/chains').set(bearer(org.admin.token)).send({ name }).expect(201))
      .body.id;
    const incidentId = await insertIncident(t.db, {
      organisationId: org.organisationId,
      chainId: chain,
      reportedById: org.member.id,
      title: incidentTitle,
      severity: 'high',
      publicAttention: 'national',
      reportedAt: '2026-02-20T12:00:00Z',
    });
    await insertTheme(t.db, { organisationId: org.organisationId, ownerId: org.lead.id, title: themeTitle });
    return { chain, incidentId };
  };

  beforeAll(async () => {
    t = await startTestApp();
    t.clock.set('2026-03-01T09:00:00Z');
    org = await createOrganisation(t.http, t.systemToken);
    other = await createOrganisation(t.http, t.systemToken);
    const owner = await createPerson(t.http, org.admin.token, { name: 'Olga Eigenaar', accessRole: 'lead' });
    const commissioner = await createPerson(t.http, org.admin.token, {
      name: 'Otto Opdrachtgever',
      accessRole: 'member',
    });
    const contractor = await createPerson(t.http, org.admin.token, {
      name: 'Nina Nemer',
      accessRole: 'member',
    });
    triangle = [owner.id, commissioner.id, contractor.id];
    chainId = await createChainWithTriangle(t.http, org.admin.token, {
      owner: owner.id,
      commissioner: commissioner.id,
      contractor: contractor.id,
    });
  });
  afterAll(() => t.close());
  beforeEach(() => t.clock.set('2026-03-01T09:00:00Z'));

  describe('dispatch', () => {
    it('sends the agenda once, at start minus the lead time, to the chair and the triangle', async () => {
      const webhook = await subscribeWebhook(t.db, org.organisationId, ['agenda.published']);
      const series = await createSeries({ agendaLeadTime: 'P3D', title: 'Verzending' });
      // The triangle is invited by its roles, not listed as participants.
      expect(series.participantIds).toEqual([]);
      const [first, second] = await sessionsOf(series.id);
      const dispatcher = t.app.get(AgendaService);
      const agendaRows = (sessionId: string) =>
        t.db.query(
          `SELECT kind, channel, recipient_id, dedupe_key, due_at, payload, status FROM notifications
           WHERE subject_id = $1 AND kind IN ('agenda', 'agenda.published') ORDER BY channel, dedupe_key`,
          [sessionId],
        );

      // 9 March 10:00 minus three days is 6 March 10:00 (09:00 UTC).
      t.clock.set('2026-03-06T08:59:00Z');
      await dispatcher.dispatchDueAgendas();
      expect((await session(first.id)).status).toBe('planned');
      expect(await agendaRows(first.id)).toEqual([]);

      t.clock.set('2026-03-06T09:00:00Z');
      await dispatcher.dispatchDueAgendas();
      const sent = await session(first.id);
      expect(sent).toEqual(
        expect.objectContaining({
          status: 'agenda-sent',
          agendaCompiledAt: '2026-03-06T09:00:00.000Z',
          agendaSentAt: '2026-03-06T09:00:00.000Z',
          icalSequence: 1,
        }),
      );
      const rows = await agendaRows(first.id);
      const mails = rows.filter((r) => r.channel === 'email');
      expect(mails.map((r) => r.recipient_id).sort()).toEqual([org.lead.id, ...triangle].sort());
      expect(mails.map((r) => r.dedupe_key).sort()).toEqual(
        [org.lead.id, ...triangle].map((p) => `session:${first.id}:agenda:${p}:1`).sort(),
      );
      expect(mails[0].due_at).toEqual(new Date('2026-03-06T09:00:00Z'));
      expect(mails[0].payload.agenda).toEqual(
        expect.objectContaining({ protectedMinutes: 36, items: expect.any(Array) }),
      );
      expect(rows.filter((r) => r.channel === 'webhook').map((r) => r.dedupe_key)).toEqual([
        `webhook:${webhook}:agenda.published:${first.id}:1`,
      ]);
      // The next session's time has not come.
      expect((await session(second.id)).status).toBe('planned');

      // Twice, or a minute later: nothing new.
      await dispatcher.dispatchDueAgendas();
      t.clock.set('2026-03-06T09:01:00Z');
      await dispatcher.dispatchDueAgendas();
      expect(await agendaRows(first.id)).toEqual(rows);
      expect(await session(first.id)).toEqual(sent);
      const audit = await t.db.query(
        `SELECT actor_id, changes FROM audit_events WHERE entity_id = $1 AND action = 'update'`,
        [first.id],
      );
      expect(audit).toEqual([
        {
          actor_id: null,
          changes: expect.objectContaining({ status: { from: 'planned', to: 'agenda-sent' } }),
        },
      ]);

      // Compiling a sent agenda again only sends it again when it changed.
      await compile(first.id);
      expect((await session(first.id)).icalSequence).toBe(1);
      await t.http
        .post('/v1/agenda-items')
        .set(bearer(org.lead.token))
        .send({
          sessionId: first.id,
          kind: 'custom',
          title: 'Mededeling van de voorzitter',
          timeboxMinutes: 5,
        })
        .expect(201);
      const recompiled = await compile(first.id);
      expect(recompiled.items.map((i: any) => i.title)).toContain('Mededeling van de voorzitter');
      expect((await session(first.id)).icalSequence).toBe(2);
      const resent = (await agendaRows(first.id)).filter((r) => r.dedupe_key.endsWith(':2'));
      expect(resent).toHaveLength(5); // four e-mails and the webhook
      // The first agenda's e-mails, not sent yet, are not sent besides the new one.
      const before = (await agendaRows(first.id)).filter(
        (r) => r.channel === 'email' && r.dedupe_key.endsWith(':1'),
      );
      expect(before.map((r) => r.status)).toEqual(['cancelled', 'cancelled', 'cancelled', 'cancelled']);
      // An item of the sent agenda edited first, then compiled: what went out is not what it is
      // now, so it goes out again (the compile itself changed nothing, and it did not).
      const edited = recompiled.items.find((i: any) => i.title === 'Mededeling van de voorzitter');
      await t.http
        .patch(`/v1/agenda-items/${edited.id}`)
        .set(bearer(org.lead.token))
        .send({ version: edited.version, title: 'Mededeling van de voorzitter (herzien)' })
        .expect(200);
      expect((await session(first.id)).icalSequence).toBe(2);
      await compile(first.id);
      expect((await session(first.id)).icalSequence).toBe(3);
      const revised = (await agendaRows(first.id)).filter(
        (r) => r.channel === 'email' && r.dedupe_key.endsWith(':3'),
      );
      expect(revised).toHaveLength(4);
      // Compiled once more, unchanged since: nothing new.
      await compile(first.id);
      expect((await session(first.id)).icalSequence).toBe(3);
      await t.db.query(`UPDATE webhook_subscriptions SET active = false WHERE id = $1`, [webhook]);
    });

    /** When the agenda of a session (e-mails and webhook) is due, once per time. */
    const agendaDue = async (sessionId: string): Promise<Date[]> =>
      (
        await t.db.query(
          `SELECT DISTINCT due_at FROM notifications WHERE subject_id = $1 AND kind IN ('agenda', 'agenda.published')
           ORDER BY due_at`,
          [sessionId],
        )
      ).map((r: { due_at: Date }) => r.due_at);

    it('sends a due agenda however many sessions start sooner with a shorter lead time', async () => {
      // A thousand sessions in two hours, whose agendas go an hour before: none is due yet.
      const busy = await createSeries({ agendaLeadTime: 'PT1H', title: 'Druk' });
      await t.db.query(
        `INSERT INTO reflection_sessions (series_id, organisation_id, occurrence_start, scheduled_at, ends_at, status)
         SELECT $1, $2, at, at, at + interval '1 hour', 'planned'
         FROM generate_series(1, 1000) AS n, LATERAL (SELECT $3::timestamptz + n * interval '1 second' AS at) t`,
        [busy.id, org.organisationId, '2026-03-01T11:00:00Z'],
      );
      // Wednesday 4 March, agenda a week ahead: due since 25 February.
      const ahead = await createSeries({
        agendaLeadTime: 'P7D',
        title: 'Lang vooruit',
        rrule: 'FREQ=WEEKLY;BYDAY=WE',
        firstStart: '2026-03-04T10:00:00+01:00',
      });
      const [due] = await sessionsOf(ahead.id);
      t.clock.set('2026-03-01T09:30:00Z');
      await t.app.get(AgendaService).dispatchDueAgendas();
      expect((await session(due.id)).status).toBe('agenda-sent');
      // Sent at half past, due since the session exists (its lead time had passed by then, on 25
      // February): the delivery log (and the lag metric) show how late it went, and no more.
      expect(await agendaDue(due.id)).toEqual([new Date('2026-03-01T09:00:00Z')]);
      expect((await session(due.id)).agendaSentAt).toBe('2026-03-01T09:30:00.000Z');
      await t.db.query(`DELETE FROM reflection_sessions WHERE series_id = $1`, [busy.id]);
    });

    it('does not send for a session that already started, and says so in the delivery log once', async () => {
      const series = await createSeries({ agendaLeadTime: 'PT1H', title: 'Te laat' });
      const [first] = await sessionsOf(series.id);
      t.clock.set('2026-03-09T09:00:00Z');
      await t.app.get(AgendaService).dispatchDueAgendas();
      expect((await session(first.id)).status).toBe('planned');
      const missed = () =>
        t.db.query(
          `SELECT recipient_id, status, due_at, cancel_reason FROM notifications
           WHERE subject_id = $1 AND kind = 'agenda' ORDER BY recipient_id`,
          [first.id],
        );
      // Due at 08:00 UTC (9 March 10:00 in Amsterdam, an hour before), never sent.
      const rows = await missed();
      expect(rows.map((r: { recipient_id: string }) => r.recipient_id)).toEqual(
        [org.lead.id, ...triangle].sort(),
      );
      expect(new Set(rows.map((r: object) => JSON.stringify({ ...r, recipient_id: undefined })))).toEqual(
        new Set([
          JSON.stringify({
            status: 'cancelled',
            due_at: new Date('2026-03-09T08:00:00Z'),
            cancel_reason: 'the session had begun before its agenda went out',
          }),
        ]),
      );
      t.clock.set('2026-03-09T09:05:00Z');
      await t.app.get(AgendaService).dispatchDueAgendas();
      expect(await missed()).toEqual(rows);
    });

    it('sends the agenda of a session postponed by a minute, as it is starting late, before it begins', async () => {
      // Monday 9 March 10:00 (09:00 UTC): no worker sent its agenda, and it has not begun on time.
      const series = await createSeries({ title: 'Uitgelopen', agendaLeadTime: 'PT1H' });
      const [first] = await sessionsOf(series.id);
      t.clock.set('2026-03-09T09:05:00Z');
      const postponed = await t.http
        .patch(`/v1/reflection-sessions/${first.id}`)
        .set(bearer(org.lead.token))
        .send({
          version: first.version,
          status: 'postponed',
          postponedTo: '2026-03-09T09:06:00Z',
          reason: 'Uitloop',
        })
        .expect(200);
      const [replacement] = (await sessionsOf(series.id)).filter(
        (s) => s.rescheduledFromId === postponed.body.id,
      );
      expect(replacement).toEqual(
        expect.objectContaining({ status: 'agenda-sent', agendaSentAt: '2026-03-09T09:05:00.000Z' }),
      );
      const agenda = await t.db.query(
        `SELECT recipient_id, status FROM notifications WHERE subject_id = $1 AND kind = 'agenda' ORDER BY recipient_id`,
        [replacement.id],
      );
      expect(agenda).toEqual(
        [org.lead.id, ...triangle].sort().map((id) => ({ recipient_id: id, status: 'pending' })),
      );
    });

    it('sends at once the agenda of a session planned to begin before the next minutely look', async () => {
      const agendaAndReminders = (sessionId: string) =>
        t.db.query(
          `SELECT kind, recipient_id, status, due_at, dedupe_key FROM notifications
           WHERE subject_id = $1 AND kind IN ('agenda', 'session-reminder') ORDER BY kind, dedupe_key`,
          [sessionId],
        );
      // Sunday 1 March, 09:00 UTC: the series' first session begins in 30 seconds.
      const series = await createSeries({
        title: 'Zo meteen',
        rrule: 'FREQ=WEEKLY;BYDAY=SU',
        firstStart: '2026-03-01T10:00:30+01:00',
        reminderOffsets: ['P1D', 'PT10S'],
      });
      const [first] = await sessionsOf(series.id);
      expect(first.scheduledAt).toBe('2026-03-01T09:00:30.000Z');
      expect(await session(first.id)).toEqual(
        expect.objectContaining({
          status: 'agenda-sent',
          agendaSentAt: '2026-03-01T09:00:00.000Z',
          icalSequence: 1,
        }),
      );
      const rows = await agendaAndReminders(first.id);
      const invitees = [org.lead.id, ...triangle].sort();
      // The agenda to everyone invited, due since the series made the session (its lead time had come).
      expect(
        rows.filter((r) => r.kind === 'agenda').map((r) => [r.recipient_id, r.status, r.due_at]),
      ).toEqual(invitees.map((id) => [id, 'pending', new Date('2026-03-01T09:00:00Z')]));
      // A reminder already past (a day before) is skipped; one still ahead goes at its time.
      expect(
        rows.filter((r) => r.kind === 'session-reminder').map((r) => [r.recipient_id, r.due_at]),
      ).toEqual(invitees.map((id) => [id, new Date('2026-03-01T09:00:20Z')]));
      // The minutely look, after the start, finds nothing to send and nothing missed.
      t.clock.set('2026-03-01T09:01:00Z');
      await t.app.get(AgendaService).dispatchDueAgendas();
      expect(await agendaAndReminders(first.id)).toEqual(rows);

      // So does a change of schedule that plans a session that soon.
      t.clock.set('2026-03-02T09:00:00Z');
      const moved = await t.http
        .patch(`/v1/reflection-series/${series.id}`)
        .set(bearer(org.lead.token))
        .send({
          version: series.version,
          rrule: 'FREQ=WEEKLY;BYDAY=MO',
          firstStart: '2026-03-02T10:01:00+01:00',
        })
        .expect(200);
      const monday = (await sessionsOf(moved.body.id)).find(
        (s) => s.scheduledAt === '2026-03-02T09:01:00.000Z',
      );
      expect(monday).toEqual(
        expect.objectContaining({ status: 'agenda-sent', agendaSentAt: '2026-03-02T09:00:00.000Z' }),
      );
    });

    it('makes an agenda due no earlier than its session moved to its time', async () => {
      const webhook = await subscribeWebhook(t.db, org.organisationId, ['agenda.published']);
      try {
        const series = await createSeries({ agendaLeadTime: 'P3D', title: 'Vervroegd' });
        // 6 March 09:00 (UTC) the agenda of 9 March 10:00 is not due yet; the series moves to 08:00.
        t.clock.set('2026-03-06T08:00:00Z');
        await t.http
          .patch(`/v1/reflection-series/${series.id}`)
          .set(bearer(org.lead.token))
          .send({ firstStart: '2026-03-09T08:00:00+01:00', version: series.version })
          .expect(200);
        const [moved] = await sessionsOf(series.id);
        expect(moved.scheduledAt).toBe('2026-03-09T07:00:00.000Z');
        t.clock.set('2026-03-06T08:30:00Z');
        await t.app.get(AgendaService).dispatchDueAgendas();
        expect((await session(moved.id)).status).toBe('agenda-sent');
        // Not at 6 March 07:00, before the session had that time: the e-mails and the webhook's
        // occurredAt say when it moved.
        expect(await agendaDue(moved.id)).toEqual([new Date('2026-03-06T08:00:00Z')]);
      } finally {
        await t.db.query(`UPDATE webhook_subscriptions SET active = false WHERE id = $1`, [webhook]);
      }
    });

    it('makes no agenda due before a longer lead time was set', async () => {
      const series = await createSeries({ agendaLeadTime: 'P3D', title: 'Langer vooruit' });
      const [first, second] = await sessionsOf(series.id);
      // 5 March: the agenda of 9 March was due on the 6th; a week ahead, it is due at once.
      t.clock.set('2026-03-05T09:00:00Z');
      await t.http
        .patch(`/v1/reflection-series/${series.id}`)
        .set(bearer(org.lead.token))
        .send({ agendaLeadTime: 'P7D', version: series.version })
        .expect(200);
      t.clock.set('2026-03-05T09:30:00Z');
      await t.app.get(AgendaService).dispatchDueAgendas();
      expect((await session(first.id)).status).toBe('agenda-sent');
      expect(await agendaDue(first.id)).toEqual([new Date('2026-03-05T09:00:00Z')]);
      // The next one's week ahead has not come: it is due on the rule's time.
      t.clock.set('2026-03-09T09:00:00Z');
      await t.app.get(AgendaService).dispatchDueAgendas();
      expect(await agendaDue(second.id)).toEqual([new Date('2026-03-09T09:00:00Z')]);
    });

    it('records an agenda missed by a session made within its lead time as due when it was made', async () => {
      t.clock.set('2026-03-09T08:40:00Z');
      const series = await createSeries({
        agendaLeadTime: 'PT1H',
        title: 'Op het laatste moment',
        firstStart: '2026-03-09T10:00:00+01:00',
      });
      const [first] = await sessionsOf(series.id);
      // No worker ran before it began.
      t.clock.set('2026-03-09T09:05:00Z');
      await t.app.get(AgendaService).dispatchDueAgendas();
      expect((await session(first.id)).status).toBe('planned');
      expect(await agendaDue(first.id)).toEqual([new Date('2026-03-09T08:40:00Z')]);
    });
  });

  describe('the protected share under pressure', () => {
    let seriesId: string;
    let sessionId: string;
    let nextSessionId: string;
    let themes: string[];

    beforeAll(async () => {
      t.clock.set('2026-03-01T09:00:00Z');
      themes = [];
      for (const [title, last] of [
        ['Rolvastheid in de driehoek', '2026-01-10T10:00:00Z'],
        ['Lerende cultuur', null],
        ['Uitvoerbaarheid van beleid', '2025-11-01T10:00:00Z'],
      ] as const)
        themes.push(
          await insertTheme(t.db, {
            organisationId: org.organisationId,
            ownerId: org.lead.id,
            title,
            lastDiscussedAt: last,
          }),
        );
      for (let i = 1; i <= 30; i++)
        await insertIncident(t.db, {
          organisationId: org.organisationId,
          chainId,
          reportedById: org.member.id,
          title: `Storing ${String(i).padStart(2, '0')}`,
          severity: 'critical',
          publicAttention: i <= 5 ? 'national' : 'local',
          reportedAt: `2026-02-${String((i % 27) + 1).padStart(2, '0')}T12:00:00Z`,
        });
      const leak = await insertIncident(t.db, {
        organisationId: org.organisationId,
        chainId,
        reportedById: org.member.id,
        title: 'Datalek bij familie Jansen',
        severity: 'critical',
        publicAttention: 'parliamentary',
        confidentiality: 'confidential',
        reportedAt: '2026-02-20T12:00:00Z',
      });
      // A draft lesson drawn from it waits for validation: as confidential as the incident.
      await t.db.query(
        `INSERT INTO lessons (organisation_id, chain_id, source_type, source_id, title, addressed_role, drawn_by_id)
         VALUES ($1, $2, 'incident', $3, 'Les uit het datalek bij Jansen', 'all', $4)`,
        [org.organisationId, chainId, leak, org.member.id],
      );
      await insertOverdueAction(t.db, {
        organisationId: org.organisationId,
        chainId,
        personId: org.member.id,
        dueDate: '2026-02-01',
      });
      const series = await createSeries({ title: 'Onder druk' });
      seriesId = series.id;
      [{ id: sessionId }, { id: nextSessionId }] = await sessionsOf(series.id);
    });

    it('keeps at least the protected share for learning with 31 critical incidents', async () => {
      const agenda = await compile(sessionId);
      expect(agenda).toEqual(
        expect.objectContaining({
          sessionMinutes: 90,
          protectedMinutes: 36,
          status: 'planned',
          agendaSentAt: null,
        }),
      );
      expect(agenda.learningMinutes).toBeGreaterThanOrEqual(36);
      expect(agenda.totalMinutes).toBeLessThanOrEqual(90);
      const incidents = agenda.items.filter((i: any) => i.kind === 'incident');
      expect(incidents.reduce((n: number, i: any) => n + i.timeboxMinutes, 0)).toBeLessThanOrEqual(54);
      expect(agenda.items.map((i: any) => i.position)).toEqual(
        agenda.items.map((_: unknown, n: number) => n + 1),
      );
      // Least recently discussed themes first: never, then November, then January.
      expect(agenda.items.filter((i: any) => i.kind === 'theme').map((i: any) => i.referenceId)).toEqual([
        themes[1],
        themes[2],
      ]);
      // The confidential incident ranks first (parliamentary attention) but without its title.
      expect(incidents[0].title).toBe('Vertrouwelijk incident (critical)');
      expect(agenda.items.map((i: any) => i.title)).toContain(
        'Les ter validatie: Les uit een vertrouwelijk incident',
      );
      expect(JSON.stringify(agenda)).not.toContain('Jansen');
      expect(agenda.items.find((i: any) => i.kind === 'action-review').title).toBe(
        'Verlopen acties bespreken (1)',
      );
      // What did not fit waits in the backlog.
      const waiting = await backlog(seriesId);
      expect(waiting).toHaveLength(31 - incidents.length);
      expect(
        waiting.every((i) => i.kind === 'incident' && i.status === 'carried-over' && i.carryOverCount === 1),
      ).toBe(true);
    });

    it('gives the same agenda when compiled again', async () => {
      const first = await compile(sessionId);
      const waitingBefore = await backlog(seriesId);
      const again = await compile(sessionId);
      expect(again.items.map((i: any) => [i.id, i.position, i.title])).toEqual(
        first.items.map((i: any) => [i.id, i.position, i.title]),
      );
      const waitingAfter = await backlog(seriesId);
      expect(waitingAfter.map((i) => [i.id, i.carryOverCount])).toEqual(
        waitingBefore.map((i) => [i.id, i.carryOverCount]),
      );
      await t.http
        .post(`/v1/reflection-sessions/${sessionId}/agenda`)
        .set(bearer(org.member.token))
        .expect(403);
      await t.http
        .post(`/v1/reflection-sessions/${sessionId}/agenda`)
        .set(bearer(other.admin.token))
        .expect(404);
    });

    it("keeps what a lead changed, and a sent agenda's items, when it is compiled again", async () => {
      const series = await createSeries({ title: 'Eigen hand' });
      const [first] = await sessionsOf(series.id);
      const compiled = await compile(first.id);
      const [rewritten, ...rest] = compiled.items;
      const changed = await t.http
        .patch(`/v1/agenda-items/${rewritten.id}`)
        .set(bearer(org.lead.token))
        .send({ title: 'Eigen titel van de voorzitter', timeboxMinutes: 7, version: rewritten.version })
        .expect(200);
      expect(changed.body.origin).toBe('manual');
      const again = await compile(first.id);
      expect(again.items.find((i: any) => i.id === rewritten.id)).toEqual(
        expect.objectContaining({ title: 'Eigen titel van de voorzitter', timeboxMinutes: 7 }),
      );
      // Sent, then an item added: compiled again, everything that went out stays on it.
      const current = await session(first.id);
      await t.http
        .patch(`/v1/reflection-sessions/${first.id}`)
        .set(bearer(org.lead.token))
        .send({ status: 'agenda-sent', version: current.version })
        .expect(200);
      const sent = (
        await t.http.get(`/v1/reflection-sessions/${first.id}/agenda`).set(bearer(org.lead.token))
      ).body;
      const free = 90 - sent.totalMinutes;
      expect(free).toBeGreaterThan(0);
      await t.http
        .post('/v1/agenda-items')
        .set(bearer(org.lead.token))
        .send({ sessionId: first.id, kind: 'custom', title: 'Rondvraag', timeboxMinutes: Math.min(free, 3) })
        .expect(201);
      // Waiting in the backlog since two agendas: it would come first on an agenda compiled anew.
      await t.db.query(
        `INSERT INTO agenda_items (organisation_id, series_id, kind, title, timebox_minutes, status, origin,
           carry_over_count)
         VALUES ($1, $2, 'custom', 'Al twee keer doorgeschoven', 30, 'carried-over', 'manual', 2)`,
        [org.organisationId, series.id],
      );
      const resent = await compile(first.id);
      expect(resent.items.map((i: any) => i.id)).toEqual(
        expect.arrayContaining(sent.items.map((i: any) => i.id)),
      );
      expect(resent.items.map((i: any) => i.title)).toContain('Rondvraag');
      expect(rest.length).toBeGreaterThan(0);
    });

    it('keeps a sent agenda as it went out when compiled again: its order, its items under a larger share, no new mail', async () => {
      const series = await createSeries({ title: 'Verzonden blijft verzonden' });
      const [first] = await sessionsOf(series.id);
      await compile(first.id);
      await t.http
        .patch(`/v1/reflection-sessions/${first.id}`)
        .set(bearer(org.lead.token))
        .send({ status: 'agenda-sent', version: (await session(first.id)).version })
        .expect(200);
      const read = async () =>
        (
          await t.http
            .get(`/v1/reflection-sessions/${first.id}/agenda`)
            .set(bearer(org.lead.token))
            .expect(200)
        ).body;
      const sent = await read();
      const mails = async () =>
        (
          await t.db.query(
            `SELECT count(*)::int AS n FROM notifications WHERE subject_id = $1 AND kind = 'agenda'`,
            [first.id],
          )
        )[0].n;
      const [mailed, sequence] = [await mails(), (await session(first.id)).icalSequence];
      const shape = (agenda: any) => agenda.items.map((i: any) => [i.id, i.position]);
      // Nothing changed: the same agenda in the same order, not sent again.
      expect(shape(await compile(first.id))).toEqual(shape(sent));
      expect([await mails(), (await session(first.id)).icalSequence]).toEqual([mailed, sequence]);
      // A larger protected share: what went out stays on it all the same, in its order.
      expect(sent.items.some((i: any) => !i.learning)).toBe(true);
      await t.http
        .patch(`/v1/reflection-series/${series.id}`)
        .set(bearer(org.lead.token))
        .send({ protectedShare: 0.9, version: series.version })
        .expect(200);
      expect(shape(await compile(first.id))).toEqual(shape(sent));
    });

    it("carries over from a postponed session's compilation as from its own: the replacement is the same meeting", async () => {
      const series = await createSeries({ title: 'Uitgesteld onder druk' });
      const [first] = await sessionsOf(series.id);
      const compiled = await compile(first.id);
      const waiting = await backlog(series.id);
      expect(waiting.length).toBeGreaterThan(0);
      await t.http
        .patch(`/v1/reflection-sessions/${first.id}`)
        .set(bearer(org.lead.token))
        .send({
          status: 'postponed',
          postponedTo: '2026-03-10T10:00:00+01:00',
          reason: 'Kamerdebat',
          version: (await session(first.id)).version,
        })
        .expect(200);
      const replacement = (await sessionsOf(series.id)).find((s) => s.rescheduledFromId === first.id);
      const recompiled = await compile(replacement.id);
      // The same register, the same meeting: the same agenda, and nothing waited a second time.
      const shape = (agenda: any) => agenda.items.map((i: any) => [i.kind, i.referenceId, i.timeboxMinutes]);
      expect(shape(recompiled)).toEqual(shape(compiled));
      expect((await backlog(series.id)).map((i) => [i.referenceId, i.carryOverCount])).toEqual(
        waiting.map((i) => [i.referenceId, 1]),
      );
    });

    it('puts carried-over items first next time, after the session was held', async () => {
      const compiled = await compile(sessionId);
      const waiting = await backlog(seriesId);
      t.clock.set('2026-03-09T11:00:00Z');
      const current = await session(sessionId);
      await t.http
        .patch(`/v1/reflection-sessions/${sessionId}`)
        .set(bearer(org.lead.token))
        .send({ status: 'held', version: current.version })
        .expect(200);
      const discussed = await t.db.query(`SELECT id, last_discussed_at FROM themes WHERE id = ANY($1)`, [
        themes,
      ]);
      expect(
        discussed.filter((d) => d.last_discussed_at?.toISOString() === '2026-03-09T09:00:00.000Z'),
      ).toHaveLength(compiled.items.filter((i: any) => i.kind === 'theme').length);

      const next = await compile(nextSessionId);
      expect(next.learningMinutes).toBeGreaterThanOrEqual(36);
      // Carried-over incidents come first; the incidents since the held session are new to nobody.
      const firstItems = next.items.slice(0, 2);
      expect(firstItems.every((i: any) => i.kind === 'incident' && i.carryOverCount === 1)).toBe(true);
      // In their rank among themselves (all critical): national before local, then the oldest.
      const ranked: { id: string }[] = await t.db.query(
        `SELECT id FROM incidents WHERE id = ANY($1)
         ORDER BY CASE public_attention WHEN 'national' THEN 0 ELSE 1 END, occurred_at, id LIMIT 2`,
        [waiting.map((i) => i.referenceId)],
      );
      expect(firstItems.map((i: any) => i.referenceId)).toEqual(ranked.map((r) => r.id));
      // The theme discussed longest ago now is the one not discussed last week.
      expect(next.items.find((i: any) => i.kind === 'theme').referenceId).toBe(themes[0]);
    });
  });

  it('ranks incidents carried over together as it ranks new ones: a critical one is not left behind', async () => {
    t.clock.set('2026-03-01T09:00:00Z');
    const roads = (
      await t.http.post('/v1/chains').set(bearer(org.admin.token)).send({ name: 'Wegen' }).expect(201)
    ).body.id;
    const incident = (title: string, severity: string, publicAttention: string, day: number) =>
      insertIncident(t.db, {
        organisationId: org.organisationId,
        chainId: roads,
        reportedById: org.member.id,
        title,
        severity,
        publicAttention,
        reportedAt: `2026-02-${String(day).padStart(2, '0')}T12:00:00Z`,
      });
    const first = [
      await incident('Brug N-weg dicht', 'critical', 'parliamentary', 2),
      await incident('Tunnel N-weg dicht', 'critical', 'parliamentary', 3),
    ];
    for (let i = 1; i <= 12; i++) await incident(`Kuil in fietspad ${i}`, 'low', 'none', 5 + i);
    const critical = await incident('Kamervragen over de N-weg', 'critical', 'parliamentary', 25);
    const series = await createSeries({
      chainId: roads,
      title: 'Ketenreflectie Wegen',
      durationMinutes: 30,
      protectedShare: 0,
    });
    const [one, two] = await sessionsOf(series.id);
    expect((await compile(one.id)).items.map((i: any) => i.referenceId)).toEqual(first);
    // Everything else was carried over from that one agenda, at once: the critical one first.
    const next = await compile(two.id);
    expect(next.items[0]).toEqual(expect.objectContaining({ referenceId: critical, carryOverCount: 1 }));
    expect(next.items.slice(1).every((i: any) => i.title.startsWith('Kuil in fietspad'))).toBe(true);
  });

  it('keeps a dropped subject off: a theme off that session, an incident off the series', async () => {
    t.clock.set('2026-03-01T09:00:00Z');
    const { chain: water, incidentId: flood } = await chainWithWork(
      'Water',
      'Dijk bij Lobith lekt',
      'Waterveiligheid',
    );
    const series = await createSeries({ chainId: water, title: 'Ketenreflectie Water', durationMinutes: 60 });
    const [one, two] = await sessionsOf(series.id);
    const first = await compile(one.id);
    const theme = first.items.find((i: any) => i.kind === 'theme');
    const incident = first.items.find((i: any) => i.referenceId === flood);
    for (const item of [theme, incident])
      await t.http
        .patch(`/v1/agenda-items/${item.id}`)
        .set(bearer(org.lead.token))
        .send({ status: 'dropped', version: item.version })
        .expect(200);
    const again = await compile(one.id);
    expect(again.items.map((i: any) => i.referenceId)).not.toContain(theme.referenceId);
    expect(again.items.map((i: any) => i.referenceId)).not.toContain(flood);
    // Postponed, the session takes what was dropped from it along: the theme stays off there too.
    const current = await session(one.id);
    await t.http
      .patch(`/v1/reflection-sessions/${one.id}`)
      .set(bearer(org.lead.token))
      .send({
        status: 'postponed',
        postponedTo: '2026-03-11T10:00:00+01:00',
        reason: 'Storm',
        version: current.version,
      })
      .expect(200);
    const [replacement] = (await sessionsOf(series.id)).filter((s: any) => s.rescheduledFromId === one.id);
    const moved = await compile(replacement.id);
    expect(moved.items.map((i: any) => i.referenceId)).not.toContain(theme.referenceId);
    expect(moved.items.map((i: any) => i.referenceId)).not.toContain(flood);
    // The next session: the theme may come back by rotation, the dropped incident does not.
    const next = await compile(two.id);
    expect(next.items.map((i: any) => i.referenceId)).not.toContain(flood);
  });

  it('keeps an agenda that went out within its session when items are added or lengthened by hand', async () => {
    t.clock.set('2026-03-01T09:00:00Z');
    const { chain: port } = await chainWithWork('Haven', 'Sluis defect', 'Havenbeheer');
    const series = await createSeries({ chainId: port, title: 'Ketenreflectie Haven', durationMinutes: 30 });
    const [one] = await sessionsOf(series.id);
    const compiled = await compile(one.id);
    await t.db.query(
      `UPDATE reflection_sessions SET status = 'agenda-sent', agenda_sent_at = now() WHERE id = $1`,
      [one.id],
    );
    const free = 30 - compiled.totalMinutes;
    const add = (timeboxMinutes: number) =>
      t.http
        .post('/v1/agenda-items')
        .set(bearer(org.lead.token))
        .send({ sessionId: one.id, kind: 'custom', title: 'Rondvraag', timeboxMinutes });
    const refused = await add(free + 1).expect(409);
    expect(refused.body.detail).toBe(
      `The agenda of this session would take 31 of its 30 minutes; shorten or drop another item first.`,
    );
    const longest = compiled.items[0];
    const lengthen = await t.http
      .patch(`/v1/agenda-items/${longest.id}`)
      .set(bearer(org.lead.token))
      .send({ timeboxMinutes: longest.timeboxMinutes + free + 1, version: longest.version });
    expect(lengthen.status).toBe(409);
    const total = async () =>
      (
        await t.db.query(
          `SELECT coalesce(sum(timebox_minutes), 0)::int AS n FROM agenda_items
           WHERE session_id = $1 AND status IN ('proposed', 'scheduled')`,
          [one.id],
        )
      )[0].n;
    expect(await total()).toBe(compiled.totalMinutes);
    // What fits is taken; shortening is always possible.
    if (free > 0) await add(free).expect(201);
    await t.http
      .patch(`/v1/agenda-items/${longest.id}`)
      .set(bearer(org.lead.token))
      .send({ timeboxMinutes: 5, version: longest.version })
      .expect(200);
    expect(await total()).toBeLessThanOrEqual(30);
  });

  describe('agenda items', () => {
    let seriesId: string;
    let sessions: any[];

    beforeAll(async () => {
      t.clock.set('2026-03-01T09:00:00Z');
      const series = await createSeries({
        title: 'Met eigen punten',
        chainId: null,
        kind: 'team',
        participantIds: [],
      });
      seriesId = series.id;
      sessions = await sessionsOf(seriesId);
    });

    it('takes hand-picked items on the backlog or a session and puts them on the next agenda', async () => {
      const custom = await t.http
        .post('/v1/agenda-items')
        .set(bearer(org.lead.token))
        .send({ seriesId, kind: 'custom', title: 'Terugblik op het jaarplan', timeboxMinutes: 20 })
        .expect(201);
      expect(custom.body).toEqual(
        expect.objectContaining({
          seriesId,
          sessionId: null,
          status: 'proposed',
          origin: 'manual',
          learning: false,
          position: null,
          createdById: org.lead.id,
          version: 1,
        }),
      );
      const themeId = await insertTheme(t.db, {
        organisationId: org.organisationId,
        ownerId: org.lead.id,
        title: 'Eigen thema',
        lastDiscussedAt: '2026-02-27T10:00:00Z',
      });
      const onSession = await t.http
        .post('/v1/agenda-items')
        .set(bearer(org.lead.token))
        .send({ sessionId: sessions[0].id, kind: 'theme', referenceId: themeId, title: 'Ons eigen thema' })
        .expect(201);
      expect(onSession.body).toEqual(
        expect.objectContaining({ seriesId, title: 'Ons eigen thema', learning: true, timeboxMinutes: 10 }),
      );
      const agenda = await compile(sessions[0].id);
      const ids = agenda.items.map((i: any) => i.id);
      expect(ids).toEqual(expect.arrayContaining([custom.body.id, onSession.body.id]));
      // Hand-picked learning items come before compiled ones.
      expect(agenda.items.findIndex((i: any) => i.id === onSession.body.id)).toBe(0);
      const listed = await t.http
        .get(`/v1/agenda-items?sessionId=${sessions[0].id}&status=scheduled&kind=custom`)
        .set(bearer(org.member.token))
        .expect(200);
      expect(listed.body.items.map((i: any) => i.id)).toEqual([custom.body.id]);
      const shown = await t.http
        .get(`/v1/reflection-sessions/${sessions[0].id}/agenda`)
        .set(bearer(org.member.token))
        .expect(200);
      expect(shown.body.items.map((i: any) => i.id)).toEqual(ids);
      expect(shown.body.totalMinutes).toBe(agenda.totalMinutes);

      // Each item the compilation put on the session is in the audit log, as the lead's change:
      // the backlog item moved there, the compiled ones made.
      const events = await t.db.query(
        `SELECT entity_id, action, actor_id, changes FROM audit_events
         WHERE entity_type = 'agenda-item' AND entity_id = ANY($1) ORDER BY occurred_at, id`,
        [ids],
      );
      const moved = events.filter((e: any) => e.entity_id === custom.body.id).map((e: any) => e.action);
      expect(moved).toEqual(['create', 'update']);
      const movedEvent = events.find((e: any) => e.entity_id === custom.body.id && e.action === 'update');
      expect(movedEvent.changes).toEqual(
        expect.objectContaining({
          sessionId: { from: null, to: sessions[0].id },
          status: { from: 'proposed', to: 'scheduled' },
        }),
      );
      const compiled = ids.filter((id: string) => id !== custom.body.id && id !== onSession.body.id);
      expect(compiled.length).toBeGreaterThan(0);
      for (const id of compiled)
        expect(events.filter((e: any) => e.entity_id === id).map((e: any) => e.action)).toEqual(['create']);
      expect(events.every((e: any) => e.actor_id === org.lead.id)).toBe(true);
    });

    it('hides the title of a confidential incident, its lesson and their actions, even when one is given', async () => {
      const incidentId = await insertIncident(t.db, {
        organisationId: org.organisationId,
        chainId,
        reportedById: org.member.id,
        title: 'Gegevens van De Vries gelekt',
        severity: 'high',
        confidentiality: 'confidential',
        reportedAt: '2026-02-25T10:00:00Z',
      });
      // Each picked by hand with a telling title, which the agenda does not take.
      const titleOnAgenda = async (kind: string, referenceId: string, title: string) =>
        (
          await t.http
            .post('/v1/agenda-items')
            .set(bearer(org.lead.token))
            .send({ seriesId, kind, referenceId, title })
            .expect(201)
        ).body.title;
      expect(await titleOnAgenda('incident', incidentId, 'Lek De Vries')).toBe(
        'Vertrouwelijk incident (high)',
      );
      const [lesson] = await t.db.query(
        `INSERT INTO lessons (organisation_id, chain_id, source_type, source_id, title, addressed_role, drawn_by_id)
         VALUES ($1, $2, 'incident', $3, 'Les uit het lek bij De Vries', 'all', $4) RETURNING id`,
        [org.organisationId, chainId, incidentId, org.member.id],
      );
      expect(await titleOnAgenda('lesson', lesson.id, 'Les De Vries')).toBe(
        'Les uit een vertrouwelijk incident',
      );
      for (const [sourceType, sourceId] of [
        ['incident', incidentId],
        ['lesson', lesson.id],
      ]) {
        const [action] = await t.db.query(
          `INSERT INTO actions (organisation_id, chain_id, source_type, source_id, description, assignee_id, due_date, created_by_id)
           VALUES ($1, $2, $3, $4, 'De Vries opnieuw informeren', $5, '2026-04-01', $5) RETURNING id`,
          [org.organisationId, chainId, sourceType, sourceId, org.member.id],
        );
        expect(await titleOnAgenda('action-review', action.id, 'Actie De Vries')).toBe(
          'Actie uit een vertrouwelijk incident',
        );
      }
    });

    it('changes, drops and deletes items', async () => {
      const item = await t.http
        .post('/v1/agenda-items')
        .set(bearer(org.lead.token))
        .send({ seriesId, kind: 'custom', title: 'Rondvraag' })
        .expect(201);
      const moved = await t.http
        .patch(`/v1/agenda-items/${item.body.id}`)
        .set(bearer(org.lead.token))
        .send({ sessionId: sessions[1].id, timeboxMinutes: 5, version: 1 })
        .expect(200);
      expect(moved.body).toEqual(
        expect.objectContaining({ sessionId: sessions[1].id, timeboxMinutes: 5, version: 2 }),
      );
      await t.http
        .patch(`/v1/agenda-items/${item.body.id}`)
        .set(bearer(org.lead.token))
        .send({ status: 'dropped', version: 1 })
        .expect(409);
      const dropped = await t.http
        .patch(`/v1/agenda-items/${item.body.id}`)
        .set(bearer(org.lead.token))
        .send({ status: 'dropped', version: 2 })
        .expect(200);
      expect(dropped.body.status).toBe('dropped');
      await t.http
        .patch(`/v1/agenda-items/${item.body.id}`)
        .set(bearer(org.lead.token))
        .send({ status: 'discussed', version: 3 })
        .expect(400);
      await t.http.delete(`/v1/agenda-items/${item.body.id}`).set(bearer(org.member.token)).expect(403);
      await t.http.delete(`/v1/agenda-items/${item.body.id}`).set(bearer(org.lead.token)).expect(204);
      await t.http.get(`/v1/agenda-items/${item.body.id}`).set(bearer(org.lead.token)).expect(404);
      const audit = await t.db.query(
        `SELECT action FROM audit_events WHERE entity_id = $1 ORDER BY occurred_at`,
        [item.body.id],
      );
      expect(audit.map((a) => a.action)).toEqual(['create', 'update', 'update', 'delete']);
    });

    describe('refuses bad input and writes nothing', () => {
      const base = () => ({ seriesId, kind: 'custom', title: 'Iets' });
      const cases: [string, () => Record<string, unknown>, number, string | null][] = [
        ['an unknown kind', () => ({ ...base(), kind: 'gossip' }), 400, 'kind'],
        ['a custom item without title', () => ({ seriesId, kind: 'custom' }), 400, 'title'],
        [
          'a custom item with a reference',
          () => ({ ...base(), referenceId: sessions[0].id }),
          400,
          'referenceId',
        ],
        ['a theme without reference', () => ({ seriesId, kind: 'theme' }), 400, 'referenceId'],
        ['a zero timebox', () => ({ ...base(), timeboxMinutes: 0 }), 400, 'timeboxMinutes'],
        ['a timebox as text', () => ({ ...base(), timeboxMinutes: '10' }), 400, 'timeboxMinutes'],
        ['a too long title', () => ({ ...base(), title: 'x'.repeat(301) }), 400, 'title'],
        ['neither series nor session', () => ({ kind: 'custom', title: 'x' }), 400, 'seriesId'],
        ['an unknown property', () => ({ ...base(), urgent: true }), 400, 'urgent'],
        [
          'a theme that does not exist',
          () => ({ seriesId, kind: 'theme', referenceId: sessions[0].id }),
          422,
          'referenceId',
        ],
        [
          'a series of another organisation',
          () => ({ ...base(), seriesId: '00000000-0000-4000-8000-000000000001' }),
          422,
          'seriesId',
        ],
      ];
      it.each(cases)('%s', async (_name, body, status, field) => {
        const before = await t.db.query(`SELECT count(*)::int AS n FROM agenda_items`);
        const response = await t.http
          .post('/v1/agenda-items')
          .set(bearer(org.lead.token))
          .send(body())
          .expect(status);
        expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
        if (field) expect(response.body.invalidParams.map((p: { name: string }) => p.name)).toContain(field);
        expect(await t.db.query(`SELECT count(*)::int AS n FROM agenda_items`)).toEqual(before);
      });

      it("refuses another organisation's theme as 422 and a member as 403", async () => {
        const foreign = await insertTheme(t.db, {
          organisationId: other.organisationId,
          ownerId: other.lead.id,
          title: 'Elders',
        });
        await t.http
          .post('/v1/agenda-items')
          .set(bearer(org.lead.token))
          .send({ seriesId, kind: 'theme', referenceId: foreign })
          .expect(422);
        await t.http.post('/v1/agenda-items').set(bearer(org.member.token)).send(base()).expect(403);
        await t.http.post('/v1/agenda-items').set(bearer(other.lead.token)).send(base()).expect(422);
      });

      it('refuses items for a session whose outcome is recorded', async () => {
        const last = sessions[4];
        await t.http
          .patch(`/v1/reflection-sessions/${last.id}`)
          .set(bearer(org.lead.token))
          .send({ status: 'cancelled', reason: 'Zomerstop', version: last.version })
          .expect(200);
        await t.http
          .post('/v1/agenda-items')
          .set(bearer(org.lead.token))
          .send({ sessionId: last.id, kind: 'custom', title: 'Te laat' })
          .expect(409);
        await t.http
          .post(`/v1/reflection-sessions/${last.id}/agenda`)
          .set(bearer(org.lead.token))
          .expect(409);
      });
    });
  });
});
