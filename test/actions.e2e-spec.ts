import { bearer, createOrganisation, createPerson, OrgFixture } from './support/fixtures';
import { startTestApp, TestApp } from './support/test-app';

interface Notification {
  kind: string;
  channel: string;
  target: string;
  recipient_id: string;
  subject_type: string;
  subject_id: string;
  dedupe_key: string;
  due_at: Date;
  status: string;
  payload: Record<string, unknown>;
  version: number;
}

describe('actions and their reminders', () => {
  let t: TestApp;
  let org: OrgFixture;
  let other: OrgFixture;
  let chainId: string;
  let owner: { id: string; token: string };
  let triangleMember: { id: string; token: string };
  let chainLesson: string;
  let looseLesson: string;
  let incident: string;
  let confidentialIncident: string;
  let session: string;
  let otherLesson: string;

  beforeAll(async () => {
    t = await startTestApp();
    t.clock.set('2026-06-01T10:00:00+02:00');
    org = await createOrganisation(t.http, t.systemToken, 'Ministerie van Sociale Zaken en Werkgelegenheid');
    other = await createOrganisation(t.http, t.systemToken);
    chainId = (await t.http.post('/v1/chains').set(bearer(org.admin.token)).send({ name: 'WW' }).expect(201))
      .body.id;
    owner = await createPerson(t.http, org.admin.token, {
      name: 'Sanne de Graaf',
      accessRole: 'lead',
      email: 'sanne.degraaf@example.nl',
    });
    triangleMember = await createPerson(t.http, org.admin.token, {
      name: 'Ruud Opdrachtnemer',
      accessRole: 'member',
    });
    await t.http
      .post(`/v1/chains/${chainId}/role-assignments`)
      .set(bearer(org.admin.token))
      .send({ role: 'owner', personId: owner.id, validFrom: '2026-01-01' })
      .expect(201);
    await t.http
      .post(`/v1/chains/${chainId}/role-assignments`)
      .set(bearer(org.admin.token))
      .send({ role: 'contractor', personId: triangleMember.id, validFrom: '2026-01-01' })
      .expect(201);
    incident = await insertIncident(org, chainId, 'internal');
    confidentialIncident = await insertIncident(org, chainId, 'confidential');
    chainLesson = await insertLesson(org, chainId, 'incident', incident, 'commissioner');
    looseLesson = await insertLesson(org, null, 'best-practice', org.organisationId, 'all');
    session = await insertSession(org, chainId);
    const otherChain = (
      await t.http.post('/v1/chains').set(bearer(other.admin.token)).send({ name: 'Elders' }).expect(201)
    ).body.id;
    otherLesson = await insertLesson(other, otherChain, 'best-practice', otherChain, 'owner');
  });
  afterAll(() => t.close());

  const create = (token: string, body: object) => t.http.post('/v1/actions').set(bearer(token)).send(body);
  const patch = (token: string, id: string, body: object) =>
    t.http.patch(`/v1/actions/${id}`).set(bearer(token)).send(body);
  const base = () => ({
    sourceType: 'lesson',
    sourceId: chainLesson,
    description: 'Werkinstructie bezwaar WW aanpassen',
    assigneeId: org.member.id,
    dueDate: '2026-06-30',
  });
  const notifications = (actionId: string): Promise<Notification[]> =>
    t.db.query(`SELECT * FROM notifications WHERE subject_id = $1 ORDER BY due_at, dedupe_key`, [actionId]);
  const count = async (table: string) =>
    (await t.db.query(`SELECT count(*)::int AS n FROM ${table}`))[0].n as number;

  describe('creating', () => {
    it('copies chain and addressed role from the source lesson, and audits it', async () => {
      const response = await create(org.member.token, base()).expect(201);
      expect(response.body).toEqual(
        expect.objectContaining({
          organisationId: org.organisationId,
          chainId,
          addressedRole: 'commissioner',
          sourceType: 'lesson',
          sourceId: chainLesson,
          assigneeId: org.member.id,
          dueDate: '2026-06-30',
          status: 'open',
          overdue: false,
          completedAt: null,
          cancelledAt: null,
          createdById: org.member.id,
          version: 1,
        }),
      );
      const audit = await t.db.query(
        "SELECT action FROM audit_events WHERE entity_type = 'action' AND entity_id = $1",
        [response.body.id],
      );
      expect(audit).toEqual([{ action: 'create' }]);
    });

    it('plans a reminder, an overdue notice and an escalation to the chain owner, at 09:00 Dutch time', async () => {
      const id = (await create(org.member.token, base()).expect(201)).body.id;
      const rows = await notifications(id);
      expect(
        rows.map((n) => [n.kind, n.dedupe_key, n.due_at.toISOString(), n.target, n.recipient_id]),
      ).toEqual([
        [
          'action-reminder',
          `action:${id}:reminder:2026-06-30:${org.member.id}`,
          '2026-06-27T07:00:00.000Z',
          expect.stringMatching(/@example\.nl$/),
          org.member.id,
        ],
        [
          'action-overdue',
          `action:${id}:overdue:2026-06-30:${org.member.id}`,
          '2026-07-01T07:00:00.000Z',
          expect.any(String),
          org.member.id,
        ],
        [
          'action-escalation',
          `action:${id}:escalation:2026-06-30:${owner.id}`,
          '2026-07-14T07:00:00.000Z',
          'sanne.degraaf@example.nl',
          owner.id,
        ],
      ]);
      for (const n of rows) {
        expect(n).toEqual(
          expect.objectContaining({ channel: 'email', subject_type: 'action', status: 'pending' }),
        );
      }
      expect(rows[2].payload).toEqual(
        expect.objectContaining({ actionId: id, dueDate: '2026-06-30', recipientRole: 'owner' }),
      );
    });

    it("escalates to the organisation's leads when there is no chain", async () => {
      const id = (await create(org.member.token, { ...base(), sourceId: looseLesson }).expect(201)).body;
      expect(id).toEqual(expect.objectContaining({ chainId: null, addressedRole: 'all' }));
      const escalations = (await notifications(id.id)).filter((n) => n.kind === 'action-escalation');
      // The organisation's leads: the fixture's lead and the owner (a lead too), not the admin.
      expect(escalations.map((n) => n.recipient_id).sort()).toEqual([org.lead.id, owner.id].sort());
      expect(escalations[0].payload.recipientRole).toBe('lead');
      expect(escalations[0].payload.fallback).toBe('no-chain');
    });

    it('escalates to the leads, not to the chain owner who is the assignee, and says why', async () => {
      const id = (await create(org.member.token, { ...base(), assigneeId: owner.id }).expect(201)).body.id;
      const rows = await notifications(id);
      // The owner hears of her own action as its assignee only, not as the one to follow it up.
      expect(rows.filter((n) => n.recipient_id === owner.id).map((n) => n.kind)).toEqual([
        'action-reminder',
        'action-overdue',
      ]);
      const escalations = rows.filter((n) => n.kind === 'action-escalation');
      // The organisation's leads but her: the fixture's lead.
      expect(escalations.map((n) => n.recipient_id)).toEqual([org.lead.id]);
      expect(escalations[0].payload).toEqual(
        expect.objectContaining({ recipientRole: 'lead', fallback: 'owner-is-assignee' }),
      );
    });

    it("escalates a lead's action without an owner to the other leads, and to the admins when she is the only lead", async () => {
      const ownerless = (
        await t.http
          .post('/v1/chains')
          .set(bearer(org.admin.token))
          .send({ name: 'Zonder eigenaar' })
          .expect(201)
      ).body.id;
      const source = await insertIncident(org, ownerless, 'internal');
      const id = (
        await create(org.member.token, {
          ...base(),
          sourceType: 'incident',
          sourceId: source,
          assigneeId: org.lead.id,
        }).expect(201)
      ).body.id;
      const escalations = (await notifications(id)).filter((n) => n.kind === 'action-escalation');
      // The other lead (the owner of another chain), not the lead who is late.
      expect(escalations.map((n) => n.recipient_id)).toEqual([owner.id]);
      expect(escalations[0].payload).toEqual(
        expect.objectContaining({ recipientRole: 'lead', fallback: 'no-owner' }),
      );
      // An organisation whose only lead is late: its admins are asked, not nobody and not her.
      const solo = await createOrganisation(t.http, t.systemToken);
      const soloLesson = await insertLesson(solo, null, 'best-practice', solo.organisationId, 'all');
      const soloId = (
        await create(solo.member.token, { ...base(), sourceId: soloLesson, assigneeId: solo.lead.id }).expect(
          201,
        )
      ).body.id;
      const soloEscalations = (await notifications(soloId)).filter((n) => n.kind === 'action-escalation');
      expect(soloEscalations.map((n) => [n.recipient_id, n.payload.recipientRole])).toEqual([
        [solo.admin.id, 'admin'],
      ]);
    });

    it('catches up on the latest moment each recipient has passed, now, and skips the earlier ones', async () => {
      const now = new Date('2026-06-01T10:00:00+02:00');
      const planned = async (id: string) =>
        (await notifications(id)).map((n) => [n.kind, n.recipient_id, n.due_at, n.status]);
      // Due tomorrow: the reminder's moment (three days before) has passed; it goes now.
      const soon = (await create(org.member.token, { ...base(), dueDate: '2026-06-02' }).expect(201)).body.id;
      expect(await planned(soon)).toEqual([
        ['action-reminder', org.member.id, now, 'pending'],
        ['action-overdue', org.member.id, new Date('2026-06-03T09:00:00+02:00'), 'pending'],
        ['action-escalation', owner.id, new Date('2026-06-16T09:00:00+02:00'), 'pending'],
      ]);
      // Overdue already: the overdue notice goes now, not the reminder before it.
      const overdue = (await create(org.member.token, { ...base(), dueDate: '2026-05-25' }).expect(201)).body;
      expect(overdue.overdue).toBe(true);
      expect(await planned(overdue.id)).toEqual([
        ['action-overdue', org.member.id, now, 'pending'],
        ['action-escalation', owner.id, new Date('2026-06-08T09:00:00+02:00'), 'pending'],
      ]);
      // Long overdue when it is entered: the owner hears of it now, and so do subscribers.
      const [subscription] = await t.db.query(
        `INSERT INTO webhook_subscriptions (organisation_id, url, events, secret)
         VALUES ($1, 'https://hooks.example.nl/laat', '{action.overdue}', 'x') RETURNING id`,
        [org.organisationId],
      );
      try {
        const late = (await create(org.member.token, { ...base(), dueDate: '2026-05-01' }).expect(201)).body;
        expect(await planned(late.id)).toEqual([
          ['action-escalation', owner.id, now, 'pending'],
          ['action-overdue', org.member.id, now, 'pending'],
          ['action.overdue', null, now, 'pending'],
        ]);
        expect((await notifications(late.id)).map((n) => n.dedupe_key)).toEqual([
          `action:${late.id}:escalation:2026-05-01:${owner.id}`,
          `action:${late.id}:overdue:2026-05-01:${org.member.id}`,
          `webhook:${subscription.id}:action.overdue:${late.id}:2026-05-01`,
        ]);
      } finally {
        await t.db.query(`UPDATE webhook_subscriptions SET active = false WHERE id = $1`, [subscription.id]);
      }
    });

    it('sends no reminder that the due date nears once it has passed: the overdue notice, at 09:00, says it', async () => {
      // Before 09:00 on the day after the due date: overdue already, its notice not yet due.
      t.clock.set('2026-06-01T07:30:00+02:00');
      const [subscription] = await t.db.query(
        `INSERT INTO webhook_subscriptions (organisation_id, url, events, secret)
         VALUES ($1, 'https://hooks.example.nl/gisteren', '{action.overdue}', 'x') RETURNING id`,
        [org.organisationId],
      );
      const nineOClock = new Date('2026-06-01T09:00:00+02:00');
      const planned = async (id: string) =>
        (await notifications(id))
          .filter((n) => n.status === 'pending')
          .map((n) => [n.kind, n.recipient_id, n.due_at]);
      const overdueToday = [
        ['action-overdue', org.member.id, nineOClock],
        // Subscribers hear of it at the same moment as the assignee.
        ['action.overdue', null, nineOClock],
        ['action-escalation', owner.id, new Date('2026-06-14T09:00:00+02:00')],
      ];
      try {
        const entered = (await create(org.member.token, { ...base(), dueDate: '2026-05-31' }).expect(201))
          .body;
        expect(entered.overdue).toBe(true);
        expect(await planned(entered.id)).toEqual(overdueToday);
        // The same for an action whose due date is moved to yesterday: its reminder is not caught up.
        const redated = (await create(org.member.token, base()).expect(201)).body.id;
        await patch(org.member.token, redated, { dueDate: '2026-05-31', version: 1 }).expect(200);
        expect(await planned(redated)).toEqual(overdueToday);
        // Due today, the due date still nears: its reminder goes now.
        const today = (await create(org.member.token, { ...base(), dueDate: '2026-06-01' }).expect(201)).body;
        expect(today.overdue).toBe(false);
        expect((await planned(today.id))[0]).toEqual([
          'action-reminder',
          org.member.id,
          new Date('2026-06-01T07:30:00+02:00'),
        ]);
      } finally {
        t.clock.set('2026-06-01T10:00:00+02:00');
        await t.db.query(`UPDATE webhook_subscriptions SET active = false WHERE id = $1`, [subscription.id]);
      }
    });

    it('follows up an incident or a reflection session, taking their chain', async () => {
      const fromIncident = await create(org.member.token, {
        ...base(),
        sourceType: 'incident',
        sourceId: incident,
        addressedRole: 'owner',
      }).expect(201);
      expect(fromIncident.body).toEqual(expect.objectContaining({ chainId, addressedRole: 'owner' }));
      const fromSession = await create(org.member.token, {
        ...base(),
        sourceType: 'reflection-session',
        sourceId: session,
      }).expect(201);
      expect(fromSession.body).toEqual(expect.objectContaining({ chainId, addressedRole: null }));
    });

    it('draws no action or lesson from a session that was cancelled or postponed (409, nothing written)', async () => {
      const off = await insertSession(org, chainId);
      const before = [await count('actions'), await count('lessons'), await count('notifications')];
      for (const [status, reason] of [
        ['cancelled', 'names a session that was cancelled: it did not take place'],
        ['postponed', 'names a session that was postponed: use the session that replaced it'],
      ]) {
        await t.db.query(`UPDATE reflection_sessions SET status = $2 WHERE id = $1`, [off, status]);
        const action = await create(org.member.token, {
          ...base(),
          sourceType: 'reflection-session',
          sourceId: off,
        });
        const lesson = await t.http.post('/v1/lessons').set(bearer(org.member.token)).send({
          sourceType: 'reflection-session',
          sourceId: off,
          title: 'Uit het overleg',
          addressedRole: 'all',
        });
        for (const response of [action, lesson])
          expect([response.status, response.body.invalidParams]).toEqual([
            409,
            [{ name: 'sourceId', reason }],
          ]);
      }
      expect([await count('actions'), await count('lessons'), await count('notifications')]).toEqual(before);
    });

    it('refuses sources and assignees outside the own organisation with 422, writing nothing', async () => {
      const before = [await count('actions'), await count('notifications'), await count('audit_events')];
      const cases: [object, string][] = [
        [{ sourceId: otherLesson }, 'sourceId'],
        [{ sourceId: incident }, 'sourceId'], // an incident id is not a lesson
        [{ sourceType: 'incident', sourceId: chainLesson }, 'sourceId'],
        [{ sourceType: 'reflection-session', sourceId: incident }, 'sourceId'],
        [{ assigneeId: other.member.id }, 'assigneeId'],
        [{ assigneeId: chainLesson }, 'assigneeId'],
      ];
      for (const [change, field] of cases) {
        const response = await create(org.member.token, { ...base(), ...change }).expect(422);
        expect(response.body.invalidParams).toEqual([expect.objectContaining({ name: field })]);
      }
      expect([await count('actions'), await count('notifications'), await count('audit_events')]).toEqual(
        before,
      );
    });

    it('lets only the reporter, the triangle, leads and admins hang an action on a confidential incident', async () => {
      const body = { ...base(), sourceType: 'incident', sourceId: confidentialIncident };
      await create(org.member.token, body).expect(422);
      await create(triangleMember.token, body).expect(201);
      await create(org.lead.token, body).expect(201);
    });

    it('plans an action.overdue webhook for subscribers, cancelled with the action', async () => {
      const [subscription] = await t.db.query(
        `INSERT INTO webhook_subscriptions (organisation_id, url, events, secret)
         VALUES ($1, 'https://hooks.example.nl/leerlus', '{action.overdue}', 'x') RETURNING id`,
        [org.organisationId],
      );
      const created = await create(org.member.token, { ...base(), dueDate: '2026-07-01' }).expect(201);
      const rows = await t.db.query(
        `SELECT kind, channel, target, due_at, status FROM notifications WHERE webhook_subscription_id = $1`,
        [subscription.id],
      );
      expect(rows).toEqual([
        {
          kind: 'action.overdue',
          channel: 'webhook',
          target: 'https://hooks.example.nl/leerlus',
          due_at: new Date('2026-07-02T09:00:00+02:00'),
          status: 'pending',
        },
      ]);
      await patch(org.member.token, created.body.id, { status: 'cancelled', version: 1 }).expect(200);
      const after = await t.db.query(`SELECT status FROM notifications WHERE webhook_subscription_id = $1`, [
        subscription.id,
      ]);
      expect(after).toEqual([{ status: 'cancelled' }]);
      await t.db.query(`UPDATE webhook_subscriptions SET active = false WHERE id = $1`, [subscription.id]);
    });

    it('leaves a webhook delivery being retried alone when only who is told changes', async () => {
      const [subscription] = await t.db.query(
        `INSERT INTO webhook_subscriptions (organisation_id, url, events, secret)
         VALUES ($1, 'https://hooks.example.nl/retry', '{action.overdue}', 'x') RETURNING id`,
        [org.organisationId],
      );
      const assignee = await createPerson(t.http, org.admin.token, {
        name: 'Piet Tijdelijk',
        accessRole: 'member',
      });
      // Overdue when entered: subscribers hear of it now; the target failed once, the retry waits.
      const created = await create(org.member.token, {
        ...base(),
        assigneeId: assignee.id,
        dueDate: '2026-05-20',
      }).expect(201);
      await t.db.query(
        `UPDATE notifications SET status = 'queued', attempts = 1, last_error = 'HTTP 500'
         WHERE webhook_subscription_id = $1`,
        [subscription.id],
      );
      const delivery = () =>
        t.db.query(
          `SELECT status, due_at, attempts, last_error, payload->'data'->>'assigneeId' AS assignee
           FROM notifications WHERE webhook_subscription_id = $1`,
          [subscription.id],
        );
      const retrying = await delivery();
      expect(retrying).toEqual([expect.objectContaining({ status: 'queued', attempts: 1 })]);

      await patch(org.member.token, created.body.id, { assigneeId: org.member.id, version: 1 }).expect(200);
      // Still retrying, and naming the new assignee.
      expect(await delivery()).toEqual([{ ...retrying[0], assignee: org.member.id }]);
      await patch(org.member.token, created.body.id, { assigneeId: assignee.id, version: 2 }).expect(200);
      const person = async () =>
        (await t.http.get(`/v1/people/${assignee.id}`).set(bearer(org.admin.token)).expect(200)).body;
      for (const active of [false, true])
        await t.http
          .patch(`/v1/people/${assignee.id}`)
          .set(bearer(org.admin.token))
          .send({ active, version: (await person()).version })
          .expect(200);
      expect(await delivery()).toEqual(retrying);
      // A new due date is news for subscribers: that one is planned anew.
      await patch(org.member.token, created.body.id, { dueDate: '2026-08-01', version: 3 }).expect(200);
      expect((await delivery()).map((d: { status: string }) => d.status).sort()).toEqual([
        'cancelled',
        'pending',
      ]);
      await t.db.query(`UPDATE webhook_subscriptions SET active = false WHERE id = $1`, [subscription.id]);
    });

    it('refuses bad input with a problem and writes nothing', async () => {
      const before = [await count('actions'), await count('notifications')];
      const bad: [object, string][] = [
        [{ sourceType: 'email' }, 'sourceType'],
        [{ sourceId: 'abc' }, 'sourceId'],
        [{ description: '' }, 'description'],
        [{ description: '   ' }, 'description'],
        [{ description: 'x'.repeat(5001) }, 'description'],
        [{ description: ['lijst'] }, 'description'],
        [{ dueDate: '30-06-2026' }, 'dueDate'],
        [{ dueDate: '2026-02-30' }, 'dueDate'],
        [{ dueDate: '2026-06-30T09:00:00Z' }, 'dueDate'],
        [{ dueDate: 20260630 }, 'dueDate'],
        // Typos that would escalate at once.
        [{ dueDate: '0001-01-01' }, 'dueDate'],
        [{ dueDate: '2016-06-30' }, 'dueDate'],
        [{ addressedRole: 'minister' }, 'addressedRole'],
        [{ chainId }, 'chainId'],
        [{ status: 'done' }, 'status'],
      ];
      for (const [change, field] of bad) {
        const response = await create(org.member.token, { ...base(), ...change }).expect(400);
        expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
        expect(response.body.invalidParams.map((p: { name: string }) => p.name)).toContain(field);
      }
      expect([await count('actions'), await count('notifications')]).toEqual(before);
    });
  });

  describe('changing', () => {
    let id: string;
    beforeAll(async () => {
      id = (await create(org.member.token, base()).expect(201)).body.id;
    });

    it('re-plans when the due date moves: old messages cancelled, new keys pending', async () => {
      const moved = await patch(org.member.token, id, { dueDate: '2026-07-15', version: 1 }).expect(200);
      expect(moved.body).toEqual(expect.objectContaining({ dueDate: '2026-07-15', version: 2 }));
      const rows = await notifications(id);
      const pending = rows.filter((n) => n.status === 'pending').map((n) => n.dedupe_key);
      const cancelled = rows.filter((n) => n.status === 'cancelled').map((n) => n.dedupe_key);
      expect(pending).toEqual([
        `action:${id}:reminder:2026-07-15:${org.member.id}`,
        `action:${id}:overdue:2026-07-15:${org.member.id}`,
        `action:${id}:escalation:2026-07-15:${owner.id}`,
      ]);
      expect(cancelled).toHaveLength(3);
      expect(cancelled.every((key) => key.includes(':2026-06-30:'))).toBe(true);
    });

    it('refuses a due date moved more than a year back, and changes nothing', async () => {
      const action = (await create(org.member.token, base()).expect(201)).body;
      const before = await notifications(action.id);
      const refused = await patch(org.member.token, action.id, { dueDate: '2025-05-31', version: 1 }).expect(
        400,
      );
      expect(refused.body.invalidParams).toEqual([
        { name: 'dueDate', reason: 'must not be more than a year ago (not before 2025-06-01)' },
      ]);
      expect(await notifications(action.id)).toEqual(before);
      const kept = await t.http.get(`/v1/actions/${action.id}`).set(bearer(org.member.token)).expect(200);
      expect([kept.body.dueDate, kept.body.version]).toEqual([action.dueDate, 1]);
      // A year back to the day is still taken.
      await patch(org.member.token, action.id, { dueDate: '2025-06-01', version: 1 }).expect(200);
    });

    it('refuses a due date more than ten years ahead, on create and on a change, and writes nothing', async () => {
      // Year 9999: its overdue notice would fall in year 10000, which no date-time can write.
      const created = await create(org.member.token, { ...base(), dueDate: '9999-12-31' }).expect(400);
      expect(created.body.invalidParams).toEqual([
        { name: 'dueDate', reason: 'must not be more than ten years ahead (not after 2036-06-01)' },
      ]);
      const action = (await create(org.member.token, base()).expect(201)).body;
      const before = await notifications(action.id);
      const refused = await patch(org.member.token, action.id, { dueDate: '2036-06-02', version: 1 }).expect(
        400,
      );
      expect(refused.body.invalidParams).toEqual([
        { name: 'dueDate', reason: 'must not be more than ten years ahead (not after 2036-06-01)' },
      ]);
      expect(await notifications(action.id)).toEqual(before);
      await patch(org.member.token, action.id, { dueDate: '2036-06-01', version: 1 }).expect(200);
      // One stored before the bound can still be changed otherwise; its messages are not planned.
      const [{ id: legacy }] = await t.db.query(
        `UPDATE actions SET due_date = '9999-12-31' WHERE id = $1 RETURNING id`,
        [action.id],
      );
      await patch(org.member.token, legacy, { assigneeId: org.lead.id, version: 2 }).expect(200);
      const planned = await t.db.query(
        `SELECT count(*)::int AS n FROM notifications WHERE subject_id = $1 AND status = 'pending'`,
        [legacy],
      );
      expect(planned).toEqual([{ n: 0 }]);
    });

    it('catches up when the due date moves into the past: the overdue notice goes now', async () => {
      const moved = (await create(org.member.token, base()).expect(201)).body.id;
      await patch(org.member.token, moved, { dueDate: '2026-05-25', version: 1 }).expect(200);
      const rows = await notifications(moved);
      expect(rows.filter((n) => n.status === 'pending').map((n) => [n.dedupe_key, n.due_at])).toEqual([
        [`action:${moved}:overdue:2026-05-25:${org.member.id}`, new Date('2026-06-01T10:00:00+02:00')],
        [`action:${moved}:escalation:2026-05-25:${owner.id}`, new Date('2026-06-08T09:00:00+02:00')],
      ]);
      expect(rows.filter((n) => n.status === 'cancelled')).toHaveLength(3);
    });

    it('tells subscribers of a new due date already past, not of a reassignment of an overdue action', async () => {
      const overdue = (await create(org.member.token, { ...base(), dueDate: '2026-05-25' }).expect(201)).body;
      // Made after the action became overdue: a subscription hears only of what is still to come.
      const [subscription] = await t.db.query(
        `INSERT INTO webhook_subscriptions (organisation_id, url, events, secret)
         VALUES ($1, 'https://hooks.example.nl/later', '{action.overdue}', 'x') RETURNING id`,
        [org.organisationId],
      );
      const hooks = () =>
        t.db.query(`SELECT dedupe_key, due_at FROM notifications WHERE webhook_subscription_id = $1`, [
          subscription.id,
        ]);
      try {
        await patch(org.member.token, overdue.id, { assigneeId: org.lead.id, version: 1 }).expect(200);
        expect(await hooks()).toEqual([]);
        await patch(org.member.token, overdue.id, { dueDate: '2026-05-26', version: 2 }).expect(200);
        expect(await hooks()).toEqual([
          {
            dedupe_key: `webhook:${subscription.id}:action.overdue:${overdue.id}:2026-05-26`,
            due_at: new Date('2026-06-01T10:00:00+02:00'),
          },
        ]);
      } finally {
        await t.db.query(`UPDATE webhook_subscriptions SET active = false WHERE id = $1`, [subscription.id]);
      }
    });

    it('catches up on nothing when someone leaves or comes back: only what they change themselves', async () => {
      const away = await createPerson(t.http, org.admin.token, { name: 'Wim Weg', accessRole: 'member' });
      const overdue = (
        await create(org.member.token, { ...base(), assigneeId: away.id, dueDate: '2026-05-25' }).expect(201)
      ).body;
      // As an action entered before late actions were caught up: its overdue notice never planned.
      await t.db.query(`DELETE FROM notifications WHERE subject_id = $1 AND kind = 'action-overdue'`, [
        overdue.id,
      ]);
      const setActive = async (active: boolean) => {
        const { version } = (
          await t.http.get(`/v1/people/${away.id}`).set(bearer(org.admin.token)).expect(200)
        ).body;
        await t.http
          .patch(`/v1/people/${away.id}`)
          .set(bearer(org.admin.token))
          .send({ active, version })
          .expect(200);
      };
      await setActive(false);
      await setActive(true);
      const planned = (await notifications(overdue.id)).filter((n) => n.status === 'pending');
      expect(planned.map((n) => [n.kind, n.recipient_id])).toEqual([['action-escalation', owner.id]]);
    });

    it('re-plans for a new assignee, and refuses an assignee of another organisation', async () => {
      await patch(org.member.token, id, { assigneeId: other.member.id, version: 2 }).expect(422);
      await patch(org.member.token, id, { assigneeId: org.lead.id, version: 2 }).expect(200);
      const pending = (await notifications(id)).filter((n) => n.status === 'pending');
      expect(pending.map((n) => [n.kind, n.recipient_id])).toEqual([
        ['action-reminder', org.lead.id],
        ['action-overdue', org.lead.id],
        ['action-escalation', owner.id],
      ]);
    });

    it('still sends a message that fell due but was not sent when it re-plans', async () => {
      const [subscription] = await t.db.query(
        `INSERT INTO webhook_subscriptions (organisation_id, url, events, secret)
         VALUES ($1, 'https://hooks.example.nl/achter', '{action.overdue}', 'x') RETURNING id`,
        [org.organisationId],
      );
      const due = (await create(org.member.token, base()).expect(201)).body.id;
      // The overdue webhook and the escalation fell due; the worker is behind when the action is
      // reassigned.
      t.clock.set('2026-07-14T09:30:00+02:00');
      try {
        await patch(org.member.token, due, { assigneeId: org.lead.id, version: 1 }).expect(200);
        const rows = await notifications(due);
        expect(rows.filter((n) => n.status === 'pending').map((n) => [n.dedupe_key, n.due_at])).toEqual([
          [
            `webhook:${subscription.id}:action.overdue:${due}:2026-06-30`,
            new Date('2026-07-01T09:00:00+02:00'),
          ],
          [`action:${due}:escalation:2026-06-30:${owner.id}`, new Date('2026-07-14T09:00:00+02:00')],
          // The old assignee's notices are theirs no longer; the new one is told it is overdue, now.
          [`action:${due}:overdue:2026-06-30:${org.lead.id}`, new Date('2026-07-14T09:30:00+02:00')],
        ]);
        // The owner hands over to someone else before the worker catches up: it goes to them.
        const successor = await createPerson(t.http, org.admin.token, {
          name: 'Otto Opvolger',
          accessRole: 'lead',
        });
        await t.db.query(
          `UPDATE role_assignments SET person_id = $2 WHERE chain_id = $1 AND role = 'owner'`,
          [chainId, successor.id],
        );
        await patch(org.member.token, due, { assigneeId: org.member.id, version: 2 }).expect(200);
        expect(
          (await notifications(due))
            .filter((n) => n.status === 'pending')
            .map((n) => [n.kind, n.recipient_id]),
        ).toEqual([
          ['action.overdue', null],
          ['action-escalation', successor.id],
          ['action-overdue', org.member.id],
        ]);
        await t.db.query(
          `UPDATE role_assignments SET person_id = $2 WHERE chain_id = $1 AND role = 'owner'`,
          [chainId, owner.id],
        );
        // Sent once, it is not planned again: handed to the lead, only they are told (their notice
        // was cancelled unsent); handed back, nobody is.
        await t.db.query(
          `UPDATE notifications SET status = 'sent' WHERE subject_id = $1 AND status = 'pending'`,
          [due],
        );
        await patch(org.member.token, due, { assigneeId: org.lead.id, version: 3 }).expect(200);
        expect(
          (await notifications(due))
            .filter((n) => n.status === 'pending')
            .map((n) => [n.kind, n.recipient_id]),
        ).toEqual([['action-overdue', org.lead.id]]);
        await patch(org.member.token, due, { assigneeId: org.member.id, version: 4 }).expect(200);
        expect((await notifications(due)).filter((n) => n.status === 'pending')).toEqual([]);
      } finally {
        t.clock.set('2026-06-01T10:00:00+02:00');
        await t.db.query(`UPDATE webhook_subscriptions SET active = false WHERE id = $1`, [subscription.id]);
      }
    });

    it('still escalates when the escalation fell due unsent and its only recipient, the owner, leaves', async () => {
      const leaving = await createPerson(t.http, org.admin.token, {
        name: 'Olga Vertrekt',
        accessRole: 'lead',
      });
      const ownChain = (
        await t.http.post('/v1/chains').set(bearer(org.admin.token)).send({ name: 'Toeslagen' }).expect(201)
      ).body.id;
      await t.http
        .post(`/v1/chains/${ownChain}/role-assignments`)
        .set(bearer(org.admin.token))
        .send({ role: 'owner', personId: leaving.id, validFrom: '2026-01-01' })
        .expect(201);
      const source = await insertIncident(org, ownChain, 'internal');
      const due = (
        await create(org.member.token, { ...base(), sourceType: 'incident', sourceId: source }).expect(201)
      ).body.id;
      // The escalation fell due at 09:00; the worker is behind when the owner leaves.
      t.clock.set('2026-07-14T09:30:00+02:00');
      try {
        const { version } = (
          await t.http.get(`/v1/people/${leaving.id}`).set(bearer(org.admin.token)).expect(200)
        ).body;
        await t.http
          .patch(`/v1/people/${leaving.id}`)
          .set(bearer(org.admin.token))
          .send({ active: false, version })
          .expect(200);
        // Without an active owner it goes to the organisation's leads, at the moment it was due.
        const pending = (await notifications(due)).filter(
          (n) => n.kind === 'action-escalation' && n.status === 'pending',
        );
        const leads: { id: string }[] = await t.db.query(
          `SELECT id FROM people WHERE organisation_id = $1 AND access_role = 'lead' AND active ORDER BY id`,
          [org.organisationId],
        );
        expect(pending.map((n) => n.recipient_id).sort()).toEqual(leads.map((l) => l.id));
        expect(pending.map((n) => n.due_at)).toContainEqual(new Date('2026-07-14T09:00:00+02:00'));
        // The chain has an owner, who left: the mail says so, not that the chain has none.
        expect(pending.map((n) => n.payload.fallback)).toEqual(pending.map(() => 'owner-inactive'));
      } finally {
        t.clock.set('2026-06-01T10:00:00+02:00');
      }
    });

    it('leaves the plan alone when only the description changes', async () => {
      const before = await notifications(id);
      await patch(org.member.token, id, { description: 'Ook de brieven aanpassen', version: 3 }).expect(200);
      expect(await notifications(id)).toEqual(before);
    });

    it('refuses bad input, null for required fields and a stale version', async () => {
      await patch(org.member.token, id, { dueDate: '2026-7-1', version: 4 }).expect(400);
      await patch(org.member.token, id, { dueDate: null, version: 4 }).expect(400);
      await patch(org.member.token, id, { status: 'klaar', version: 4 }).expect(400);
      await patch(org.member.token, id, { sourceId: chainLesson, version: 4 }).expect(400);
      await patch(org.member.token, id, { description: 'x' }).expect(400);
      const stale = await patch(org.member.token, id, { description: 'x', version: 1 }).expect(409);
      expect(stale.body.currentVersion).toBe(4);
    });

    it('marks it done: completedAt set, pending messages cancelled, and then it is final', async () => {
      t.clock.set('2026-06-10T14:00:00+02:00');
      const done = await patch(org.member.token, id, { status: 'done', version: 4 }).expect(200);
      expect(done.body).toEqual(
        expect.objectContaining({
          status: 'done',
          completedAt: '2026-06-10T12:00:00.000Z',
          cancelledAt: null,
        }),
      );
      expect((await notifications(id)).every((n) => n.status === 'cancelled')).toBe(true);
      const reopen = await patch(org.member.token, id, { status: 'open', version: 5 }).expect(409);
      expect(reopen.body.type).toMatch(/invalid-transition/);
      expect(reopen.body.allowedNextStates).toEqual([]);
      await patch(org.member.token, id, { status: 'cancelled', version: 5 }).expect(409);
      await patch(org.member.token, id, { dueDate: '2026-12-01', version: 5 }).expect(409);
      await patch(org.member.token, id, { status: 'done', version: 5 }).expect(200);
      expect((await notifications(id)).every((n) => n.status === 'cancelled')).toBe(true);
      t.clock.set('2026-06-01T10:00:00+02:00');
    });

    it('cancels: cancelledAt set and messages cancelled', async () => {
      const other = (await create(org.member.token, base()).expect(201)).body.id;
      const cancelled = await patch(org.lead.token, other, { status: 'cancelled', version: 1 }).expect(200);
      expect(cancelled.body.cancelledAt).toEqual(expect.any(String));
      expect(cancelled.body.completedAt).toBeNull();
      expect((await notifications(other)).map((n) => n.status)).toEqual([
        'cancelled',
        'cancelled',
        'cancelled',
      ]);
      const audit = await t.db.query(
        "SELECT changes FROM audit_events WHERE entity_id = $1 AND action = 'update'",
        [other],
      );
      expect(audit[0].changes.status).toEqual({ from: 'open', to: 'cancelled' });
    });
  });

  describe('deleting', () => {
    it('is for its creator or a lead, and cancels its messages', async () => {
      const id = (await create(org.member.token, base()).expect(201)).body.id;
      await t.http.delete(`/v1/actions/${id}`).set(bearer(triangleMember.token)).expect(403);
      await t.http.delete(`/v1/actions/${id}`).set(bearer(org.member.token)).expect(204);
      await t.http.get(`/v1/actions/${id}`).set(bearer(org.member.token)).expect(404);
      expect((await notifications(id)).map((n) => n.status)).toEqual(['cancelled', 'cancelled', 'cancelled']);
      const byLead = (await create(org.member.token, base()).expect(201)).body.id;
      await t.http.delete(`/v1/actions/${byLead}`).set(bearer(org.lead.token)).expect(204);
    });

    it('is only for open actions: a done or cancelled one stays on the record', async () => {
      for (const status of ['done', 'cancelled']) {
        const created = (await create(org.member.token, base()).expect(201)).body;
        const ended = await t.http
          .patch(`/v1/actions/${created.id}`)
          .set(bearer(org.member.token))
          .send({ status, version: created.version })
          .expect(200);
        for (const token of [org.member.token, org.lead.token]) {
          const refused = await t.http.delete(`/v1/actions/${created.id}`).set(bearer(token));
          expect([status, refused.status, refused.body.detail]).toEqual([
            status,
            409,
            `Only open actions can be deleted; this one is ${status} and stays on the record.`,
          ]);
        }
        const kept = await t.http.get(`/v1/actions/${created.id}`).set(bearer(org.member.token)).expect(200);
        expect(kept.body).toEqual(ended.body);
      }
    });
  });

  it("hides another organisation's actions as not found", async () => {
    const theirs = (
      await create(other.member.token, {
        ...base(),
        sourceId: otherLesson,
        assigneeId: other.member.id,
      }).expect(201)
    ).body.id;
    await t.http.get(`/v1/actions/${theirs}`).set(bearer(org.lead.token)).expect(404);
    await patch(org.lead.token, theirs, { description: 'x', version: 1 }).expect(404);
    await t.http.delete(`/v1/actions/${theirs}`).set(bearer(org.lead.token)).expect(404);
    const mine = await t.http.get('/v1/actions?pageSize=100').set(bearer(org.member.token)).expect(200);
    expect(
      mine.body.items.every((a: { organisationId: string }) => a.organisationId === org.organisationId),
    ).toBe(true);
  });

  describe('listing', () => {
    let fresh: OrgFixture;
    let lesson: string;
    let ids: Record<string, string>;

    beforeAll(async () => {
      fresh = await createOrganisation(t.http, t.systemToken);
      const chain = (
        await t.http.post('/v1/chains').set(bearer(fresh.admin.token)).send({ name: 'WIA' }).expect(201)
      ).body.id;
      lesson = await insertLesson(fresh, chain, 'best-practice', chain, 'contractor');
      const looseOne = await insertLesson(fresh, null, 'best-practice', chain, 'all');
      const make = async (dueDate: string, extra: object = {}) =>
        (
          await create(fresh.member.token, {
            sourceType: 'lesson',
            sourceId: lesson,
            description: `Actie ${dueDate}`,
            assigneeId: fresh.member.id,
            dueDate,
            ...extra,
          }).expect(201)
        ).body.id as string;
      ids = {
        may: await make('2026-05-20'),
        june15: await make('2026-06-15'),
        june16: await make('2026-06-16', { assigneeId: fresh.lead.id }),
        july: await make('2026-07-01', { sourceId: looseOne }),
        doneLate: await make('2026-05-01'),
      };
      await patch(fresh.member.token, ids.doneLate, { status: 'done', version: 1 }).expect(200);
      // 01:30 in Amsterdam on 16 June, still 15 June in UTC: the Dutch date decides.
      t.clock.set('2026-06-15T23:30:00Z');
    });
    afterAll(() => t.clock.set('2026-06-01T10:00:00+02:00'));

    const list = async (query: string) =>
      (await t.http.get(`/v1/actions?${query}`).set(bearer(fresh.member.token)).expect(200)).body;
    const names = (body: { items: { id: string }[] }) =>
      body.items.map((a) => Object.keys(ids).find((k) => ids[k] === a.id));

    it('lists open actions past their Dutch due date as overdue', async () => {
      expect(names(await list('overdue=true'))).toEqual(['may', 'june15']);
      expect(names(await list('overdue=false'))).toEqual(['doneLate', 'june16', 'july']);
      const june15 = await t.http
        .get(`/v1/actions/${ids.june15}`)
        .set(bearer(fresh.member.token))
        .expect(200);
      expect(june15.body.overdue).toBe(true);
    });

    it('filters by status, assignee, chain, source and due period, and sorts', async () => {
      expect(names(await list('status=done'))).toEqual(['doneLate']);
      expect(names(await list(`assigneeId=${fresh.lead.id}`))).toEqual(['june16']);
      expect(names(await list(`sourceId=${lesson}&sourceType=lesson`))).toEqual([
        'doneLate',
        'may',
        'june15',
        'june16',
      ]);
      expect((await list('sourceType=incident')).total).toBe(0);
      const chain = (await list(`sourceId=${lesson}`)).items[0].chainId;
      expect(names(await list(`chainId=${chain}&dueFrom=2026-06-01`))).toEqual(['june15', 'june16']);
      expect(names(await list('dueFrom=2026-06-15&dueTo=2026-06-16'))).toEqual(['june15', 'june16']);
      expect(names(await list('sort=-dueDate'))).toEqual(['july', 'june16', 'june15', 'may', 'doneLate']);
      expect(names(await list('sort=createdAt'))).toEqual(['may', 'june15', 'june16', 'july', 'doneLate']);
      expect(names(await list('sort=-createdAt'))).toEqual(['doneLate', 'july', 'june16', 'june15', 'may']);
    });

    it('pages with a total', async () => {
      const page = await list('page=2&pageSize=2');
      expect(page).toEqual(expect.objectContaining({ page: 2, pageSize: 2, total: 5 }));
      expect(names(page)).toEqual(['june15', 'june16']);
    });

    it('refuses bad filters', async () => {
      for (const query of [
        'overdue=yes',
        'dueFrom=16-06-2026',
        'dueTo=2026-06-31',
        'dueFrom=2026-06-16&dueTo=2026-06-15',
        'sort=dueDate,desc',
        'status=gedaan',
        'sourceType=les',
        'assigneeId=x',
        'pageSize=0',
        'colour=blue',
      ]) {
        const response = await t.http.get(`/v1/actions?${query}`).set(bearer(fresh.member.token));
        expect([query, response.status]).toEqual([query, 400]);
      }
    });
  });

  describe('a webhook subscription that starts listening to action.overdue', () => {
    let late: OrgFixture;
    let lateChain: string;
    let lateIncident: string;
    const hookUrl = 'https://hooks.example.nl/later';

    beforeAll(async () => {
      late = await createOrganisation(t.http, t.systemToken);
      lateChain = (
        await t.http
          .post('/v1/chains')
          .set(bearer(late.admin.token))
          .send({ name: 'Zorgtoeslag' })
          .expect(201)
      ).body.id;
      lateIncident = await insertIncident(late, lateChain, 'internal');
    });

    const lateAction = async (dueDate: string) =>
      (
        await create(late.member.token, {
          sourceType: 'incident',
          sourceId: lateIncident,
          description: 'Werkinstructie aanpassen',
          assigneeId: late.member.id,
          dueDate,
        }).expect(201)
      ).body.id as string;
    const subscribe = async (body: object) =>
      (
        await t.http
          .post('/v1/webhook-subscriptions')
          .set(bearer(late.lead.token))
          .send({ url: hookUrl, ...body })
          .expect(201)
      ).body as { id: string };
    const change = (id: string, body: object) =>
      t.http.patch(`/v1/webhook-subscriptions/${id}`).set(bearer(late.lead.token)).send(body).expect(200);
    const planned = (subscriptionId: string): Promise<Notification[]> =>
      t.db.query(
        `SELECT * FROM notifications WHERE webhook_subscription_id = $1 ORDER BY due_at, subject_id`,
        [subscriptionId],
      );
    const statuses = async (subscriptionId: string) =>
      (await planned(subscriptionId)).map((n) => [n.subject_id, n.status]);

    it('hears, once made, of the open actions that become overdue later, as it would of a new action', async () => {
      const ahead = await lateAction('2026-06-30');
      // Overdue tomorrow at 09:00 Dutch time: still ahead. One due yesterday was overdue at 09:00 today.
      const tomorrow = await lateAction('2026-06-01');
      await lateAction('2026-05-31');
      const finished = await lateAction('2026-07-15');
      await patch(late.member.token, finished, { status: 'done', version: 1 }).expect(200);
      const subscription = await subscribe({ events: ['agenda.published', 'action.overdue'] });
      const after = await lateAction('2026-06-30');
      const rows = await planned(subscription.id);
      // Not another organisation's actions (this one has many open ones), nor what is past or done.
      expect(rows.map((n) => [n.subject_id, n.due_at])).toEqual([
        [tomorrow, new Date('2026-06-02T09:00:00+02:00')],
        ...[ahead, after].sort().map((id) => [id, new Date('2026-07-01T09:00:00+02:00')]),
      ]);
      // Planned for the action made before exactly as for the one made after.
      const [before, made] = [ahead, after].map(
        (id) => rows.find((n) => n.subject_id === id) as Notification,
      );
      expect(before).toEqual(
        expect.objectContaining({
          kind: 'action.overdue',
          channel: 'webhook',
          target: hookUrl,
          subject_type: 'action',
          status: 'pending',
          dedupe_key: `webhook:${subscription.id}:action.overdue:${ahead}:2026-06-30`,
          payload: {
            event: 'action.overdue',
            data: { actionId: ahead, dueDate: '2026-06-30', assigneeId: late.member.id, chainId: lateChain },
          },
        }),
      );
      expect({ ...before.payload, data: { ...(before.payload.data as object), actionId: after } }).toEqual(
        made.payload,
      );
      expect(made.dedupe_key).toBe(`webhook:${subscription.id}:action.overdue:${after}:2026-06-30`);
      // A subscription that does not listen to it hears nothing.
      const other = await subscribe({ events: ['agenda.published'] });
      expect(await planned(other.id)).toEqual([]);
      await t.http
        .delete(`/v1/webhook-subscriptions/${subscription.id}`)
        .set(bearer(late.lead.token))
        .expect(204);
      await t.http.delete(`/v1/webhook-subscriptions/${other.id}`).set(bearer(late.lead.token)).expect(204);
    });

    it('hears of them when given the event or made active again, and not what it stopped listening to', async () => {
      const open = await lateAction('2026-08-31');
      const given = await subscribe({ events: ['agenda.published'] });
      await change(given.id, { events: ['agenda.published', 'action.overdue'], version: 1 });
      expect(await statuses(given.id)).toContainEqual([open, 'pending']);
      const count = (await planned(given.id)).length;
      // Dropping the event cancels what was still to go; given back, it is planned again, once.
      await change(given.id, { events: ['agenda.published'], version: 2 });
      expect(new Set((await planned(given.id)).map((n) => n.status))).toEqual(new Set(['cancelled']));
      await change(given.id, { events: ['action.overdue'], version: 3 });
      expect((await statuses(given.id)).filter(([, status]) => status === 'pending')).toHaveLength(count);
      expect(await planned(given.id)).toHaveLength(count);
      // A change that leaves it listening plans nothing again.
      const versions = (await planned(given.id)).map((n) => n.version);
      await change(given.id, { description: 'Intranet', version: 4 });
      expect((await planned(given.id)).map((n) => n.version)).toEqual(versions);

      const inactive = await subscribe({ events: ['action.overdue'], active: false });
      expect(await planned(inactive.id)).toEqual([]);
      await change(inactive.id, { active: true, version: 1 });
      expect(await statuses(inactive.id)).toContainEqual([open, 'pending']);
      // Inactive, what is planned for it waits (delivery refuses it meanwhile); an action made then
      // is not planned for it, until it is active again.
      await change(inactive.id, { active: false, version: 2 });
      const meanwhile = await lateAction('2026-09-30');
      expect((await statuses(inactive.id)).map(([id]) => id)).not.toContain(meanwhile);
      await change(inactive.id, { active: true, version: 3 });
      expect(await statuses(inactive.id)).toContainEqual([meanwhile, 'pending']);
      expect(await planned(inactive.id)).toHaveLength(count + 1);
      for (const id of [given.id, inactive.id])
        await t.http.delete(`/v1/webhook-subscriptions/${id}`).set(bearer(late.lead.token)).expect(204);
    });

    it('plans for thousands of open actions, in batches', async () => {
      const many = await createOrganisation(t.http, t.systemToken);
      const manyChain = (
        await t.http.post('/v1/chains').set(bearer(many.admin.token)).send({ name: 'AOW' }).expect(201)
      ).body.id;
      const source = await insertIncident(many, manyChain, 'internal');
      // 4,500 open actions on 3 due dates (batches end in the middle of a date), 500 already overdue,
      // and one stored with a due date of 9999-12-31 before such dates were refused: its overdue
      // moment (year 10000) cannot be written, and is left out rather than refusing the subscription.
      await t.db.query(
        `INSERT INTO actions (organisation_id, source_type, source_id, description, assignee_id, due_date,
           created_by_id)
         SELECT $1::uuid, 'incident', $2::uuid, 'Actie ' || i, $3::uuid, DATE '2026-06-29' + (i % 3), $3::uuid
         FROM generate_series(1, 4500) AS i
         UNION ALL
         SELECT $1::uuid, 'incident', $2::uuid, 'Te laat ' || i, $3::uuid, DATE '2026-05-01', $3::uuid
         FROM generate_series(1, 500) AS i
         UNION ALL
         SELECT $1::uuid, 'incident', $2::uuid, 'Ooit', $3::uuid, DATE '9999-12-31', $3::uuid`,
        [many.organisationId, source, many.member.id],
      );
      const subscription = (
        await t.http
          .post('/v1/webhook-subscriptions')
          .set(bearer(many.lead.token))
          .send({ url: hookUrl, events: ['action.overdue'] })
          .expect(201)
      ).body;
      const [{ n, actions }] = await t.db.query(
        `SELECT count(*)::int AS n, count(DISTINCT subject_id)::int AS actions FROM notifications
         WHERE webhook_subscription_id = $1 AND status = 'pending'`,
        [subscription.id],
      );
      expect([n, actions]).toEqual([4500, 4500]);
    });
  });

  async function insertIncident(o: OrgFixture, chain: string, confidentiality: string): Promise<string> {
    const [row] = await t.db.query(
      `INSERT INTO incidents (organisation_id, chain_id, title, occurred_at, reported_at, reported_by_id, severity,
         public_attention, source, confidentiality)
       VALUES ($1, $2, 'Uitkeringen te laat betaald', now(), now(), $3, 'high', 'national', 'media', $4) RETURNING id`,
      [o.organisationId, chain, o.admin.id, confidentiality],
    );
    return row.id;
  }

  async function insertLesson(
    o: OrgFixture,
    chain: string | null,
    sourceType: string,
    sourceId: string,
    addressedRole: string,
  ): Promise<string> {
    const [row] = await t.db.query(
      `INSERT INTO lessons (organisation_id, chain_id, source_type, source_id, title, addressed_role, drawn_by_id)
       VALUES ($1, $2, $3, $4, 'Betrek de uitvoering eerder', $5, $6) RETURNING id`,
      [o.organisationId, chain, sourceType, sourceId, addressedRole, o.member.id],
    );
    return row.id;
  }

  async function insertSession(o: OrgFixture, chain: string): Promise<string> {
    const [series] = await t.db.query(
      `INSERT INTO reflection_series (organisation_id, chain_id, title, kind, chair_id, rrule, first_start, duration_minutes)
       VALUES ($1, $2, 'Driehoeksoverleg WW', 'triangle', $3, 'FREQ=MONTHLY;BYDAY=1TU', '2026-06-02T09:00:00+02:00', 90)
       RETURNING id`,
      [o.organisationId, chain, o.lead.id],
    );
    const [row] = await t.db.query(
      `INSERT INTO reflection_sessions (series_id, organisation_id, occurrence_start, scheduled_at, ends_at)
       VALUES ($1, $2, '2026-06-02T09:00:00+02:00', '2026-06-02T09:00:00+02:00', '2026-06-02T10:30:00+02:00')
       RETURNING id`,
      [series.id, o.organisationId],
    );
    return row.id;
  }
});
