import { bearer, createOrganisation, createPerson, OrgFixture } from './fixtures';
import { incidentBody } from './incident-body';
import { startTestApp, TestApp } from './test-app';

/**
 * An organisation with one chain and a member outside its triangle (the outsider), and how its
 * lead reports incidents and draws lessons: what the tests of the confidentiality flags start from.
 */
export interface ConfidentialRegister {
  t: TestApp;
  org: OrgFixture;
  chainId: string;
  /** The outsider's token. */
  outsider: string;
  /** An incident the lead reports in the chain; its id. */
  incident(confidentiality: string, title: string): Promise<string>;
  /** A lesson the lead draws from an incident; its id. */
  lesson(incidentId: string, title: string): Promise<string>;
}

export async function startConfidentialRegister(): Promise<ConfidentialRegister> {
  const t = await startTestApp();
  const org = await createOrganisation(t.http, t.systemToken);
  const chainId = (
    await t.http.post('/v1/chains').set(bearer(org.admin.token)).send({ name: 'Toeslagen' }).expect(201)
  ).body.id;
  const outsider = (
    await createPerson(t.http, org.admin.token, { name: 'Buitenstaander', accessRole: 'member' })
  ).token;
  const created = async (path: string, body: object) =>
    (await t.http.post(path).set(bearer(org.lead.token)).send(body).expect(201)).body.id as string;
  return {
    t,
    org,
    chainId,
    outsider,
    incident: (confidentiality, title) =>
      created('/v1/incidents', { ...incidentBody(chainId), title, confidentiality }),
    lesson: (sourceId, title) =>
      created('/v1/lessons', { sourceType: 'incident', sourceId, title, addressedRole: 'all' }),
  };
}
