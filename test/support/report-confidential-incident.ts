import TestAgent from 'supertest/lib/agent';
import { bearer } from './fixtures';
import { incidentBody } from './incident-body';

/**
 * The stock incident (high, national, from the media), reported on 1 May 2026 by `token` with its
 * own title and description, confidential unless told otherwise: the recurrence tests match on those.
 */
export function reportConfidentialIncident(
  http: TestAgent,
  token: string,
  fields: { chainId: string; title: string; description: string; confidentiality?: string },
) {
  return http
    .post('/v1/incidents')
    .set(bearer(token))
    .send({
      ...incidentBody(fields.chainId),
      confidentiality: 'confidential',
      occurredAt: '2026-05-01T09:00:00+02:00',
      ...fields,
    })
    .expect(201);
}
