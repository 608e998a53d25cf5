import { NotificationChannel } from '@app/domain/notifications/notification-channel';
import { actionReviewTitle } from '@app/domain/reflection/action-review-title';
import { CONFIDENTIAL_LESSON_TITLE } from '@app/domain/reflection/confidential-lesson-title';
import { NotificationWriter } from '@app/domain/notifications/notification-writer.service';
import { localDate } from '@app/domain/shared/local-date';
import { JobName } from '@app/queue';
import ICAL from 'ical.js';
import { simpleParser } from 'mailparser';
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DataSource } from 'typeorm';
import { insertSession, SessionFixture } from './support/delivery-fixtures';
import { bearer, createOrganisation, createPerson, OrgFixture } from './support/fixtures';
import { incidentBody } from './support/incident-body';
import { incidentLessonBody } from './support/incident-lesson-body';
import { startSmtpServer, TestSmtpServer } from './support/test-smtp-server';
import { startTestApp, TestApp } from './support/test-app';
import { eventually, startTestWorker, TestWorker } from './support/test-worker';
import { PlannedNotification } from '@app/domain/notifications/planned-notification';
import { FAR_AHEAD_DUE_DATE } from './support/far-ahead-due-date';

const FAST = { worker: { everyOverride: { [JobName.DispatchNotifications]: 300 } } };

