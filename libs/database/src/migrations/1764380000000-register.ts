import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The learning register: incidents, lessons, best practices with adoptions, actions and themes.
 * Full-text search uses a Dutch configuration that ignores accents (dutch_unaccent); search
 * vectors are generated columns so they can never go stale.
 */
export class Register1764380000000 implements MigrationInterface {
  name = 'Register1764380000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TEXT SEARCH CONFIGURATION dutch_unaccent (COPY = pg_catalog.dutch)`);
    await q.query(
      `ALTER TEXT SEARCH CONFIGURATION dutch_unaccent ALTER MAPPING FOR hword, hword_part, word WITH unaccent, dutch_stem`,
    );
    // unaccent() is only STABLE; this wrapper pins the dictionary so it can be used in indexes.
    await q.query(`
      CREATE FUNCTION leerlus_unaccent(text) RETURNS text
      LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
      AS $$ SELECT public.unaccent('public.unaccent'::regdictionary, $1) $$`);

    // The query side of Dutch search. The Dutch stemmer is not symmetric ("fietsen" -> fiets,
    // "fiets" -> fiet), so every query lexeme of five or more letters loses its last letter and
    // matches as a prefix: "fiets" and "fietsen" both find both. Stop words are dropped; a
    // query of stop words only gives NULL, which matches nothing.
    await q.query(`
      CREATE FUNCTION leerlus_search_query(text) RETURNS tsquery
      LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
      AS $$
        SELECT to_tsquery('simple', string_agg(
          quote_literal(CASE WHEN length(lexeme) >= 5 THEN left(lexeme, length(lexeme) - 1) ELSE lexeme END) || ':*',
          ' & '))
        FROM unnest(tsvector_to_array(to_tsvector('dutch_unaccent', $1))) AS lexeme
      $$`);

    await q.query(`
      CREATE TABLE incidents (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organisation_id uuid NOT NULL REFERENCES organisations(id),
        chain_id uuid NOT NULL REFERENCES chains(id),
        team_id uuid REFERENCES teams(id),
        title varchar(300) NOT NULL,
        description text NOT NULL DEFAULT '' CHECK (length(description) <= 20000),
        occurred_at timestamptz NOT NULL,
        reported_at timestamptz NOT NULL,
        reported_by_id uuid NOT NULL REFERENCES people(id),
        severity varchar(10) NOT NULL CHECK (severity IN ('low','medium','high','critical')),
        public_attention varchar(15) NOT NULL CHECK (public_attention IN ('none','local','national','parliamentary')),
        source varchar(25) NOT NULL CHECK (source IN ('complaint','staff','partner','ombudsman','inspection','parliamentary-question','media','other')),
        cause_level varchar(15) CHECK (cause_level IN ('implementation','policy','legislation','chain','politics')),
        tags text[] NOT NULL DEFAULT '{}',
        confidentiality varchar(15) NOT NULL DEFAULT 'internal' CHECK (confidentiality IN ('internal','confidential')),
        status varchar(15) NOT NULL DEFAULT 'reported' CHECK (status IN ('reported','analysing','lessons-drawn','closed')),
        recurrence boolean NOT NULL DEFAULT false,
        closed_at timestamptz,
        search tsvector GENERATED ALWAYS AS (
          setweight(to_tsvector('dutch_unaccent', title), 'A') || setweight(to_tsvector('dutch_unaccent', description), 'B')
        ) STORED,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        version integer NOT NULL DEFAULT 1
      )`);
    await q.query(
      `CREATE INDEX incidents_org_reported_idx ON incidents (organisation_id, reported_at DESC, id)`,
    );
    await q.query(`CREATE INDEX incidents_org_occurred_idx ON incidents (organisation_id, occurred_at DESC)`);
    await q.query(`CREATE INDEX incidents_chain_idx ON incidents (chain_id, reported_at DESC)`);
    await q.query(`CREATE INDEX incidents_team_idx ON incidents (team_id) WHERE team_id IS NOT NULL`);
    await q.query(
      `CREATE INDEX incidents_org_status_idx ON incidents (organisation_id, status, reported_at DESC)`,
    );
    await q.query(
      `CREATE INDEX incidents_org_severity_idx ON incidents (organisation_id, severity, reported_at DESC)`,
    );
    await q.query(`CREATE INDEX incidents_search_idx ON incidents USING gin (search)`);
    await q.query(`CREATE INDEX incidents_tags_idx ON incidents USING gin (tags)`);
    await q.query(
      `CREATE INDEX incidents_title_trgm_idx ON incidents USING gin (leerlus_unaccent(lower(title)) gin_trgm_ops)`,
    );

