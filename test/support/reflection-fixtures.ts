import TestAgent from 'supertest/lib/agent';
import { bearer } from './fixtures';
import { TestDatabase } from './test-database';

/** Register rows the reflection tests need, written directly: their own endpoints live elsewhere. */
export async function insertTheme(
  db: TestDatabase,
  row: { organisationId: string; ownerId: string; title: string; lastDiscussedAt?: string | null },
): Promise<string> {
  const [{ id }] = await db.query(
    `INSERT INTO themes (organisation_id, owner_id, title, last_discussed_at) VALUES ($1, $2, $3, $4) RETURNING id`,
    [row.organisationId, row.ownerId, row.title, row.lastDiscussedAt ?? null],
  );
  return id;
}

export async function insertIncident(
  db: TestDatabase,
  row: {
    organisationId: string;
    chainId: string;
    reportedById: string;
    title: string;
    severity?: string;
    publicAttention?: string;
    confidentiality?: string;
    reportedAt: string;
  },
): Promise<string> {
  const [{ id }] = await db.query(
    `INSERT INTO incidents (organisation_id, chain_id, reported_by_id, title, occurred_at, reported_at, severity,
       public_attention, source, confidentiality)
     VALUES ($1, $2, $3, $4, $5, $5, $6, $7, 'staff', $8) RETURNING id`,
    [
      row.organisationId,
      row.chainId,
      row.reportedById,
      row.title,
      row.reportedAt,
      row.severity ?? 'medium',
      row.publicAttention ?? 'none',
      row.confidentiality ?? 'internal',
    ],
  );
  return id;
}

export async function insertOverdueAction(
  db: TestDatabase,
  row: { organisationId: string; chainId: string; personId: string; dueDate: string },
): Promise<string> {
  // Following up an internal incident: one with a confidential (or missing) source is not for every eye.
  const incidentId = await insertIncident(db, {
    organisationId: row.organisationId,
    chainId: row.chainId,
    reportedById: row.personId,
    title: 'Werkinstructie verouderd',
    reportedAt: '2025-01-01T09:00:00Z',
  });
  const [{ id }] = await db.query(
    `INSERT INTO actions (organisation_id, chain_id, source_type, source_id, description, assignee_id, due_date, created_by_id)
     VALUES ($1, $2, 'incident', $5, 'Werkinstructie aanpassen', $3, $4, $3) RETURNING id`,
    [row.organisationId, row.chainId, row.personId, row.dueDate, incidentId],
  );
  return id;
}

/** A webhook subscription listening to the given events. */
export async function subscribeWebhook(
  db: TestDatabase,
  organisationId: string,
  events: string[],
): Promise<string> {
  const [{ id }] = await db.query(
    `INSERT INTO webhook_subscriptions (organisation_id, url, events, secret) VALUES ($1, $2, $3, 's3cret') RETURNING id`,
    [organisationId, 'https://hooks.example.nl/leerlus', events],
  );
  return id;
}

/** A chain with an owner, a commissioner and a contractor (created through the API). */
export async function createChainWithTriangle(
  http: TestAgent,
  adminToken: string,
  people: { owner: string; commissioner: string; contractor: string },
  validFrom = '2026-01-01',
): Promise<string> {
  const chain = await http
    .post('/v1/chains')
    .set(bearer(adminToken))
    .send({ name: `Keten ${Date.now()} ${Math.random()}` })
    .expect(201);
  for (const [role, personId] of Object.entries(people)) {
    await http
      .post(`/v1/chains/${chain.body.id}/role-assignments`)
      .set(bearer(adminToken))
      .send({ role, personId, validFrom })
      .expect(201);
  }
  return chain.body.id;
}

/**
 * A weekly chain series chaired by `chair`, as the agenda tests plan one: Mondays 10:00 (Amsterdam)
 * from 9 March 2026, 90 minutes; `extra` adds or overrides fields. Its representation.
 */
export async function createChainSeries(
  http: TestAgent,
  chair: { id: string; token: string },
  chainId: string,
  extra: Record<string, unknown> = {},
): Promise<any> {
  const series = await http
    .post('/v1/reflection-series')
    .set(bearer(chair.token))
    .send({
      title: 'Ketenreflectie',
      kind: 'chain',
      chainId,
      chairId: chair.id,
      rrule: 'FREQ=WEEKLY;BYDAY=MO',
      firstStart: '2026-03-09T10:00:00+01:00',
      durationMinutes: 90,
      ...extra,
    })
    .expect(201);
  return series.body;
}
