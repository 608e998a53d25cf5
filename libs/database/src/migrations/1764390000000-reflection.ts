import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The reflection loop: recurring series, their materialised sessions, agenda items, the
 * notification outbox (every message the system intends to send) and webhook subscriptions.
 */
export class Reflection1764390000000 implements MigrationInterface {
  name = 'Reflection1764390000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE reflection_series (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organisation_id uuid NOT NULL REFERENCES organisations(id),
        chain_id uuid REFERENCES chains(id),
        title varchar(300) NOT NULL,
        kind varchar(12) NOT NULL CHECK (kind IN ('team','triangle','chain','leadership')),
        chair_id uuid NOT NULL REFERENCES people(id),
        rrule varchar(500) NOT NULL,
        first_start timestamptz NOT NULL,
        time_zone varchar(64) NOT NULL DEFAULT 'Europe/Amsterdam',
        duration_minutes integer NOT NULL CHECK (duration_minutes BETWEEN 5 AND 1440),
        agenda_lead_time varchar(40) NOT NULL DEFAULT 'P3D',
        reminder_offsets text[] NOT NULL DEFAULT '{P1D}',
        protected_share numeric(4,3) NOT NULL DEFAULT 0.4 CHECK (protected_share BETWEEN 0 AND 1),
        location varchar(1000),
        meeting_url varchar(2000),
        skip_public_holidays boolean NOT NULL DEFAULT true,
        materialised_until timestamptz,
        active boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        version integer NOT NULL DEFAULT 1
      )`);
    await q.query(`CREATE INDEX reflection_series_org_idx ON reflection_series (organisation_id, active)`);
    await q.query(
      `CREATE INDEX reflection_series_chain_idx ON reflection_series (chain_id) WHERE chain_id IS NOT NULL`,
    );

    await q.query(`
      CREATE TABLE reflection_series_participants (
        series_id uuid NOT NULL REFERENCES reflection_series(id) ON DELETE CASCADE,
        person_id uuid NOT NULL REFERENCES people(id),
        PRIMARY KEY (series_id, person_id)
      )`);
    await q.query(
      `CREATE INDEX reflection_series_participants_person_idx ON reflection_series_participants (person_id)`,
    );

    // occurrence_start is the rule's own occurrence: it identifies a session even after it moved.
    await q.query(`
      CREATE TABLE reflection_sessions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        series_id uuid NOT NULL REFERENCES reflection_series(id) ON DELETE CASCADE,
        organisation_id uuid NOT NULL REFERENCES organisations(id),
        occurrence_start timestamptz NOT NULL,
        scheduled_at timestamptz NOT NULL,
        ends_at timestamptz NOT NULL,
        status varchar(12) NOT NULL DEFAULT 'planned' CHECK (status IN ('planned','agenda-sent','held','postponed','cancelled')),
        rescheduled_from_id uuid REFERENCES reflection_sessions(id),
        postponed_to timestamptz,
        status_reason text CHECK (length(status_reason) <= 5000),
        minutes text CHECK (length(minutes) <= 100000),
        decisions jsonb NOT NULL DEFAULT '[]',
        attendee_ids uuid[] NOT NULL DEFAULT '{}',
        agenda_compiled_at timestamptz,
        agenda_sent_at timestamptz,
        outcome_recorded_at timestamptz,
        ical_sequence integer NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        version integer NOT NULL DEFAULT 1,
        CONSTRAINT reflection_sessions_period CHECK (ends_at > scheduled_at)
      )`);
    await q.query(
      `CREATE UNIQUE INDEX reflection_sessions_occurrence_key ON reflection_sessions (series_id, occurrence_start) WHERE rescheduled_from_id IS NULL`,
    );
    await q.query(
      `CREATE INDEX reflection_sessions_series_idx ON reflection_sessions (series_id, scheduled_at)`,
    );
    await q.query(
      `CREATE INDEX reflection_sessions_org_idx ON reflection_sessions (organisation_id, scheduled_at)`,
    );
    await q.query(
      `CREATE INDEX reflection_sessions_status_idx ON reflection_sessions (status, scheduled_at)`,
    );

    await q.query(`
      CREATE TABLE agenda_items (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organisation_id uuid NOT NULL REFERENCES organisations(id),
        series_id uuid NOT NULL REFERENCES reflection_series(id) ON DELETE CASCADE,
        session_id uuid REFERENCES reflection_sessions(id) ON DELETE CASCADE,
        kind varchar(15) NOT NULL CHECK (kind IN ('theme','incident','lesson','best-practice','action-review','custom')),
        reference_id uuid,
        title varchar(300) NOT NULL,
        timebox_minutes integer NOT NULL CHECK (timebox_minutes BETWEEN 1 AND 1440),
        position integer,
        status varchar(15) NOT NULL DEFAULT 'proposed' CHECK (status IN ('proposed','scheduled','carried-over','discussed','dropped')),
        learning boolean NOT NULL DEFAULT false,
        origin varchar(10) NOT NULL DEFAULT 'manual' CHECK (origin IN ('manual','compiled')),
        carry_over_count integer NOT NULL DEFAULT 0,
        created_by_id uuid REFERENCES people(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        version integer NOT NULL DEFAULT 1
      )`);
    await q.query(
      `CREATE INDEX agenda_items_session_idx ON agenda_items (session_id, position) WHERE session_id IS NOT NULL`,
    );
    await q.query(
      `CREATE INDEX agenda_items_backlog_idx ON agenda_items (series_id, status) WHERE session_id IS NULL`,
    );

    await q.query(`
      CREATE TABLE webhook_subscriptions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organisation_id uuid NOT NULL REFERENCES organisations(id),
        url varchar(2000) NOT NULL,
        events text[] NOT NULL,
        secret varchar(200) NOT NULL,
        description varchar(1000),
        active boolean NOT NULL DEFAULT true,
        created_by_id uuid REFERENCES people(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        version integer NOT NULL DEFAULT 1
      )`);
    await q.query(
      `CREATE INDEX webhook_subscriptions_org_idx ON webhook_subscriptions (organisation_id) WHERE active`,
    );

    // The transactional outbox: written in the same transaction as its cause, before Redis hears of it.
    await q.query(`
      CREATE TABLE notifications (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organisation_id uuid NOT NULL REFERENCES organisations(id),
        recipient_id uuid REFERENCES people(id) ON DELETE SET NULL,
        webhook_subscription_id uuid REFERENCES webhook_subscriptions(id) ON DELETE SET NULL,
        channel varchar(10) NOT NULL CHECK (channel IN ('email','webhook')),
        target varchar(2000) NOT NULL,
        kind varchar(40) NOT NULL,
        subject_type varchar(30) NOT NULL,
        subject_id uuid NOT NULL,
        due_at timestamptz NOT NULL,
        dedupe_key varchar(300) NOT NULL,
        status varchar(10) NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','queued','sent','failed','cancelled')),
        attempts integer NOT NULL DEFAULT 0,
        max_attempts integer NOT NULL DEFAULT 5,
        last_error text,
        claimed_until timestamptz,
        sent_at timestamptz,
        payload jsonb NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        version integer NOT NULL DEFAULT 1
      )`);
    await q.query(`CREATE UNIQUE INDEX notifications_dedupe_key ON notifications (dedupe_key)`);
    await q.query(
      `CREATE INDEX notifications_due_idx ON notifications (status, due_at) WHERE status IN ('pending','queued')`,
    );
    await q.query(`CREATE INDEX notifications_org_idx ON notifications (organisation_id, created_at DESC)`);
    await q.query(`CREATE INDEX notifications_subject_idx ON notifications (subject_type, subject_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE notifications`);
    await q.query(`DROP TABLE webhook_subscriptions`);
    await q.query(`DROP TABLE agenda_items`);
    await q.query(`DROP TABLE reflection_sessions`);
    await q.query(`DROP TABLE reflection_series_participants`);
    await q.query(`DROP TABLE reflection_series`);
  }
}
