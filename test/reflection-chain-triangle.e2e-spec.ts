import { NotificationDelivery } from '@app/domain/notifications/notification-delivery.service';
import { SessionScheduler } from '@app/domain/reflection/session-scheduler.service';
import { bearer, createOrganisation, createPerson, OrgFixture } from './support/fixtures';
import { createChainWithTriangle } from './support/reflection-fixtures';
import { startTestApp, TestApp } from './support/test-app';
import { startTestWorker } from './support/test-worker';

/**
 * A chain's series invites the chain's triangle as it is at each moment: when the series moves to
 * another chain, and when a role begins or ends on a date entered ahead (the daily job follows it).
 */
describe("a chain's reflection series follows its triangle", () => {
  let t: TestApp;
  let org: OrgFixture;

  const seriesBody = (extra: Record<string, unknown> = {}) => ({
    title: 'Ketenoverleg',
    kind: 'chain',
    chairId: org.lead.id,
    rrule: 'FREQ=WEEKLY;BYDAY=MO',
    firstStart: '2026-03-02T10:00:00+01:00',
    durationMinutes: 90,
    reminderOffsets: ['P1D', 'PT1H'],
    ...extra,
  });

  const triangle = async (label: string) => {
    const [owner, commissioner, contractor] = await Promise.all(
      ['Eigenaar', 'Opdrachtgever', 'Opdrachtnemer'].map((role) =>
        createPerson(t.http, org.admin.token, { name: `${label} ${role}`, accessRole: 'member' }),
      ),
    );
    const chainId = await createChainWithTriangle(t.http, org.admin.token, {
      owner: owner.id,
      commissioner: commissioner.id,
      contractor: contractor.id,
    });
    return { chainId, owner, commissioner, contractor };
  };

  /** The owner's term ends on `lastDay`; `successorId` holds the role from `firstDay`. */
  const handOver = async (chainId: string, lastDay: string, successorId: string, firstDay: string) => {
    const admin = bearer(org.admin.token);
    const [assignment] = (
      await t.http.get(`/v1/chains/${chainId}/role-assignments?role=owner`).set(admin).expect(200)
    ).body.items;
    await t.http
      .patch(`/v1/chains/${chainId}/role-assignments/${assignment.id}`)
      .set(admin)
      .send({ validTo: lastDay, version: assignment.version })
      .expect(200);
    await t.http
      .post(`/v1/chains/${chainId}/role-assignments`)
      .set(admin)
      .send({ role: 'owner', personId: successorId, validFrom: firstDay })
      .expect(201);
  };

  const sessionOn = async (seriesId: string, isoDate: string): Promise<string> => {
    const [row] = await t.db.query(
      `SELECT id FROM reflection_sessions WHERE series_id = $1
         AND (scheduled_at AT TIME ZONE 'Europe/Amsterdam')::date = $2::date`,
      [seriesId, isoDate],
    );
    return row.id;
  };

  const pendingReminderRecipients = async (sessionId: string): Promise<string[]> =>
    (
      await t.db.query(
        `SELECT DISTINCT recipient_id FROM notifications WHERE subject_id = $1 AND kind = 'session-reminder'
           AND status IN ('pending', 'queued') ORDER BY recipient_id`,
        [sessionId],
      )
    ).map((r: { recipient_id: string }) => r.recipient_id);

  beforeAll(async () => {
    t = await startTestApp();
    t.clock.set('2026-03-01T09:00:00Z');
    org = await createOrganisation(t.http, t.systemToken);
  });
  afterAll(() => t.close());
  beforeEach(() => t.clock.set('2026-03-01T09:00:00Z'));

  it("moving a series to another chain invites and reminds that chain's triangle, not the former one's", async () => {
    const a = await triangle('Keten A');
    const b = await triangle('Keten B');
    const series = (
      await t.http
        .post('/v1/reflection-series')
        .set(bearer(org.lead.token))
        .send(seriesBody({ chainId: a.chainId }))
        .expect(201)
    ).body;
    const march9 = await sessionOn(series.id, '2026-03-09');
    expect(await pendingReminderRecipients(march9)).toEqual(
      [org.lead.id, a.owner.id, a.commissioner.id, a.contractor.id].sort(),
    );

    await t.http
      .patch(`/v1/reflection-series/${series.id}`)
      .set(bearer(org.lead.token))
      .send({ chainId: b.chainId, version: series.version })
      .expect(200);

    // The series now invites chain B's triangle (its list and calendar feeds say so) ...
    const mine = await t.http
      .get(`/v1/reflection-series?personId=${b.owner.id}`)
      .set(bearer(org.admin.token))
      .expect(200);
    expect(mine.body.items.map((s: { id: string }) => s.id)).toContain(series.id);
    // ... so the reminders should go to them, and no longer to chain A's triangle.
    expect(await pendingReminderRecipients(march9)).toEqual(
      [org.lead.id, b.owner.id, b.commissioner.id, b.contractor.id].sort(),
    );
  });

  it('a handover dated ahead reminds the successor and stops reminding the former owner once it takes effect', async () => {
    const admin = bearer(org.admin.token);
    const c = await triangle('Keten C');
    const successor = await createPerson(t.http, org.admin.token, {
      name: 'Nico Opvolger',
      accessRole: 'member',
    });
    const series = (
      await t.http
        .post('/v1/reflection-series')
        .set(bearer(org.lead.token))
        .send(seriesBody({ chainId: c.chainId, title: 'Ketenoverleg C' }))
        .expect(201)
    ).body;

    // The handover is registered ahead: the owner's term ends 10 March, the successor's starts 11 March.
    await handOver(c.chainId, '2026-03-10', successor.id, '2026-03-11');

    // 12 March: the handover took effect, and the daily job ran.
    t.clock.set('2026-03-12T09:00:00Z');
    await t.app.get(SessionScheduler).extendHorizon();

    // The series lists the successor as invited, and no longer the former owner.
    const listed = async (personId: string) =>
      (await t.http.get(`/v1/reflection-series?personId=${personId}`).set(admin).expect(200)).body.items.map(
        (s: { id: string }) => s.id,
      );
    expect(await listed(successor.id)).toContain(series.id);
    expect(await listed(c.owner.id)).not.toContain(series.id);

    // The reminders of the next session (16 March) go to the successor, not to the former owner.
    const march16 = await sessionOn(series.id, '2026-03-16');
    expect(await pendingReminderRecipients(march16)).toEqual(
      [org.lead.id, successor.id, c.commissioner.id, c.contractor.id].sort(),
    );
  });
  it('tells a handover effective at once once, also when the daily job sees it again', async () => {
    const d = await triangle('Keten D');
    const successor = await createPerson(t.http, org.admin.token, {
      name: 'Sara Opvolger',
      accessRole: 'member',
    });
    const series = (
      await t.http
        .post('/v1/reflection-series')
        .set(bearer(org.lead.token))
        .send(seriesBody({ chainId: d.chainId, title: 'Ketenoverleg D' }))
        .expect(201)
    ).body;
    const march2 = await sessionOn(series.id, '2026-03-02');
    await t.http
      .patch(`/v1/reflection-sessions/${march2}`)
      .set(bearer(org.lead.token))
      .send({ status: 'agenda-sent', version: 1 })
      .expect(200);
    await t.db.query(`UPDATE notifications SET status = 'sent' WHERE subject_id = $1 AND kind = 'agenda'`, [
      march2,
    ]);
    // 2 March, half past midnight: the owner's term ended yesterday, the successor holds the role
    // from today.
    t.clock.set('2026-03-01T23:30:00Z');
    await handOver(d.chainId, '2026-03-01', successor.id, '2026-03-02');
    const told = async () =>
      t.db.query(
        `SELECT recipient_id, kind FROM notifications WHERE subject_id = $1
           AND kind IN ('agenda', 'session-uninvited') AND status <> 'cancelled' AND recipient_id = ANY ($2)
         ORDER BY kind, recipient_id`,
        [march2, [successor.id, d.owner.id]],
      );
    const once = [
      { recipient_id: successor.id, kind: 'agenda' },
      { recipient_id: d.owner.id, kind: 'agenda' },
      { recipient_id: d.owner.id, kind: 'session-uninvited' },
    ].sort((a, b) => (a.kind + a.recipient_id).localeCompare(b.kind + b.recipient_id));
    expect(await told()).toEqual(once);
    // At 02:15 the daily job finds the same handover since its last run: nothing new to tell.
    t.clock.set('2026-03-02T01:15:00Z');
    await t.app.get(SessionScheduler).extendHorizon();
    expect(await told()).toEqual(once);
  });

  // Last: it runs the daily job for every series at its own clock.
  it('reminds the successor of what fell due between the handover at midnight and the daily job', async () => {
    const e = await triangle('Keten E');
    const successor = await createPerson(t.http, org.admin.token, {
      name: 'Olga Opvolger',
      accessRole: 'member',
    });
    // Monday 10:00, reminded nine hours ahead: at 01:00, before the daily job at 02:15.
    const series = (
      await t.http
        .post('/v1/reflection-series')
        .set(bearer(org.lead.token))
        .send(seriesBody({ chainId: e.chainId, title: 'Ketenoverleg E', reminderOffsets: ['P1D', 'PT9H'] }))
        .expect(201)
    ).body;
    // Registered ahead: the owner's term ends Sunday 15 March, the successor's starts Monday 16 March.
    await handOver(e.chainId, '2026-03-15', successor.id, '2026-03-16');
    // The daily job of Sunday 15 March.
    t.clock.set('2026-03-15T01:15:00Z');
    await t.app.get(SessionScheduler).extendHorizon();
    const march16 = await sessionOn(series.id, '2026-03-16');
    const reminders = (recipientId: string) =>
      t.db.query(
        `SELECT id, status, due_at, payload->>'offset' AS offset FROM notifications
         WHERE subject_id = $1 AND recipient_id = $2 AND kind = 'session-reminder' AND payload->>'offset' = 'PT9H'`,
        [march16, recipientId],
      );

    // Monday 01:00: the former owner's reminder is no longer theirs.
    t.clock.set('2026-03-16T00:00:00Z');
    const worker = await startTestWorker(t.config, { runJobs: false, clock: t.clock });
    try {
      const deliver = (id: string) => worker.app.get(NotificationDelivery).deliver(id);
      const [formerOwners] = await reminders(e.owner.id);
      expect(await deliver(formerOwners.id)).toEqual({
        outcome: 'skipped',
        reason: 'the recipient is no longer invited',
      });
      expect(await reminders(successor.id)).toEqual([]);

      // 02:15: the daily job follows the handover, and the successor gets the reminder now.
      t.clock.set('2026-03-16T01:15:00Z');
      await t.app.get(SessionScheduler).extendHorizon();
      const owed = await reminders(successor.id);
      expect(owed).toEqual([
        { id: owed[0]?.id, status: 'pending', due_at: new Date('2026-03-16T01:15:00Z'), offset: 'PT9H' },
      ]);
      expect(await deliver(owed[0].id)).toMatchObject({ outcome: 'sent', kind: 'session-reminder' });
      // The daily job again (a retry, or a second replica): sent once.
      await t.app.get(SessionScheduler).extendHorizon();
      expect((await reminders(successor.id)).map((r: { status: string }) => r.status)).toEqual(['sent']);
    } finally {
      await worker.close();
    }
    // Who was invited all along keeps the one reminder they had.
    expect((await reminders(e.commissioner.id)).length).toBe(1);
  });

  // Last: it runs the daily job for every series at its own clock.
  it('follows a handover when the schedule changes before the daily job has seen it', async () => {
    const f = await triangle('Keten F');
    const successor = await createPerson(t.http, org.admin.token, {
      name: 'Piet Opvolger',
      accessRole: 'member',
    });
    const series = (
      await t.http
        .post('/v1/reflection-series')
        .set(bearer(org.lead.token))
        .send(seriesBody({ chainId: f.chainId, title: 'Ketenoverleg F', reminderOffsets: ['P1D', 'PT9H'] }))
        .expect(201)
    ).body;
    await handOver(f.chainId, '2026-04-19', successor.id, '2026-04-20');
    // The daily job of Sunday 19 April; that day's reminder of Monday's session went out.
    t.clock.set('2026-04-19T00:15:00Z');
    await t.app.get(SessionScheduler).extendHorizon();
    const april20 = await sessionOn(series.id, '2026-04-20');
    await t.db.query(
      `UPDATE notifications SET status = 'sent' WHERE subject_id = $1 AND payload->>'offset' = 'P1D'`,
      [april20],
    );
    // Monday 00:30, after the handover and before the daily job: the series gets a new length.
    t.clock.set('2026-04-19T22:30:00Z');
    await t.http
      .patch(`/v1/reflection-series/${series.id}`)
      .set(bearer(org.lead.token))
      .send({ durationMinutes: 60, version: series.version })
      .expect(200);
    t.clock.set('2026-04-20T00:15:00Z');
    await t.app.get(SessionScheduler).extendHorizon();
    // Monday's reminder of 01:00 goes to the successor, not to the former owner.
    const due = await t.db.query(
      `SELECT recipient_id FROM notifications WHERE subject_id = $1 AND kind = 'session-reminder'
         AND payload->>'offset' = 'PT9H' AND status IN ('pending', 'queued') ORDER BY recipient_id`,
      [april20],
    );
    expect(due.map((r: { recipient_id: string }) => r.recipient_id)).toEqual(
      [org.lead.id, successor.id, f.commissioner.id, f.contractor.id].sort(),
    );
  });
});