describe('e-mail delivery: content per kind, locale and invitations', () => {
  let smtp: TestSmtpServer;
  let t: TestApp;
  let worker: TestWorker;
  let org: OrgFixture;
  let english: { id: string };
  let session: SessionFixture;

  beforeAll(async () => {
    smtp = await startSmtpServer();
    t = await startTestApp({ env: { SMTP_URL: smtp.url, MAIL_FROM: 'Leerlus <leerlus@minbzk.example>' } });
    org = await createOrganisation(t.http, t.systemToken, 'Ministerie van Binnenlandse Zaken');
    english = await createPerson(t.http, org.admin.token, {
      name: 'Emma English',
      accessRole: 'member',
      locale: 'en',
    });
    session = await insertSession(t.db, {
      organisationId: org.organisationId,
      chairId: org.lead.id,
      participantIds: [org.member.id, english.id],
      title: 'Reflectie directieraad',
      // Far ahead (a Tuesday, as 31 March 2026 was): what prepares a begun session is not sent.
      start: '2037-03-31T10:00:00+02:00',
      durationMinutes: 90,
      meetingUrl: 'https://meet.example.nl/r/42',
      agendaSent: true,
      icalSequence: 3,
      agenda: [
        { title: 'Thema: vertrouwen in de overheid', timeboxMinutes: 40, kind: 'theme' },
        { title: 'Incident: <script>storing</script> & uitval', timeboxMinutes: 30, kind: 'incident' },
        { title: 'Acties: achterstallige verbeteracties', timeboxMinutes: 20, kind: 'action-review' },
      ],
    });
    worker = await startTestWorker(t.config, FAST);
  });
  afterAll(async () => {
    await worker.close();
    await t.close();
    await smtp.close();
  });

  async function send(input: {
    kind: PlannedNotification['kind'];
    recipientId: string | null;
    subjectType: PlannedNotification['subjectType'];
    subjectId: string;
    payload?: Record<string, unknown>;
  }) {
    const target = `${input.kind}-${randomUUID()}@example.nl`;
    await t.app.get(NotificationWriter).plan(t.app.get(DataSource).manager, {
      organisationId: org.organisationId,
      channel: NotificationChannel.Email,
      target,
      dueAt: new Date(),
      dedupeKey: `test:${randomUUID()}`,
      ...input,
    });
    return eventually(async () => smtp.messages.find((m) => JSON.stringify(m.to).includes(target)));
  }

  it('sends the agenda in Dutch with timeboxes, local time, link and an iTIP REQUEST', async () => {
    const mail = await send({
      kind: 'agenda',
      recipientId: org.member.id,
      subjectType: 'reflection-session',
      subjectId: session.sessionId,
    });
    expect(mail.subject).toBe(
      'Agenda: Reflectie directieraad, dinsdag 31 maart 2037, 10:00–11:30 (Europe/Amsterdam)',
    );
    expect(mail.from?.value).toEqual([{ name: 'Leerlus', address: 'leerlus@minbzk.example' }]);
    expect(mail.messageId).toMatch(/@minbzk\.example>$/);
    expect(mail.text).toContain('Beste Mo Medewerker,');
    expect(mail.text).toContain(
      '1. Thema: vertrouwen in de overheid (40 min)\n2. Incident: <script>storing</script> & uitval (30 min)\n3. Acties: achterstallige verbeteracties (20 min)',
    );
    expect(mail.text).toContain('Online: https://meet.example.nl/r/42');
    expect(mail.text).toContain(`/v1/reflection-sessions/${session.sessionId}`);
    expect(mail.html).toContain('&lt;script&gt;storing&lt;/script&gt; &amp; uitval');
    expect(mail.html).not.toContain('<script>');
    expect(mail.html).toContain('<html lang="nl">');

    const ics = mail.attachments.find((a) => a.contentType.startsWith('text/calendar'));
    expect(ics).toBeDefined();
    const calendar = new ICAL.Component(ICAL.parse(ics!.content.toString('utf8')));
    expect(calendar.getFirstPropertyValue('method')).toBe('REQUEST');
    const event = calendar.getFirstSubcomponent('vevent')!;
    expect(event.getFirstPropertyValue('uid')).toBe(`${session.sessionId}@leerlus`);
    expect(event.getFirstPropertyValue('sequence')).toBe(3);
    expect(event.getFirstProperty('dtstart')!.toICALString()).toBe(
      'DTSTART;TZID=Europe/Amsterdam:20370331T100000',
    );
    expect(event.getFirstPropertyValue('description')).toContain(
      '1. Thema: vertrouwen in de overheid (40 min)',
    );
    // Leerlus sends it and organizes it, whoever chairs: a new chair cannot change the organizer
    // of an event calendars have. The chair is an attendee in the role of chair.
    expect(event.getFirstPropertyValue('organizer')).toBe('mailto:leerlus@minbzk.example');
    expect(event.getFirstProperty('organizer')!.getParameter('cn')).toBe('Leerlus');
    expect(
      event.getAllProperties('attendee').map((p) => [p.getParameter('role'), p.getParameter('cn')]),
    ).toEqual([
      ['CHAIR', 'Lars Leidinggevende'],
      ['REQ-PARTICIPANT', 'Emma English'],
      ['REQ-PARTICIPANT', 'Mo Medewerker'],
    ]);
  });

  it('keeps the organizer a session invited before this release named, also once it is postponed', async () => {
    const earlier = await insertSession(t.db, {
      organisationId: org.organisationId,
      chairId: org.lead.id,
      participantIds: [org.member.id],
      title: 'Eerder uitgenodigd',
      start: '2027-01-05T10:00:00+01:00',
      agendaSent: true,
      icalSequence: 1,
    });
    await t.db.query(`UPDATE reflection_sessions SET calendar_organizer = $2 WHERE id = $1`, [
      earlier.sessionId,
      { name: 'Vera Voorzitter', email: 'vera@minbzk.example' },
    ]);
    await t.http
      .patch(`/v1/reflection-sessions/${earlier.sessionId}`)
      .set(bearer(org.lead.token))
      .send({ status: 'postponed', postponedTo: '2027-01-07T10:00:00+01:00', reason: 'Reces', version: 1 })
      .expect(200);
    const [replacement] = await t.db.query(
      `SELECT id, calendar_organizer FROM reflection_sessions WHERE rescheduled_from_id = $1`,
      [earlier.sessionId],
    );
    expect(replacement.calendar_organizer).toEqual({ name: 'Vera Voorzitter', email: 'vera@minbzk.example' });
    const mail = await send({
      kind: 'session-moved',
      recipientId: org.member.id,
      subjectType: 'reflection-session',
      subjectId: replacement.id,
    });
    const ics = mail.attachments.find((a) => a.contentType.startsWith('text/calendar'));
    const event = new ICAL.Component(ICAL.parse(ics!.content.toString('utf8'))).getFirstSubcomponent(
      'vevent',
    )!;
    expect(event.getFirstPropertyValue('organizer')).toBe('mailto:vera@minbzk.example');
  });

  it("writes a move's previous time and the lead's reason into its mail, in each reader's language", async () => {
    const moved = await insertSession(t.db, {
      organisationId: org.organisationId,
      chairId: org.lead.id,
      participantIds: [org.member.id, english.id],
      title: 'Verplaatst overleg',
      start: '2027-01-12T14:00:00+01:00',
      durationMinutes: 60,
    });
    await t.http
      .patch(`/v1/reflection-sessions/${moved.sessionId}`)
      .set(bearer(org.lead.token))
      .send({
        status: 'postponed',
        postponedTo: '2027-01-12T16:00:00+01:00',
        reason: 'Crisisoverleg',
        version: 1,
      })
      .expect(200);
    // The mails the postponement planned, as the worker sends them.
    const mailOf = (subject: string) =>
      eventually(async () => smtp.messages.find((m) => m.subject?.startsWith(subject)));
    const dutch = await mailOf('Verplaatst: Verplaatst overleg');
    expect(dutch.text).toContain(
      'Wanneer: dinsdag 12 januari 2027, 16:00–17:00 (Europe/Amsterdam)\n' +
        'Oude tijd: dinsdag 12 januari 2027, 14:00–15:00 (Europe/Amsterdam)',
    );
    expect(dutch.text).toContain('Reden: Crisisoverleg');
    expect(dutch.html).toContain('<td>Crisisoverleg</td>');
    const englishMail = await mailOf('Moved: Verplaatst overleg');
    expect(englishMail.text).toContain(
      'Previous time: Tuesday 12 January 2027, 14:00–15:00 (Europe/Amsterdam)',
    );
    expect(englishMail.text).toContain('Reason: Crisisoverleg');
  });

  it('lists no participant who left among the attendees of an invitation', async () => {
    const leaver = await createPerson(t.http, org.admin.token, {
      name: 'Lotte Vertrokken',
      accessRole: 'member',
    });
    const other = await insertSession(t.db, {
      organisationId: org.organisationId,
      chairId: org.lead.id,
      participantIds: [org.member.id, leaver.id],
      title: 'Reflectie ketenoverleg',
      start: '2037-04-07T10:00:00+02:00',
      durationMinutes: 60,
      agendaSent: true,
      icalSequence: 1,
      agenda: [{ title: 'Thema: samenwerking', timeboxMinutes: 30, kind: 'theme' }],
    });
    await t.db.query(`UPDATE people SET active = false WHERE id = $1`, [leaver.id]);
    const [{ email }] = await t.db.query(`SELECT email FROM people WHERE id = $1`, [leaver.id]);
    const mail = await send({
      kind: 'agenda',
      recipientId: org.member.id,
      subjectType: 'reflection-session',
      subjectId: other.sessionId,
    });
    const ics = mail.attachments.find((a) => a.contentType.startsWith('text/calendar'));
    const event = new ICAL.Component(ICAL.parse(ics!.content.toString('utf8'))).getFirstSubcomponent(
      'vevent',
    )!;
    const attendees = event.getAllProperties('attendee').map((p) => String(p.getFirstValue()));
    expect(attendees).toHaveLength(2); // the chair and the member
    expect(attendees.join()).not.toContain(email);
  });

  it('writes English for a person whose locale is en', async () => {
    const mail = await send({
      kind: 'session-reminder',
      recipientId: english.id,
      subjectType: 'reflection-session',
      subjectId: session.sessionId,
    });
    expect(mail.subject).toBe(
      'Reminder: Reflectie directieraad, Tuesday 31 March 2037, 10:00–11:30 (Europe/Amsterdam)',
    );
    expect(mail.text).toContain('Dear Emma English,');
    expect(mail.html).toContain('<html lang="en">');
    expect(mail.attachments.filter((a) => a.contentType.startsWith('text/calendar'))).toHaveLength(0);
  });

  it('writes the lines the compiler and the masking wrote in English for an English reader', async () => {
    const compiled = await insertSession(t.db, {
      organisationId: org.organisationId,
      chairId: org.lead.id,
      participantIds: [english.id],
      title: 'Reflectie ketenoverleg',
      start: '2037-04-14T10:00:00+02:00',
      agendaSent: true,
      icalSequence: 1,
      agenda: [
        { title: 'Vertrouwelijk incident (high)', timeboxMinutes: 30, kind: 'incident' },
        { title: `Les ter validatie: ${CONFIDENTIAL_LESSON_TITLE}`, timeboxMinutes: 10, kind: 'lesson' },
        { title: actionReviewTitle(2), timeboxMinutes: 10, kind: 'action-review' },
      ],
    });
    const mail = await send({
      kind: 'agenda',
      recipientId: english.id,
      subjectType: 'reflection-session',
      subjectId: compiled.sessionId,
    });
    const lines = [
      '1. Confidential incident (high) (30 min)',
      '2. Lesson to validate: Lesson from a confidential incident (10 min)',
      '3. Review overdue actions (2) (10 min)',
    ];
    expect(mail.text).toContain(lines.join('\n'));
    const ics = mail.attachments.find((a) => a.contentType.startsWith('text/calendar'));
    const event = new ICAL.Component(ICAL.parse(ics!.content.toString('utf8'))).getFirstSubcomponent(
      'vevent',
    )!;
    expect(event.getFirstPropertyValue('description')).toContain(lines.join('\n'));
  });

  it('sends a cancellation with METHOD:CANCEL and the reason', async () => {
    await t.db.query(
      `UPDATE reflection_sessions SET status = 'cancelled', status_reason = 'Kabinetsoverleg', ical_sequence = 4 WHERE id = $1`,
      [session.sessionId],
    );
    try {
      const mail = await send({
        kind: 'session-cancelled',
        recipientId: org.member.id,
        subjectType: 'reflection-session',
        subjectId: session.sessionId,
      });
      expect(mail.subject).toMatch(/^Geannuleerd: Reflectie directieraad/);
      expect(mail.text).toContain('Reden: Kabinetsoverleg');
      const ics = mail.attachments.find((a) => a.contentType.startsWith('text/calendar'))!;
      const calendar = new ICAL.Component(ICAL.parse(ics.content.toString('utf8')));
      expect(calendar.getFirstPropertyValue('method')).toBe('CANCEL');
      const event = calendar.getFirstSubcomponent('vevent')!;
      expect(event.getFirstPropertyValue('status')).toBe('CANCELLED');
      expect(event.getFirstPropertyValue('sequence')).toBe(4);
      expect(event.getFirstPropertyValue('uid')).toBe(`${session.sessionId}@leerlus`);
    } finally {
      await t.db.query(
        `UPDATE reflection_sessions SET status = 'agenda-sent', ical_sequence = 3 WHERE id = $1`,
        [session.sessionId],
      );
    }
  });

  it('renders action reminders from the action, and escalations to the owner', async () => {
    const [action] = await t.db.query(
      `INSERT INTO actions (organisation_id, source_type, source_id, description, assignee_id, due_date, created_by_id)
       VALUES ($1, 'reflection-session', $2, 'Werkinstructie bezwaar aanpassen', $3, '2026-04-15', $4) RETURNING id`,
      [org.organisationId, session.sessionId, org.member.id, org.lead.id],
    );
    const overdue = await send({
      kind: 'action-overdue',
      recipientId: org.member.id,
      subjectType: 'action',
      subjectId: action.id,
    });
    expect(overdue.subject).toBe('Actie over de datum (15 april 2026)');
    expect(overdue.text).toContain('Werkinstructie bezwaar aanpassen');
    expect(overdue.text).toContain(`/v1/actions/${action.id}`);
    const escalation = await send({
      kind: 'action-escalation',
      recipientId: org.lead.id,
      subjectType: 'action',
      subjectId: action.id,
      payload: { dueDate: '2026-04-15' },
    });
    expect(escalation.subject).toBe('Escalatie: actie ver over de datum (15 april 2026)');
    expect(escalation.text).toContain('Een actie van Mo Medewerker is lang over de uiterste datum');
  });

  const chain = async (name: string): Promise<string> =>
    (await t.http.post('/v1/chains').set(bearer(org.admin.token)).send({ name }).expect(201)).body.id;
  const owns = (chainId: string, personId: string, validFrom = '2026-01-01', validTo?: string) =>
    t.http
      .post(`/v1/chains/${chainId}/role-assignments`)
      .set(bearer(org.admin.token))
      .send({ role: 'owner', personId, validFrom, ...(validTo ? { validTo } : {}) })
      .expect(201);

  it('leaves the description of an action on a confidential incident out for who may not see it', async () => {
    const [toeslagen, inning] = [await chain('Toeslagen'), await chain('Inning')];
    // Emma owns another chain, into which a lesson of the confidential incident was drawn: the
    // escalation of an action on that lesson goes to her, who may not see the incident.
    await owns(inning, english.id);
    const incident = await t.http
      .post('/v1/incidents')
      .set(bearer(org.lead.token))
      .send({ ...incidentBody(toeslagen), confidentiality: 'confidential' })
      .expect(201);
    const lesson = await t.http
      .post('/v1/lessons')
      .set(bearer(org.lead.token))
      .send({ ...incidentLessonBody(incident.body.id), chainId: inning })
      .expect(201);
    const insertAction = async (sourceType: string, sourceId: string, chainId: string) =>
      (
        await t.db.query(
          `INSERT INTO actions (organisation_id, chain_id, source_type, source_id, description, assignee_id, due_date, created_by_id)
           VALUES ($1, $2, $3, $4, 'Aangifte doen tegen de medewerker', $5, '2026-04-15', $6) RETURNING id`,
          [org.organisationId, chainId, sourceType, sourceId, org.member.id, org.lead.id],
        )
      )[0].id as string;
    const onLesson = await insertAction('lesson', lesson.body.id, inning);
    // The incident's chain has no owner: its action escalates to the leads.
    const onIncident = await insertAction('incident', incident.body.id, toeslagen);
    const text = async (kind: PlannedNotification['kind'], recipientId: string, subjectId: string) =>
      (
        await send({
          kind,
          recipientId,
          subjectType: 'action',
          subjectId,
          payload: { dueDate: '2026-04-15' },
        })
      ).text;
    const outsider = await text('action-escalation', english.id, onLesson);
    expect(outsider).not.toContain('Aangifte doen');
    expect(outsider).toContain('The description is left out of this message');
    // The assignee and a lead see it.
    expect(await text('action-overdue', org.member.id, onLesson)).toContain(
      'Aangifte doen tegen de medewerker',
    );
    expect(await text('action-escalation', org.lead.id, onIncident)).toContain(
      'Aangifte doen tegen de medewerker',
    );
  });

  describe('an escalation planned weeks ahead', () => {
    const escalations = (actionId: string) =>
      t.db.query(
        `SELECT recipient_id, target, status, cancel_reason, payload FROM notifications
         WHERE subject_id = $1 AND kind = 'action-escalation' ORDER BY created_at`,
        [actionId],
      );
    const mailTo = (address: string) => smtp.messages.filter((m) => JSON.stringify(m.to).includes(address));
    /**
     * An action on an incident in `chainId` (by default far ahead, for a test to make its
     * escalation, planned to that day's owner, due now).
     */
    const overdueAction = async (chainId: string, action: object = {}) => {
      const incident = (
        await t.http.post('/v1/incidents').set(bearer(org.lead.token)).send(incidentBody(chainId)).expect(201)
      ).body;
      const created = (
        await t.http
          .post('/v1/actions')
          .set(bearer(org.lead.token))
          .send({
            sourceType: 'incident',
            sourceId: incident.id,
            description: 'Vergunningverlening herinrichten',
            assigneeId: org.member.id,
            dueDate: FAR_AHEAD_DUE_DATE,
            ...action,
          })
          .expect(201)
      ).body;
      return { incident, action: created };
    };
    const person = (name: string, email: string) =>
      createPerson(t.http, org.admin.token, { name, accessRole: 'member', email });
    /** The escalations of the action once none waits to be sent, as [recipient, status]. */
    const settled = (actionId: string) =>
      eventually(async () => {
        const found = await escalations(actionId);
        return found.every((n: { status: string }) => n.status !== 'pending' && n.status !== 'queued')
          ? found
          : undefined;
      });
    const fallDue = (actionId: string) =>
      t.db.query(
        `UPDATE notifications SET due_at = now() WHERE subject_id = $1 AND kind = 'action-escalation'`,
        [actionId],
      );

    it('goes to the owner of the chain the action is in when it is sent', async () => {
      const [vergunningen, handhaving] = [await chain('Vergunningen'), await chain('Handhaving')];
      const before = await person('Vera Vergunning', 'vera.vergunning@example.nl');
      const after = await person('Hans Handhaving', 'hans.handhaving@example.nl');
      await owns(vergunningen, before.id);
      await owns(handhaving, after.id);
      const { incident, action } = await overdueAction(vergunningen);
      expect((await escalations(action.id)).map((n: { recipient_id: string }) => n.recipient_id)).toEqual([
        before.id,
      ]);
      // The incident moves to another chain, and its action with it.
      await t.http
        .patch(`/v1/incidents/${incident.id}`)
        .set(bearer(org.lead.token))
        .send({ chainId: handhaving, version: incident.version })
        .expect(200);
      await fallDue(action.id);
      const mail = await eventually(async () => mailTo('hans.handhaving@example.nl')[0]);
      expect(mail.subject).toMatch(/^Escalatie: actie ver over de datum/);
      const rows = await settled(action.id);
      expect(rows.map((n: { recipient_id: string; status: string }) => [n.recipient_id, n.status])).toEqual([
        [before.id, 'cancelled'],
        [after.id, 'sent'],
      ]);
      expect(rows[0].cancel_reason).toContain('escalation no longer goes to');
      expect(rows[1].payload).toMatchObject({ chainId: handhaving, recipientRole: 'owner' });
      expect(mailTo('vera.vergunning@example.nl')).toHaveLength(0);
    });

    it('names the role its recipient has when it is sent: a lead who became the owner meanwhile', async () => {
      const ownerless = await chain('Zonder eigenaar');
      const { action } = await overdueAction(ownerless);
      const planned = await escalations(action.id);
      expect(
        planned.find((n: { recipient_id: string }) => n.recipient_id === org.lead.id).payload.recipientRole,
      ).toBe('lead');
      await owns(ownerless, org.lead.id);
      await fallDue(action.id);
      const rows = await settled(action.id);
      const kept = rows.find((n: { recipient_id: string }) => n.recipient_id === org.lead.id);
      expect([kept.status, kept.payload.recipientRole]).toEqual(['sent', 'owner']);
      const mail = mailTo(kept.target).find((m) => /^Escalatie/.test(m.subject ?? ''))!;
      expect(mail.text).toContain('Als eigenaar van de keten word je gevraagd hierop te sturen.');
    });

    it('goes to nobody when the action changed since it was planned', async () => {
      const toezicht = await chain('Toezicht');
      const owner = await person('Olga Toezicht', 'olga.toezicht@example.nl');
      await owns(toezicht, owner.id);
      const { action } = await overdueAction(toezicht);
      // Claimed rows of an earlier due date and of the current one; then the action is done.
      const stale = async (dueDate: string) => {
        const key = `stale:${randomUUID()}`;
        await t.app.get(NotificationWriter).plan(t.app.get(DataSource).manager, {
          organisationId: org.organisationId,
          recipientId: owner.id,
          channel: NotificationChannel.Email,
          target: 'olga.toezicht@example.nl',
          kind: 'action-escalation',
          subjectType: 'action',
          subjectId: action.id,
          dueAt: new Date(),
          dedupeKey: key,
          payload: { actionId: action.id, dueDate, chainId: toezicht, recipientRole: 'owner' },
        });
        return eventually(async () => {
          const [row] = await t.db.query(
            `SELECT status, cancel_reason FROM notifications WHERE dedupe_key = $1`,
            [key],
          );
          return row.status === 'cancelled' ? row : undefined;
        });
      };
      const moved = await stale('2026-10-01');
      expect(moved.cancel_reason).toContain(`due ${FAR_AHEAD_DUE_DATE}`);
      await t.http
        .patch(`/v1/actions/${action.id}`)
        .set(bearer(org.lead.token))
        .send({ status: 'done', version: action.version })
        .expect(200);
      const done = await stale(FAR_AHEAD_DUE_DATE);
      expect(done.cancel_reason).toContain('the action is done');
      expect(mailTo('olga.toezicht@example.nl')).toHaveLength(0);
      // The real escalation is not revived by either.
      const [planned] = await escalations(action.id);
      expect([planned.recipient_id, planned.status]).toEqual([owner.id, 'cancelled']);
    });

    it('goes to the new owner when the owner of the chain changed in the meantime', async () => {
      const beheer = await chain('Beheer');
      const leaving = await person('Lies Vertrekt', 'lies.vertrekt@example.nl');
      const arriving = await person('Kees Komt', 'kees.komt@example.nl');
      await owns(beheer, leaving.id);
      const { action } = await overdueAction(beheer);
      // Lies's term ends; Kees takes over: today as Leerlus counts days (Dutch), not current_date,
      // the database server's: one east of Amsterdam is a day ahead from its midnight until
      // Amsterdam's, and Lies would still be the owner when the escalation is sent.
      const today = localDate(new Date());
      await t.db.query(
        `UPDATE role_assignments SET valid_to = $3::date - 1 WHERE chain_id = $1 AND person_id = $2`,
        [beheer, leaving.id, today],
      );
      await t.db.query(
        `INSERT INTO role_assignments (chain_id, person_id, role, valid_from) VALUES ($1, $2, 'owner', $3::date)`,
        [beheer, arriving.id, today],
      );
      await fallDue(action.id);
      await eventually(async () => mailTo('kees.komt@example.nl')[0]);
      const rows = await settled(action.id);
      expect(rows.map((n: { recipient_id: string; status: string }) => [n.recipient_id, n.status])).toEqual([
        [leaving.id, 'cancelled'],
        [arriving.id, 'sent'],
      ]);
      expect(mailTo('lies.vertrekt@example.nl')).toHaveLength(0);
    });

    it('goes to the leads when the only owner left (active false) in the meantime', async () => {
      const toezicht = await chain('Toezicht vertrek');
      const gone = await person('Gijs Gaat', 'gijs.gaat@example.nl');
      await owns(toezicht, gone.id);
      const { action } = await overdueAction(toezicht);
      // Gijs left in a way that did not re-plan (as a transaction overlapping his leaving would).
      await t.db.query(`UPDATE people SET active = false WHERE id = $1`, [gone.id]);
      await fallDue(action.id);
      const rows = await eventually(async () => {
        const found = await settled(action.id);
        return found.some((n: { status: string }) => n.status === 'sent') ? found : undefined;
      });
      expect(rows.map((n: { recipient_id: string; status: string }) => [n.recipient_id, n.status])).toEqual([
        [gone.id, 'cancelled'],
        [org.lead.id, 'sent'],
      ]);
      expect(mailTo('gijs.gaat@example.nl')).toHaveLength(0);
      // The chain has an owner, who left: the lead is told so, not that the role is vacant.
      expect(rows[1].payload).toMatchObject({ recipientRole: 'lead', fallback: 'owner-inactive' });
      const mail = mailTo(rows[1].target).find((m) => m.text?.includes(`/v1/actions/${action.id}`))!;
      for (const body of [mail.text, mail.html])
        expect(body).toContain(
          'De eigenaar van de keten is niet meer actief; als leidinggevende word je gevraagd hierop te sturen.',
        );
      expect(mail.text).not.toContain('geen eigenaar');
    });

    /** The escalation mail of the action to `address`. */
    const escalationMail = (address: string, actionId: string) =>
      mailTo(address).find((m) => m.text?.includes(`/v1/actions/${actionId}`));
    const ownerIsAssignee =
      'De eigenaar van de keten is zelf degene bij wie de actie ligt; als leidinggevende word je gevraagd hierop te sturen.';

    it('goes to the leads, not to the owner, when the owner is the assignee, and says so', async () => {
      const eigen = await chain('Eigen actie');
      const owner = await person('Marieke van den Berg', 'marieke.vandenberg@example.nl');
      await owns(eigen, owner.id);
      const { action } = await overdueAction(eigen, { assigneeId: owner.id });
      await fallDue(action.id);
      const rows = await eventually(async () => {
        const found = await settled(action.id);
        return found.length > 0 && found.every((n: { status: string }) => n.status === 'sent')
          ? found
          : undefined;
      });
      expect(rows.map((n: { recipient_id: string }) => n.recipient_id)).toEqual([org.lead.id]);
      const target = rows[0].target;
      const mail = await eventually(async () => escalationMail(target, action.id));
      for (const body of [mail.text, mail.html]) expect(body).toContain(ownerIsAssignee);
      expect(mail.text).toContain('Een actie van Marieke van den Berg is lang over de uiterste datum.');
      expect(mailTo('marieke.vandenberg@example.nl')).toHaveLength(0);
    });

    it('goes to the leads when the action was handed to the owner in a way that did not re-plan', async () => {
      const overdracht = await chain('Overdracht');
      const owner = await person('Otto Overdracht', 'otto.overdracht@example.nl');
      await owns(overdracht, owner.id);
      const { action } = await overdueAction(overdracht);
      // Handed to the owner while the escalation to her was planned (as a change racing with it would).
      await t.db.query(`UPDATE actions SET assignee_id = $2 WHERE id = $1`, [action.id, owner.id]);
      await fallDue(action.id);
      const rows = await eventually(async () => {
        const found = await settled(action.id);
        return found.some((n: { status: string }) => n.status === 'sent') ? found : undefined;
      });
      expect(rows.map((n: { recipient_id: string; status: string }) => [n.recipient_id, n.status])).toEqual([
        [owner.id, 'cancelled'],
        [org.lead.id, 'sent'],
      ]);
      expect(rows[1].payload).toMatchObject({ recipientRole: 'lead', fallback: 'owner-is-assignee' });
      const target = rows[1].target;
      const mail = await eventually(async () => escalationMail(target, action.id));
      expect(mail.text).toContain(ownerIsAssignee);
      expect(mailTo('otto.overdracht@example.nl')).toHaveLength(0);
    });

    it('tells of an action entered long overdue at once: the owner and the assignee, each once', async () => {
      const archief = await chain('Archief');
      const owner = await person('Olaf Archief', 'olaf.archief@example.nl');
      const assignee = await person('Anna Achterstand', 'anna.achterstand@example.nl');
      const successor = await person('Sem Opvolger', 'sem.opvolger@example.nl');
      await owns(archief, owner.id);
      // Due a month ago in Dutch days: its reminder, overdue notice and escalation have all passed.
      const dueDate = localDate(new Date(Date.now() - 30 * 86_400_000));
      const { action } = await overdueAction(archief, { assigneeId: assignee.id, dueDate });
      const escalation = await eventually(async () => mailTo('olaf.archief@example.nl')[0]);
      expect(escalation.subject).toMatch(/^Escalatie: actie ver over de datum/);
      const overdue = await eventually(async () => mailTo('anna.achterstand@example.nl')[0]);
      expect(overdue.subject).toMatch(/^Actie over de datum/);
      // Handed to someone else: they are told it is overdue; the owner is not told again.
      await t.http
        .patch(`/v1/actions/${action.id}`)
        .set(bearer(org.lead.token))
        .send({ assigneeId: successor.id, version: action.version })
        .expect(200);
      await eventually(async () => mailTo('sem.opvolger@example.nl')[0]);
      // Read once nothing waits to be sent (a mail arrives before its row is marked sent).
      const rows: { kind: string; recipient_id: string; status: string }[] = await eventually(async () => {
        const found = await t.db.query(
          `SELECT kind, recipient_id, status FROM notifications WHERE subject_id = $1 AND status <> 'cancelled'`,
          [action.id],
        );
        return found.length > 0 &&
          found.every((n: { status: string }) => n.status !== 'pending' && n.status !== 'queued')
          ? found
          : undefined;
      });
      expect(rows.map((n) => [n.kind, n.recipient_id, n.status]).sort()).toEqual(
        [
          ['action-escalation', owner.id, 'sent'],
          ['action-overdue', assignee.id, 'sent'],
          ['action-overdue', successor.id, 'sent'],
        ].sort(),
      );
      expect(mailTo('olaf.archief@example.nl')).toHaveLength(1);
      expect(mailTo('anna.achterstand@example.nl')).toHaveLength(1);
    });
  });

  it('falls back to the payload text for kinds it does not know', async () => {
    const mail = await send({
      kind: 'quarterly-report',
      recipientId: org.lead.id,
      // A subject type the delivery side does not render (older rows): the payload's text.
      subjectType: 'quarterly-report' as PlannedNotification['subjectType'],
      subjectId: randomUUID(),
      payload: { subject: 'Kwartaalrapportage 2026-K1', text: 'Het rapport staat klaar.' },
    });
    expect(mail.subject).toBe('Kwartaalrapportage 2026-K1');
    expect(mail.text).toContain('Het rapport staat klaar.');
  });

  it('does not send a reminder or an agenda of a session that has begun (after a worker outage)', async () => {
    const begun = await insertSession(t.db, {
      organisationId: org.organisationId,
      chairId: org.lead.id,
      participantIds: [org.member.id],
      title: 'Reflectie die al begonnen is',
      start: new Date(Date.now() - 30 * 60_000).toISOString(),
      durationMinutes: 90,
      agendaSent: true,
    });
    const rows: string[] = [];
    for (const kind of ['session-reminder', 'agenda', 'session-cancelled'] as const) {
      const target = `${kind}-${randomUUID()}@example.nl`;
      await t.app.get(NotificationWriter).plan(t.app.get(DataSource).manager, {
        organisationId: org.organisationId,
        recipientId: org.member.id,
        channel: NotificationChannel.Email,
        target,
        kind,
        subjectType: 'reflection-session',
        subjectId: begun.sessionId,
        dueAt: new Date(Date.now() - 2 * 3600_000),
        dedupeKey: `test:${randomUUID()}`,
      });
      rows.push(target);
    }
    // Nor does a webhook subscriber hear the reminder (checked before its subscription is read).
    await t.app.get(NotificationWriter).plan(t.app.get(DataSource).manager, {
      organisationId: org.organisationId,
      channel: NotificationChannel.Webhook,
      target: 'https://hooks.example.nl/begonnen',
      kind: 'session.reminder',
      subjectType: 'reflection-session',
      subjectId: begun.sessionId,
      dueAt: new Date(Date.now() - 2 * 3600_000),
      dedupeKey: `test:${randomUUID()}`,
    });
    // A cancellation still goes: calendars must drop the meeting whenever they hear of it.
    await eventually(async () => smtp.messages.find((m) => JSON.stringify(m.to).includes(rows[2])));
    const stale = await eventually(async () => {
      const found = await t.db.query(
        `SELECT kind, status, cancel_reason FROM notifications WHERE subject_id = $1 AND status NOT IN ('pending', 'queued')
         ORDER BY kind`,
        [begun.sessionId],
      );
      return found.length === 4 ? found : undefined;
    });
    expect(stale).toEqual([
      { kind: 'agenda', status: 'cancelled', cancel_reason: 'the session has begun' },
      { kind: 'session-cancelled', status: 'sent', cancel_reason: null },
      { kind: 'session-reminder', status: 'cancelled', cancel_reason: 'the session has begun' },
      { kind: 'session.reminder', status: 'cancelled', cancel_reason: 'the session has begun' },
    ]);
    expect(smtp.messages.some((m) => JSON.stringify(m.to).includes(rows[0]))).toBe(false);
  });

  it('does not send what no longer holds: a notice of an action done or re-dated, a reminder of a due date passed or of a cancelled session', async () => {
    // Such messages are cancelled with the change, unless one failed and is retried from the log,
    // or was claimed just before: the check when it is sent catches those.
    const action = async (status: string, dueDate = '2026-04-15'): Promise<string> =>
      (
        await t.db.query(
          `INSERT INTO actions (organisation_id, source_type, source_id, description, assignee_id, due_date,
             created_by_id, status, completed_at)
           VALUES ($1, 'reflection-session', $2, 'Werkinstructie', $3, $7, $4, $5, $6) RETURNING id`,
          [
            org.organisationId,
            session.sessionId,
            org.member.id,
            org.lead.id,
            status,
            status === 'done' ? new Date() : null,
            dueDate,
          ],
        )
      )[0].id;
    const done = await action('done');
    const open = await action('open');
    // A reminder sent late (the worker was down) of a due date that passed yesterday, and one of
    // a due date tomorrow, which still holds.
    const yesterday = localDate(new Date(Date.now() - 86_400_000));
    const tomorrow = localDate(new Date(Date.now() + 86_400_000));
    const lapsed = await action('open', yesterday);
    const near = await action('open', tomorrow);
    const sessionIn = async (status: string) => {
      const s = await insertSession(t.db, {
        organisationId: org.organisationId,
        chairId: org.lead.id,
        participantIds: [org.member.id],
        title: `Reflectie (${status})`,
        start: '2037-04-07T10:00:00+02:00',
        durationMinutes: 60,
      });
      await t.db.query(`UPDATE reflection_sessions SET status = $2 WHERE id = $1`, [s.sessionId, status]);
      return s.sessionId;
    };
    const cancelled = await sessionIn('cancelled');
    const held = await sessionIn('held');
    const moved = await sessionIn('planned');
    const planned: Pick<PlannedNotification, 'kind' | 'subjectType' | 'subjectId' | 'payload'>[] = [
      { kind: 'action-overdue', subjectType: 'action', subjectId: done, payload: { dueDate: '2026-04-15' } },
      { kind: 'action-reminder', subjectType: 'action', subjectId: open, payload: { dueDate: '2026-04-01' } },
      { kind: 'action-reminder', subjectType: 'action', subjectId: lapsed, payload: { dueDate: yesterday } },
      { kind: 'action-reminder', subjectType: 'action', subjectId: near, payload: { dueDate: tomorrow } },
      { kind: 'session-reminder', subjectType: 'reflection-session', subjectId: cancelled, payload: {} },
      { kind: 'outcome-request', subjectType: 'reflection-session', subjectId: held, payload: {} },
      // A reminder of the time the session had before it moved.
      {
        kind: 'session-reminder',
        subjectType: 'reflection-session',
        subjectId: moved,
        payload: { scheduledAt: '2037-04-07T07:00:00.000Z' },
      },
    ];
    for (const p of planned)
      await t.app.get(NotificationWriter).plan(t.app.get(DataSource).manager, {
        ...p,
        organisationId: org.organisationId,
        recipientId: org.member.id,
        channel: NotificationChannel.Email,
        target: `${p.kind}-${randomUUID()}@example.nl`,
        dueAt: new Date(Date.now() - 60_000),
        dedupeKey: `test:${randomUUID()}`,
      });
    // And a webhook of an action done meanwhile (checked before its subscription is read).
    await t.app.get(NotificationWriter).plan(t.app.get(DataSource).manager, {
      organisationId: org.organisationId,
      channel: NotificationChannel.Webhook,
      target: 'https://hooks.example.nl/klaar',
      kind: 'action.overdue',
      subjectType: 'action',
      subjectId: done,
      dueAt: new Date(Date.now() - 60_000),
      dedupeKey: `test:${randomUUID()}`,
      payload: { event: 'action.overdue', data: { dueDate: '2026-04-15' } },
    });
    const ids = [done, open, lapsed, near, cancelled, held, moved];
    const rows = await eventually(async () => {
      const found = await t.db.query(
        `SELECT kind, status, cancel_reason FROM notifications
         WHERE subject_id = ANY ($1) AND dedupe_key LIKE 'test:%' AND status NOT IN ('pending', 'queued')
         ORDER BY kind, cancel_reason`,
        [ids],
      );
      return found.length === 8 ? found : undefined;
    });
    expect(rows).toEqual([
      { kind: 'action-overdue', status: 'cancelled', cancel_reason: 'the action is done' },
      { kind: 'action-reminder', status: 'cancelled', cancel_reason: 'the action has another due date' },
      { kind: 'action-reminder', status: 'cancelled', cancel_reason: 'the due date has passed' },
      { kind: 'action-reminder', status: 'sent', cancel_reason: null },
      { kind: 'action.overdue', status: 'cancelled', cancel_reason: 'the action is done' },
      { kind: 'outcome-request', status: 'cancelled', cancel_reason: 'the session is held' },
      { kind: 'session-reminder', status: 'cancelled', cancel_reason: 'the session has moved' },
      { kind: 'session-reminder', status: 'cancelled', cancel_reason: 'the session is cancelled' },
    ]);
  });

  it('cancels a webhook about an action or session deleted meanwhile, also when it is retried', async () => {
    // A webhook has no context loader to find its subject gone; the check when it is sent must.
    const gone = { action: randomUUID(), 'reflection-session': randomUUID() };
    const kinds = { action: 'action.overdue', 'reflection-session': 'session.reminder' } as const;
    for (const subjectType of ['action', 'reflection-session'] as const)
      await t.app.get(NotificationWriter).plan(t.app.get(DataSource).manager, {
        organisationId: org.organisationId,
        channel: NotificationChannel.Webhook,
        target: 'https://hooks.example.nl/weg',
        kind: kinds[subjectType],
        subjectType,
        subjectId: gone[subjectType],
        dueAt: new Date(Date.now() - 60_000),
        dedupeKey: `test:${randomUUID()}`,
        payload: { event: kinds[subjectType], data: {} },
      });
    const rows = await eventually(async () => {
      const found = await t.db.query(
        `SELECT kind, status, cancel_reason FROM notifications
         WHERE subject_id = ANY ($1) AND status NOT IN ('pending', 'queued') ORDER BY kind`,
        [Object.values(gone)],
      );
      return found.length === 2 ? found : undefined;
    });
    expect(rows).toEqual([
      {
        kind: 'action.overdue',
        status: 'cancelled',
        cancel_reason: `action ${gone.action} no longer exists`,
      },
      {
        kind: 'session.reminder',
        status: 'cancelled',
        cancel_reason: `reflection-session ${gone['reflection-session']} no longer exists`,
      },
    ]);
  });

  it("does not send an action's notices to its assignee to someone it was taken from", async () => {
    // Cancelled when it changes hands, unless planned by a change that raced with that one (or
    // retried from the log): the check when it is sent catches those.
    const tomorrow = localDate(new Date(Date.now() + 86_400_000));
    const [{ id }] = await t.db.query(
      `INSERT INTO actions (organisation_id, source_type, source_id, description, assignee_id, due_date, created_by_id)
       VALUES ($1, 'reflection-session', $2, 'Overgedragen', $3, $4, $5) RETURNING id`,
      [org.organisationId, session.sessionId, org.member.id, tomorrow, org.lead.id],
    );
    const notices: Pick<PlannedNotification, 'kind' | 'recipientId'>[] = [
      { kind: 'action-reminder', recipientId: org.lead.id },
      { kind: 'action-overdue', recipientId: org.lead.id },
      { kind: 'action-reminder', recipientId: org.member.id },
    ];
    for (const notice of notices)
      await t.app.get(NotificationWriter).plan(t.app.get(DataSource).manager, {
        ...notice,
        organisationId: org.organisationId,
        channel: NotificationChannel.Email,
        target: `${notice.kind}-${randomUUID()}@example.nl`,
        subjectType: 'action',
        subjectId: id,
        dueAt: new Date(Date.now() - 60_000),
        dedupeKey: `test:${randomUUID()}`,
        payload: {
          actionId: id,
          dueDate: tomorrow,
          assigneeId: notice.recipientId,
          recipientRole: 'assignee',
        },
      });
    const rows = await eventually(async () => {
      const found = await t.db.query(
        `SELECT kind, recipient_id AS "recipientId", status, cancel_reason FROM notifications
         WHERE subject_id = $1 AND status NOT IN ('pending', 'queued') ORDER BY kind, status`,
        [id],
      );
      return found.length === 3 ? found : undefined;
    });
    expect(rows).toEqual([
      {
        kind: 'action-overdue',
        recipientId: org.lead.id,
        status: 'cancelled',
        cancel_reason: 'the action is assigned to someone else',
      },
      {
        kind: 'action-reminder',
        recipientId: org.lead.id,
        status: 'cancelled',
        cancel_reason: 'the action is assigned to someone else',
      },
      { kind: 'action-reminder', recipientId: org.member.id, status: 'sent', cancel_reason: null },
    ]);
  });

  it('asks a stand-in for an outcome only while the chair is gone and they may still record it', async () => {
    const chair = await createPerson(t.http, org.admin.token, { name: 'Cor Chair', accessRole: 'lead' });
    const seriesOf = async (title: string) =>
      (
        await insertSession(t.db, {
          organisationId: org.organisationId,
          chairId: chair.id,
          participantIds: [org.member.id],
          title,
          start: '2037-04-14T10:00:00+02:00',
          durationMinutes: 60,
        })
      ).sessionId;
    const chaired = await seriesOf('Reflectie (met voorzitter)');
    const chairless = await seriesOf('Reflectie (zonder voorzitter)');
    const ask = async (subjectId: string, recipientId: string) => {
      const dedupeKey = `test:${randomUUID()}`;
      await t.app.get(NotificationWriter).plan(t.app.get(DataSource).manager, {
        organisationId: org.organisationId,
        recipientId,
        channel: NotificationChannel.Email,
        target: `stand-in-${randomUUID()}@example.nl`,
        kind: 'outcome-request',
        subjectType: 'reflection-session',
        subjectId,
        dueAt: new Date(Date.now() - 60_000),
        dedupeKey,
        payload: { standIn: true },
      });
      return dedupeKey;
    };
    // Cor leaves; the first series has a chair again by the time its request is sent, the second
    // has none, and its requests go to a member (who may not record it) and to a lead.
    await t.db.query(`UPDATE people SET active = false WHERE id = $1`, [chair.id]);
    await t.db.query(
      `UPDATE reflection_series SET chair_id = $2 WHERE id = (SELECT series_id FROM reflection_sessions WHERE id = $1)`,
      [chaired, org.lead.id],
    );
    const keys = [
      await ask(chaired, org.lead.id),
      await ask(chairless, org.member.id),
      await ask(chairless, org.lead.id),
    ];
    const rows = await eventually(async () => {
      const found = await t.db.query(
        `SELECT dedupe_key, status, cancel_reason FROM notifications
         WHERE dedupe_key = ANY($1) AND status NOT IN ('pending', 'queued')`,
        [keys],
      );
      return found.length === 3 ? found : undefined;
    });
    const byKey = new Map(rows.map((row: { dedupe_key: string }) => [row.dedupe_key, row]));
    expect(keys.map((key) => byKey.get(key))).toEqual([
      expect.objectContaining({ status: 'cancelled', cancel_reason: 'the series has an active chair again' }),
      expect.objectContaining({
        status: 'cancelled',
        cancel_reason: 'the recipient no longer stands in for the chair',
      }),
      expect.objectContaining({ status: 'sent' }),
    ]);
    const mail = smtp.messages.find(
      (m) => m.subject === 'Leg de uitkomst vast: Reflectie (zonder voorzitter)',
    );
    expect(mail?.text).toContain('de voorzitter, Cor Chair, niet meer actief is');
  });

  it('sends someone who left nothing but the withdrawal of an invitation', async () => {
    const gone = await createPerson(t.http, org.admin.token, {
      name: 'Vera Vertrokken',
      accessRole: 'member',
    });
    await t.db.query(`UPDATE people SET active = false WHERE id = $1`, [gone.id]);
    const targets: Record<string, string> = {};
    for (const kind of ['session-reminder', 'session-uninvited'] as const) {
      targets[kind] = `${kind}-${randomUUID()}@example.nl`;
      // As a transaction that overlapped their leaving would have planned them.
      await t.app.get(NotificationWriter).plan(t.app.get(DataSource).manager, {
        organisationId: org.organisationId,
        recipientId: gone.id,
        channel: NotificationChannel.Email,
        target: targets[kind],
        kind,
        subjectType: 'reflection-session',
        subjectId: session.sessionId,
        dueAt: new Date(),
        dedupeKey: `test:${randomUUID()}`,
      });
    }
    await eventually(async () =>
      smtp.messages.find((m) => JSON.stringify(m.to).includes(targets['session-uninvited'])),
    );
    const rows = await eventually(async () => {
      const found = await t.db.query(
        `SELECT kind, status, cancel_reason FROM notifications WHERE recipient_id = $1 AND status NOT IN ('pending', 'queued')
         ORDER BY kind`,
        [gone.id],
      );
      return found.length === 2 ? found : undefined;
    });
    expect(rows).toEqual([
      { kind: 'session-reminder', status: 'cancelled', cancel_reason: 'the recipient is no longer active' },
      { kind: 'session-uninvited', status: 'sent', cancel_reason: null },
    ]);
  });

  it('puts a session in no calendar of someone taken off its list, nor of someone deleted', async () => {
    const dropped = await createPerson(t.http, org.admin.token, { name: 'Dirk Af', accessRole: 'member' });
    const deleted = await createPerson(t.http, org.admin.token, { name: 'Kees Weg', accessRole: 'member' });
    const invitation = await insertSession(t.db, {
      organisationId: org.organisationId,
      chairId: org.lead.id,
      participantIds: [dropped.id, deleted.id],
      title: 'Reflectie op de lijst',
      start: '2037-05-05T10:00:00+02:00',
      durationMinutes: 60,
      agendaSent: true,
    });
    // Their agendas failed (the mail server refused them); then both left the list, and one was deleted.
    const agendaTo = async (personId: string) => {
      const dedupeKey = `test:${randomUUID()}`;
      await t.app.get(NotificationWriter).plan(t.app.get(DataSource).manager, {
        organisationId: org.organisationId,
        recipientId: personId,
        channel: NotificationChannel.Email,
        target: `${dedupeKey}@example.nl`,
        kind: 'agenda',
        subjectType: 'reflection-session',
        subjectId: invitation.sessionId,
        dueAt: new Date(Date.now() + 3_600_000),
        dedupeKey,
      });
      const [row] = await t.db.query(
        `UPDATE notifications SET status = 'failed', attempts = 5, last_error = 'SMTP 550' WHERE dedupe_key = $1
         RETURNING id, target`,
        [dedupeKey],
      );
      return row as { id: string; target: string };
    };
    const toDropped = await agendaTo(dropped.id);
    const toDeleted = await agendaTo(deleted.id);
    await t.db.query(
      `DELETE FROM reflection_series_participants WHERE series_id = $1 AND person_id = ANY($2)`,
      [invitation.seriesId, [dropped.id, deleted.id]],
    );
    await t.http.delete(`/v1/people/${deleted.id}`).set(bearer(org.admin.token)).expect(204);
    const retry = (id: string) => t.http.post(`/v1/notifications/${id}/retry`).set(bearer(org.lead.token));
    const refusals = [await retry(toDropped.id), await retry(toDeleted.id)];
    expect(refusals.map((r) => [r.status, r.body.detail])).toEqual([
      [409, 'The recipient is no longer invited to this session; sending it would put it in their calendar.'],
      [409, 'The recipient no longer exists; there is nobody to send it to.'],
    ]);
    // Claimed before they left (set going again by hand here): the worker cancels them unsent.
    await t.db.query(
      `UPDATE notifications SET status = 'pending', attempts = 0, due_at = now() WHERE id = ANY($1)`,
      [[toDropped.id, toDeleted.id]],
    );
    const rows = await eventually(async () => {
      const found = await t.db.query(
        `SELECT id, status, last_error, cancel_reason FROM notifications
         WHERE id = ANY($1) AND status NOT IN ('pending', 'queued')`,
        [[toDropped.id, toDeleted.id]],
      );
      return found.length === 2 ? found : undefined;
    });
    // Why they were cancelled is no delivery error: the error of their last attempt stays as it was.
    const why = (id: string, cancelReason: string) => ({
      id,
      status: 'cancelled',
      last_error: 'SMTP 550',
      cancel_reason: cancelReason,
    });
    expect(new Map(rows.map((r: { id: string }) => [r.id, r]))).toEqual(
      new Map([
        [toDropped.id, why(toDropped.id, 'the recipient is no longer invited')],
        [toDeleted.id, why(toDeleted.id, 'the recipient no longer exists')],
      ]),
    );
    const sentTo = smtp.messages.flatMap((m) => JSON.stringify(m.to));
    expect(sentTo.some((to) => to.includes(toDropped.target) || to.includes(toDeleted.target))).toBe(false);
  });

  it('cancels instead of retrying a message whose subject no longer exists', async () => {
    const gone = randomUUID();
    await t.app.get(NotificationWriter).plan(t.app.get(DataSource).manager, {
      organisationId: org.organisationId,
      recipientId: org.member.id,
      channel: NotificationChannel.Email,
      target: 'nobody@example.nl',
      kind: 'session-reminder',
      subjectType: 'reflection-session',
      subjectId: gone,
      dueAt: new Date(),
      dedupeKey: `test:${gone}`,
    });
    const row = await eventually(async () => {
      const [r] = await t.db.query(`SELECT * FROM notifications WHERE subject_id = $1`, [gone]);
      return r.status === 'cancelled' ? r : undefined;
    });
    expect(row.cancel_reason).toBe(`reflection-session ${gone} no longer exists`);
    // A cancellation is no delivery error: the log shows none.
    expect(row.last_error).toBeNull();
    // Cancelled, not retried, and not counted as an attempt: nothing went out.
    expect(row.attempts).toBe(0);
  });

  it('cancels a webhook event whose subscription was switched off, and says so', async () => {
    const subjectId = randomUUID();
    const [subscription] = await t.db.query(
      `INSERT INTO webhook_subscriptions (organisation_id, url, events, secret, active)
       VALUES ($1, 'https://hooks.example.nl/leerlus', '{session.cancelled}', $2, true) RETURNING id`,
      [org.organisationId, 'x'.repeat(32)],
    );
    const m = t.app.get(DataSource).manager;
    // Switched off between planning and sending (the api cancels what waits; a claim can cross it).
    await m.transaction(async (tx) => {
      await t.app.get(NotificationWriter).plan(tx, {
        organisationId: org.organisationId,
        webhookSubscriptionId: subscription.id,
        channel: NotificationChannel.Webhook,
        target: 'https://hooks.example.nl/leerlus',
        kind: 'session.cancelled',
        subjectType: 'reflection-session',
        subjectId,
        dueAt: new Date(),
        dedupeKey: `test:${subjectId}`,
      });
      await tx.query(`UPDATE webhook_subscriptions SET active = false WHERE id = $1`, [subscription.id]);
    });
    const row = await eventually(async () => {
      const [r] = await t.db.query(`SELECT * FROM notifications WHERE subject_id = $1`, [subjectId]);
      return r.status === 'cancelled' ? r : undefined;
    });
    expect(row.cancel_reason).toBe('the webhook subscription is inactive');
    // Nothing was sent: the log counts no attempt (an auditor reads attempts as deliveries tried).
    expect(row.attempts).toBe(0);
  });
});

