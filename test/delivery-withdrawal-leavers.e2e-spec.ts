import { JobName } from '@app/queue';
import ICAL from 'ical.js';
import { ParsedMail } from 'mailparser';
import { bearer, createOrganisation, createPerson, OrgFixture } from './support/fixtures';
import { createChainWithTriangle } from './support/reflection-fixtures';
import { startSmtpServer, TestSmtpServer } from './support/test-smtp-server';
import { startTestApp, TestApp } from './support/test-app';
import { eventually, startTestWorker, TestWorker } from './support/test-worker';

/**
 * Someone taken off a session whose agenda went out, and at once deactivated or deleted: the
 * withdrawal of their invitation still reaches them, or the meeting stays in their calendar. The
 * worker starts only after both changes, so it cannot send the withdrawal before they leave.
 */
describe('the withdrawal of an invitation to someone who left or was deleted right after', () => {
  let smtp: TestSmtpServer;
  let t: TestApp;
  let worker: TestWorker | undefined;
  let org: OrgFixture;

  beforeAll(async () => {
    smtp = await startSmtpServer();
    t = await startTestApp({ env: { SMTP_URL: smtp.url } });
    org = await createOrganisation(t.http, t.systemToken);
  });
  afterAll(async () => {
    await worker?.close();
    await t.close();
    await smtp.close();
  });

  const methodOf = (mail: ParsedMail) => {
    const attachment = mail.attachments.find((a) => /calendar/.test(a.contentType));
    if (!attachment) return undefined;
    return new ICAL.Component(ICAL.parse(attachment.content.toString('utf8'))).getFirstPropertyValue(
      'method',
    );
  };

  it('sends the CANCEL to who was taken off the list and deactivated, and to who lost their role and was deleted', async () => {
    const admin = bearer(org.admin.token);
    const lead = bearer(org.lead.token);
    const leaverEmail = `lieke.vertrek.${Date.now()}@example.nl`;
    const deletedEmail = `otto.weg.${Date.now()}@example.nl`;
    const leaver = await createPerson(t.http, org.admin.token, {
      name: 'Lieke Vertrek',
      accessRole: 'member',
      email: leaverEmail,
    });
    const deleted = await createPerson(t.http, org.admin.token, {
      name: 'Otto Weg',
      accessRole: 'member',
      email: deletedEmail,
    });
    const [commissioner, contractor] = await Promise.all(
      ['Olga Opdrachtgever', 'Nico Opdrachtnemer'].map((name) =>
        createPerson(t.http, org.admin.token, { name, accessRole: 'member' }),
      ),
    );
    const chainId = await createChainWithTriangle(t.http, org.admin.token, {
      owner: deleted.id,
      commissioner: commissioner.id,
      contractor: contractor.id,
    });
    // In two days, in real time: the worker that sends the withdrawals runs on the real clock.
    const firstStart = new Date(Date.now() + 2 * 86_400_000);
    firstStart.setUTCMinutes(0, 0, 0);
    const series = (
      await t.http
        .post('/v1/reflection-series')
        .set(lead)
        .send({
          title: 'Ketenoverleg Vertrek',
          kind: 'chain',
          chainId,
          chairId: org.lead.id,
          participantIds: [leaver.id],
          rrule: 'FREQ=WEEKLY;COUNT=1',
          firstStart: firstStart.toISOString(),
          durationMinutes: 60,
          skipPublicHolidays: false,
        })
        .expect(201)
    ).body;
    const [session] = (await t.http.get(`/v1/reflection-series/${series.id}/sessions`).set(lead).expect(200))
      .body.items;
    await t.http
      .patch(`/v1/reflection-sessions/${session.id}`)
      .set(lead)
      .send({ status: 'agenda-sent', version: session.version })
      .expect(200);
    // The invitations went out (as the worker would have sent them).
    await t.db.query(
      `UPDATE notifications SET status = 'sent', sent_at = now() WHERE subject_id = $1 AND kind = 'agenda'`,
      [session.id],
    );

    // Taken off the list, then deactivated at once.
    await t.http
      .patch(`/v1/reflection-series/${series.id}`)
      .set(lead)
      .send({ participantIds: [], version: series.version })
      .expect(200);
    const { version } = (await t.http.get(`/v1/people/${leaver.id}`).set(admin).expect(200)).body;
    await t.http.patch(`/v1/people/${leaver.id}`).set(admin).send({ active: false, version }).expect(200);
    // Their role (given by mistake) deleted, then deleted themselves at once.
    const [ownerRole] = (
      await t.http.get(`/v1/chains/${chainId}/role-assignments?role=owner`).set(admin).expect(200)
    ).body.items;
    await t.http.delete(`/v1/chains/${chainId}/role-assignments/${ownerRole.id}`).set(admin).expect(204);
    await t.http.delete(`/v1/people/${deleted.id}`).set(admin).expect(204);

    worker = await startTestWorker(t.config, {
      worker: { everyOverride: { [JobName.DispatchNotifications]: 300 } },
    });
    const rows = await eventually(async () => {
      const found = await t.db.query(
        `SELECT target, status, last_error FROM notifications
         WHERE subject_id = $1 AND kind = 'session-uninvited' AND status NOT IN ('pending', 'queued')
         ORDER BY target`,
        [session.id],
      );
      return found.length === 2 ? found : undefined;
    });
    expect(rows).toEqual(
      [leaverEmail, deletedEmail].sort().map((target) => ({ target, status: 'sent', last_error: null })),
    );
    for (const email of [leaverEmail, deletedEmail])
      expect(
        smtp.messages.filter((m) => JSON.stringify(m.to).includes(email)).map((m) => methodOf(m)),
      ).toEqual(['CANCEL']);
  });
});
