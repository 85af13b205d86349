import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 22: API keys for machines, push-ingestion idempotency records, scheduled deliveries
 * (the schedules and their delivery rows, which are also the job queue the scheduler claims
 * with FOR UPDATE SKIP LOCKED), and notifications with a per-user e-mail preference.
 */
export class CreateAutomation1796500000000 implements MigrationInterface {
  name = 'CreateAutomation1796500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE api_keys (
        id serial PRIMARY KEY,
        name text NOT NULL,
        scope text NOT NULL CHECK (scope IN ('ingest', 'read')),
        team_ids integer[],
        key_hash text NOT NULL,
        key_prefix text NOT NULL,
        created_by integer REFERENCES users (id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz,
        revoked_at timestamptz,
        last_used_at timestamptz
      );
      CREATE UNIQUE INDEX api_keys_hash_idx ON api_keys (key_hash);

      CREATE TABLE ingest_idempotency (
        key text NOT NULL,
        actor text NOT NULL,
        kind text NOT NULL,
        body_hash text NOT NULL,
        status_code integer,
        answer jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (actor, key)
      );
      CREATE INDEX ingest_idempotency_created_idx ON ingest_idempotency (created_at);

      CREATE TABLE schedules (
        id serial PRIMARY KEY,
        kind text NOT NULL CHECK (kind IN ('monthly', 'weekly', 'scorecard')),
        team_id integer REFERENCES teams (id) ON DELETE CASCADE,
        agent_id integer REFERENCES agents (id) ON DELETE CASCADE,
        recipients text[] NOT NULL,
        language text NOT NULL DEFAULT 'en',
        timezone text NOT NULL,
        day_of_month integer CHECK (day_of_month BETWEEN 1 AND 28),
        day_of_week integer CHECK (day_of_week BETWEEN 1 AND 7),
        time text NOT NULL,
        active boolean NOT NULL DEFAULT true,
        next_run_at timestamptz NOT NULL,
        created_by integer REFERENCES users (id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT schedules_weekly_team CHECK (kind <> 'weekly' OR team_id IS NOT NULL),
        CONSTRAINT schedules_scorecard_agent CHECK (kind <> 'scorecard' OR agent_id IS NOT NULL)
      );
      CREATE INDEX schedules_due_idx ON schedules (next_run_at) WHERE active;

      CREATE TABLE schedule_deliveries (
        id bigserial PRIMARY KEY,
        schedule_id integer NOT NULL REFERENCES schedules (id) ON DELETE CASCADE,
        period text NOT NULL,
        trigger text NOT NULL CHECK (trigger IN ('schedule', 'manual')),
        status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'sending', 'sent', 'failed', 'retrying')),
        attempts integer NOT NULL DEFAULT 0,
        next_attempt_at timestamptz NOT NULL DEFAULT now(),
        locked_until timestamptz,
        results jsonb NOT NULL DEFAULT '[]',
        detail text,
        requested_by integer REFERENCES users (id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        finished_at timestamptz
      );
      CREATE UNIQUE INDEX schedule_deliveries_once_idx ON schedule_deliveries (schedule_id, period) WHERE trigger = 'schedule';
      CREATE INDEX schedule_deliveries_todo_idx ON schedule_deliveries (next_attempt_at) WHERE status IN ('queued', 'retrying', 'sending');
      CREATE INDEX schedule_deliveries_schedule_idx ON schedule_deliveries (schedule_id, created_at DESC);

      CREATE TABLE notifications (
        id bigserial PRIMARY KEY,
        user_id integer NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        kind text NOT NULL,
        params jsonb NOT NULL DEFAULT '{}',
        link text,
        created_at timestamptz NOT NULL DEFAULT now(),
        read_at timestamptz,
        email_status text CHECK (email_status IN ('pending', 'sent', 'failed')),
        email_attempts integer NOT NULL DEFAULT 0,
        email_next_at timestamptz,
        email_detail text
      );
      CREATE INDEX notifications_user_idx ON notifications (user_id, created_at DESC);
      CREATE INDEX notifications_unread_idx ON notifications (user_id) WHERE read_at IS NULL;
      CREATE INDEX notifications_email_idx ON notifications (email_next_at) WHERE email_status = 'pending';

      ALTER TABLE users ADD COLUMN notify_by_email boolean NOT NULL DEFAULT false;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE users DROP COLUMN notify_by_email;
      DROP TABLE notifications, schedule_deliveries, schedules, ingest_idempotency, api_keys;
    `);
  }
}