describe('e-mail without SMTP_URL', () => {
  it('writes .eml files into MAIL_DIR, so a fresh install works', async () => {
    const t = await startTestApp();
    const dir = resolve(t.config.MAIL_DIR);
    const worker = await startTestWorker(t.config, FAST);
    try {
      const org = await createOrganisation(t.http, t.systemToken);
      const dedupeKey = `test:${randomUUID()}`;
      await t.app.get(NotificationWriter).plan(t.app.get(DataSource).manager, {
        organisationId: org.organisationId,
        recipientId: org.member.id,
        channel: NotificationChannel.Email,
        target: 'mo@example.nl',
        // A kind and subject the system no longer writes: sent with the generic text of its payload.
        kind: 'generic' as PlannedNotification['kind'],
        subjectType: 'organisation' as PlannedNotification['subjectType'],
        subjectId: org.organisationId,
        dueAt: new Date(),
        dedupeKey,
        payload: { subject: 'Welkom bij Leerlus', text: 'Fijn dat je er bent.' },
      });
      const [row] = await t.db.query(`SELECT id FROM notifications WHERE dedupe_key = $1`, [dedupeKey]);
      const file = join(dir, `${row.id}.eml`);
      await eventually(async () => existsSync(file));
      const mail = await simpleParser(readFileSync(file));
      expect(mail.subject).toBe('Welkom bij Leerlus');
      expect(JSON.stringify(mail.to)).toContain('mo@example.nl');
      expect(mail.text).toContain('Fijn dat je er bent.');
      await eventually(
        async () =>
          (await t.db.query(`SELECT status FROM notifications WHERE id = $1`, [row.id]))[0].status === 'sent',
      );
    } finally {
      await worker.close();
      await t.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
