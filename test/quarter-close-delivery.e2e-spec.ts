import { QuarterCloseSchedule } from '@app/domain/reports/quarter-close-schedule';
import { JobName } from '@app/queue';
import { createOrganisation, OrgFixture } from './support/fixtures';
import { startSmtpServer, TestSmtpServer } from './support/test-smtp-server';
import { startTestApp, TestApp } from './support/test-app';
import { eventually, startTestWorker, TestWorker } from './support/test-worker';

/**
 * Quarter close through the real worker: the periodic job freezes the last closed quarter and
 * the leads receive the report by e-mail (summary, HTML report, CSV for Dutch Excel attached).
 */
describe('quarter close, delivered', () => {
  let t: TestApp;
  let smtp: TestSmtpServer;
  let worker: TestWorker;
  let org: OrgFixture;

  beforeAll(async () => {
    smtp = await startSmtpServer();
    t = await startTestApp({ env: { SMTP_URL: smtp.url, PUBLIC_BASE_URL: 'https://leerlus.example.nl' } });
    org = await createOrganisation(t.http, t.systemToken);
    // The organisation came in at the start of the quarter that is closed now (so it has no
    // earlier quarter to catch up on).
    await t.db.query(`UPDATE organisations SET created_at = $2 WHERE id = $1`, [
      org.organisationId,
      QuarterCloseSchedule.quarterToClose(new Date()).startsAt,
    ]);
    worker = await startTestWorker(t.config, {
      worker: { everyOverride: { [JobName.CloseQuarter]: 1_000 } },
    });
  });

  afterAll(async () => {
    await worker?.close();
    await t?.close();
    await smtp?.close();
  });

  it('freezes one quarter-close snapshot and mails it to the leads once', async () => {
    const mail = await eventually(
      async () => smtp.messages.find((m) => /Q\d \d{4}/.test(m.subject ?? '')),
      30_000,
    );
    const snapshots = await t.db.query(
      `SELECT id, year, quarter, reason FROM report_snapshots WHERE organisation_id = $1`,
      [org.organisationId],
    );
    expect(snapshots).toHaveLength(1);
    expect(snapshots[0].reason).toBe('quarter-close');
    expect(JSON.stringify(mail.to)).toContain('lars.leidinggevende');
    expect(mail.text).toContain(`Q${snapshots[0].quarter} ${snapshots[0].year}`);
    expect(mail.html).toContain('<svg');
    expect(mail.html).not.toContain('<script');
    const csv = mail.attachments.find((a) => /csv/.test(a.contentType));
    expect(csv).toBeDefined();
    const content = csv!.content.toString('utf8');
    expect(content.charCodeAt(0)).toBe(0xfeff);
    expect(content).toContain('section;figure;dimension;value');
    // The snapshot's address in the api, said to need a token (a browser would get 401).
    expect(mail.text).toContain(
      `Het rapport in de Leerlus-API (met een API-token):\nhttps://leerlus.example.nl/v1/reports/quarterly-snapshots/${snapshots[0].id}\n`,
    );

    // The job keeps running every second: still one snapshot, one mail.
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    expect(
      await t.db.query(`SELECT id FROM report_snapshots WHERE organisation_id = $1`, [org.organisationId]),
    ).toHaveLength(1);
    expect(smtp.messages.filter((m) => /Q\d \d{4}/.test(m.subject ?? ''))).toHaveLength(1);
  });
});
