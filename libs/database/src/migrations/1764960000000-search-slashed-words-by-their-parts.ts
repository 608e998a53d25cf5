import { MigrationInterface, QueryRunner } from 'typeorm';
import { SEARCH_WORDS } from './1764780000000-search-hyphenated-words-by-their-parts';

/** The columns of each register's search vector, by weight, as migration 1764380000000 generated it. */
const SEARCHED: Record<string, Record<'A' | 'B' | 'C', string[]>> = {
  incidents: { A: ['title'], B: ['description'], C: [] },
  lessons: { A: ['title'], B: ['observation', 'insight', 'recommendation'], C: [] },
  best_practices: { A: ['title'], B: ['context', 'practice'], C: ['evidence'] },
};

/** Their dated word indexes (migrations 1764600000000 and 1764610000000), where the server has rum. */
const DATED_WORD_INDEXES: Record<string, string> = { incidents: 'reported_at', lessons: 'created_at' };

/** `table`'s search vector of the row `row` (`NEW.` in a trigger, '' in a column), words made by `words`. */
function searchVector(table: string, row: string, words: (text: string) => string): string {
  return Object.entries(SEARCHED[table])
    .filter(([, columns]) => columns.length > 0)
    .map(([weight, columns]) => {
      const text = columns.map((column) => row + column).join(" || ' ' || ");
      return `setweight(${words(text)}, '${weight}')`;
    })
    .join(' || ');
}

const SEARCH_WORDS_WITHOUT_SOFT_HYPHENS = `
      CREATE OR REPLACE FUNCTION leerlus_search_words(text) RETURNS text
      LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
      AS $$
        SELECT CASE WHEN numnode(plainto_tsquery('dutch_unaccent', split)) > 0 THEN split ELSE typed END
        FROM (SELECT replace($1, chr(173), '') AS typed) AS typed,
        LATERAL (SELECT string_agg(
                   CASE WHEN word ~ '[^-]-[^-]' AND word !~ '[[:digit:].@/:\\\\]' THEN replace(word, '-', ' ')
                        ELSE word END, ' ' ORDER BY n) AS split
                 FROM regexp_split_to_table(typed, '\\s+') WITH ORDINALITY AS words (word, n)) AS words
      $$`;

/**
 * The registers index the parts of words joined by a slash, and read a word with a soft hyphen in it
 * as one word.
 *
 * PostgreSQL's parser reads "DigiD/eHerkenning", "WW/WIA" or "2026/004711" as one token (a file
 * path), so "eHerkenning", "WIA" or "004711" found nothing; and it reads a soft hyphen (U+00AD,
 * which editors put in long words to break them) as a space, so "zorg\u00ADtoeslag" was indexed
 * as `zorg` and `toeslag` and "zorgtoeslag" did not find it. The search vector now holds the
 * whole slashed token (as before: the same spelling still finds it) and its parts, and is made of
 * the text without soft hyphens; a search drops them too.
 *
 * A generated column's expression cannot be changed without rewriting the table and every index on
 * it (PostgreSQL 15 has no SET EXPRESSION), so the column becomes an ordinary one, kept by a trigger
 * before the row is written; only rows with a slash or a soft hyphen are written again. ENABLE
 * ALWAYS, like the lexicon's triggers: a bulk loader running as a replica must not leave it empty.
 */
export class SearchSlashedWordsByTheirParts1764960000000 implements MigrationInterface {
  name = 'SearchSlashedWordsByTheirParts1764960000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION leerlus_indexed_words(text) RETURNS tsvector
      LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
      AS $$
        SELECT to_tsvector('dutch_unaccent', typed) || to_tsvector('dutch_unaccent', coalesce(
                 (SELECT string_agg(translate(slashed[1], '/', ' '), ' ')
                  FROM regexp_matches(typed, '([^[:space:]/]+(?:/[^[:space:]/]+)+)', 'g') AS slashed),
                 ''))
        FROM (SELECT replace($1, chr(173), '') AS typed) AS typed
      $$`);
    await q.query(SEARCH_WORDS_WITHOUT_SOFT_HYPHENS);
    for (const table of Object.keys(SEARCHED)) {
      const columns = Object.values(SEARCHED[table]).flat();
      await q.query(`ALTER TABLE ${table} ALTER COLUMN search DROP EXPRESSION`);
      await q.query(`
        CREATE FUNCTION leerlus_${table}_search() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          NEW.search := ${searchVector(table, 'NEW.', (text) => `leerlus_indexed_words(${text})`)};
          RETURN NEW;
        END $$`);
      await q.query(`
        CREATE TRIGGER ${table}_search BEFORE INSERT OR UPDATE OF ${columns.join(', ')} ON ${table}
        FOR EACH ROW EXECUTE FUNCTION leerlus_${table}_search()`);
      await q.query(`ALTER TABLE ${table} ENABLE ALWAYS TRIGGER ${table}_search`);
      const changed = columns
        .map((column) => `strpos(${column}, '/') > 0 OR strpos(${column}, chr(173)) > 0`)
        .join(' OR ');
      await q.query(`UPDATE ${table} SET title = title WHERE ${changed}`);
    }
  }

  // In TypeORM's transaction, so the dated word indexes are built in it, not concurrently.
  async down(q: QueryRunner): Promise<void> {
    const [{ rum }]: { rum: boolean }[] = await q.query(
      `SELECT EXISTS (SELECT 1 FROM pg_opclass WHERE opcname = 'rum_tsvector_addon_ops' AND pg_opclass_is_visible(oid)) AS rum`,
    );
    for (const table of Object.keys(SEARCHED)) {
      await q.query(`DROP TRIGGER ${table}_search ON ${table}`);
      await q.query(`DROP FUNCTION leerlus_${table}_search()`);
      // Its indexes and the lexicon's update trigger go with it, and are made again.
      await q.query(`ALTER TABLE ${table} DROP COLUMN search CASCADE`);
      await q.query(`
        ALTER TABLE ${table} ADD COLUMN search tsvector GENERATED ALWAYS AS (
          ${searchVector(table, '', (text) => `to_tsvector('dutch_unaccent', ${text})`)}
        ) STORED`);
      await q.query(
        `CREATE INDEX ${table}_search_idx ON ${table} USING gin (search) WITH (gin_pending_list_limit = 256)`,
      );
      const time = DATED_WORD_INDEXES[table];
      if (rum && time)
        await q.query(
          `CREATE INDEX ${table}_search_dated_idx ON ${table}
             USING rum (search rum_tsvector_addon_ops, ${time}) WITH (attach = '${time}', to = 'search')`,
        );
      await q.query(`
        CREATE TRIGGER ${table}_lexemes_update AFTER UPDATE ON ${table}
        FOR EACH ROW WHEN (OLD.search IS DISTINCT FROM NEW.search)
        EXECUTE FUNCTION leerlus_remember_updated_lexemes()`);
      await q.query(`ALTER TABLE ${table} ENABLE ALWAYS TRIGGER ${table}_lexemes_update`);
    }
    await q.query(SEARCH_WORDS.replace('CREATE FUNCTION', 'CREATE OR REPLACE FUNCTION'));
    await q.query(`DROP FUNCTION leerlus_indexed_words(text)`);
  }
}
