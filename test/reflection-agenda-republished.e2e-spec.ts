import { NotificationDelivery } from '@app/domain/notifications/notification-delivery.service';
import { AgendaService } from '@app/domain/reflection/agenda.service';
import { bearer, createOrganisation, createPerson, OrgFixture } from './support/fixtures';
import {
  createChainSeries,
  createChainWithTriangle,
  insertIncident,
  subscribeWebhook,
} from './support/reflection-fixtures';
import { startTestApp, TestApp } from './support/test-app';
import { startTestWorker } from './support/test-worker';
import { startWebhookReceiver } from './support/webhook-receiver';

/**
 * A session's agenda.published webhook goes out again when the series' place changes
 * (SessionNotifications.planReinvited), with the agenda as it stands: an incident made
 * confidential since shows as such, as in every agenda, feed and e-mail.
 */
describe('agenda.published sent again after a change of place', () => {
  let t: TestApp;
  let org: OrgFixture;
  let chainId: string;

  beforeAll(async () => {
    // The subscriber of the retried delivery is a local plain-http server.
    t = await startTestApp({
      env: { WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true', WEBHOOK_REQUIRE_HTTPS: 'false' },
    });
    t.clock.set('2026-03-01T09:00:00Z');
    org = await createOrganisation(t.http, t.systemToken);
    const owner = await createPerson(t.http, org.admin.token, { name: 'Olga Eigenaar', accessRole: 'lead' });
    const commissioner = await createPerson(t.http, org.admin.token, {
      name: 'Otto Opdracht',
      accessRole: 'member',
    });
    const contractor = await createPerson(t.http, org.admin.token, {
      name: 'Nina Nemer',
      accessRole: 'member',
    });
    chainId = await createChainWithTriangle(t.http, org.admin.token, {
      owner: owner.id,
      commissioner: commissioner.id,
      contractor: contractor.id,
    });
  });
  afterAll(() => t.close());

  it('does not re-publish the title of an incident that has become confidential', async () => {
    await subscribeWebhook(t.db, org.organisationId, ['agenda.published']);
    const incidentId = await insertIncident(t.db, {
      organisationId: org.organisationId,
      chainId,
      reportedById: org.member.id,
      title: 'Datalek bij gemeente Zwolle',
      severity: 'high',
      reportedAt: '2026-02-20T09:00:00Z',
    });
    const series = await createChainSeries(t.http, org.lead, chainId);

    t.clock.set('2026-03-06T09:00:00Z');
    expect(await t.app.get(AgendaService).dispatchDueAgendas()).toBe(1);
    const published = async (): Promise<{ payload: any; status: string }[]> =>
      t.db.query(
        `SELECT payload, status FROM notifications WHERE kind = 'agenda.published' AND organisation_id = $1
         ORDER BY created_at, id`,
        [org.organisationId],
      );
    const titles = (row: { payload: any }) =>
      (row.payload.data.agenda.items as { title: string }[]).map((i) => i.title);
    const [first] = await published();
    expect(titles(first)).toContain('Datalek bij gemeente Zwolle');

    // The incident is made confidential: the agenda item's title is masked from now on.
    t.clock.set('2026-03-06T10:00:00Z');
    await t.db.query(`UPDATE incidents SET confidentiality = 'confidential' WHERE id = $1`, [incidentId]);
    const [session] = (
      await t.http
        .get(`/v1/reflection-series/${series.id}/sessions?pageSize=1`)
        .set(bearer(org.lead.token))
        .expect(200)
    ).body.items;
    const agenda = await t.http
      .get(`/v1/reflection-sessions/${session.id}/agenda`)
      .set(bearer(org.lead.token))
      .expect(200);
    const shown = agenda.body.items.map((i: { title: string }) => i.title);
    expect(shown).toContain('Vertrouwelijk incident (high)');
    expect(shown).not.toContain('Datalek bij gemeente Zwolle');

    // The place changes: the invitation and agenda.published go out again.
    await t.http
      .patch(`/v1/reflection-series/${series.id}`)
      .set(bearer(org.lead.token))
      .send({ location: 'Zaal 2.01, Turfmarkt 147', version: series.version })
      .expect(200);
    const all = await published();
    expect(all).toHaveLength(2);
    // The earlier one, not sent yet (or waiting for a retry), is not: it would reach the subscriber
    // after the new one, with the old place.
    expect(all.map((row) => row.status)).toEqual(['cancelled', 'pending']);
    expect(all[1].payload.data.location).toBe('Zaal 2.01, Turfmarkt 147');
    // Not the stored agenda: the confidential incident's title does not go out again.
    expect(titles(all[1])).not.toContain('Datalek bij gemeente Zwolle');
    expect(titles(all[1])).toEqual(shown);
  });

  it('sends a retried agenda.published with the agenda as it is when it goes, not as it was stored', async () => {
    const receiver = await startWebhookReceiver();
    const worker = await startTestWorker(t.config, { runJobs: false, clock: t.clock });
    try {
      await t.db.query(`UPDATE webhook_subscriptions SET active = false WHERE organisation_id = $1`, [
        org.organisationId,
      ]);
      await t.db.query(
        `INSERT INTO webhook_subscriptions (organisation_id, url, events, secret) VALUES ($1, $2, '{agenda.published}', 's3cret')`,
        [org.organisationId, receiver.url],
      );
      t.clock.set('2026-03-10T09:00:00Z');
      const incidentId = await insertIncident(t.db, {
        organisationId: org.organisationId,
        chainId,
        reportedById: org.member.id,
        title: 'Brieven naar verkeerde adressen verstuurd',
        severity: 'critical',
        reportedAt: '2026-03-10T08:00:00Z',
      });
      await createChainSeries(t.http, org.lead, chainId, {
        title: 'Ketenreflectie woensdag',
        rrule: 'FREQ=WEEKLY;BYDAY=WE',
        firstStart: '2026-03-18T10:00:00+01:00',
      });
      t.clock.set('2026-03-15T09:30:00Z');
      await t.app.get(AgendaService).dispatchDueAgendas();
      const [stored] = await t.db.query(
        `SELECT n.id, n.payload FROM notifications n JOIN reflection_sessions s ON s.id = n.subject_id
         JOIN reflection_series r ON r.id = s.series_id
         WHERE n.kind = 'agenda.published' AND r.title = 'Ketenreflectie woensdag' AND n.status = 'pending'`,
      );
      const storedTitles = stored.payload.data.agenda.items.map((i: { title: string }) => i.title);
      expect(storedTitles).toContain('Brieven naar verkeerde adressen verstuurd');
      // Its first delivery failed (the subscriber was down); meanwhile the incident became confidential.
      await t.db.query(`UPDATE incidents SET confidentiality = 'confidential' WHERE id = $1`, [incidentId]);
      expect(await worker.app.get(NotificationDelivery).deliver(stored.id)).toMatchObject({
        outcome: 'sent',
      });
      const bodies = receiver.received.map(({ body }) => body);
      expect(bodies).toHaveLength(1);
      const sentTitles = JSON.parse(bodies[0]).data.agenda.items.map((i: { title: string }) => i.title);
      expect(sentTitles).not.toContain('Brieven naar verkeerde adressen verstuurd');
      expect(sentTitles).toContain('Vertrouwelijk incident (critical)');
    } finally {
      await worker.close();
      await receiver.close();
    }
  });

  it('names the reference of no item it masks: a confidential incident and its lesson go with referenceId null', async () => {
    const receiver = await startWebhookReceiver();
    const worker = await startTestWorker(t.config, { runJobs: false, clock: t.clock });
    try {
      // An organisation of its own: its subscriber hears only of this agenda.
      const own = await createOrganisation(t.http, t.systemToken);
      const triangle = await Promise.all(
        ['Eva Eigenaar', 'Olaf Opdracht', 'Nora Nemer'].map((name) =>
          createPerson(t.http, own.admin.token, { name, accessRole: 'member' }),
        ),
      );
      const ownChain = await createChainWithTriangle(t.http, own.admin.token, {
        owner: triangle[0].id,
        commissioner: triangle[1].id,
        contractor: triangle[2].id,
      });
      await t.db.query(
        `INSERT INTO webhook_subscriptions (organisation_id, url, events, secret) VALUES ($1, $2, '{agenda.published}', 's3cret')`,
        [own.organisationId, receiver.url],
      );
      t.clock.set('2026-03-20T09:00:00Z');
      const incident = (title: string, confidentiality: string) =>
        insertIncident(t.db, {
          organisationId: own.organisationId,
          chainId: ownChain,
          reportedById: own.member.id,
          title,
          severity: 'high',
          confidentiality,
          reportedAt: '2026-03-19T08:00:00Z',
        });
      const internal = await incident('Wachtrij klantcontact overbelast', 'internal');
      const secret = await incident('Dossier familie Bakker gelekt', 'confidential');
      const lesson = await t.http
        .post('/v1/lessons')
        .set(bearer(own.lead.token))
        .send({
          sourceType: 'incident',
          sourceId: secret,
          title: 'Versleutel dossiers van Bakker',
          addressedRole: 'all',
        })
        .expect(201);
      await createChainSeries(t.http, own.lead, ownChain, {
        title: 'Ketenreflectie donderdag',
        rrule: 'FREQ=WEEKLY;BYDAY=TH',
        firstStart: '2026-03-26T10:00:00+01:00',
      });
      t.clock.set('2026-03-23T09:30:00Z');
      await t.app.get(AgendaService).dispatchDueAgendas();
      const [published] = await t.db.query(
        `SELECT id FROM notifications WHERE kind = 'agenda.published' AND organisation_id = $1 AND status = 'pending'`,
        [own.organisationId],
      );
      expect(await worker.app.get(NotificationDelivery).deliver(published.id)).toMatchObject({
        outcome: 'sent',
      });
      const bodies = receiver.received.map(({ body }) => body);
      expect(bodies).toHaveLength(1);
      const items: { kind: string; referenceId: string | null; title: string }[] = JSON.parse(bodies[0]).data
        .agenda.items;
      const about = (kind: string, title: string) => items.find((i) => i.kind === kind && i.title === title);
      expect([
        about('incident', 'Wachtrij klantcontact overbelast')?.referenceId,
        about('incident', 'Vertrouwelijk incident (high)')?.referenceId,
        about('lesson', 'Les ter validatie: Les uit een vertrouwelijk incident')?.referenceId,
      ]).toEqual([internal, null, null]);
      expect(bodies[0]).not.toContain(secret);
      expect(bodies[0]).not.toContain(lesson.body.id);
      // The invitations keep the agenda as compiled, with the same references.
      const mails: { payload: unknown }[] = await t.db.query(
        `SELECT payload FROM notifications WHERE kind = 'agenda' AND organisation_id = $1`,
        [own.organisationId],
      );
      expect(mails.length).toBeGreaterThan(0);
      for (const { payload } of mails) {
        expect(JSON.stringify(payload)).toContain(internal);
        expect(JSON.stringify(payload)).not.toContain(secret);
        expect(JSON.stringify(payload)).not.toContain(lesson.body.id);
      }
      // Compiled again unchanged, it is no new agenda: what went out is what it is, masked as it was.
      const [session] = await t.db.query(
        `SELECT s.id FROM reflection_sessions s JOIN notifications n ON n.subject_id = s.id WHERE n.id = $1`,
        [published.id],
      );
      await t.http
        .post(`/v1/reflection-sessions/${session.id}/agenda`)
        .set(bearer(own.lead.token))
        .expect(200);
      const [{ count }] = await t.db.query(
        `SELECT count(*)::int AS count FROM notifications WHERE kind = 'agenda.published' AND organisation_id = $1`,
        [own.organisationId],
      );
      expect(count).toBe(1);
    } finally {
      await worker.close();
      await receiver.close();
    }
  });
});
