import { MigrationInterface, QueryRunner } from 'typeorm';

/** What NormalisedName (libs/domain/src/shared/normalised-name.ts) drops, as this migration knew it. */
const INVISIBLE = /[\u00ad\u200b-\u200d\u2060\ufeff]/g;

/** A name as NormalisedName reads it: composed, nothing invisible, white space as one space, trimmed. */
function normalised(name: string): string {
  return name.normalize('NFC').replace(INVISIBLE, '').replace(/\s+/g, ' ').trim();
}

/** people.name is varchar(200): characters, which are code points in PostgreSQL. */
const MAX_LENGTH = 200;

/**
 * People's names stored as the API takes them since this release, as team, chain and organisation
 * names were: " Zacharias Zwart" was listed first, "Jan van\u00a0der Berg" was not found by
 * `name=van der Berg`, and a decomposed "Ce\u0301line" not by "Céline". Names have no unique
 * constraint, and the order index (people_org_dutch_name_idx) is on the column itself, so it
 * follows. PostgreSQL picks the rows that may change (a character other than printable ASCII, or a
 * space at either end or doubled); JavaScript maps them, as the API does. A name that would become
 * empty or too long (neither was taken by the API) stays as it is.
 */
export class PeopleNamesNormalised1765010000000 implements MigrationInterface {
  name = 'PeopleNamesNormalised1765010000000';

  async up(q: QueryRunner): Promise<void> {
    const rows: { id: string; name: string }[] = await q.query(
      `SELECT id, name FROM people WHERE name ~ $1`,
      ['[^\\x20-\\x7e]|^ | $|  '],
    );
    const changed = rows
      .map(({ id, name }) => ({ id, name, taken: normalised(name) }))
      .filter(({ name, taken }) => taken !== name && taken !== '' && Array.from(taken).length <= MAX_LENGTH);
    if (changed.length === 0) return;
    await q.query(
      `UPDATE people p SET name = u.name FROM unnest($1::uuid[], $2::text[]) AS u (id, name) WHERE p.id = u.id`,
      [changed.map((row) => row.id), changed.map((row) => row.taken)],
    );
  }

  async down(): Promise<void> {
    // The spaces and forms written over are gone; the older code takes the names as they are now.
  }
}
