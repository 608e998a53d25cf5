import { MigrationInterface, QueryRunner } from 'typeorm';

// The search-query function as the incident-search-indexes migration left it, for down().
const PREFIX_QUERY = `
  CREATE OR REPLACE FUNCTION leerlus_search_query(text) RETURNS tsquery
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  AS $$
    SELECT to_tsquery('simple', string_agg(
      CASE
        WHEN lexeme ~ '^-?[0-9]+([.,][0-9]+)*$' OR length(lexeme) < 2 THEN quote_literal(lexeme)
        WHEN length(lexeme) >= 5 THEN quote_literal(left(lexeme, length(lexeme) - 1)) || ':*'
        ELSE quote_literal(lexeme) || ':*'
      END,
      ' & '))
    FROM unnest(tsvector_to_array(to_tsvector('dutch_unaccent', $1))) AS lexeme
  $$`;

const LEXEME_TABLES = ['incidents', 'lessons', 'best_practices'];
// The lexicon's advisory lock (two-key form, first key as the report rollups' scheme).
const LEXICON_LOCK = 1764470000;

/** The search-query function as this migration leaves it (migration 1764780000000 builds on it). */
export const LEXICON_SEARCH_QUERY = `
      CREATE OR REPLACE FUNCTION leerlus_search_query(text) RETURNS tsquery
      LANGUAGE sql STABLE PARALLEL SAFE STRICT
      AS $$
        SELECT string_agg(
          CASE
            WHEN exact THEN quote_literal(lexeme)
            ELSE coalesce(
              (SELECT '(' || string_agg(quote_literal(replace(word, chr(92), '')), ' | ') || ')'
               FROM (SELECT l.lexeme AS word FROM search_lexemes l
                     WHERE l.lexeme >= prefix AND l.lexeme < prefix || chr(1114111)
                     UNION
                     SELECT a.lexeme FROM search_lexeme_additions a
                     WHERE a.lexeme >= prefix AND a.lexeme < prefix || chr(1114111)
                     ORDER BY word LIMIT 65) AS spelled
               HAVING count(*) BETWEEN 1 AND 64),
              quote_literal(prefix) || ':*')
          END,
          ' & ' ORDER BY position)::tsquery
        FROM (
          SELECT replace(lexeme, chr(92), '') AS lexeme, position,
                 lexeme ~ '^-?[0-9]+([.,][0-9]+)*$' OR length(lexeme) < 2 AS exact,
                 CASE WHEN length(lexeme) >= 5 THEN left(lexeme, length(lexeme) - 1) ELSE lexeme END AS prefix
          FROM unnest(tsvector_to_array(to_tsvector('dutch_unaccent', $1))) WITH ORDINALITY AS words (lexeme, position)
        ) AS words
      $$`;

/**
 * Search words match as a prefix of their shortened stem ("fiets" → `fiet:*`, so it finds
 * "fietsen", stemmed `fiets`). A prefix costs the GIN index dearly: it must collect every row
 * holding any word with that prefix into a bitmap before it can combine it with the other words,
 * where exact words let it skip through the longer list. At a million incidents
 * `omgevingsvergun:* & termij:*` took 55 ms in the index, the same words spelled out 11 ms.
 *
 * So the register keeps a lexicon of every word its search columns hold (`search_lexemes` and the
 * not yet settled `search_lexeme_additions`, kept by triggers in the writing transaction), and the query function spells a prefix out as the
 * words that exist (`termij:*` → `termijn | termijnoverschrijd`). The matches are exactly the
 * same; a prefix with more than 64 words, or none, stays a prefix. Words are never removed from
 * the lexicon: a word no row holds any more only adds an alternative that matches nothing.
 */
export class SearchLexicon1764470000000 implements MigrationInterface {
  name = 'SearchLexicon1764470000000';

