import { JobName } from '@app/queue';
import ICAL from 'ical.js';
import { ParsedMail } from 'mailparser';
import { bearer, createOrganisation, createPerson, OrgFixture } from './support/fixtures';
import { subscribeWebhook } from './support/reflection-fixtures';
import { startSmtpServer, TestSmtpServer } from './support/test-smtp-server';
import { startTestApp, TestApp } from './support/test-app';
import { eventually, startTestWorker, TestWorker } from './support/test-worker';

/**
 * A session that went by unrecorded may still be recorded as cancelled (it did not take place): a
 * record, not a call-off. Nobody is mailed a cancellation (METHOD:CANCEL) of a meeting that is over;
 * one called off before its end still tells everyone.
 */
describe('cancelling a reflection session that is over', () => {
  let smtp: TestSmtpServer;
  let t: TestApp;
  let worker: TestWorker | undefined;
  let org: OrgFixture;
  let participant: { id: string; token: string };

  beforeAll(async () => {
    smtp = await startSmtpServer();
    t = await startTestApp({ env: { SMTP_URL: smtp.url } });
    t.clock.set('2026-03-01T09:00:00Z');
    org = await createOrganisation(t.http, t.systemToken);
    participant = await createPerson(t.http, org.admin.token, {
      name: 'Pia Deelnemer',
      accessRole: 'member',
    });
  });
  afterAll(async () => {
    await worker?.close();
    await t.close();
    await smtp.close();
  });
  beforeEach(() => t.clock.set('2026-03-01T09:00:00Z'));

  /** Weekly on Monday 10:00 Amsterdam (09:00Z) for an hour, from 2 March 2026. */
  const createSeries = async (title: string, extra: Record<string, unknown> = {}) =>
    (
      await t.http
        .post('/v1/reflection-series')
        .set(bearer(org.lead.token))
        .send({
          title,
          kind: 'team',
          chairId: org.lead.id,
          participantIds: [participant.id],
          rrule: 'FREQ=WEEKLY;BYDAY=MO;COUNT=3',
          firstStart: '2026-03-02T10:00:00+01:00',
          durationMinutes: 60,
          reminderOffsets: ['P1D', 'PT1H'],
          skipPublicHolidays: false,
          ...extra,
        })
        .expect(201)
    ).body;

  const sessionsOf = async (seriesId: string): Promise<any[]> =>
    (await t.http.get(`/v1/reflection-series/${seriesId}/sessions`).set(bearer(org.lead.token)).expect(200))
      .body.items;

  const cancel = (id: string, version = 1) =>
    t.http
      .patch(`/v1/reflection-sessions/${id}`)
      .set(bearer(org.lead.token))
      .send({ status: 'cancelled', reason: 'Niet doorgegaan', version });

  const notifications = (subjectId: string): Promise<any[]> =>
    t.db.query(
      `SELECT kind, channel, recipient_id, status, dedupe_key FROM notifications
       WHERE subject_id = $1 ORDER BY kind, dedupe_key`,
      [subjectId],
    );

  it('records it as cancelled, tells webhooks, but plans no cancellation e-mail', async () => {
    const series = await createSeries('Achteraf afgelast');
    const webhook = await subscribeWebhook(t.db, org.organisationId, ['session.cancelled']);
    const [first] = await sessionsOf(series.id);
    // Three days after it ended (2 March 09:00–10:00Z), the chair records that it did not take place.
    t.clock.set('2026-03-05T09:00:00Z');
    const response = await cancel(first.id).expect(200);
    expect(response.body).toEqual(
      expect.objectContaining({
        status: 'cancelled',
        statusReason: 'Niet doorgegaan',
        outcomeRecordedAt: '2026-03-05T09:00:00.000Z',
        // The calendar feed shows it as cancelled, as the record says.
        icalSequence: 1,
        version: 2,
      }),
    );
    const rows = await notifications(first.id);
    // Nobody is mailed a cancellation of a meeting that is over.
    expect(rows.filter((n) => n.kind === 'session-cancelled')).toEqual([]);
    // What was still to go about it is cancelled: the outcome request is answered.
    expect(rows.filter((n) => n.kind === 'outcome-request').map((n) => n.status)).toEqual(['cancelled']);
    // Subscribers hear of the outcome, as of any cancellation.
    expect(rows.filter((n) => n.kind === 'session.cancelled').map((n) => [n.channel, n.status])).toEqual([
      ['webhook', 'pending'],
    ]);
    // Audited as the lead's change.
    const audit = await t.db.query(
      `SELECT actor_id, changes FROM audit_events WHERE entity_id = $1 AND action = 'update'`,
      [first.id],
    );
    expect(audit).toEqual([
      expect.objectContaining({
        actor_id: org.lead.id,
        changes: expect.objectContaining({ status: { from: 'planned', to: 'cancelled' } }),
      }),
    ]);
    // Not delivered later by the worker of the last test.
    await t.db.query(`UPDATE webhook_subscriptions SET active = false WHERE id = $1`, [webhook]);
    await t.db.query(
      `UPDATE notifications SET status = 'cancelled' WHERE channel = 'webhook' AND status = 'pending'`,
    );
  });

  it('still tells everyone when a session under way is called off', async () => {
    const series = await createSeries('Halverwege afgelast');
    const [first] = await sessionsOf(series.id);
    // It began at 09:00Z and ends at 10:00Z: not over yet.
    t.clock.set('2026-03-02T09:30:00Z');
    await cancel(first.id).expect(200);
    expect(
      (await notifications(first.id))
        .filter((n) => n.kind === 'session-cancelled')
        .map((n) => [n.recipient_id, n.status]),
    ).toEqual(
      expect.arrayContaining([
        [org.lead.id, 'pending'],
        [participant.id, 'pending'],
      ]),
    );
  });

  it('leaves a session that is over alone when the series is edited or stopped', async () => {
    const leaver = await createPerson(t.http, org.admin.token, {
      name: 'Lars Vertrek',
      accessRole: 'member',
    });
    let series = await createSeries('Bewerkt na afloop', { participantIds: [participant.id, leaver.id] });
    const [first, second] = await sessionsOf(series.id);
    // Both announced by their agenda (the worker sent it), the first went by unrecorded.
    for (const session of [first, second])
      await t.http
        .patch(`/v1/reflection-sessions/${session.id}`)
        .set(bearer(org.lead.token))
        .send({ status: 'agenda-sent', version: 1 })
        .expect(200);
    await t.db.query(
      `UPDATE notifications SET status = 'sent', sent_at = $2 WHERE kind = 'agenda' AND subject_id = ANY($1)`,
      [[first.id, second.id], '2026-03-01T09:00:00Z'],
    );
    t.clock.set('2026-03-05T09:00:00Z');
    // What calendars are told of (invitations, their withdrawal, cancellations, moves).
    const calendarMessages = async (sessionId: string) =>
      (await notifications(sessionId))
        .filter((n) => ['agenda', 'session-uninvited', 'session-cancelled', 'session-moved'].includes(n.kind))
        .map((n) => [n.kind, n.recipient_id, n.status]);
    const pastSession = async () =>
      (await t.http.get(`/v1/reflection-sessions/${first.id}`).set(bearer(org.lead.token)).expect(200)).body;
    const pastBefore = { messages: await calendarMessages(first.id), session: await pastSession() };
    const pastUnchanged = async () => {
      expect(await calendarMessages(first.id)).toEqual(pastBefore.messages);
      expect(await pastSession()).toEqual(
        expect.objectContaining({
          status: 'agenda-sent',
          icalSequence: pastBefore.session.icalSequence,
          version: pastBefore.session.version,
        }),
      );
    };
    const edit = async (body: Record<string, unknown>) => {
      series = (
        await t.http
          .patch(`/v1/reflection-series/${series.id}`)
          .set(bearer(org.lead.token))
          .send({ ...body, version: series.version })
          .expect(200)
      ).body;
    };
    const ahead = async (kind: string) =>
      (await calendarMessages(second.id))
        .filter(([k, , status]) => k === kind && status === 'pending')
        .map(([, recipient]) => recipient)
        .sort();

    // Someone taken off the list: the invitation ahead is withdrawn for them, not the one over.
    await edit({ participantIds: [participant.id] });
    expect(await ahead('session-uninvited')).toEqual([leaver.id]);
    await pastUnchanged();
    // A new title: the invitation ahead is sent again, not the one over.
    await edit({ title: 'Bewerkt na afloop, nieuwe naam' });
    expect(await ahead('agenda')).toEqual([org.lead.id, participant.id].sort());
    await pastUnchanged();
    // Stopped: the session ahead is cancelled for everyone invited, the one over stays as it was.
    await edit({ active: false });
    expect(await ahead('session-cancelled')).toEqual([org.lead.id, participant.id].sort());
    await pastUnchanged();
  });

  it('sends METHOD:CANCEL for a session ahead, and none for one that is over', async () => {
    const series = await createSeries('Afgelast, voor en na');
    const [first, second] = await sessionsOf(series.id);
    // The first is over (2 March), the second ahead (9 March).
    t.clock.set('2026-03-05T09:00:00Z');
    await cancel(first.id).expect(200);
    await cancel(second.id).expect(200);
    // The worker on the same clock sends what is due.
    worker = await startTestWorker(t.config, {
      clock: t.clock,
      worker: { everyOverride: { [JobName.DispatchNotifications]: 300 } },
    });
    // Until every cancellation planned for either session is delivered (two for the one ahead).
    await eventually(async () => {
      const rows: { subject_id: string; status: string }[] = await t.db.query(
        `SELECT subject_id, status FROM notifications WHERE kind = 'session-cancelled' AND subject_id = ANY($1)`,
        [[first.id, second.id]],
      );
      const ahead = rows.filter((r) => r.subject_id === second.id);
      return ahead.length === 2 && rows.every((r) => r.status === 'sent');
    });
    const calendarOf = (mail: ParsedMail) => {
      const attachment = mail.attachments.find((a) => /calendar/.test(a.contentType));
      return attachment ? new ICAL.Component(ICAL.parse(attachment.content.toString('utf8'))) : undefined;
    };
    // Of this series' sessions (the worker also sends what the tests before planned).
    const cancellations = smtp.messages
      .map(calendarOf)
      .filter((ics) => ics?.getFirstPropertyValue('method') === 'CANCEL')
      .map((ics) => String(ics!.getFirstSubcomponent('vevent')!.getFirstPropertyValue('uid')))
      .filter((uid) => [first.id, second.id].some((id) => uid.startsWith(id)));
    expect(cancellations).toEqual([`${second.id}@leerlus`, `${second.id}@leerlus`]);
  });
});
