import TestAgent from 'supertest/lib/agent';

export interface OrgFixture {
  organisationId: string;
  admin: { id: string; token: string };
  lead: { id: string; token: string };
  member: { id: string; token: string };
}

let counter = 0;

export function bearer(token: string): { Authorization: string } {
  return { Authorization: `Bearer ${token}` };
}

/** Creates a person and a token for them through the API. */
export async function createPerson(
  http: TestAgent,
  adminToken: string,
  body: {
    name: string;
    accessRole: string;
    organisationId?: string;
    email?: string;
    teamIds?: string[];
    locale?: string;
  },
): Promise<{ id: string; token: string }> {
  counter += 1;
  const email =
    body.email ?? `${body.name.toLowerCase().replace(/[^a-z]+/g, '.')}.${Date.now()}.${counter}@example.nl`;
  const person = await http
    .post('/v1/people')
    .set(bearer(adminToken))
    .send({ ...body, email })
    .expect(201);
  const token = await http
    .post(`/v1/people/${person.body.id}/tokens`)
    .set(bearer(adminToken))
    .send({ name: 'test' })
    .expect(201);
  return { id: person.body.id, token: token.body.token };
}

/** An organisation with an admin, a lead and a member, each with a token. */
export async function createOrganisation(
  http: TestAgent,
  systemToken: string,
  name?: string,
): Promise<OrgFixture> {
  counter += 1;
  const organisation = await http
    .post('/v1/organisations')
    .set(bearer(systemToken))
    .send({ name: name ?? `Ministerie ${counter} ${Date.now()}`, kind: 'ministerie' })
    .expect(201);
  const organisationId = organisation.body.id as string;
  const admin = await createPerson(http, systemToken, {
    name: 'Anna Admin',
    accessRole: 'admin',
    organisationId,
  });
  const lead = await createPerson(http, admin.token, { name: 'Lars Leidinggevende', accessRole: 'lead' });
  const member = await createPerson(http, admin.token, { name: 'Mo Medewerker', accessRole: 'member' });
  return { organisationId, admin, lead, member };
}