    await q.query(`
      CREATE TABLE best_practices (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organisation_id uuid NOT NULL REFERENCES organisations(id),
        chain_id uuid REFERENCES chains(id),
        team_id uuid REFERENCES teams(id),
        title varchar(300) NOT NULL,
        context text NOT NULL DEFAULT '' CHECK (length(context) <= 20000),
        practice text NOT NULL DEFAULT '' CHECK (length(practice) <= 20000),
        evidence text NOT NULL DEFAULT '' CHECK (length(evidence) <= 20000),
        tags text[] NOT NULL DEFAULT '{}',
        status varchar(10) NOT NULL DEFAULT 'proposed' CHECK (status IN ('proposed','endorsed','adopted','retired')),
        proposed_by_id uuid NOT NULL REFERENCES people(id),
        endorsed_at timestamptz,
        endorsed_by_id uuid REFERENCES people(id),
        adopted_at timestamptz,
        retired_at timestamptz,
        search tsvector GENERATED ALWAYS AS (
          setweight(to_tsvector('dutch_unaccent', title), 'A') ||
          setweight(to_tsvector('dutch_unaccent', context || ' ' || practice), 'B') ||
          setweight(to_tsvector('dutch_unaccent', evidence), 'C')
        ) STORED,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        version integer NOT NULL DEFAULT 1
      )`);
    await q.query(
      `CREATE INDEX best_practices_org_idx ON best_practices (organisation_id, status, created_at DESC)`,
    );
    await q.query(
      `CREATE INDEX best_practices_chain_idx ON best_practices (chain_id) WHERE chain_id IS NOT NULL`,
    );
    await q.query(`CREATE INDEX best_practices_search_idx ON best_practices USING gin (search)`);
    await q.query(`CREATE INDEX best_practices_tags_idx ON best_practices USING gin (tags)`);

    await q.query(`
      CREATE TABLE best_practice_adoptions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        best_practice_id uuid NOT NULL REFERENCES best_practices(id) ON DELETE CASCADE,
        organisation_id uuid NOT NULL REFERENCES organisations(id),
        team_id uuid NOT NULL REFERENCES teams(id),
        adopted_at timestamptz NOT NULL,
        result text NOT NULL DEFAULT '' CHECK (length(result) <= 20000),
        recorded_by_id uuid NOT NULL REFERENCES people(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        version integer NOT NULL DEFAULT 1
      )`);
    await q.query(
      `CREATE INDEX best_practice_adoptions_bp_idx ON best_practice_adoptions (best_practice_id, adopted_at DESC)`,
    );
    await q.query(
      `CREATE INDEX best_practice_adoptions_org_idx ON best_practice_adoptions (organisation_id, adopted_at)`,
    );

