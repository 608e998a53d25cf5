import type { Principal } from '@app/domain/access/principal';
import { Controller, Delete, Get, HttpCode, Logger, Param } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Actor } from '../apps/api/src/http/actor.decorator';
import { insertSession } from './support/delivery-fixtures';
import { failedNotification } from './support/failed-notification';
import { FAR_AHEAD_DUE_DATE } from './support/far-ahead-due-date';
import { bearer, createOrganisation, createPerson, OrgFixture } from './support/fixtures';
import { incidentBody } from './support/incident-body';
import { incidentLessonBody } from './support/incident-lesson-body';
import { createChainWithTriangle } from './support/reflection-fixtures';
import { startTestApp, TestApp } from './support/test-app';

/** A write of one resource: its row (table, id) and how to send it, with an If-Match or without. */
interface Write {
  name: string;
  method: 'patch' | 'delete' | 'post';
  path: string;
  token: string;
  table: string;
  id: string;
  /** The PATCH's change (the row's current version is added). */
  change?: object;
}

/** A write that forgets lockForUpdate: it renames a team in a transaction of its own. */
@Controller('forgetful-teams')
class ForgetfulController {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  @Get(':id')
  async get(@Actor() _actor: Principal, @Param('id') id: string) {
    return (await this.dataSource.query(`SELECT id, name, version FROM teams WHERE id = $1`, [id]))[0];
  }

  @Delete(':id')
  @HttpCode(204)
  async remove(@Actor() _actor: Principal, @Param('id') id: string) {
    await this.dataSource.transaction((m) =>
      m.query(`UPDATE teams SET name = 'Vergeten', version = version + 1 WHERE id = $1`, [id]),
    );
  }
}

/**
 * RFC 9110 §13.2.1: a server ignores If-Match when the request without it would not have been
 * answered 2xx or 412. Who may not see a resource (404) or may not make the change (403) gets
 * that answer with a stale If-Match too, not a 412 that names the current ETag; nothing changes.
 * Whoever may make it still gets 412, naming the current ETag, and the current ETag goes through.
 */
