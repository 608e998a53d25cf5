import { AgendaService } from '@app/domain/reflection/agenda.service';
import { EscalationService } from '@app/domain/reflection/escalation.service';
import { Client } from 'pg';
import { bearer, createOrganisation, createPerson, OrgFixture } from './support/fixtures';
import { waitForLockWaiters } from './support/lock-waiters';
import { createChainWithTriangle, insertTheme, subscribeWebhook } from './support/reflection-fixtures';
import { startTestApp, TestApp } from './support/test-app';

describe('reflection sessions: outcomes, postponement, cancellation and escalation', () => {
  let t: TestApp;
  let org: OrgFixture;
  let participant: { id: string; token: string };

  const createSeries = async (fixture: OrgFixture, extra: Record<string, unknown> = {}) => {
    const response = await t.http
      .post('/v1/reflection-series')
      .set(bearer(fixture.lead.token))
      .send({
        title: 'Reflectie',
        kind: 'team',
        chairId: fixture.lead.id,
        rrule: 'FREQ=WEEKLY;BYDAY=MO',
        firstStart: '2026-03-02T10:00:00+01:00',
        durationMinutes: 90,
        reminderOffsets: ['P1D', 'PT1H'],
        ...extra,
      })
      .expect(201);
    return response.body;
  };

  const sessions = async (seriesId: string, query = '', token = org.member.token): Promise<any[]> => {
    const response = await t.http
      .get(`/v1/reflection-series/${seriesId}/sessions?pageSize=100${query}`)
      .set(bearer(token))
      .expect(200);
    return response.body.items;
  };

  const notifications = (subjectId: string): Promise<any[]> =>
    t.db.query(
      `SELECT kind, channel, recipient_id, status, due_at, dedupe_key, payload FROM notifications
       WHERE subject_id = $1 ORDER BY kind, dedupe_key`,
      [subjectId],
    );

  const patch = (id: string, body: Record<string, unknown>, token = org.lead.token) =>
    t.http.patch(`/v1/reflection-sessions/${id}`).set(bearer(token)).send(body);

  /** A lesson and an action drawn from a session, prepared for it. */
  const followUp = async (sessionId: string) => {
    const lesson = await t.http
      .post('/v1/lessons')
      .set(bearer(org.member.token))
      .send({
        sourceType: 'reflection-session',
        sourceId: sessionId,
        title: 'Voorbereide les',
        addressedRole: 'all',
      })
      .expect(201);
    const action = await t.http
      .post('/v1/actions')
      .set(bearer(org.member.token))
      .send({
        sourceType: 'reflection-session',
        sourceId: sessionId,
        description: 'Cijfers verzamelen',
        assigneeId: org.member.id,
        dueDate: '2026-03-20',
      })
      .expect(201);
    return { lesson: lesson.body, action: action.body };
  };

  /** The update events of these entities: who changed what. */
  const updatesOf = (ids: string[]): Promise<{ entity_id: string; actor_id: string; changes: any }[]> =>
    t.db.query(
      `SELECT entity_id, actor_id, changes FROM audit_events
       WHERE entity_id = ANY($1::uuid[]) AND action = 'update' ORDER BY occurred_at, id`,
      [ids],
    );

  beforeAll(async () => {
    t = await startTestApp();
    t.clock.set('2026-03-01T09:00:00Z');
    org = await createOrganisation(t.http, t.systemToken);
    participant = await createPerson(t.http, org.admin.token, {
      name: 'Pia Deelnemer',
      accessRole: 'member',
    });
  });
  afterAll(() => t.close());
  beforeEach(() => t.clock.set('2026-03-01T09:00:00Z'));

  it('lists sessions by status and period, and shows one to members', async () => {
    const series = await createSeries(org, { participantIds: [participant.id] });
    const march = await sessions(series.id, '&from=2026-03-01T00:00:00Z&to=2026-04-01T00:00:00%2B02:00');
    expect(march.map((s) => s.scheduledAt)).toEqual([
      '2026-03-02T09:00:00.000Z',
      '2026-03-09T09:00:00.000Z',
      '2026-03-16T09:00:00.000Z',
      '2026-03-23T09:00:00.000Z',
      '2026-03-30T08:00:00.000Z',
    ]);
    const one = await t.http
      .get(`/v1/reflection-sessions/${march[0].id}`)
      .set(bearer(org.member.token))
      .expect(200);
    expect(one.body).toEqual(
      expect.objectContaining({
        seriesId: series.id,
        status: 'planned',
        occurrenceStart: '2026-03-02T09:00:00.000Z',
        endsAt: '2026-03-02T10:30:00.000Z',
        decisions: [],
        attendeeIds: [],
        icalSequence: 0,
        version: 1,
      }),
    );
    expect(await sessions(series.id, '&status=held')).toEqual([]);
    await t.http
      .get(`/v1/reflection-series/${series.id}/sessions?status=done`)
      .set(bearer(org.member.token))
      .expect(400);
    // Dates are Dutch days, both included: the session of 30 March at 10:00 (08:00 UTC) is in March.
    expect(await sessions(series.id, '&from=2026-03-01&to=2026-03-31')).toEqual(march);
    expect((await sessions(series.id, '&from=2026-03-30&to=2026-03-30')).map((s) => s.id)).toEqual([
      march[4].id,
    ]);
    for (const period of ['from=2026-03-32', 'from=2026-03-02&to=2026-03-01'])
      await t.http
        .get(`/v1/reflection-series/${series.id}/sessions?${period}`)
        .set(bearer(org.member.token))
        .expect(400);
    await t.http.get('/v1/reflection-sessions/not-a-uuid').set(bearer(org.member.token)).expect(400);
  });

  it('reads a plain date in from/to as a day where the series meets', async () => {
    // Monday 20:00 in New York is Tuesday 02:00 in Amsterdam.
    const series = await createSeries(org, {
      title: 'Overleg New York',
      timeZone: 'America/New_York',
      firstStart: '2026-03-02T20:00:00-05:00',
    });
    const first = await sessions(series.id, '&from=2026-03-02&to=2026-03-02');
    expect(first.map((s) => s.scheduledAt)).toEqual(['2026-03-03T01:00:00.000Z']);
    expect(await sessions(series.id, '&from=2026-03-03&to=2026-03-03')).toEqual([]);
    // Whether a period is reversed is read in the series' zone too: 3 March 01:00Z is still the
    // 2nd in New York, so this period holds the first session...
    const across = await sessions(series.id, '&from=2026-03-03T00:30:00Z&to=2026-03-02');
    expect(across.map((s) => s.scheduledAt)).toEqual(['2026-03-03T01:00:00.000Z']);
    // ...and this one ends (3 March 04:00Z, 23:00 on the 2nd there) before its start (the 3rd there).
    const reversed = await t.http
      .get(`/v1/reflection-series/${series.id}/sessions?from=2026-03-03&to=2026-03-03T04:00:00Z`)
      .set(bearer(org.member.token))
      .expect(400);
    expect(reversed.body.invalidParams).toEqual([{ name: 'to', reason: 'must be after from' }]);
  });

  describe('postponement', () => {
    it('creates the session at the new time with its own reminders and tells everyone', async () => {
      const series = await createSeries(org, { participantIds: [participant.id], title: 'Uitstel' });
      const [first] = await sessions(series.id);
      const response = await patch(first.id, {
        status: 'postponed',
        postponedTo: '2026-03-04T14:00:00+01:00',
        reason: 'Kamerdebat over de toeslagen',
        version: 1,
      }).expect(200);
      expect(response.body).toEqual(
        expect.objectContaining({
          status: 'postponed',
          postponedTo: '2026-03-04T13:00:00.000Z',
          statusReason: 'Kamerdebat over de toeslagen',
          outcomeRecordedAt: '2026-03-01T09:00:00.000Z',
          icalSequence: 1,
          version: 2,
        }),
      );
      const [moved] = (await sessions(series.id)).filter((s) => s.rescheduledFromId === first.id);
      expect(moved).toEqual(
        expect.objectContaining({
          status: 'planned',
          occurrenceStart: first.occurrenceStart,
          scheduledAt: '2026-03-04T13:00:00.000Z',
          endsAt: '2026-03-04T14:30:00.000Z',
        }),
      );

      const old = await notifications(first.id);
      expect(old.length).toBeGreaterThan(0);
      expect(old.every((n) => n.status === 'cancelled')).toBe(true);
      const fresh = await notifications(moved.id);
      expect(fresh.map((n) => [n.kind, n.recipient_id, n.status])).toEqual(
        expect.arrayContaining([
          ['outcome-request', org.lead.id, 'pending'],
          ['session-moved', org.lead.id, 'pending'],
          ['session-moved', participant.id, 'pending'],
        ]),
      );
      expect(fresh.filter((n) => n.kind === 'session-reminder')).toHaveLength(4);
      const movedMail = fresh.find((n) => n.kind === 'session-moved');
      expect(movedMail.due_at).toEqual(new Date('2026-03-01T09:00:00Z'));
      expect(movedMail.dedupe_key).toBe(`session:${moved.id}:moved:${movedMail.recipient_id}`);
      expect(movedMail.payload).toEqual(
        expect.objectContaining({
          scheduledAt: '2026-03-04T13:00:00.000Z',
          previousSessionId: first.id,
          previousScheduledAt: '2026-03-02T09:00:00.000Z',
          reason: 'Kamerdebat over de toeslagen',
        }),
      );

      // Its agenda falls due before the worker sent the move: the move, with its reason, still goes.
      t.clock.set('2026-03-01T13:01:00Z');
      expect(await t.app.get(AgendaService).dispatchDueAgendas()).toBeGreaterThan(0);
      const later = await notifications(moved.id);
      expect(later.filter((n) => n.kind === 'agenda').map((n) => n.status)).toEqual(['pending', 'pending']);
      expect(later.filter((n) => n.kind === 'session-moved').map((n) => n.status)).toEqual([
        'pending',
        'pending',
      ]);
      // A new place sends the agenda again, and still leaves the move to be sent.
      await t.http
        .patch(`/v1/reflection-series/${series.id}`)
        .set(bearer(org.lead.token))
        .send({ location: 'Zaal 3', version: series.version })
        .expect(200);
      const relocated = await notifications(moved.id);
      expect(relocated.filter((n) => n.kind === 'session-moved').map((n) => n.status)).toEqual([
        'pending',
        'pending',
      ]);
      expect(relocated.filter((n) => n.kind === 'agenda' && n.status === 'pending')).toHaveLength(2);
      t.clock.set('2026-03-01T09:00:00Z');

      // The outcome is final; the meeting lives on in the new session.
      const again = await patch(first.id, { status: 'held', version: 2 }).expect(409);
      expect(again.body.allowedNextStates).toEqual([]);
      expect(again.body.detail).toMatch(/postponed session cannot become held/);
    });

    it('moves the lessons and actions drawn from it to the session that replaces it', async () => {
      const series = await createSeries(org, { title: 'Uitstel met vervolg' });
      const [first] = await sessions(series.id);
      const { lesson, action } = await followUp(first.id);
      await patch(first.id, {
        status: 'postponed',
        postponedTo: '2026-03-04T14:00:00+01:00',
        reason: 'Crisisoverleg',
        version: 1,
      }).expect(200);
      const [moved] = (await sessions(series.id)).filter((s) => s.rescheduledFromId === first.id);
      // Each a change: a new version, so an edit made with the old one is refused, and audited.
      const lessonNow = await t.http
        .get(`/v1/lessons/${lesson.id}`)
        .set(bearer(org.member.token))
        .expect(200);
      expect(lessonNow.body).toEqual(
        expect.objectContaining({ sourceId: moved.id, version: lesson.version + 1 }),
      );
      expect(lessonNow.body.source.title).toBe('Uitstel met vervolg (2026-03-04)');
      await t.http
        .patch(`/v1/lessons/${lesson.id}`)
        .set(bearer(org.member.token))
        .send({ title: 'Met de oude versie', version: lesson.version })
        .expect(409);
      const actionNow = await t.http
        .get(`/v1/actions/${action.id}`)
        .set(bearer(org.member.token))
        .expect(200);
      expect(actionNow.body).toEqual(
        expect.objectContaining({ sourceId: moved.id, chainId: action.chainId, version: action.version + 1 }),
      );
      const audited = await updatesOf([lesson.id, action.id]);
      expect(audited).toHaveLength(2);
      expect(audited).toEqual(
        expect.arrayContaining([
          {
            entity_id: lesson.id,
            actor_id: org.lead.id,
            changes: { sourceId: { from: first.id, to: moved.id } },
          },
          {
            entity_id: action.id,
            actor_id: org.lead.id,
            changes: { sourceId: { from: first.id, to: moved.id } },
          },
        ]),
      );
      const left = await t.http
        .get(`/v1/lessons?sourceId=${first.id}`)
        .set(bearer(org.member.token))
        .expect(200);
      expect(left.body.items).toEqual([]);
      const leftActions = await t.http
        .get(`/v1/actions?sourceId=${first.id}`)
        .set(bearer(org.member.token))
        .expect(200);
      expect(leftActions.body.items).toEqual([]);
    });

    it('refuses a time the series already meets, so nobody is invited to two meetings at once', async () => {
      const series = await createSeries(org, { title: 'Geen dubbele afspraak' });
      const [first, second] = await sessions(series.id);
      const postpone = (id: string, postponedTo: string) =>
        patch(id, { status: 'postponed', postponedTo, reason: 'Drukte', version: 1 });
      // 9 March 10:00-11:30: the second session. Half an hour before it ends overlaps too.
      for (const postponedTo of ['2026-03-09T10:00:00+01:00', '2026-03-09T09:00:00+01:00']) {
        const refused = await postpone(first.id, postponedTo).expect(409);
        expect(refused.body.detail).toContain(second.id);
        expect(refused.body.invalidParams).toEqual([
          { name: 'postponedTo', reason: 'falls in another session of the series' },
        ]);
      }
      expect((await sessions(series.id)).map((s) => s.status).slice(0, 2)).toEqual(['planned', 'planned']);
      // Once that session is called off, its time is free.
      await patch(second.id, { status: 'cancelled', reason: 'Vakantie', version: 1 }).expect(200);
      await postpone(first.id, '2026-03-09T10:00:00+01:00').expect(200);
      // Ending as the next one begins is no overlap: 16 March to 23 March 8:30-10:00.
      const [, march16] = await sessions(series.id, '&status=planned');
      expect(march16.scheduledAt).toBe('2026-03-16T09:00:00.000Z');
      await postpone(march16.id, '2026-03-23T08:30:00+01:00').expect(200);
    });

    it('keeps the agenda that went out: the move carries it, and it is not compiled again', async () => {
      // Made on 28 February: the agenda of 2 March is due at once (not before the session existed).
      t.clock.set('2026-02-28T10:00:00Z');
      const series = await createSeries(org, {
        participantIds: [participant.id],
        title: 'Uitstel na agenda',
      });
      const [first] = await sessions(series.id);
      const webhook = await subscribeWebhook(t.db, org.organisationId, [
        'session.postponed',
        'agenda.published',
      ]);
      await insertTheme(t.db, {
        organisationId: org.organisationId,
        ownerId: org.lead.id,
        title: 'Vertrouwen in de uitvoering',
      });
      try {
        expect(await t.app.get(AgendaService).dispatchDueAgendas()).toBeGreaterThan(0);
        const sent = (await t.http.get(`/v1/reflection-sessions/${first.id}`).set(bearer(org.lead.token)))
          .body;
        expect(sent.status).toBe('agenda-sent');
        const items = async (sessionId: string) =>
          (
            await t.db.query(
              `SELECT id, title, position FROM agenda_items WHERE session_id = $1 ORDER BY position`,
              [sessionId],
            )
          ).map((item: { id: string; title: string; position: number }) => [
            item.id,
            item.title,
            item.position,
          ]);
        const agenda = await items(first.id);
        expect(agenda.length).toBeGreaterThan(0);
        await patch(first.id, {
          status: 'postponed',
          postponedTo: '2026-03-04T14:00:00+01:00',
          reason: 'Crisisoverleg',
          version: sent.version,
        }).expect(200);
        const [moved] = (await sessions(series.id)).filter((s) => s.rescheduledFromId === first.id);
        expect(moved).toEqual(
          expect.objectContaining({ status: 'agenda-sent', agendaSentAt: sent.agendaSentAt }),
        );
        // The replacement's creation is in the audit log, by the lead who postponed.
        const created = await t.db.query(
          `SELECT actor_id FROM audit_events WHERE entity_id = $1 AND action = 'create'`,
          [moved.id],
        );
        expect(created).toEqual([{ actor_id: org.lead.id }]);
        expect(await items(moved.id)).toEqual(agenda);
        // Each item's move is a change like any other: a new version, audited as the lead's.
        const movedItems = agenda.map((item) => item[0] as string);
        // In one transaction: the same time, so in no set order.
        const byEntity = (a: { entity_id: string }, b: { entity_id: string }) =>
          a.entity_id.localeCompare(b.entity_id);
        expect((await updatesOf(movedItems)).sort(byEntity)).toEqual(
          [...movedItems]
            .sort((a, b) => a.localeCompare(b))
            .map((id) => ({
              entity_id: id,
              actor_id: org.lead.id,
              changes: { sessionId: { from: first.id, to: moved.id } },
            })),
        );
        // Past its own agenda moment, nothing is compiled or sent for it again.
        t.clock.set('2026-03-02T12:00:00Z');
        await t.app.get(AgendaService).dispatchDueAgendas();
        expect(await items(moved.id)).toEqual(agenda);
        expect((await notifications(moved.id)).filter((n) => n.kind === 'agenda')).toEqual([]);
        expect((await notifications(moved.id)).filter((n) => n.kind === 'session-moved')).toHaveLength(2);
        // Subscribers, who had the agenda of the old session, hear where it went.
        const hooks = async (kind: string) =>
          t.db.query(
            `SELECT kind, subject_id, payload FROM notifications WHERE webhook_subscription_id = $1 AND kind = $2`,
            [webhook, kind],
          );
        const [postponed] = await hooks('session.postponed');
        // And get the agenda that went out, for the new session, as e-mail recipients get it with the move.
        const published = (await hooks('agenda.published')).find(
          (n: { subject_id: string }) => n.subject_id === moved.id,
        );
        expect(published.payload.data.agenda.items.map((i: { title: string }) => i.title)).toEqual(
          agenda.map((item) => item[1]),
        );
        expect(postponed).toEqual({
          kind: 'session.postponed',
          subject_id: first.id,
          payload: {
            event: 'session.postponed',
            data: expect.objectContaining({
              sessionId: moved.id,
              scheduledAt: '2026-03-04T13:00:00.000Z',
              previousSessionId: first.id,
              previousScheduledAt: first.scheduledAt,
              reason: 'Crisisoverleg',
            }),
          },
        });
        // A newcomer never had the session that moved: invited to this one, with its agenda.
        const newcomer = await createPerson(t.http, org.admin.token, {
          name: 'Nieuwe Deelnemer',
          accessRole: 'member',
        });
        const current = (await t.http.get(`/v1/reflection-series/${series.id}`).set(bearer(org.lead.token)))
          .body;
        await t.http
          .patch(`/v1/reflection-series/${series.id}`)
          .set(bearer(org.lead.token))
          .send({ participantIds: [participant.id, newcomer.id], version: current.version })
          .expect(200);
        const toNewcomer = (await notifications(moved.id)).filter(
          (n) => n.recipient_id === newcomer.id && ['agenda', 'session-moved'].includes(n.kind),
        );
        expect(toNewcomer.map((n) => n.kind)).toEqual(['agenda']);
        expect(toNewcomer[0].payload.agenda.items.map((i: { title: string }) => i.title)).toEqual(
          agenda.map((item) => item[1]),
        );
        expect(toNewcomer[0].payload.previousSessionId).toBeUndefined();
      } finally {
        await t.db.query(`UPDATE webhook_subscriptions SET active = false WHERE id = $1`, [webhook]);
        t.clock.set('2026-03-01T09:00:00Z');
      }
    });

    it.each([
      ['without a reason', { postponedTo: '2026-03-20T10:00:00+01:00' }, 'reason'],
      ['without a new time', { reason: 'Druk' }, 'postponedTo'],
      ['to the past', { postponedTo: '2026-02-20T10:00:00+01:00', reason: 'Druk' }, 'postponedTo'],
      [
        'to before it was to start',
        { postponedTo: '2026-03-02T09:00:00+01:00', reason: 'Druk' },
        'postponedTo',
      ],
      ['past the year ahead', { postponedTo: '9999-12-31T23:30:00Z', reason: 'Druk' }, 'postponedTo'],
      ['to a date without time', { postponedTo: '2026-03-20', reason: 'Druk' }, 'postponedTo'],
      [
        'to a fraction of a second',
        { postponedTo: '2026-03-20T10:00:00.5+01:00', reason: 'Druk' },
        'postponedTo',
      ],
      ['with minutes', { postponedTo: '2026-03-20T10:00:00+01:00', reason: 'Druk', minutes: 'x' }, 'minutes'],
    ])('refuses a postponement %s and changes nothing', async (_name, body, field) => {
      const series = await createSeries(org, { title: `Fout uitstel ${field}` });
      const [first] = await sessions(series.id);
      const before = await notifications(first.id);
      const response = await patch(first.id, { status: 'postponed', ...body, version: 1 }).expect(400);
      expect(response.body.invalidParams[0].name).toBe(field);
      const current = await t.http
        .get(`/v1/reflection-sessions/${first.id}`)
        .set(bearer(org.lead.token))
        .expect(200);
      expect(current.body).toEqual(expect.objectContaining({ status: 'planned', version: 1 }));
      expect(await notifications(first.id)).toEqual(before);
      expect((await sessions(series.id)).filter((s) => s.rescheduledFromId)).toEqual([]);
    });
  });

  it('gives a subscription that starts listening the reminders of sessions already planned', async () => {
    const fresh = await createOrganisation(t.http, t.systemToken);
    await createSeries(fresh, { title: 'Wekelijks' });
    await createSeries(fresh, { title: 'Dagelijks', rrule: 'FREQ=DAILY', reminderOffsets: ['PT30M'] });
    /** The reminder moments still ahead, as the e-mails to the chair have them. */
    const expected = (
      await t.db.query(
        `SELECT subject_id, due_at FROM notifications WHERE organisation_id = $1 AND kind = 'session-reminder'
           AND recipient_id = $2 AND status = 'pending' AND due_at > $3 ORDER BY subject_id, due_at`,
        [fresh.organisationId, fresh.lead.id, new Date('2026-03-01T09:00:00Z')],
      )
    ).map((n: { subject_id: string; due_at: Date }) => [n.subject_id, n.due_at.toISOString(), 'pending']);
    expect(expected.length).toBeGreaterThan(60);
    const planned = async (subscriptionId: string) =>
      (
        await t.db.query(
          `SELECT subject_id, due_at, status FROM notifications WHERE webhook_subscription_id = $1
           ORDER BY subject_id, due_at`,
          [subscriptionId],
        )
      ).map((n: { subject_id: string; due_at: Date; status: string }) => [
        n.subject_id,
        n.due_at.toISOString(),
        n.status,
      ]);
    const made = await t.http
      .post('/v1/webhook-subscriptions')
      .set(bearer(fresh.lead.token))
      .send({ url: 'https://hooks.example.nl/reflectie', events: ['session.reminder'] })
      .expect(201);
    expect(await planned(made.body.id)).toEqual(expected);
    // It stops listening (what was to go is cancelled), and listens again: all of it is back.
    const update = (version: number, events: string[]) =>
      t.http
        .patch(`/v1/webhook-subscriptions/${made.body.id}`)
        .set(bearer(fresh.lead.token))
        .send({ version, events })
        .expect(200);
    await update(made.body.version, ['agenda.published']);
    expect((await planned(made.body.id)).every(([, , status]: string[]) => status === 'cancelled')).toBe(
      true,
    );
    await update(made.body.version + 1, ['agenda.published', 'session.reminder']);
    expect(await planned(made.body.id)).toEqual(expected);
  });

  describe('cancellation', () => {
    it('cancels the pending messages, tells everyone and calls the webhook', async () => {
      const series = await createSeries(org, { participantIds: [participant.id], title: 'Afgelast' });
      const webhook = await subscribeWebhook(t.db, org.organisationId, ['session.cancelled']);
      const [, second] = await sessions(series.id);
      const item = await t.http
        .post('/v1/agenda-items')
        .set(bearer(org.lead.token))
        .send({ sessionId: second.id, kind: 'custom', title: 'Werkdruk', timeboxMinutes: 20 })
        .expect(201);
      const response = await patch(second.id, {
        status: 'cancelled',
        reason: 'Reorganisatie',
        version: 1,
      }).expect(200);
      expect(response.body).toEqual(
        expect.objectContaining({ status: 'cancelled', statusReason: 'Reorganisatie', icalSequence: 1 }),
      );
      const rows = await notifications(second.id);
      expect(rows.filter((n) => n.kind === 'session-reminder').every((n) => n.status === 'cancelled')).toBe(
        true,
      );
      expect(rows.find((n) => n.kind === 'outcome-request').status).toBe('cancelled');
      expect(
        rows
          .filter((n) => n.kind === 'session-cancelled')
          .map((n) => [n.recipient_id, n.status, n.dedupe_key]),
      ).toEqual(
        expect.arrayContaining([
          [org.lead.id, 'pending', `session:${second.id}:cancelled:${org.lead.id}`],
          [participant.id, 'pending', `session:${second.id}:cancelled:${participant.id}`],
        ]),
      );
      const hook = rows.find((n) => n.kind === 'session.cancelled');
      expect(hook).toEqual(expect.objectContaining({ channel: 'webhook', status: 'pending' }));
      expect(hook.dedupe_key).toBe(`webhook:${webhook}:session.cancelled:${second.id}:cancelled`);
      // Its agenda went back to the backlog as a change of each item: new version, audited.
      const back = await t.http
        .get(`/v1/agenda-items/${item.body.id}`)
        .set(bearer(org.lead.token))
        .expect(200);
      expect(back.body).toEqual(
        expect.objectContaining({ sessionId: null, status: 'carried-over', version: item.body.version + 1 }),
      );
      expect(await updatesOf([item.body.id])).toEqual([
        {
          entity_id: item.body.id,
          actor_id: org.lead.id,
          changes: {
            sessionId: { from: second.id, to: null },
            status: { from: 'proposed', to: 'carried-over' },
          },
        },
      ]);
      await t.db.query(`UPDATE webhook_subscriptions SET active = false WHERE id = $1`, [webhook]);
    });

    it('is refused while lessons or actions are drawn from the session, and changes nothing', async () => {
      const series = await createSeries(org, {
        participantIds: [participant.id],
        title: 'Afgelast met vervolg',
      });
      const [first] = await sessions(series.id);
      const { lesson, action } = await followUp(first.id);
      const pending = async () =>
        (await notifications(first.id)).filter((n) => n.status === 'pending').map((n) => n.dedupe_key);
      const before = await pending();
      const refused = await patch(first.id, {
        status: 'cancelled',
        reason: 'Geen quorum',
        version: 1,
      }).expect(409);
      expect(refused.body.detail).toContain(`1 lesson (${lesson.id}) and 1 action (${action.id})`);
      expect(refused.body.detail).toMatch(/Postpone the session instead/);
      const session = await t.http
        .get(`/v1/reflection-sessions/${first.id}`)
        .set(bearer(org.lead.token))
        .expect(200);
      expect(session.body).toEqual(
        expect.objectContaining({ status: 'planned', statusReason: null, version: 1 }),
      );
      expect(await pending()).toEqual(before);
      expect(await notifications(first.id)).not.toContainEqual(
        expect.objectContaining({ kind: 'session-cancelled' }),
      );
      const lessonNow = await t.http
        .get(`/v1/lessons/${lesson.id}`)
        .set(bearer(org.member.token))
        .expect(200);
      expect(lessonNow.body).toEqual(
        expect.objectContaining({ sourceId: first.id, version: lesson.version }),
      );
      // The way out: delete them (a draft lesson, an open action), then cancel.
      await t.http.delete(`/v1/lessons/${lesson.id}`).set(bearer(org.member.token)).expect(204);
      const onlyAction = await patch(first.id, {
        status: 'cancelled',
        reason: 'Geen quorum',
        version: 1,
      }).expect(409);
      expect(onlyAction.body.detail).toMatch(
        new RegExp(`^1 action \\(${action.id}\\) is drawn from this session`),
      );
      await t.http.delete(`/v1/actions/${action.id}`).set(bearer(org.lead.token)).expect(204);
      await patch(first.id, { status: 'cancelled', reason: 'Geen quorum', version: 1 }).expect(200);
    });

    it('explains a refusal for follow-up that stays on the record, and what to do instead', async () => {
      const series = await createSeries(org, { title: 'Afgelast na afronding' });
      const [first] = await sessions(series.id);
      const { lesson, action } = await followUp(first.id);
      const validated = await t.http
        .patch(`/v1/lessons/${lesson.id}`)
        .set(bearer(org.lead.token))
        .send({
          version: lesson.version,
          status: 'validated',
          observation: 'De cijfers kwamen te laat.',
          insight: 'Niemand was eigenaar.',
          recommendation: 'Wijs een eigenaar aan.',
          response: 'adopted',
          responseReason: 'Past in het jaarplan.',
        })
        .expect(200);
      await t.http
        .patch(`/v1/actions/${action.id}`)
        .set(bearer(org.member.token))
        .send({ version: action.version, status: 'done' })
        .expect(200);
      const cancelled = await t.http
        .post('/v1/actions')
        .set(bearer(org.member.token))
        .send({
          sourceType: 'reflection-session',
          sourceId: first.id,
          description: 'Zaal reserveren',
          assigneeId: org.member.id,
          dueDate: '2026-03-20',
        })
        .expect(201);
      await t.http
        .patch(`/v1/actions/${cancelled.body.id}`)
        .set(bearer(org.lead.token))
        .send({ version: cancelled.body.version, status: 'cancelled' })
        .expect(200);
      const cancel = () => patch(first.id, { status: 'cancelled', reason: 'Geen quorum', version: 1 });
      // None of them can be deleted: the refusal says so, and offers what can be done.
      const ahead = await cancel().expect(409);
      expect(ahead.body).toEqual(
        expect.objectContaining({ status: 409, type: 'urn:leerlus:problem:conflict' }),
      );
      expect(ahead.body.detail).toContain(
        `1 validated lesson (${lesson.id}), 1 done action (${action.id}) and 1 cancelled action ` +
          `(${cancelled.body.id}) stay on the record and cannot be deleted`,
      );
      expect(ahead.body.detail).toMatch(/postpone the session instead/);
      expect(ahead.body.detail).not.toMatch(/delete them first|held/);
      expect(validated.body.status).toBe('validated');
      // Once it has begun, recording it as held is the other way.
      t.clock.set('2026-03-02T12:00:00Z');
      const begun = await cancel().expect(409);
      expect(begun.body.detail).toMatch(/or, if it took place, record it as held/);
      expect(
        (await t.http.get(`/v1/reflection-sessions/${first.id}`).set(bearer(org.lead.token))).body,
      ).toEqual(expect.objectContaining({ status: 'planned', version: 1 }));
      await patch(first.id, { status: 'held', version: 1 }).expect(200);
    });

    it('records a session that went by as cancelled after its outcome was asked for', async () => {
      const series = await createSeries(org, { title: 'Achteraf afgelast' });
      const [first] = await sessions(series.id);
      // Two days after it ended the chair was asked for the outcome (the worker sent it).
      t.clock.set('2026-03-05T09:00:00Z');
      await t.db.query(
        `UPDATE notifications SET status = 'sent', sent_at = $2 WHERE subject_id = $1 AND kind = 'outcome-request'`,
        [first.id, '2026-03-04T08:00:00Z'],
      );
      const answered = await patch(first.id, {
        status: 'cancelled',
        reason: 'Niet doorgegaan',
        version: 1,
      }).expect(200);
      expect(answered.body).toEqual(
        expect.objectContaining({ status: 'cancelled', outcomeRecordedAt: '2026-03-05T09:00:00.000Z' }),
      );
      const asked = (await notifications(first.id)).filter((n) => n.kind === 'outcome-request');
      expect(asked.map((n) => n.status)).toEqual(['sent']);
      // Answered: the outcome stays as recorded.
      const again = await patch(first.id, { status: 'held', version: 2 }).expect(409);
      expect(again.body.allowedNextStates).toEqual([]);
    });

    it('requires a reason and allows no way back', async () => {
      const series = await createSeries(org, { title: 'Zonder reden' });
      const [first] = await sessions(series.id);
      const missing = await patch(first.id, { status: 'cancelled', version: 1 }).expect(400);
      expect(missing.body.invalidParams).toEqual([{ name: 'reason', reason: 'is required to cancel' }]);
      await patch(first.id, { status: 'cancelled', reason: 'Vakantie', version: 1 }).expect(200);
      const back = await patch(first.id, { status: 'planned', version: 2 }).expect(409);
      expect(back.body).toEqual(expect.objectContaining({ allowedNextStates: [], status: 409 }));
    });

    it('is for leads; members and other organisations cannot', async () => {
      const series = await createSeries(org, { title: 'Rechten' });
      const [first] = await sessions(series.id);
      await patch(first.id, { status: 'cancelled', reason: 'x', version: 1 }, org.member.token).expect(403);
      const stranger = await createOrganisation(t.http, t.systemToken);
      await patch(first.id, { status: 'cancelled', reason: 'x', version: 1 }, stranger.admin.token).expect(
        404,
      );
      await t.http.get(`/v1/reflection-sessions/${first.id}`).set(bearer(stranger.admin.token)).expect(404);
      await patch(first.id, { status: 'cancelled', reason: 'x', version: 7 }).expect(409);
      await patch(first.id, { status: 'vergeten', version: 1 }).expect(400);
      await patch(first.id, { status: 'cancelled', reason: 'x'.repeat(5001), version: 1 }).expect(400);
      await patch(first.id, { status: 'cancelled', reason: 'x', version: 1, extra: true }).expect(400);
    });
  });

  describe('held', () => {
    it('refuses to delete someone being recorded as an attendee: the deletion waits for it', async () => {
      const series = await createSeries(org, {
        participantIds: [participant.id],
        title: 'Gehouden met gast',
      });
      const [first] = await sessions(series.id);
      t.clock.set('2026-03-02T11:00:00Z');
      const guest = await createPerson(t.http, org.admin.token, {
        name: 'Gast Blijft',
        accessRole: 'member',
      });
      // Holds the session's outcome request, which recording it cancels after checking who attended.
      const holder = new Client({ connectionString: t.db.url });
      await holder.connect();
      let recorded: Promise<{ status: number }>;
      let deleted: Promise<{ status: number }>;
      try {
        await holder.query('BEGIN');
        await holder.query(
          `SELECT 1 FROM notifications WHERE subject_id = $1 AND kind = 'outcome-request' FOR UPDATE`,
          [first.id],
        );
        recorded = patch(first.id, { status: 'held', attendeeIds: [org.lead.id, guest.id], version: 1 }).then(
          (r) => r,
        );
        await waitForLockWaiters(t.db, 1);
        deleted = t.http
          .delete(`/v1/people/${guest.id}`)
          .set(bearer(org.admin.token))
          .then((r) => r);
        await waitForLockWaiters(t.db, 2);
        await holder.query('COMMIT');
      } finally {
        await holder.end();
      }
      expect([(await recorded).status, (await deleted).status]).toEqual([200, 409]);
      await t.http.get(`/v1/people/${guest.id}`).set(bearer(org.admin.token)).expect(200);
    });

    it('refuses an attendee whose deletion is under way: recording them waits for it', async () => {
      const series = await createSeries(org, {
        participantIds: [participant.id],
        title: 'Gehouden bij vertrek',
      });
      const [first] = await sessions(series.id);
      t.clock.set('2026-03-02T11:00:00Z');
      await patch(first.id, { status: 'held', attendeeIds: [org.lead.id], version: 1 }).expect(200);
      const guest = await createPerson(t.http, org.admin.token, { name: 'Gast Weg', accessRole: 'member' });
      // Their deletion, past its check that they attended nothing, not yet committed.
      const deletion = new Client({ connectionString: t.db.url });
      await deletion.connect();
      let recorded: Promise<{ status: number; body: any }>;
      try {
        await deletion.query('BEGIN');
        await deletion.query('DELETE FROM people WHERE id = $1', [guest.id]);
        recorded = patch(first.id, { attendeeIds: [org.lead.id, guest.id], version: 2 }).then((r) => r);
        await waitForLockWaiters(t.db, 1);
        await deletion.query('COMMIT');
      } finally {
        await deletion.end();
      }
      const answer = await recorded;
      expect([answer.status, answer.body.invalidParams?.[0]?.name]).toEqual([422, 'attendeeIds']);
      const [session] = (await sessions(series.id, '&status=held')).filter((s) => s.id === first.id);
      expect(session.attendeeIds).toEqual([org.lead.id]);
    });

    it('records minutes, decisions and attendees, and marks its agenda discussed', async () => {
      const series = await createSeries(org, { participantIds: [participant.id], title: 'Gehouden' });
      const [first] = await sessions(series.id);
      const themeId = await insertTheme(t.db, {
        organisationId: org.organisationId,
        ownerId: org.lead.id,
        title: 'Vertrouwen in de uitvoering',
      });
      const item = await t.http
        .post('/v1/agenda-items')
        .set(bearer(org.lead.token))
        .send({ sessionId: first.id, kind: 'theme', referenceId: themeId, timeboxMinutes: 30 })
        .expect(201);
      expect(item.body.title).toBe('Vertrouwen in de uitvoering');

      const early = await patch(first.id, { status: 'held', version: 1 }).expect(409);
      expect(early.body.detail).toMatch(/once it has started/);

      t.clock.set('2026-03-02T11:00:00Z');
      const stranger = await createOrganisation(t.http, t.systemToken);
      await patch(first.id, { status: 'held', attendeeIds: [stranger.member.id], version: 1 }).expect(422);
      const held = await patch(first.id, {
        status: 'held',
        minutes: 'We bespraken het vertrouwen in de uitvoering.',
        decisions: ['Werkbezoek plannen', 'Thema terug over drie maanden'],
        attendeeIds: [org.lead.id, participant.id],
        version: 1,
      }).expect(200);
      expect(held.body).toEqual(
        expect.objectContaining({
          status: 'held',
          outcomeRecordedAt: '2026-03-02T11:00:00.000Z',
          decisions: ['Werkbezoek plannen', 'Thema terug over drie maanden'],
          attendeeIds: [org.lead.id, participant.id],
          version: 2,
        }),
      );
      const theme = await t.http.get(`/v1/themes/${themeId}`).set(bearer(org.lead.token)).expect(200);
      expect(theme.body).toEqual(
        expect.objectContaining({ lastDiscussedAt: '2026-03-02T09:00:00.000Z', version: 2 }),
      );
      const discussed = await t.http
        .get(`/v1/agenda-items/${item.body.id}`)
        .set(bearer(org.member.token))
        .expect(200);
      expect(discussed.body).toEqual(
        expect.objectContaining({ status: 'discussed', version: item.body.version + 1 }),
      );
      // Both changes are the lead's, in the audit log.
      expect(await updatesOf([item.body.id, themeId])).toEqual(
        expect.arrayContaining([
          {
            entity_id: item.body.id,
            actor_id: org.lead.id,
            changes: { status: { from: 'proposed', to: 'discussed' } },
          },
          {
            entity_id: themeId,
            actor_id: org.lead.id,
            changes: { lastDiscussedAt: { from: null, to: '2026-03-02T09:00:00.000Z' } },
          },
        ]),
      );
      const rows = await notifications(first.id);
      expect(rows.find((n) => n.kind === 'outcome-request').status).toBe('cancelled');

      // Who attended stays on the record: deleting them is refused, leaving is the way.
      const guest = await createPerson(t.http, org.admin.token, { name: 'Gast Twee', accessRole: 'member' });
      const attended = await patch(first.id, {
        attendeeIds: [org.lead.id, participant.id, guest.id],
        version: 2,
      }).expect(200);
      const refused = await t.http.delete(`/v1/people/${guest.id}`).set(bearer(org.admin.token));
      expect([refused.status, refused.body.detail]).toEqual([
        409,
        'Gast Twee is recorded as an attendee of reflection sessions, which stay as they were; deactivate them instead (active: false).',
      ]);
      const back = await patch(first.id, { attendeeIds: attended.body.attendeeIds, version: 3 }).expect(200);
      expect(back.body.attendeeIds).toEqual([org.lead.id, participant.id, guest.id]);
      expect(back.body.version).toBe(3);
      await patch(first.id, { attendeeIds: [org.lead.id, participant.id], version: 3 }).expect(200);

      // The minutes can be completed later; reopening is not possible.
      const amended = await patch(first.id, { minutes: 'Aangevuld verslag', version: 4 }).expect(200);
      expect(amended.body.minutes).toBe('Aangevuld verslag');
      await patch(first.id, { status: 'agenda-sent', version: 5 }).expect(409);
      await patch(first.id, { reason: 'x', version: 5 }).expect(400);
      const audit = await t.db.query(
        `SELECT changes FROM audit_events WHERE entity_id = $1 ORDER BY occurred_at`,
        [first.id],
      );
      // Made by the series' rule, then held.
      expect(audit.slice(0, 2).map((a: { changes: { status: unknown } }) => a.changes.status)).toEqual([
        { from: null, to: 'planned' },
        { from: 'planned', to: 'held' },
      ]);
    });
  });

  describe('escalation', () => {
    it("tells the chain's owner after two sessions in a row were not held, not after one", async () => {
      const owner = await createPerson(t.http, org.admin.token, {
        name: 'Olga Eigenaar',
        accessRole: 'lead',
      });
      const commissioner = await createPerson(t.http, org.admin.token, {
        name: 'Otto Opdrachtgever',
        accessRole: 'member',
      });
      const contractor = await createPerson(t.http, org.admin.token, {
        name: 'Nina Nemer',
        accessRole: 'member',
      });
      const chainId = await createChainWithTriangle(t.http, org.admin.token, {
        owner: owner.id,
        commissioner: commissioner.id,
        contractor: contractor.id,
      });
      const webhook = await subscribeWebhook(t.db, org.organisationId, ['reflection.escalated']);
      const series = await createSeries(org, { chainId, kind: 'chain', title: 'Ketenoverleg' });
      const [first, second] = await sessions(series.id);
      const escalations = () =>
        t.db.query(
          `SELECT kind, channel, recipient_id, subject_type, dedupe_key, payload FROM notifications
           WHERE subject_id = $1 ORDER BY channel`,
          [series.id],
        );

      await patch(first.id, { status: 'cancelled', reason: 'Crisis', version: 1 }).expect(200);
      expect(await escalations()).toEqual([]);

      await patch(second.id, {
        status: 'postponed',
        postponedTo: '2026-03-11T10:00:00+01:00',
        reason: 'Crisis',
        version: 1,
      }).expect(200);
      const rows = await escalations();
      expect(rows.map((r) => [r.kind, r.channel, r.recipient_id, r.subject_type, r.dedupe_key])).toEqual([
        [
          'reflection-escalation',
          'email',
          owner.id,
          'reflection-series',
          `series:${series.id}:escalation:${second.id}:${owner.id}`,
        ],
        [
          'reflection.escalated',
          'webhook',
          null,
          'reflection-series',
          `webhook:${webhook}:reflection.escalated:${series.id}:${second.id}`,
        ],
      ]);
      expect(rows[0].payload.missedSessions.map((s: { id: string }) => s.id)).toEqual([first.id, second.id]);

      // The sweep finds nothing new, however often it runs.
      t.clock.set('2026-03-20T12:00:00Z');
      const sweep = t.app.get(EscalationService);
      await sweep.sweepEscalations();
      await sweep.sweepEscalations();
      const after = (await escalations()).filter((r) => r.kind === 'reflection-escalation');
      // 16 March went unrecorded too: every further miss in the run is news for the owner, once.
      // The replacement (11 March, unrecorded) is the postponed session's occurrence, counted once.
      const sixteenth = (await sessions(series.id)).find((s) => s.scheduledAt === '2026-03-16T09:00:00.000Z');
      expect(after.map((r) => r.payload.sessionId)).toEqual([second.id, sixteenth.id]);
      expect(after[1].payload.missedSessions.map((s: { id: string }) => s.id)).toEqual([
        first.id,
        second.id,
        sixteenth.id,
      ]);
      await t.db.query(`UPDATE webhook_subscriptions SET active = false WHERE id = $1`, [webhook]);
    });

    it('sends one message when one change adds several sessions to a run', async () => {
      const series = await createSeries(org, { title: 'Aaneengesloten' });
      // Sessions still ahead: earlier ones may have gone unrecorded by the time of the tests before.
      const ahead = (await sessions(series.id)).filter((s) => new Date(s.scheduledAt) > t.clock.now());
      const [first, second, third, fourth, fifth, sixth, seventh] = ahead;
      // The sessions escalated, in order (a message to each of the organisation's leads).
      const escalations = async () => [
        ...new Set(
          (
            await t.db.query(
              `SELECT payload FROM notifications WHERE subject_id = $1 AND kind = 'reflection-escalation'
               ORDER BY created_at`,
              [series.id],
            )
          ).map((r) => r.payload.sessionId),
        ),
      ];
      await patch(first.id, { status: 'cancelled', reason: 'Crisis', version: 1 }).expect(200);
      await patch(second.id, { status: 'cancelled', reason: 'Crisis', version: 1 }).expect(200);
      expect(await escalations()).toEqual([second.id]);
      await patch(fourth.id, { status: 'cancelled', reason: 'Reces', version: 1 }).expect(200);
      expect(await escalations()).toEqual([second.id]);
      // The third joins the run up to the fourth: one message, about the run as it stands now.
      await patch(third.id, { status: 'cancelled', reason: 'Crisis', version: 1 }).expect(200);
      expect(await escalations()).toEqual([second.id, fourth.id]);
      // Two runs told of already, joined up by the session between them: that one is news.
      await patch(sixth.id, { status: 'cancelled', reason: 'Reces', version: 1 }).expect(200);
      await patch(seventh.id, { status: 'cancelled', reason: 'Reces', version: 1 }).expect(200);
      expect(await escalations()).toEqual([second.id, fourth.id, seventh.id]);
      await patch(fifth.id, { status: 'cancelled', reason: 'Crisis', version: 1 }).expect(200);
      expect(await escalations()).toEqual([second.id, fourth.id, seventh.id, fifth.id]);
      const [last] = await t.db.query(
        `SELECT payload FROM notifications WHERE subject_id = $1 AND kind = 'reflection-escalation'
           AND payload->>'sessionId' = $2 LIMIT 1`,
        [series.id, fifth.id],
      );
      expect(last.payload.missedSessions.map((m: { id: string }) => m.id)).toEqual(
        [first, second, third, fourth, fifth, sixth, seventh].map((x) => x.id),
      );
    });

    it('escalates once when two sessions in a row are cancelled at the same moment', async () => {
      const series = await createSeries(org, { title: 'Gelijktijdig afgelast' });
      const [first, second] = await sessions(series.id);
      const results = await Promise.all([
        patch(first.id, { status: 'cancelled', reason: 'Crisis', version: 1 }),
        patch(second.id, { status: 'cancelled', reason: 'Crisis', version: 1 }),
      ]);
      expect(results.map((r) => r.status)).toEqual([200, 200]);
      const rows = await t.db.query(
        `SELECT payload->>'sessionId' AS "sessionId" FROM notifications
         WHERE subject_id = $1 AND kind = 'reflection-escalation'`,
        [series.id],
      );
      expect(rows.map((r) => r.sessionId)).toEqual(rows.map(() => second.id));
      expect(rows.length).toBeGreaterThanOrEqual(1);
    });

    it('tells the leads when a series without chain goes unrecorded twice', async () => {
      const fixture = await createOrganisation(t.http, t.systemToken);
      const series = await createSeries(fixture, { title: 'Leiderschap' });
      const [, second, third] = await sessions(series.id, '', fixture.member.token);
      const sweep = t.app.get(EscalationService);
      const escalations = () =>
        t.db.query(`SELECT recipient_id, payload FROM notifications WHERE subject_id = $1`, [series.id]);

      // The first session ended on 2 March; two days later it counts as not held. One is not enough.
      // (Other tests' series are swept too, so this looks at this series' rows only.)
      t.clock.set('2026-03-05T12:00:00Z');
      await sweep.sweepEscalations();
      expect(await escalations()).toEqual([]);
      // Within two days of the second session's end the chair may still record it.
      t.clock.set('2026-03-11T10:00:00Z');
      await sweep.sweepEscalations();
      expect(await escalations()).toEqual([]);

      t.clock.set('2026-03-11T11:00:00Z');
      expect(await sweep.sweepEscalations()).toBeGreaterThanOrEqual(1);
      await sweep.sweepEscalations();
      const rows = await escalations();
      expect(rows.map((r) => r.recipient_id)).toEqual([fixture.lead.id]);
      expect(rows[0].payload.sessionId).toBe(second.id);
      // Cancelled before it went (as when its only recipient leaves): the next sweep plans it again,
      // to whoever it goes to then.
      await t.db.query(
        `UPDATE notifications SET status = 'cancelled' WHERE subject_id = $1 AND kind = 'reflection-escalation'`,
        [series.id],
      );
      expect(await sweep.sweepEscalations()).toBeGreaterThanOrEqual(1);
      const [again] = await t.db.query(
        `SELECT recipient_id, status FROM notifications WHERE subject_id = $1 AND kind = 'reflection-escalation'`,
        [series.id],
      );
      expect(again).toEqual({ recipient_id: fixture.lead.id, status: 'pending' });

      // A held session breaks the run.
      await patch(third.id, { status: 'held', version: 1 }, fixture.lead.token).expect(409);
      t.clock.set('2026-03-16T12:00:00Z');
      await patch(third.id, { status: 'held', version: 1 }, fixture.lead.token).expect(200);
      t.clock.set('2026-03-26T12:00:00Z');
      await sweep.sweepEscalations();
      expect(await escalations()).toHaveLength(1);
    });

    it("tells the chain's owner when stopping the series cancels two sessions whose agenda went out", async () => {
      const owner = await createPerson(t.http, org.admin.token, { name: 'Sara Stop', accessRole: 'lead' });
      const chainId = await createChainWithTriangle(t.http, org.admin.token, {
        owner: owner.id,
        commissioner: participant.id,
        contractor: org.member.id,
      });
      t.clock.set('2026-04-20T09:00:00Z');
      const series = await createSeries(org, {
        chainId,
        kind: 'chain',
        title: 'Gestopt',
        firstStart: '2026-04-27T10:00:00+02:00',
        agendaLeadTime: 'P20D',
      });
      await t.app.get(AgendaService).dispatchDueAgendas();
      const [first, second] = await sessions(series.id);
      expect([first.status, second.status]).toEqual(['agenda-sent', 'agenda-sent']);

      await t.http
        .patch(`/v1/reflection-series/${series.id}`)
        .set(bearer(org.lead.token))
        .send({ version: series.version, active: false })
        .expect(200);
      const rows = await t.db.query(
        `SELECT recipient_id, payload FROM notifications WHERE subject_id = $1 AND kind = 'reflection-escalation'`,
        [series.id],
      );
      expect(rows.map((r: { recipient_id: string }) => r.recipient_id)).toEqual([owner.id]);
      expect(
        rows[0].payload.missedSessions.map((m: { id: string; status: string }) => [m.id, m.status]),
      ).toEqual([
        [first.id, 'cancelled'],
        [second.id, 'cancelled'],
      ]);
    });
  });
});