    // The source of a lesson is polymorphic (incident, best practice or reflection session); the
    // service checks that it exists in the same organisation.
    await q.query(`
      CREATE TABLE lessons (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organisation_id uuid NOT NULL REFERENCES organisations(id),
        chain_id uuid REFERENCES chains(id),
        source_type varchar(20) NOT NULL CHECK (source_type IN ('incident','best-practice','reflection-session')),
        source_id uuid NOT NULL,
        title varchar(300) NOT NULL,
        observation text NOT NULL DEFAULT '' CHECK (length(observation) <= 20000),
        insight text NOT NULL DEFAULT '' CHECK (length(insight) <= 20000),
        recommendation text NOT NULL DEFAULT '' CHECK (length(recommendation) <= 20000),
        addressed_role varchar(15) NOT NULL CHECK (addressed_role IN ('owner','commissioner','contractor','all')),
        status varchar(10) NOT NULL DEFAULT 'draft' CHECK (status IN ('draft','validated','embedded','retired')),
        response varchar(15) CHECK (response IN ('adopted','partially','not-adopted')),
        response_reason text CHECK (length(response_reason) <= 20000),
        evidence text CHECK (length(evidence) <= 20000),
        drawn_by_id uuid NOT NULL REFERENCES people(id),
        validated_at timestamptz,
        validated_by_id uuid REFERENCES people(id),
        embedded_at timestamptz,
        recheck_at timestamptz,
        rechecked_at timestamptz,
        retired_at timestamptz,
        search tsvector GENERATED ALWAYS AS (
          setweight(to_tsvector('dutch_unaccent', title), 'A') ||
          setweight(to_tsvector('dutch_unaccent', observation || ' ' || insight || ' ' || recommendation), 'B')
        ) STORED,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        version integer NOT NULL DEFAULT 1
      )`);
    await q.query(`CREATE INDEX lessons_source_idx ON lessons (source_type, source_id)`);
    await q.query(`CREATE INDEX lessons_org_idx ON lessons (organisation_id, status, created_at DESC)`);
    await q.query(
      `CREATE INDEX lessons_org_validated_idx ON lessons (organisation_id, validated_at) WHERE validated_at IS NOT NULL`,
    );
    await q.query(
      `CREATE INDEX lessons_recheck_idx ON lessons (organisation_id, recheck_at) WHERE status = 'embedded'`,
    );
    await q.query(`CREATE INDEX lessons_chain_idx ON lessons (chain_id) WHERE chain_id IS NOT NULL`);
    await q.query(`CREATE INDEX lessons_search_idx ON lessons USING gin (search)`);

    await q.query(`
      CREATE TABLE actions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organisation_id uuid NOT NULL REFERENCES organisations(id),
        chain_id uuid REFERENCES chains(id),
        source_type varchar(20) NOT NULL CHECK (source_type IN ('lesson','incident','reflection-session')),
        source_id uuid NOT NULL,
        description text NOT NULL CHECK (length(description) BETWEEN 1 AND 5000),
        assignee_id uuid NOT NULL REFERENCES people(id),
        addressed_role varchar(15) CHECK (addressed_role IN ('owner','commissioner','contractor','all')),
        due_date date NOT NULL,
        status varchar(10) NOT NULL DEFAULT 'open' CHECK (status IN ('open','done','cancelled')),
        completed_at timestamptz,
        cancelled_at timestamptz,
        created_by_id uuid NOT NULL REFERENCES people(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        version integer NOT NULL DEFAULT 1
      )`);
    await q.query(`CREATE INDEX actions_source_idx ON actions (source_type, source_id)`);
    await q.query(`CREATE INDEX actions_org_status_due_idx ON actions (organisation_id, status, due_date)`);
    await q.query(`CREATE INDEX actions_assignee_idx ON actions (assignee_id, status, due_date)`);
    await q.query(`CREATE INDEX actions_org_created_idx ON actions (organisation_id, created_at)`);

    await q.query(`
      CREATE TABLE themes (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organisation_id uuid NOT NULL REFERENCES organisations(id),
        title varchar(300) NOT NULL,
        description text NOT NULL DEFAULT '' CHECK (length(description) <= 20000),
        owner_id uuid NOT NULL REFERENCES people(id),
        active boolean NOT NULL DEFAULT true,
        last_discussed_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        version integer NOT NULL DEFAULT 1
      )`);
    await q.query(
      `CREATE INDEX themes_org_idx ON themes (organisation_id, active, last_discussed_at NULLS FIRST)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE themes`);
    await q.query(`DROP TABLE actions`);
    await q.query(`DROP TABLE lessons`);
    await q.query(`DROP TABLE best_practice_adoptions`);
    await q.query(`DROP TABLE best_practices`);
    await q.query(`DROP TABLE incidents`);
    await q.query(`DROP FUNCTION leerlus_search_query`);
    await q.query(`DROP FUNCTION leerlus_unaccent`);
    await q.query(`DROP TEXT SEARCH CONFIGURATION dutch_unaccent`);
  }
}
