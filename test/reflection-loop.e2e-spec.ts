import { JobName } from '@app/queue';
import ICAL from 'ical.js';
import { ParsedMail } from 'mailparser';
import { bearer, createOrganisation, createPerson, OrgFixture } from './support/fixtures';
import { createChainWithTriangle, insertIncident, insertTheme } from './support/reflection-fixtures';
import { startSmtpServer, TestSmtpServer } from './support/test-smtp-server';
import { startTestApp, TestApp } from './support/test-app';
import { eventually, startTestWorker, TestWorker } from './support/test-worker';

/**
 * The whole loop with real parts: a series created through the api, the real worker on real
 * Redis and Postgres, e-mail to an in-process SMTP server, and the calendar feed. Minute-scale
 * offsets, real time: the agenda and the reminder fall due a few seconds after the test starts.
 */
describe('the reflection loop end to end', () => {
  let t: TestApp;
  let smtp: TestSmtpServer;
  let worker: TestWorker;
  let org: OrgFixture;
  let people: {
    owner: { id: string; token: string };
    commissioner: { id: string };
    contractor: { id: string };
  };
  let seriesId: string;
  let firstStart: Date;

  beforeAll(async () => {
    smtp = await startSmtpServer();
    t = await startTestApp({ env: { SMTP_URL: smtp.url } });
    org = await createOrganisation(t.http, t.systemToken);
    people = {
      owner: await createPerson(t.http, org.admin.token, {
        name: 'Sanne Eigenaar',
        accessRole: 'lead',
        locale: 'nl',
      }),
      commissioner: await createPerson(t.http, org.admin.token, {
        name: 'Daan Opdrachtgever',
        accessRole: 'lead',
        locale: 'en',
      }),
      contractor: await createPerson(t.http, org.admin.token, {
        name: 'Omar Opdrachtnemer',
        accessRole: 'member',
      }),
    };
    const chainId = await createChainWithTriangle(t.http, org.admin.token, {
      owner: people.owner.id,
      commissioner: people.commissioner.id,
      contractor: people.contractor.id,
    });
    await insertTheme(t.db, {
      organisationId: org.organisationId,
      ownerId: org.lead.id,
      title: 'Vertrouwen tussen beleid en uitvoering',
    });
    for (let i = 0; i < 5; i++) {
      await insertIncident(t.db, {
        organisationId: org.organisationId,
        chainId,
        reportedById: org.member.id,
        title: `Storing betaalsysteem ${i}`,
        severity: 'critical',
        publicAttention: 'parliamentary',
        reportedAt: new Date(Date.now() - 3_600_000).toISOString(),
      });
    }

    // Agenda and reminder are due 8 s from now: start = now + 3 minutes + 8 seconds.
    firstStart = new Date(Date.now() + 3 * 60_000 + 8_000);
    firstStart.setMilliseconds(0);
    const series = await t.http
      .post('/v1/reflection-series')
      .set(bearer(org.lead.token))
      .send({
        title: 'Driehoeksoverleg Toeslagen',
        kind: 'triangle',
        chainId,
        chairId: people.owner.id,
        rrule: 'FREQ=WEEKLY;COUNT=3',
        firstStart: firstStart.toISOString(),
        durationMinutes: 60,
        agendaLeadTime: 'PT3M',
        reminderOffsets: ['PT3M'],
        protectedShare: 0.5,
        location: 'Zaal 4.12, Turfmarkt 147',
        skipPublicHolidays: false,
      })
      .expect(201);
    seriesId = series.body.id;
    worker = await startTestWorker(t.config, {
      worker: { everyOverride: { [JobName.DispatchAgendas]: 1_000, [JobName.DispatchNotifications]: 500 } },
    });
  });

  afterAll(async () => {
    await worker?.close();
    await t?.close();
    await smtp?.close();
  });

  const mailsOf = (kind: RegExp) => smtp.messages.filter((m) => kind.test(m.subject ?? ''));
  const icsOf = (mail: ParsedMail) => {
    const attachment = mail.attachments.find((a) => /calendar/.test(a.contentType));
    return attachment ? new ICAL.Component(ICAL.parse(attachment.content.toString('utf8'))) : undefined;
  };

  it('materialises the three sessions', async () => {
    const sessions = await t.http
      .get(`/v1/reflection-series/${seriesId}/sessions`)
      .set(bearer(org.member.token))
      .expect(200);
    expect(sessions.body.total).toBe(3);
    expect(new Date(sessions.body.items[0].scheduledAt).getTime()).toBe(firstStart.getTime());
  });

  it('sends the compiled agenda at start minus the lead time to the chair and the triangle, once', async () => {
    const agendas = await eventually(async () => {
      const rows = await t.db.query(
        `SELECT recipient_id, status FROM notifications WHERE kind = 'agenda' AND status = 'sent'`,
      );
      return rows.length >= 3 ? rows : undefined;
    }, 60_000);
    const recipients = agendas.map((r: { recipient_id: string }) => r.recipient_id).sort();
    expect(recipients).toEqual([people.owner.id, people.commissioner.id, people.contractor.id].sort());
    const [session] = await t.db.query(
      `SELECT status, agenda_sent_at FROM reflection_sessions WHERE series_id = $1 ORDER BY scheduled_at LIMIT 1`,
      [seriesId],
    );
    expect(session.status).toBe('agenda-sent');
    expect(new Date(session.agenda_sent_at).getTime()).toBeGreaterThanOrEqual(
      firstStart.getTime() - 3 * 60_000 - 1_000,
    );

    const mail = await eventually(
      async () =>
        smtp.messages.find(
          (m) => JSON.stringify(m.to).includes('sanne.eigenaar') && /agenda/i.test(m.subject ?? ''),
        ),
      10_000,
    );
    // The protected share holds: the theme is on the agenda although five critical incidents wait.
    expect(mail.text).toContain('Vertrouwen tussen beleid en uitvoering');
    expect(mail.html).toBeTruthy();
    const calendar = icsOf(mail)!;
    expect(calendar.getFirstPropertyValue('method')).toBe('REQUEST');
    const event = calendar.getFirstSubcomponent('vevent')!;
    expect(event.getFirstPropertyValue('location')).toBe('Zaal 4.12, Turfmarkt 147');
    const start = event.getFirstPropertyValue('dtstart') as ICAL.Time;
    start.zone = new ICAL.Timezone(calendar.getFirstSubcomponent('vtimezone')!);
    expect(start.toJSDate().getTime()).toBe(firstStart.getTime());

    // The English-speaking commissioner gets English.
    const english = smtp.messages.find(
      (m) =>
        JSON.stringify(m.to).includes('daan.opdrachtgever') &&
        icsOf(m)?.getFirstPropertyValue('method') === 'REQUEST',
    );
    expect(english?.subject).toMatch(/agenda/i);
    expect(english?.text).not.toContain('Vertrouwelijk');
  });

  it('sends the session reminder at its offset', async () => {
    const sent = await eventually(async () => {
      const rows = await t.db.query(
        `SELECT due_at, sent_at FROM notifications WHERE kind = 'session-reminder' AND status = 'sent'`,
      );
      return rows.length >= 3 ? rows : undefined;
    }, 30_000);
    for (const row of sent) {
      expect(new Date(row.due_at).getTime()).toBe(firstStart.getTime() - 3 * 60_000);
      expect(new Date(row.sent_at).getTime() - new Date(row.due_at).getTime()).toBeLessThan(5_000);
    }
  });

  it('cancels a later session: the participants get METHOD:CANCEL, the feed marks it cancelled', async () => {
    const sessions = await t.http
      .get(`/v1/reflection-series/${seriesId}/sessions`)
      .set(bearer(org.lead.token))
      .expect(200);
    const second = sessions.body.items[1];
    await t.http
      .patch(`/v1/reflection-sessions/${second.id}`)
      .set(bearer(org.lead.token))
      .send({
        status: 'cancelled',
        reason: 'Samenvallend met begrotingsbehandeling',
        version: second.version,
      })
      .expect(200);
    const cancellation = await eventually(async () => {
      const mails = smtp.messages.filter((m) => icsOf(m)?.getFirstPropertyValue('method') === 'CANCEL');
      return mails.length >= 3 ? mails : undefined;
    }, 20_000);
    const event = icsOf(cancellation[0])!.getFirstSubcomponent('vevent')!;
    expect(event.getFirstPropertyValue('uid')).toContain(second.id);
    // A mail reaches the SMTP server before the worker marks its row sent: wait until the rows
    // are settled (the delivery log below counts them).
    const settled = await eventually(async () => {
      const rows = await t.db.query(
        `SELECT status FROM notifications WHERE subject_id = $1 AND kind = 'session-cancelled'`,
        [second.id],
      );
      return rows.length >= 3 &&
        rows.every((r: { status: string }) => !['pending', 'queued'].includes(r.status))
        ? rows
        : undefined;
    }, 20_000);
    expect(settled.map((r: { status: string }) => r.status)).toEqual(settled.map(() => 'sent'));

    const reminders = await t.db.query(
      `SELECT status FROM notifications WHERE subject_id = $1 AND kind IN ('session-reminder', 'outcome-request')`,
      [second.id],
    );
    expect(reminders.every((r: { status: string }) => r.status === 'cancelled')).toBe(true);

    const chair = await t.http
      .get(`/v1/people/${people.owner.id}`)
      .set(bearer(people.owner.token))
      .expect(200);
    const feedPath = new URL(chair.body.calendarFeedUrl).pathname;
    const feed = await t.http.get(feedPath).expect(200);
    expect(feed.headers['content-type']).toMatch(/^text\/calendar/);
    const events = new ICAL.Component(ICAL.parse(feed.text)).getAllSubcomponents('vevent');
    const cancelled = events.find((e) => String(e.getFirstPropertyValue('uid')).includes(second.id));
    expect(cancelled?.getFirstPropertyValue('status')).toBe('CANCELLED');
  });

  it('keeps the delivery log visible to leads, and nothing was sent twice', async () => {
    const log = await t.http
      .get('/v1/notifications?status=sent&pageSize=100')
      .set(bearer(org.lead.token))
      .expect(200);
    expect(log.body.total).toBeGreaterThanOrEqual(9);
    const ids = smtp.messages.map((m) => m.messageId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(mailsOf(/./).length).toBe(smtp.messages.length);
  });
});
