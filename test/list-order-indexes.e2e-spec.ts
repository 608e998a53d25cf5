import { bearer, createOrganisation, OrgFixture } from './support/fixtures';
import { incidentBody } from './support/incident-body';
import { incidentLessonBody } from './support/incident-lesson-body';
import { recordSentQueries, SentQuery } from './support/record-sent-queries';
import { startTestApp, TestApp } from './support/test-app';

/**
 * Every order a lesson list can be sorted in, both directions, and the action list by update time
 * are read in order from an index (migrations 1764570000000 and 1764590000000): without one, a
 * page sorted every lesson of the organisation (65–365 ms at a million incidents, bench/README.md).
 * The test takes the statement the api sends for the page and asks PostgreSQL for its plan with
 * sorting switched off (`enable_sort = off`): it then takes an index in the page's order wherever
 * one exists, and sorts only where none does. Where the index orders by the time alone, or gives
 * equal times in the other order (oldest lessons first read newest-first backwards: ids
 * descending), PostgreSQL orders the ties in an incremental sort: equal times are rare.
 */
describe('list orders read from an index', () => {
  let t: TestApp;
  let org: OrgFixture;
  const sent: SentQuery[] = [];

  interface PlanNode {
    'Node Type': string;
    'Index Name'?: string;
    Plans?: PlanNode[];
  }
  const nodesOf = (node: PlanNode): PlanNode[] => [node, ...(node.Plans ?? []).flatMap(nodesOf)];
  /** The (incremental) sort nodes and the indexes of the plan of the page statement a request sends. */
  const planOf = async (path: string, token: string) => {
    sent.length = 0;
    await t.http.get(path).set(bearer(token)).expect(200);
    const pages = sent.filter(({ sql }) => / ORDER BY /.test(sql) && / LIMIT /.test(sql));
    expect(pages).toHaveLength(1);
    const [{ 'QUERY PLAN': plan }] = await t.db.query(
      `EXPLAIN (FORMAT JSON) ${pages[0].sql}`,
      pages[0].parameters,
    );
    const nodes = nodesOf(plan[0].Plan);
    return {
      sorts: nodes.filter((node) => node['Node Type'] === 'Sort').length,
      incrementalSorts: nodes.filter((node) => node['Node Type'] === 'Incremental Sort').length,
      indexes: nodes.map((node) => node['Index Name']).filter(Boolean),
    };
  };

  beforeAll(async () => {
    recordSentQueries(sent);
    t = await startTestApp();
    await t.db.query(`SET enable_sort = off`);
    org = await createOrganisation(t.http, t.systemToken);
    const chainId = (await t.http.post('/v1/chains').set(bearer(org.admin.token)).send({ name: 'Toeslagen' }))
      .body.id;
    const incidentId = (
      await t.http.post('/v1/incidents').set(bearer(org.member.token)).send(incidentBody(chainId)).expect(201)
    ).body.id;
    const lessonId = (
      await t.http
        .post('/v1/lessons')
        .set(bearer(org.member.token))
        .send(incidentLessonBody(incidentId))
        .expect(201)
    ).body.id;
    await t.http
      .post('/v1/actions')
      .set(bearer(org.member.token))
      .send({
        sourceType: 'lesson',
        sourceId: lessonId,
        description: 'Werkinstructie aanpassen',
        assigneeId: org.member.id,
        dueDate: '2026-06-30',
      })
      .expect(201);
  });
  afterAll(async () => {
    jest.restoreAllMocks();
    await t.close();
  });

  it.each([
    ['createdAt', 'lessons_org_newest_idx', 'ties'],
    ['-createdAt', 'lessons_org_newest_idx', 'none'],
    ['validatedAt', 'lessons_org_validated_asc_idx', 'none'],
    ['-validatedAt', 'lessons_org_validated_order_idx', 'none'],
    ['recheckAt', 'lessons_org_recheck_order_idx', 'none'],
    ['-recheckAt', 'lessons_org_recheck_desc_idx', 'none'],
    ['title', 'lessons_org_title_idx', 'none'],
    ['-title', 'lessons_org_title_desc_idx', 'none'],
    ['status', 'lessons_org_status_order_idx', 'none'],
    ['-status', 'lessons_org_status_desc_idx', 'none'],
  ])('lessons sort=%s reads %s and sorts %s, as a member and as a lead', async (sort, index, sorted) => {
    for (const token of [org.member.token, org.lead.token])
      expect(await planOf(`/v1/lessons?sort=${sort}`, token)).toEqual({
        sorts: 0,
        incrementalSorts: sorted === 'ties' ? expect.any(Number) : 0,
        indexes: expect.arrayContaining([index]),
      });
  });

  it('people, by name as Dutch readers sort, read people_org_dutch_name_idx', async () => {
    expect(await planOf('/v1/people', org.member.token)).toEqual({
      sorts: 0,
      incrementalSorts: 0,
      indexes: expect.arrayContaining(['people_org_dutch_name_idx']),
    });
  });

  it.each(['updatedAt', '-updatedAt'])(
    'actions sort=%s reads actions_org_updated_idx, sorts ties',
    async (sort) => {
      expect(await planOf(`/v1/actions?sort=${sort}`, org.member.token)).toEqual({
        sorts: 0,
        incrementalSorts: expect.any(Number),
        indexes: expect.arrayContaining(['actions_org_updated_idx']),
      });
    },
  );
});
