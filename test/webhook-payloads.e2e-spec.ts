import { NotificationDelivery } from '@app/domain/notifications/notification-delivery.service';
import { WebhookEventType } from '@app/domain/notifications/webhook-event-type';
import { AgendaService } from '@app/domain/reflection/agenda.service';
import { QuarterCloseService } from '@app/domain/reports/quarter-close.service';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { bearer, createOrganisation, createPerson, OrgFixture } from './support/fixtures';
import { createChainSeries, createChainWithTriangle, insertIncident } from './support/reflection-fixtures';
import { startTestApp, TestApp } from './support/test-app';
import { startTestWorker, TestWorker } from './support/test-worker';
import { startWebhookReceiver, WebhookReceiver } from './support/webhook-receiver';

/**
 * Every webhook event, made to happen and delivered to a local subscriber, against the body the
 * OpenAPI document gives it (the callbacks of POST /webhook-subscriptions): a documented field the
 * body lacks, or a field of the body the document does not name, fails.
 */
describe('webhook bodies as the OpenAPI document gives them', () => {
  let t: TestApp;
  let worker: TestWorker;
  let receiver: WebhookReceiver;
  let org: OrgFixture;
  let doc: any;

  beforeAll(async () => {
    receiver = await startWebhookReceiver();
    t = await startTestApp({
      env: { WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true', WEBHOOK_REQUIRE_HTTPS: 'false' },
    });
    worker = await startTestWorker(t.config, { runJobs: false, clock: t.clock });
    doc = (await t.http.get('/v1/openapi.json').expect(200)).body;
  });
  afterAll(async () => {
    await worker.close();
    await t.close();
    await receiver.close();
  });

  /** The documented body of an event, closed: a property it does not name is an error. */
  function documentedBody(event: string): object {
    const callbacks = doc.paths['/webhook-subscriptions'].post.callbacks;
    const [callback] = Object.values(callbacks).filter(
      (c: any) => c['{$request.body#/url}'].post.parameters[0].schema.enum[0] === event,
    ) as any[];
    const ref: string =
      callback['{$request.body#/url}'].post.requestBody.content['application/json'].schema.$ref;
    return closed(doc.components.schemas[ref.replace('#/components/schemas/', '')]);
  }

  it('sends each event with the body its schema documents, no field more or less', async () => {
    t.clock.set('2026-03-01T09:00:00Z');
    org = await createOrganisation(t.http, t.systemToken);
    const triangle = await Promise.all(
      ['Olga Eigenaar', 'Otto Opdracht', 'Nina Nemer'].map((name) =>
        createPerson(t.http, org.admin.token, { name, accessRole: 'member' }),
      ),
    );
    const chainId = await createChainWithTriangle(t.http, org.admin.token, {
      owner: triangle[0].id,
      commissioner: triangle[1].id,
      contractor: triangle[2].id,
    });
    const subscription = (
      await t.http
        .post('/v1/webhook-subscriptions')
        .set(bearer(org.lead.token))
        .send({ url: receiver.url, events: Object.values(WebhookEventType) })
        .expect(201)
    ).body;
    const incident = (title: string, confidentiality: string) =>
      insertIncident(t.db, {
        organisationId: org.organisationId,
        chainId,
        reportedById: org.member.id,
        title,
        severity: 'high',
        confidentiality,
        reportedAt: '2026-02-27T09:00:00Z',
      });
    // An agenda item with its reference and one masked without it.
    const internal = await incident('Wachtrij klantcontact overbelast', 'internal');
    await incident('Dossier familie Bakker gelekt', 'confidential');
    const series = await createChainSeries(t.http, org.lead, chainId, {
      meetingUrl: 'https://meet.example.nl/ketenreflectie',
    });
    const sessions = (
      await t.http
        .get(`/v1/reflection-series/${series.id}/sessions?pageSize=3`)
        .set(bearer(org.lead.token))
        .expect(200)
    ).body.items;
    const deliverDue = async () => {
      const due: { id: string }[] = await t.db.query(
        `SELECT id FROM notifications WHERE webhook_subscription_id = $1 AND status IN ('pending', 'queued')
           AND due_at <= $2 ORDER BY due_at, id`,
        [subscription.id, t.clock.now()],
      );
      for (const { id } of due) await worker.app.get(NotificationDelivery).deliver(id);
    };

    // agenda.published, at the series' lead time; session.reminder a day before the start.
    t.clock.set('2026-03-06T09:00:00Z');
    expect(await t.app.get(AgendaService).dispatchDueAgendas()).toBe(1);
    await deliverDue();
    t.clock.set('2026-03-08T09:30:00Z');
    await deliverDue();

    // session.cancelled and session.postponed, and two in a row not held: reflection.escalated.
    const patchSession = (session: { id: string; version: number }, body: object) =>
      t.http
        .patch(`/v1/reflection-sessions/${session.id}`)
        .set(bearer(org.lead.token))
        .send({ ...body, version: session.version })
        .expect(200);
    await patchSession(sessions[1], { status: 'cancelled', reason: 'Crisis' });
    await patchSession(sessions[2], {
      status: 'postponed',
      postponedTo: '2026-03-25T10:00:00+01:00',
      reason: 'Storm',
    });
    await deliverDue();

    // action.overdue: an action entered with its due date past.
    await t.http
      .post('/v1/actions')
      .set(bearer(org.lead.token))
      .send({
        sourceType: 'incident',
        sourceId: internal,
        description: 'Extra bezetting klantcontact regelen',
        assigneeId: org.member.id,
        dueDate: '2026-03-02',
      })
      .expect(201);
    await deliverDue();

    // session.cancelled with its cause: the series stops, and its sent agenda's session is off.
    const current = (
      await t.http.get(`/v1/reflection-series/${series.id}`).set(bearer(org.lead.token)).expect(200)
    ).body;
    await t.http
      .patch(`/v1/reflection-series/${series.id}`)
      .set(bearer(org.lead.token))
      .send({ active: false, version: current.version })
      .expect(200);
    await deliverDue();

    // report.published: a quarter closes (one that ends after the organisation was made, by the
    // database's clock, not the test's).
    t.clock.set('2027-04-01T04:00:00Z');
    await t.app.get(QuarterCloseService).closeQuarter(t.clock.now());
    await deliverDue();

    const bodies = receiver.received.map(({ body }) => JSON.parse(body));
    expect([...new Set(bodies.map((b) => b.event))].sort()).toEqual(Object.values(WebhookEventType).sort());
    // The optional field, both ways.
    const cancelled = bodies.filter((b) => b.event === WebhookEventType.SessionCancelled);
    expect(new Set(cancelled.map((b) => b.data.cause ?? null))).toEqual(new Set(['series-stopped', null]));

    const ajv = new Ajv({ allErrors: true, strictTypes: false });
    ajv.addVocabulary(['example']);
    addFormats(ajv);
    const validators = new Map(
      Object.values(WebhookEventType).map((event) => [event, ajv.compile(documentedBody(event))]),
    );
    const problems = bodies.flatMap((body) => {
      const validate = validators.get(body.event)!;
      return validate(body)
        ? []
        : validate.errors!.map(
            (e) => `${body.event}${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`,
          );
    });
    expect(problems).toEqual([]);
  });
});

/** A copy of a schema in which every object with properties allows no other property. */
function closed(schema: any): any {
  if (Array.isArray(schema)) return schema.map(closed);
  if (!schema || typeof schema !== 'object') return schema;
  const copy = Object.fromEntries(Object.entries(schema).map(([key, value]) => [key, closed(value)]));
  if (copy.type === 'object' && copy.properties) copy.additionalProperties = false;
  return copy;
}
