import { NotificationDelivery } from '@app/domain/notifications/notification-delivery.service';
import { QuarterCloseService } from '@app/domain/reports/quarter-close.service';
import { bearer, createOrganisation, OrgFixture } from './support/fixtures';
import { startSmtpServer, TestSmtpServer } from './support/test-smtp-server';
import { startTestApp, TestApp } from './support/test-app';
import { startTestWorker, TestWorker } from './support/test-worker';

/**
 * Reports are for leads and admins (PRODUCT.md, "Who may do what"). The quarter close plans the
 * report e-mail to each lead; one who became a member before it went out (or before a failed one
 * is retried from the delivery log) does not get it.
 */
describe('quarter-close report e-mail to a lead who is no longer a lead', () => {
  let t: TestApp;
  let smtp: TestSmtpServer;
  let worker: TestWorker;
  let org: OrgFixture;

  beforeAll(async () => {
    smtp = await startSmtpServer();
    t = await startTestApp({ env: { SMTP_URL: smtp.url, PUBLIC_BASE_URL: 'https://leerlus.example.nl' } });
    org = await createOrganisation(t.http, t.systemToken);
    await t.db.query(`UPDATE organisations SET created_at = '2026-04-15T10:00:00+02:00' WHERE id = $1`, [
      org.organisationId,
    ]);
    worker = await startTestWorker(t.config, { runJobs: false });
  });
  afterAll(async () => {
    await worker?.close();
    await t?.close();
    await smtp?.close();
  });

  it('does not send the frozen report to someone who was demoted to member before delivery', async () => {
    // Close Q2 2026 at 06:00 on its first working day (1 July 2026, a Wednesday).
    await t.app.get(QuarterCloseService).closeQuarter(new Date('2026-07-01T06:00:00+02:00'));
    const [notification] = await t.db.query<{ id: string; target: string }>(
      `SELECT id, target FROM notifications
       WHERE kind = 'quarterly-report' AND recipient_id = $1 AND organisation_id = $2`,
      [org.lead.id, org.organisationId],
    );
    expect(notification).toBeDefined();

    // The lead is made a member (a plain role change, before the e-mail was delivered).
    const person = await t.http.get(`/v1/people/${org.lead.id}`).set(bearer(org.admin.token)).expect(200);
    await t.http
      .patch(`/v1/people/${org.lead.id}`)
      .set(bearer(org.admin.token))
      .send({ version: person.body.version, accessRole: 'member' })
      .expect(200);
    // As a member they may not see the report through the API.
    await t.http.get('/v1/reports/quarterly?year=2026&quarter=2').set(bearer(org.lead.token)).expect(403);

    expect(await worker.app.get(NotificationDelivery).deliver(notification.id)).toEqual({
      outcome: 'skipped',
      reason: 'the recipient no longer reads reports',
    });
    const mailed = smtp.messages.filter((m) => JSON.stringify(m.to).includes(notification.target));
    // Stale, as for someone who left: cancelled, not sent.
    expect(mailed.map((m) => m.subject)).toEqual([]);
  });
});
