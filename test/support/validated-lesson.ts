import TestAgent from 'supertest/lib/agent';
import { bearer } from './fixtures';
import { incidentLessonBody } from './incident-lesson-body';

/** A lesson drawn from an incident by `drawer` and validated (adopted) by `lead`; its id. */
export async function validatedLesson(
  http: TestAgent,
  incidentId: string,
  drawer: { token: string },
  lead: { token: string },
): Promise<string> {
  const lesson = await http
    .post('/v1/lessons')
    .set(bearer(drawer.token))
    .send(incidentLessonBody(incidentId))
    .expect(201);
  await http
    .patch(`/v1/lessons/${lesson.body.id}`)
    .set(bearer(lead.token))
    .send({ version: 1, status: 'validated', response: 'adopted', responseReason: 'Eens.' })
    .expect(200);
  return lesson.body.id;
}
