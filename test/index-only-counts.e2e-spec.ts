import { startTestApp, TestApp } from './support/test-app';

/**
 * A member's list counts its total under the confidentiality rule. The indexes the incident and
 * lesson lists count through carry what that rule reads (migrations 1764570000000, 1764580000000,
 * 1764590000000 and, for actions, 1764640000000), so the count reads no table rows, as long as the visibility map marks the
 * new pages: those tables are vacuumed after every 5,000 new rows. (How fast: bench/README.md.)
 */
describe('counts from the index', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  const columnsOf = async (index: string) =>
    (
      await t.db.query(
        `SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey)
         WHERE i.indexrelid = $1::regclass ORDER BY a.attname`,
        [index],
      )
    ).map((row: { attname: string }) => row.attname);

  it('the indexes lists count through hold every column the confidentiality rule reads', async () => {
    for (const index of [
      'incidents_org_reported_idx',
      'incidents_org_status_idx',
      'incidents_org_severity_idx',
      'incidents_org_chain_status_severity_idx',
    ])
      expect({ index, columns: await columnsOf(index) }).toEqual({
        index,
        columns: expect.arrayContaining(['organisation_id', 'confidentiality', 'reported_by_id', 'chain_id']),
      });
    // And, in the newest-first one, every column an equality filter of the list and the quarterly
    // report read (migration 1764590000000): a member's count filtered on public attention read
    // 250,000 rows of the table for 10,000 matches.
    expect(await columnsOf('incidents_org_reported_idx')).toEqual(
      expect.arrayContaining([
        'id',
        'team_id',
        'severity',
        'public_attention',
        'cause_level',
        'source',
        'status',
        'recurrence',
      ]),
    );
    // The confidential incidents alone, for confidentiality=confidential (one in twenty).
    expect(await columnsOf('incidents_org_confidential_idx')).toEqual(
      expect.arrayContaining([
        'organisation_id',
        'reported_at',
        'confidentiality',
        'reported_by_id',
        'chain_id',
      ]),
    );
    expect(await columnsOf('incidents_team_idx')).toEqual(
      expect.arrayContaining([
        'team_id',
        'reported_at',
        'organisation_id',
        'confidentiality',
        'reported_by_id',
        'chain_id',
      ]),
    );
    expect(await columnsOf('lessons_org_newest_idx')).toEqual(
      expect.arrayContaining(['status', 'addressed_role', 'source_type']),
    );
    // A member's actions, due first (migration 1764640000000): the flag, the assignee, the source.
    expect(await columnsOf('actions_org_due_idx')).toEqual(
      expect.arrayContaining([
        'organisation_id',
        'source_confidential',
        'assignee_id',
        'source_type',
        'source_id',
        'status',
        'chain_id',
      ]),
    );
    for (const index of ['lessons_org_newest_idx', 'lessons_chain_newest_idx'])
      expect({ index, columns: await columnsOf(index) }).toEqual({
        index,
        columns: expect.arrayContaining(['organisation_id', 'source_confidential', 'source_id']),
      });
  });

  it('incidents, lessons and actions are vacuumed after every 5,000 new rows', async () => {
    const options = await t.db.query(
      `SELECT relname, reloptions FROM pg_class WHERE relname IN ('incidents', 'lessons', 'actions') ORDER BY relname`,
    );
    for (const { reloptions } of options)
      expect(reloptions).toEqual(
        expect.arrayContaining([
          'autovacuum_vacuum_insert_threshold=5000',
          'autovacuum_vacuum_insert_scale_factor=0',
        ]),
      );
    expect(options).toHaveLength(3);
  });
});
