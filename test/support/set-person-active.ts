import { bearer } from './fixtures';
import { TestApp } from './test-app';

/** An admin's PATCH of a person's `active`, at the version they have now: its answer. */
export async function setPersonActive(t: TestApp, adminToken: string, id: string, active: boolean) {
  const [{ version }] = await t.db.query('SELECT version FROM people WHERE id = $1', [id]);
  return t.http.patch(`/v1/people/${id}`).set(bearer(adminToken)).send({ version, active });
}