  async up(q: QueryRunner): Promise<void> {
    // Byte order ("C") so a prefix is one range of the index.
    await q.query(`CREATE TABLE search_lexemes (lexeme text COLLATE "C" PRIMARY KEY)`);
    // Words not settled yet. No unique key, so writers never wait for each other: two open
    // transactions bringing in the same new word would otherwise queue on the primary key (an
    // incident create keeps its transaction open through the similarity search).
    await q.query(`CREATE TABLE search_lexeme_additions (lexeme text COLLATE "C" NOT NULL)`);
    await q.query(`CREATE INDEX search_lexeme_additions_idx ON search_lexeme_additions (lexeme)`);
    // Like the report rollups: the writer that gets the lexicon's lock without waiting settles what
    // others added before it and adds its own words directly; any other writer appends. Only under
    // READ COMMITTED, where every statement sees the latest settled words.
    await q.query(`
      CREATE FUNCTION leerlus_add_lexemes(words text[]) RETURNS void LANGUAGE plpgsql AS $$
      BEGIN
        IF current_setting('transaction_isolation') = 'read committed'
           AND pg_try_advisory_xact_lock(${LEXICON_LOCK}, 0) THEN
          INSERT INTO search_lexemes (lexeme)
          SELECT DISTINCT lexeme FROM search_lexeme_additions ORDER BY lexeme
          ON CONFLICT DO NOTHING;
          DELETE FROM search_lexeme_additions;
          INSERT INTO search_lexemes (lexeme)
          SELECT DISTINCT word FROM unnest(words) AS word ORDER BY word
          ON CONFLICT DO NOTHING;
        ELSE
          INSERT INTO search_lexeme_additions (lexeme)
          SELECT DISTINCT word FROM unnest(words) AS word
          WHERE NOT EXISTS (SELECT 1 FROM search_lexemes l WHERE l.lexeme = word);
        END IF;
      END $$`);
    // Inserts per statement (a bulk load adds its words in one go); an update only when the text
    // changed. ENABLE ALWAYS, like the report rollups: a bulk loader that runs as a replica to
    // skip foreign-key checks must not leave words out.
    await q.query(`
      CREATE FUNCTION leerlus_remember_inserted_lexemes() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM leerlus_add_lexemes(ARRAY(
          SELECT DISTINCT lexeme FROM new_rows, unnest(tsvector_to_array(new_rows.search)) AS lexeme));
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE FUNCTION leerlus_remember_updated_lexemes() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM leerlus_add_lexemes(tsvector_to_array(NEW.search));
        RETURN NULL;
      END $$`);
    for (const table of LEXEME_TABLES) {
      await q.query(`
        CREATE TRIGGER ${table}_lexemes_insert AFTER INSERT ON ${table}
        REFERENCING NEW TABLE AS new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION leerlus_remember_inserted_lexemes()`);
      await q.query(`
        CREATE TRIGGER ${table}_lexemes_update AFTER UPDATE ON ${table}
        FOR EACH ROW WHEN (OLD.search IS DISTINCT FROM NEW.search)
        EXECUTE FUNCTION leerlus_remember_updated_lexemes()`);
      await q.query(`ALTER TABLE ${table} ENABLE ALWAYS TRIGGER ${table}_lexemes_insert`);
      await q.query(`ALTER TABLE ${table} ENABLE ALWAYS TRIGGER ${table}_lexemes_update`);
    }
    // Also for data loaded with triggers off (restores, the benchmark generator).
    await q.query(`
      CREATE FUNCTION leerlus_rebuild_search_lexemes() RETURNS void LANGUAGE sql AS $$
        INSERT INTO search_lexemes (lexeme)
        SELECT lexeme FROM (
          SELECT unnest(tsvector_to_array(search)) FROM incidents
          UNION SELECT unnest(tsvector_to_array(search)) FROM lessons
          UNION SELECT unnest(tsvector_to_array(search)) FROM best_practices
        ) AS words (lexeme)
        ORDER BY lexeme
        ON CONFLICT DO NOTHING
      $$`);
    await q.query(`SET LOCAL statement_timeout = 0`);
    await q.query(`SELECT leerlus_rebuild_search_lexemes()`);
    // Cast from text, not to_tsquery: that would parse each word again and turn "digid-inlog" into a
    // phrase. (A backslash would make quote_literal write E'…', which a tsquery does not read.)
    await q.query(LEXICON_SEARCH_QUERY);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(PREFIX_QUERY);
    for (const table of LEXEME_TABLES) {
      await q.query(`DROP TRIGGER ${table}_lexemes_update ON ${table}`);
      await q.query(`DROP TRIGGER ${table}_lexemes_insert ON ${table}`);
    }
    await q.query(`DROP FUNCTION leerlus_rebuild_search_lexemes()`);
    await q.query(`DROP FUNCTION leerlus_remember_updated_lexemes()`);
    await q.query(`DROP FUNCTION leerlus_remember_inserted_lexemes()`);
    await q.query(`DROP FUNCTION leerlus_add_lexemes(text[])`);
    await q.query(`DROP TABLE search_lexeme_additions`);
    await q.query(`DROP TABLE search_lexemes`);
  }
}