describe('If-Match is evaluated after who may see and change the resource', () => {
  let t: TestApp;
  let org: OrgFixture;
  let other: OrgFixture;
  let chainId: string;
  let outsider: { id: string; token: string };

  beforeAll(async () => {
    t = await startTestApp({ controllers: [ForgetfulController] });
    org = await createOrganisation(t.http, t.systemToken);
    other = await createOrganisation(t.http, t.systemToken);
    chainId = await createChainWithTriangle(t.http, org.admin.token, {
      owner: org.admin.id,
      commissioner: org.lead.id,
      contractor: org.member.id,
    });
    outsider = await createPerson(t.http, org.admin.token, {
      name: 'Bo Buitenstaander',
      accessRole: 'member',
    });
  });
  afterAll(() => t.close());

  const created = async (path: string, token: string, body: object): Promise<string> =>
    (await t.http.post(path).set(bearer(token)).send(body).expect(201)).body.id as string;
  const incident = (token: string, extra: object = {}) =>
    created('/v1/incidents', token, { ...incidentBody(chainId), ...extra });
  const bestPractice = (token: string) =>
    created('/v1/best-practices', token, {
      title: `Praktijk ${Math.random()}`,
      practice: 'Een vaste werkwijze.',
      evidence: 'Gemeten in de pilot.',
    });

  /** A write of `/v1/{resource}/{id}`, whose row is in the table of that name. */
  const on = (
    name: string,
    token: string,
    method: Write['method'],
    resource: string,
    id: string,
    change?: object,
  ): Write => ({
    name,
    token,
    method,
    path: `/v1/${resource}/${id}`,
    table: resource.replace(/-/g, '_'),
    id,
    change,
  });

  /** Its version and its audit events: what a refused write leaves as it was. */
  const written = async (table: string, id: string) =>
    (
      await t.db.query(
        `SELECT (SELECT version FROM ${table} WHERE id = $1) AS version,
                (SELECT count(*) FROM audit_events WHERE entity_id = $1)::int AS audit`,
        [id],
      )
    )[0] as { version: number | null; audit: number };

  /** A PATCH sends the row's version (1 where there is no row). */
  function send(write: Write, ifMatch: string | undefined, version: number | null) {
    const request = t.http[write.method](write.path).set(bearer(write.token));
    if (ifMatch !== undefined) request.set('If-Match', ifMatch);
    return write.change ? request.send({ ...write.change, version: version ?? 1 }) : request;
  }

  /**
   * An ETag the caller could have read, made stale: its GET's (a made-up one where the caller has
   * none to read), then the row moves on a version, as after someone else's change.
   */
  async function staleTag(write: Write): Promise<string> {
    const read = await t.http.get(write.path).set(bearer(write.token));
    const tag = read.status === 200 ? (read.headers.etag as string) : '"verouderd"';
    await t.db.query(`UPDATE ${write.table} SET version = version + 1 WHERE id = $1`, [write.id]);
    return tag;
  }

  /** The answer without If-Match and with a stale one: the same refusal, and nothing changed. */
  async function expectRefusedAlike(write: Write, status: number): Promise<string[]> {
    const tag = await staleTag(write);
    const before = await written(write.table, write.id);
    const problems: string[] = [];
    const without = await send(write, undefined, before.version);
    const stale = await send(write, tag, before.version);
    const answer = (r: { status: number; body: { type?: string; detail?: string } }) => ({
      status: r.status,
      type: r.body.type,
      detail: r.body.detail,
    });
    if (without.status !== status) problems.push(`${write.name}: ${without.status} without If-Match`);
    if (JSON.stringify(answer(stale)) !== JSON.stringify(answer(without)))
      problems.push(`${write.name}: ${JSON.stringify(answer(stale))} with a stale If-Match`);
    if (stale.body.currentEtag !== undefined)
      problems.push(`${write.name}: currentEtag ${stale.body.currentEtag}`);
    const after = await written(write.table, write.id);
    if (JSON.stringify(after) !== JSON.stringify(before)) problems.push(`${write.name}: changed`);
    return problems;
  }

  it('answers 403 as without If-Match to a caller whose role does not allow the change', async () => {
    const theme = await created('/v1/themes', org.lead.token, { title: 'Vakmanschap', ownerId: org.lead.id });
    const lessonSource = await incident(org.lead.token);
    const lesson = await created('/v1/lessons', org.lead.token, incidentLessonBody(lessonSource));
    // Confidential, reported by the lead: the member (the chain's contractor) sees it, may not reclassify it.
    const confidential = await incident(org.lead.token, { confidentiality: 'confidential' });
    const practice = await bestPractice(org.lead.token);
    const ownPractice = await bestPractice(org.member.token);
    const team = await created('/v1/teams', org.admin.token, { name: 'Toeslagen' });
    const chain = await created('/v1/chains', org.admin.token, { name: `Keten ${Math.random()}` });
    const action = await created('/v1/actions', org.lead.token, {
      sourceType: 'lesson',
      sourceId: lesson,
      description: 'Actie van de leidinggevende',
      assigneeId: org.member.id,
      dueDate: FAR_AHEAD_DUE_DATE,
    });
    // Handed to the outsider, on a confidential incident they may not see: they may not hand it on.
    const hidden = await incident(org.lead.token, { confidentiality: 'confidential' });
    const hiddenAction = await created('/v1/actions', org.lead.token, {
      sourceType: 'incident',
      sourceId: hidden,
      description: 'Actie op een vertrouwelijk incident',
      assigneeId: outsider.id,
      dueDate: FAR_AHEAD_DUE_DATE,
    });
    const { seriesId, sessionId } = await insertSession(t.db, {
      organisationId: org.organisationId,
      chairId: org.lead.id,
      start: new Date(t.clock.now().getTime() + 30 * 86400_000).toISOString(),
      agenda: [{ title: 'Terugblik', timeboxMinutes: 20 }],
    });
    const failed = await failedNotification(t, org.organisationId, org.member.id);
    const [{ id: agendaItem }] = await t.db.query(`SELECT id FROM agenda_items WHERE series_id = $1`, [
      seriesId,
    ]);
    const person = await createPerson(t.http, org.admin.token, {
      name: 'Vera Vertrek',
      accessRole: 'member',
    });
    const memberIncident = await incident(org.member.token);
    const token = await created(`/v1/people/${org.lead.id}/tokens`, org.admin.token, { name: 'van de lead' });
    const [{ id: assignment }] = await t.db.query(`SELECT id FROM role_assignments WHERE chain_id = $1`, [
      chainId,
    ]);

    const member = org.member.token;
    const writes: Write[] = [
      on('DELETE an incident (member)', member, 'delete', 'incidents', memberIncident),
      on('DELETE a theme (member)', member, 'delete', 'themes', theme),
      on("DELETE a lead's lesson (member)", member, 'delete', 'lessons', lesson),
      on(
        "PATCH a confidential incident's confidentiality (member, not its reporter)",
        member,
        'patch',
        'incidents',
        confidential,
        { confidentiality: 'internal' },
      ),
      on("DELETE a lead's best practice (member)", member, 'delete', 'best-practices', practice),
      on(
        'PATCH endorsing a best practice (member, its proposer)',
        member,
        'patch',
        'best-practices',
        ownPractice,
        { status: 'endorsed' },
      ),
      on("DELETE a lead's action (member)", member, 'delete', 'actions', action),
      on(
        'PATCH handing on an action on a confidential incident (its assignee, who may not see that)',
        outsider.token,
        'patch',
        'actions',
        hiddenAction,
        { assigneeId: org.lead.id },
      ),
      on('DELETE a team (lead)', org.lead.token, 'delete', 'teams', team),
      on('DELETE a chain (lead)', org.lead.token, 'delete', 'chains', chain),
      on('DELETE a person (lead)', org.lead.token, 'delete', 'people', person.id),
      on('DELETE an agenda item (member)', member, 'delete', 'agenda-items', agendaItem),
      on('DELETE a reflection series (member)', member, 'delete', 'reflection-series', seriesId),
      // POST actions, compared with the resource their path names:
      {
        name: 'POST retrying a failed notification (member)',
        method: 'post',
        path: `/v1/notifications/${failed}/retry`,
        token: member,
        table: 'notifications',
        id: failed,
      },
      {
        name: 'POST compiling an agenda again (member)',
        method: 'post',
        path: `/v1/reflection-sessions/${sessionId}/agenda`,
        token: member,
        table: 'reflection_sessions',
        id: sessionId,
      },
      {
        name: "POST rotating the lead's calendar feed (member)",
        method: 'post',
        path: `/v1/people/${org.lead.id}/calendar-feed-rotation`,
        token: member,
        table: 'people',
        id: org.lead.id,
      },
      // Without a GET of their own:
      {
        name: "DELETE the lead's token (member), no GET",
        method: 'delete',
        path: `/v1/people/${org.lead.id}/tokens/${token}`,
        token: member,
        table: 'api_tokens',
        id: token,
      },
      {
        name: 'PATCH a role assignment (lead), no GET',
        method: 'patch',
        path: `/v1/chains/${chainId}/role-assignments/${assignment}`,
        token: org.lead.token,
        table: 'role_assignments',
        id: assignment,
        change: { validTo: '2027-12-31' },
      },
    ];
    const problems: string[] = [];
    for (const write of writes) problems.push(...(await expectRefusedAlike(write, 403)));
    expect(problems).toEqual([]);
  });

  it("answers 404 as without If-Match for another organisation's resource, or one that is not there", async () => {
    const team = await created('/v1/teams', org.admin.token, { name: 'Eigen team' });
    const reported = await incident(org.lead.token);
    const theme = await created('/v1/themes', org.lead.token, { title: 'Eigen thema', ownerId: org.lead.id });
    const token = await created(`/v1/people/${org.member.id}/tokens`, org.admin.token, { name: 'eigen' });
    const nobody = '00000000-0000-4000-8000-000000000000';
    const failed = await failedNotification(t, org.organisationId, org.member.id);
    const writes: Write[] = [
      on("PATCH another organisation's team", other.admin.token, 'patch', 'teams', team, {
        name: 'Overgenomen',
      }),
      on("DELETE another organisation's incident", other.lead.token, 'delete', 'incidents', reported),
      on("DELETE another organisation's theme", other.lead.token, 'delete', 'themes', theme),
      on('DELETE an incident that is not there', org.lead.token, 'delete', 'incidents', nobody),
      {
        name: "POST retrying another organisation's notification",
        method: 'post',
        path: `/v1/notifications/${failed}/retry`,
        token: other.lead.token,
        table: 'notifications',
        id: failed,
      },
      {
        name: "DELETE another organisation's token, no GET",
        method: 'delete',
        path: `/v1/people/${org.member.id}/tokens/${token}`,
        token: other.admin.token,
        table: 'api_tokens',
        id: token,
      },
      {
        name: 'DELETE a token that is not there, no GET',
        method: 'delete',
        path: `/v1/people/${org.member.id}/tokens/${nobody}`,
        token: org.admin.token,
        table: 'api_tokens',
        id: nobody,
      },
      {
        name: 'PATCH a role assignment that is not there, no GET',
        method: 'patch',
        path: `/v1/chains/${chainId}/role-assignments/${nobody}`,
        token: org.admin.token,
        table: 'role_assignments',
        id: nobody,
        change: { validTo: '2027-12-31' },
      },
    ];
    const problems: string[] = [];
    for (const write of writes) problems.push(...(await expectRefusedAlike(write, 404)));
    expect(problems).toEqual([]);
  });

  it('still answers 412 naming the current ETag to whoever may make the change, and takes the current one', async () => {
    const lessonSource = await incident(org.lead.token);
    const lesson = await created('/v1/lessons', org.lead.token, incidentLessonBody(lessonSource));
    const confidential = await incident(org.lead.token, { confidentiality: 'confidential' });
    const practice = await bestPractice(org.member.token);
    const theme = await created('/v1/themes', org.lead.token, { title: 'Weg', ownerId: org.lead.id });
    const writes: Write[] = [
      on(
        'DELETE an incident (lead)',
        org.lead.token,
        'delete',
        'incidents',
        await incident(org.member.token),
      ),
      on('DELETE a theme (lead)', org.lead.token, 'delete', 'themes', theme),
      on('DELETE a lesson (lead)', org.lead.token, 'delete', 'lessons', lesson),
      on(
        "PATCH a confidential incident's confidentiality (its reporter)",
        org.lead.token,
        'patch',
        'incidents',
        confidential,
        { confidentiality: 'internal' },
      ),
      on('PATCH endorsing a best practice (lead)', org.lead.token, 'patch', 'best-practices', practice, {
        status: 'endorsed',
      }),
    ];
    const problems: string[] = [];
    for (const write of writes) {
      const stale = await staleTag(write);
      const before = await written(write.table, write.id);
      const current = (await t.http.get(write.path).set(bearer(write.token)).expect(200)).headers.etag;
      const refused = await send(write, stale, before.version);
      if (refused.status !== 412 || refused.body.currentEtag !== current)
        problems.push(
          `${write.name}: ${refused.status}, currentEtag ${refused.body.currentEtag} (${current})`,
        );
      if (JSON.stringify(await written(write.table, write.id)) !== JSON.stringify(before))
        problems.push(`${write.name}: changed after a 412`);
      const done = await send(write, current, before.version);
      if (done.status !== (write.method === 'delete' ? 204 : 200))
        problems.push(`${write.name}: ${done.status} with the current ETag`);
    }
    // Without a GET, no ETag can match: 412 to whoever may revoke the token; * revokes it.
    const token = await created(`/v1/people/${org.member.id}/tokens`, org.admin.token, { name: 'weg' });
    const revoke = (tag: string) =>
      t.http
        .delete(`/v1/people/${org.member.id}/tokens/${token}`)
        .set(bearer(org.member.token))
        .set('If-Match', tag);
    const before = await written('api_tokens', token);
    const refused = await revoke('"verouderd"');
    if (refused.status !== 412) problems.push(`DELETE own token: ${refused.status} with an ETag`);
    if (JSON.stringify(await written('api_tokens', token)) !== JSON.stringify(before))
      problems.push('DELETE own token: changed after a 412');
    if ((await revoke('*')).status !== 204) problems.push('DELETE own token: not revoked with *');
    expect(problems).toEqual([]);
  });

  it('lets no write that forgot lockForUpdate commit a change the If-Match did not match', async () => {
    const errors: string[] = [];
    jest.spyOn(Logger.prototype, 'error').mockImplementation((message: unknown) => {
      errors.push(String(message));
    });
    try {
      const team = await created('/v1/teams', org.admin.token, { name: 'Onvergetelijk' });
      const path = `/v1/forgetful-teams/${team}`;
      const remove = (tag: string) => t.http.delete(path).set(bearer(org.admin.token)).set('If-Match', tag);
      const { etag } = (await t.http.get(path).set(bearer(org.admin.token)).expect(200)).headers;
      const before = await written('teams', team);
      const refused = await remove('"verouderd"');
      expect([refused.status, refused.body.currentEtag]).toEqual([412, etag]);
      expect(await written('teams', team)).toEqual(before);
      expect(errors).toEqual([
        expect.stringMatching(/without checking its If-Match \(lockForUpdate\): 412$/),
      ]);
      errors.length = 0;
      // The current ETag goes through (nothing to refuse), and the forgotten check is logged.
      await remove(etag).expect(204);
      expect(errors).toEqual([`DELETE ${path} did not check its If-Match precondition (lockForUpdate)`]);
    } finally {
      jest.restoreAllMocks();
    }
  });
});
