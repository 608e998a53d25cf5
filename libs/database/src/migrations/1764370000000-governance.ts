import { MigrationInterface, QueryRunner } from 'typeorm';

/** Organisations, teams, people, API tokens, chains with their role assignments, and the audit log. */
export class Governance1764370000000 implements MigrationInterface {
  name = 'Governance1764370000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    await q.query(`CREATE EXTENSION IF NOT EXISTS unaccent`);

    await q.query(`
      CREATE TABLE organisations (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name varchar(200) NOT NULL,
        kind varchar(40) NOT NULL CHECK (kind IN ('ministerie','provincie','uitvoeringsorganisatie','gemeente','overig')),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        version integer NOT NULL DEFAULT 1
      )`);
    await q.query(`CREATE UNIQUE INDEX organisations_name_key ON organisations (lower(name))`);

    await q.query(`
      CREATE TABLE teams (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organisation_id uuid NOT NULL REFERENCES organisations(id),
        name varchar(200) NOT NULL,
        description varchar(2000),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        version integer NOT NULL DEFAULT 1
      )`);
    await q.query(`CREATE UNIQUE INDEX teams_organisation_name_key ON teams (organisation_id, lower(name))`);

    await q.query(`
      CREATE TABLE people (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organisation_id uuid REFERENCES organisations(id),
        name varchar(200) NOT NULL,
        email varchar(320) NOT NULL,
        access_role varchar(20) NOT NULL CHECK (access_role IN ('member','lead','admin')),
        locale varchar(5) NOT NULL DEFAULT 'nl' CHECK (locale IN ('nl','en')),
        system_admin boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        version integer NOT NULL DEFAULT 1,
        CONSTRAINT people_organisation_required CHECK (system_admin OR organisation_id IS NOT NULL)
      )`);
    await q.query(`CREATE UNIQUE INDEX people_email_key ON people (lower(email))`);
    await q.query(`CREATE INDEX people_organisation_idx ON people (organisation_id, access_role)`);

    await q.query(`
      CREATE TABLE person_teams (
        person_id uuid NOT NULL REFERENCES people(id) ON DELETE CASCADE,
        team_id uuid NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
        PRIMARY KEY (person_id, team_id)
      )`);
    await q.query(`CREATE INDEX person_teams_team_idx ON person_teams (team_id)`);

    await q.query(`
      CREATE TABLE api_tokens (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        person_id uuid NOT NULL REFERENCES people(id) ON DELETE CASCADE,
        name varchar(100) NOT NULL,
        token_hash char(64) NOT NULL,
        expires_at timestamptz,
        last_used_at timestamptz,
        revoked_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        version integer NOT NULL DEFAULT 1
      )`);
    await q.query(`CREATE UNIQUE INDEX api_tokens_hash_key ON api_tokens (token_hash)`);
    await q.query(`CREATE INDEX api_tokens_person_idx ON api_tokens (person_id)`);

    await q.query(`
      CREATE TABLE chains (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organisation_id uuid NOT NULL REFERENCES organisations(id),
        name varchar(200) NOT NULL,
        description varchar(4000),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        version integer NOT NULL DEFAULT 1
      )`);
    await q.query(
      `CREATE UNIQUE INDEX chains_organisation_name_key ON chains (organisation_id, lower(name))`,
    );

    await q.query(`
      CREATE TABLE role_assignments (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        chain_id uuid NOT NULL REFERENCES chains(id) ON DELETE CASCADE,
        person_id uuid NOT NULL REFERENCES people(id),
        role varchar(20) NOT NULL CHECK (role IN ('owner','commissioner','contractor')),
        valid_from date NOT NULL,
        valid_to date,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        version integer NOT NULL DEFAULT 1,
        CONSTRAINT role_assignments_period CHECK (valid_to IS NULL OR valid_to >= valid_from)
      )`);
    await q.query(`CREATE INDEX role_assignments_chain_idx ON role_assignments (chain_id, role, valid_from)`);
    await q.query(`CREATE INDEX role_assignments_person_idx ON role_assignments (person_id)`);

    await q.query(`
      CREATE TABLE audit_events (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organisation_id uuid,
        actor_id uuid,
        entity_type varchar(60) NOT NULL,
        entity_id uuid NOT NULL,
        action varchar(20) NOT NULL CHECK (action IN ('create','update','delete')),
        changes jsonb NOT NULL DEFAULT '{}',
        request_id varchar(100),
        occurred_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `CREATE INDEX audit_events_org_time_idx ON audit_events (organisation_id, occurred_at DESC)`,
    );
    await q.query(
      `CREATE INDEX audit_events_entity_idx ON audit_events (entity_type, entity_id, occurred_at DESC)`,
    );
    await q.query(`CREATE INDEX audit_events_actor_idx ON audit_events (actor_id, occurred_at DESC)`);
    // The audit log is append-only: the database itself refuses edits and deletes.
    await q.query(`
      CREATE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'audit_events is append-only'; END $$`);
    await q.query(`
      CREATE TRIGGER audit_events_no_change BEFORE UPDATE OR DELETE ON audit_events
      FOR EACH ROW EXECUTE FUNCTION audit_events_append_only()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE audit_events`);
    await q.query(`DROP FUNCTION audit_events_append_only`);
    await q.query(`DROP TABLE role_assignments`);
    await q.query(`DROP TABLE chains`);
    await q.query(`DROP TABLE api_tokens`);
    await q.query(`DROP TABLE person_teams`);
    await q.query(`DROP TABLE people`);
    await q.query(`DROP TABLE teams`);
    await q.query(`DROP TABLE organisations`);
  }
}
