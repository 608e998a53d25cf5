import { QueryRunner } from 'typeorm';

/**
 * Builds `name`, a RUM index of `table`'s search vector with `time` attached (the dated word
 * index of migrations 1764600000000 and 1764610000000), CONCURRENTLY, so the register keeps taking
 * writes. One that is already valid (a DBA built it, README) stays; an interrupted build leaves an
 * invalid one behind, which is built again. Needs the rum extension on the search path, and a
 * migration without a transaction.
 */
export async function buildDatedWordIndex(
  q: QueryRunner,
  name: string,
  table: string,
  time: string,
): Promise<void> {
  const [state]: { valid: boolean | null; visible: boolean }[] = await q.query(
    `SELECT (SELECT indisvalid FROM pg_index WHERE indexrelid = to_regclass($1)) AS valid,
            EXISTS (SELECT 1 FROM pg_opclass WHERE opcname = 'rum_tsvector_addon_ops' AND pg_opclass_is_visible(oid)) AS visible`,
    [name],
  );
  if (state.valid) return;
  if (!state.visible) {
    // Created in a schema off the search path: the api could not order by it either (searchText).
    q.connection.logger.log(
      'warn',
      `The rum extension is not on the search path; ${name} is not built (README.md).`,
    );
    return;
  }
  await q.query(`SET statement_timeout = 0`);
  await q.query(`DROP INDEX CONCURRENTLY IF EXISTS ${name}`);
  await q.query(
    `CREATE INDEX CONCURRENTLY ${name} ON ${table}
       USING rum (search rum_tsvector_addon_ops, ${time}) WITH (attach = '${time}', to = 'search')`,
  );
  await q.query(`RESET statement_timeout`);
}
