import { NotificationDelivery } from '@app/domain/notifications/notification-delivery.service';
import ICAL from 'ical.js';
import { ParsedMail } from 'mailparser';
import { bearer, createPerson, OrgFixture } from './support/fixtures';
import { MailingTestApp, startMailingTestApp } from './support/mailing-test-app';
import { TestSmtpServer } from './support/test-smtp-server';
import { TestApp } from './support/test-app';
import { TestWorker } from './support/test-worker';

/** What a calendar makes of a mail: its METHOD, and the event's UID and SEQUENCE. */
interface CalendarMail {
  method: string;
  uid: string;
  sequence: number;
}

/**
 * Someone taken off a session whose invitation they got has its withdrawal (a METHOD:CANCEL for
 * them) planned. When the session is then called off, stopped with its series or moved before the
 * withdrawal went out, the cancellation or the move goes to who is invited now: the withdrawal
 * must still reach them, with a SEQUENCE above the invitation's, or the meeting stays in their
 * calendar. The worker's delivery runs on the test's clock, row by row (no queue), once all is done.
 */
describe('a withdrawal not yet sent when its session is called off or moved', () => {
  let mailing: MailingTestApp;
  let smtp: TestSmtpServer;
  let t: TestApp;
  let worker: TestWorker;
  let org: OrgFixture;

  beforeAll(async () => {
    mailing = await startMailingTestApp({ at: '2026-03-01T09:00:00Z' });
    ({ smtp, t, worker, org } = mailing);
  });
  afterAll(() => mailing.close());
  beforeEach(() => t.clock.set('2026-03-01T09:00:00Z'));

  const lead = () => bearer(org.lead.token);

  /**
   * A weekly series (Mondays 10:00 Amsterdam, from 2 March) with `stay` and `leaver` as participants,
   * its first session's agenda (the invitation, METHOD:REQUEST) delivered to everyone.
   */
  const announcedSession = async (title: string) => {
    const stay = await createPerson(t.http, org.admin.token, { name: 'Sam Blijft', accessRole: 'member' });
    const leaverEmail = `lotte.weg.${Date.now()}.${Math.random().toString(36).slice(2)}@example.nl`;
    const leaver = await createPerson(t.http, org.admin.token, {
      name: 'Lotte Weg',
      accessRole: 'member',
      email: leaverEmail,
    });
    const series = (
      await t.http
        .post('/v1/reflection-series')
        .set(lead())
        .send({
          title,
          kind: 'team',
          chairId: org.lead.id,
          participantIds: [stay.id, leaver.id],
          rrule: 'FREQ=WEEKLY;BYDAY=MO;COUNT=2',
          firstStart: '2026-03-02T10:00:00+01:00',
          durationMinutes: 60,
          reminderOffsets: ['PT1H'],
          skipPublicHolidays: false,
        })
        .expect(201)
    ).body;
    const [session] = (
      await t.http.get(`/v1/reflection-series/${series.id}/sessions`).set(lead()).expect(200)
    ).body.items;
    await t.http
      .patch(`/v1/reflection-sessions/${session.id}`)
      .set(lead())
      .send({ status: 'agenda-sent', version: session.version })
      .expect(200);
    await deliverDue([session.id]);
    const stayEmail = (await t.db.query(`SELECT email FROM people WHERE id = $1`, [stay.id]))[0].email;
    const invitation = calendarMails(leaverEmail);
    expect(invitation.map((c) => c.method)).toEqual(['REQUEST']);
    return {
      series,
      sessionId: session.id as string,
      stay: { ...stay, email: stayEmail as string },
      leaver: { ...leaver, email: leaverEmail },
      invitation: invitation[0],
    };
  };

  /** Delivers every e-mail about these sessions that is due (as the worker would, in order). */
  const deliverDue = async (sessionIds: string[]) => {
    const due: { id: string }[] = await t.db.query(
      `SELECT id FROM notifications WHERE subject_id = ANY($1) AND channel = 'email'
         AND status IN ('pending', 'queued') AND due_at <= $2
       ORDER BY due_at, created_at, id`,
      [sessionIds, t.clock.now()],
    );
    for (const { id } of due) await worker.app.get(NotificationDelivery).deliver(id);
  };

  /** The calendar mails someone received, in the order they arrived. */
  const calendarMails = (email: string): CalendarMail[] =>
    smtp.messages
      .filter((mail) => JSON.stringify(mail.to).includes(email))
      .map(calendarOf)
      .filter((c): c is CalendarMail => c !== undefined);

  const calendarOf = (mail: ParsedMail): CalendarMail | undefined => {
    const attachment = mail.attachments.find((a) => /calendar/.test(a.contentType));
    if (!attachment) return undefined;
    const ics = new ICAL.Component(ICAL.parse(attachment.content.toString('utf8')));
    const event = ics.getFirstSubcomponent('vevent')!;
    return {
      method: String(ics.getFirstPropertyValue('method')),
      uid: String(event.getFirstPropertyValue('uid')),
      sequence: Number(event.getFirstPropertyValue('sequence')),
    };
  };

  const takeOff = async (series: { id: string; version: number }, participantIds: string[]) =>
    (
      await t.http
        .patch(`/v1/reflection-series/${series.id}`)
        .set(lead())
        .send({ participantIds, version: series.version })
        .expect(200)
    ).body;

  const sessionNow = async (id: string) =>
    (await t.http.get(`/v1/reflection-sessions/${id}`).set(lead()).expect(200)).body;

  // The lead calls a session off at its current version.
  const cancel = async (sessionId: string, reason: string) => {
    const { version } = await sessionNow(sessionId);
    await t.http
      .patch(`/v1/reflection-sessions/${sessionId}`)
      .set(lead())
      .send({ status: 'cancelled', reason, version })
      .expect(200);
  };

  // The lead moves a session to 4 March; the id of the session that replaces it.
  const postpone = async (sessionId: string): Promise<string> => {
    const { version } = await sessionNow(sessionId);
    await t.http
      .patch(`/v1/reflection-sessions/${sessionId}`)
      .set(lead())
      .send({ status: 'postponed', postponedTo: '2026-03-04T09:00:00Z', reason: 'Zaal bezet', version })
      .expect(200);
    const [next] = await t.db.query(`SELECT id FROM reflection_sessions WHERE rescheduled_from_id = $1`, [
      sessionId,
    ]);
    return next.id as string;
  };

  const withdrawalsOf = async (sessionId: string, recipientId: string) =>
    (
      await t.db.query(
        `SELECT status FROM notifications WHERE subject_id = $1 AND recipient_id = $2 AND kind = 'session-uninvited'`,
        [sessionId, recipientId],
      )
    ).map((row: { status: string }) => row.status);

  /**
   * The leaver got one CANCEL of the event they were invited to, after their invitation, with a
   * SEQUENCE above it (a lower one is ignored) and the session's own as it now stands.
   */
  const expectWithdrawn = async (leaver: { email: string }, invitation: CalendarMail, sessionId: string) => {
    const { icalSequence } = await sessionNow(sessionId);
    const mails = calendarMails(leaver.email);
    expect(mails.map((c) => [c.method, c.uid])).toEqual([
      ['REQUEST', invitation.uid],
      ['CANCEL', invitation.uid],
    ]);
    expect(mails[1].sequence).toBeGreaterThan(invitation.sequence);
    expect(mails[1].sequence).toBe(icalSequence);
  };

  it('still sends the withdrawal when the lead then cancels the session', async () => {
    const { series, sessionId, stay, leaver, invitation } = await announcedSession('Afgelast na vertrek');
    await takeOff(series, [stay.id]);
    expect(await withdrawalsOf(sessionId, leaver.id)).toEqual(['pending']);
    await cancel(sessionId, 'Te weinig agendapunten');
    await deliverDue([sessionId]);
    await expectWithdrawn(leaver, invitation, sessionId);
    // Who is still invited gets the cancellation, once.
    expect(calendarMails(stay.email).map((c) => c.method)).toEqual(['REQUEST', 'CANCEL']);
    // One withdrawal went (the one planned first gave way, with the session's other messages).
    expect((await withdrawalsOf(sessionId, leaver.id)).filter((status) => status !== 'cancelled')).toEqual([
      'sent',
    ]);
  });

  it('still sends the withdrawal when the series is then stopped', async () => {
    const { series, sessionId, stay, leaver, invitation } = await announcedSession('Gestopt na vertrek');
    const edited = await takeOff(series, [stay.id]);
    await t.http
      .patch(`/v1/reflection-series/${series.id}`)
      .set(lead())
      .send({ active: false, version: edited.version })
      .expect(200);
    expect((await sessionNow(sessionId)).status).toBe('cancelled');
    await deliverDue([sessionId]);
    await expectWithdrawn(leaver, invitation, sessionId);
    expect(calendarMails(stay.email).map((c) => c.method)).toEqual(['REQUEST', 'CANCEL']);
  });

  it('sends a CANCEL to who is taken off in the edit that stops the series', async () => {
    const { series, sessionId, stay, leaver, invitation } = await announcedSession('Gestopt bij vertrek');
    await t.http
      .patch(`/v1/reflection-series/${series.id}`)
      .set(lead())
      .send({ active: false, participantIds: [stay.id], version: series.version })
      .expect(200);
    await deliverDue([sessionId]);
    await expectWithdrawn(leaver, invitation, sessionId);
    expect(calendarMails(stay.email).map((c) => c.method)).toEqual(['REQUEST', 'CANCEL']);
  });

  it('still sends the withdrawal when the session is then postponed (the move goes to who is invited)', async () => {
    const { series, sessionId, stay, leaver, invitation } = await announcedSession('Verzet na vertrek');
    await takeOff(series, [stay.id]);
    const nextId = await postpone(sessionId);
    await deliverDue([sessionId, nextId]);
    // The event (its UID moved along to the new session) is withdrawn for the leaver, not moved.
    await expectWithdrawn(leaver, invitation, sessionId);
    const moved = calendarMails(stay.email);
    expect(moved.map((c) => [c.method, c.uid])).toEqual([
      ['REQUEST', invitation.uid],
      ['REQUEST', invitation.uid],
    ]);
  });

  it('sends one CANCEL when the session is postponed and its replacement cancelled before it went', async () => {
    const { series, sessionId, stay, leaver, invitation } = await announcedSession('Verzet en afgelast');
    await takeOff(series, [stay.id]);
    const nextId = await postpone(sessionId);
    await cancel(nextId, 'Toch niet');
    await deliverDue([sessionId, nextId]);
    await expectWithdrawn(leaver, invitation, sessionId);
    // The leaver's withdrawal of the session that moved stands for the replacement too; who is
    // invited gets its cancellation (in place of the move, not sent yet either).
    expect(calendarMails(stay.email).map((c) => [c.method, c.uid])).toEqual([
      ['REQUEST', invitation.uid],
      ['CANCEL', invitation.uid],
    ]);
    expect(await withdrawalsOf(nextId, leaver.id)).toEqual([]);
  });

  it('withdraws the event from who is taken off after it moved, before the move reached them', async () => {
    const { series, sessionId, stay, leaver, invitation } = await announcedSession('Verzet, dan vertrek');
    const nextId = await postpone(sessionId);
    await takeOff(series, [stay.id]);
    await deliverDue([sessionId, nextId]);
    await expectWithdrawn(leaver, invitation, nextId);
  });

  it('drops the withdrawal of the session that moved when its leaver is put back before it went', async () => {
    const { series, sessionId, stay, leaver, invitation } = await announcedSession('Verzet, terug');
    const edited = await takeOff(series, [stay.id]);
    const nextId = await postpone(sessionId);
    await takeOff(edited, [stay.id, leaver.id]);
    await deliverDue([sessionId, nextId]);
    // Invited to the meeting where it now is, and not told first that it is off for them.
    const { icalSequence } = await sessionNow(nextId);
    expect(calendarMails(leaver.email).map((c) => [c.method, c.uid, c.sequence])).toEqual([
      ['REQUEST', invitation.uid, invitation.sequence],
      ['REQUEST', invitation.uid, icalSequence],
    ]);
    expect(await withdrawalsOf(sessionId, leaver.id)).not.toContain('pending');
  });

  it('still sends the withdrawal to someone deactivated when the session is then cancelled', async () => {
    const { sessionId, stay, leaver, invitation } = await announcedSession('Afgelast na uitdienst');
    const person = (await t.http.get(`/v1/people/${leaver.id}`).set(bearer(org.admin.token)).expect(200))
      .body;
    await t.http
      .patch(`/v1/people/${leaver.id}`)
      .set(bearer(org.admin.token))
      .send({ active: false, version: person.version })
      .expect(200);
    expect(await withdrawalsOf(sessionId, leaver.id)).toEqual(['pending']);
    await cancel(sessionId, 'Te weinig agendapunten');
    await deliverDue([sessionId]);
    await expectWithdrawn(leaver, invitation, sessionId);
    expect(calendarMails(stay.email).map((c) => c.method)).toEqual(['REQUEST', 'CANCEL']);
  });

  it('still sends the withdrawal to someone deleted when the session is then cancelled', async () => {
    const { series, sessionId, stay, leaver, invitation } =
      await announcedSession('Afgelast na verwijdering');
    // Taken off (a participant cannot be deleted), then deleted: their messages keep the address.
    await takeOff(series, [stay.id]);
    await t.http.delete(`/v1/people/${leaver.id}`).set(bearer(org.admin.token)).expect(204);
    await cancel(sessionId, 'Te weinig agendapunten');
    await deliverDue([sessionId]);
    await expectWithdrawn(leaver, invitation, sessionId);
    expect(calendarMails(stay.email).map((c) => c.method)).toEqual(['REQUEST', 'CANCEL']);
  });

  it('sends nothing more to the leaver when the session is over by the time it is cancelled', async () => {
    const { series, sessionId, stay, leaver } = await announcedSession('Achteraf afgelast na vertrek');
    await takeOff(series, [stay.id]);
    // Recorded three days after it ended: nobody is mailed a CANCEL of a meeting gone by.
    t.clock.set('2026-03-05T09:00:00Z');
    await cancel(sessionId, 'Niet doorgegaan');
    await deliverDue([sessionId]);
    expect(calendarMails(leaver.email).map((c) => c.method)).toEqual(['REQUEST']);
    expect(calendarMails(stay.email).map((c) => c.method)).toEqual(['REQUEST']);
    expect(await withdrawalsOf(sessionId, leaver.id)).toEqual(['cancelled']);
  });
});
