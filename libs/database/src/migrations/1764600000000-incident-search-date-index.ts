import { MigrationInterface, QueryRunner } from 'typeorm';
import { buildDatedWordIndex } from './build-dated-word-index';

/** The index's name, which searchText (libs/domain) asks for before a search orders by it. */
const INDEX = 'incidents_search_dated_idx';
const INSUFFICIENT_PRIVILEGE = '42501';

/**
 * A word index that keeps each incident's report time with every word (RUM, from PostgreSQL's
 * `rum` extension), so a search finds its newest matches in date order and reads only those
 * from the table: the GIN index can only say which incidents hold a word, and the newest ones
 * were found by walking the incidents newest first and checking each. For a word in one incident
 * of a hundred that walk reads 20,000 of them (31 ms through the api at a million, where the word
 * index took 11 ms); for a common word the walk is shorter than the word's list, so the api asks
 * the planner's estimates first (`leerlus_search_estimate`) and takes the cheaper way
 * (readsNewestFromWordIndex).
 *
 * Optional: the extension is not part of PostgreSQL itself (Debian/Ubuntu `postgresql-15-rum`,
 * in the PGDG repositories, on Amazon RDS) and needs a superuser to create. Without it the
 * migration creates only the estimate function and every search walks by date, as before; the
 * README says how to add the index later. Built CONCURRENTLY (outside a transaction), so a live
 * register keeps taking writes. It costs writes: 465 MB at a million incidents (the GIN index is
 * 92 MB), and creates under load went from 216–234 to 138–170 a second (bench/README.md).
 */
export class IncidentSearchDateIndex1764600000000 implements MigrationInterface {
  name = 'IncidentSearchDateIndex1764600000000';
  transaction = false;

  async up(q: QueryRunner): Promise<void> {
    // The planner's estimates (from its most-common-words statistics) of how many rows of a
    // register a search text matches, and of the fewest any one of its AND-ed words or groups of
    // alternatives matches: the dated word index reads about that many entries. Split at the
    // top-level ' & ' as leerlus_search_query writes it; any other shape counts as one word. Only
    // eight of them are asked (an EXPLAIN each): the least is then too high, if anything, which
    // favours the walk.
    // VOLATILE because PostgreSQL allows EXPLAIN only there; it reads nothing but statistics.
    await q.query(`
      CREATE OR REPLACE FUNCTION leerlus_search_estimate(
        register regclass, query tsquery, OUT matches bigint, OUT shortest_list bigint)
      LANGUAGE plpgsql VOLATILE STRICT AS $$
      DECLARE
        words text[] := string_to_array(query::text, ' & ');
        word text;
        plan json;
      BEGIN
        EXECUTE format('EXPLAIN (FORMAT JSON) SELECT 1 FROM %s WHERE search @@ %L::tsquery', register, query) INTO plan;
        matches := (plan -> 0 -> 'Plan' ->> 'Plan Rows')::bigint;
        shortest_list := matches;
        IF cardinality(words) < 2 OR query::text ~ '\\([^)]*&' THEN RETURN; END IF;
        shortest_list := NULL;
        FOREACH word IN ARRAY words[1:8] LOOP
          EXECUTE format('EXPLAIN (FORMAT JSON) SELECT 1 FROM %s WHERE search @@ %L::tsquery', register, word) INTO plan;
          shortest_list := least(shortest_list, (plan -> 0 -> 'Plan' ->> 'Plan Rows')::bigint);
        END LOOP;
      END $$`);
    if (await this.rumInstalled(q)) await buildDatedWordIndex(q, INDEX, 'incidents', 'reported_at');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS ${INDEX}`);
    await q.query(`DROP FUNCTION leerlus_search_estimate(regclass, tsquery)`);
  }

  /** Whether the rum extension is there, creating it when the server has it and we may. */
  private async rumInstalled(q: QueryRunner): Promise<boolean> {
    const [row]: { installed: boolean; available: boolean }[] = await q.query(
      `SELECT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'rum') AS installed,
              EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'rum') AS available`,
    );
    if (row.installed) return true;
    if (!row.available) return false;
    try {
      await q.query(`CREATE EXTENSION IF NOT EXISTS rum`);
      return true;
    } catch (error) {
      const { code, driverError } = error as { code?: string; driverError?: { code?: string } };
      if ((code ?? driverError?.code) !== INSUFFICIENT_PRIVILEGE) throw error;
      q.connection.logger.log(
        'warn',

        'The rum extension needs a superuser to create; incident searches walk by date until a DBA ' +
          'adds it and the dated word index (README.md, "Running beyond one machine").',
      );
      return false;
    }
  }
}
