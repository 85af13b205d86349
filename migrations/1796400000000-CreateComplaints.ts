import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Complaint cases (kpi-spec section 7), their deadlines setting and their rollup.
 *
 * `agent_id` is resolved at import (the row's agent, else the call's agent) and stored; the team
 * is not stored: like a call's, it is the agent's membership on the local date of `opened_at`,
 * joined where needed, so a backdated team move re-attributes complaints as it does calls.
 *
 * kpi_complaint_daily holds only what does not change with the clock: cases opened, and per
 * clock the cases answered/resolved within and past their deadline and those still open. Which
 * open cases are already past their deadline is decided at query time (see docs/kpi.md).
 */
export class CreateComplaints1796400000000 implements MigrationInterface {
  name = 'CreateComplaints1796400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE complaints (
        id bigserial PRIMARY KEY,
        external_id text NOT NULL,
        opened_at timestamptz NOT NULL,
        level text NOT NULL CHECK (level IN ('1', '2', '3', 'urgent')),
        call_id bigint REFERENCES calls (id) ON DELETE SET NULL,
        agent_id integer REFERENCES agents (id),
        first_response_at timestamptz,
        resolved_at timestamptz,
        category text,
        row_hash text,
        import_id uuid REFERENCES imports (id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT complaints_external_id_unique UNIQUE (external_id),
        CONSTRAINT complaints_response_after_opening CHECK (first_response_at IS NULL OR first_response_at >= opened_at),
        CONSTRAINT complaints_resolution_after_opening CHECK (resolved_at IS NULL OR resolved_at >= opened_at)
      );
      CREATE INDEX complaints_opened_at_idx ON complaints (opened_at);
      CREATE INDEX complaints_agent_opened_at_idx ON complaints (agent_id, opened_at);
      CREATE INDEX complaints_call_idx ON complaints (call_id) WHERE call_id IS NOT NULL;
      -- The cases whose clock may still run out: read at query time for the SLA figures and the overdue queue.
      CREATE INDEX complaints_open_idx ON complaints (opened_at) WHERE resolved_at IS NULL;

      CREATE TABLE kpi_complaint_daily (
        local_date date NOT NULL,
        agent_id integer,
        team_id integer,
        complaints_opened integer NOT NULL DEFAULT 0,
        response_met integer NOT NULL DEFAULT 0,
        response_late integer NOT NULL DEFAULT 0,
        response_open integer NOT NULL DEFAULT 0,
        resolution_met integer NOT NULL DEFAULT 0,
        resolution_late integer NOT NULL DEFAULT 0,
        resolution_open integer NOT NULL DEFAULT 0,
        CONSTRAINT kpi_complaint_daily_key UNIQUE NULLS NOT DISTINCT (local_date, agent_id, team_id)
      );
      CREATE INDEX kpi_complaint_daily_agent_date_idx ON kpi_complaint_daily (agent_id, local_date);

      ALTER TABLE settings ADD COLUMN complaint_deadlines jsonb NOT NULL DEFAULT
        '{"response": {"1": 60, "2": 1800, "3": 900, "urgent": 300}, "resolution": {"1": 86400, "2": 172800, "3": 259200, "urgent": 86400}}';

      ALTER TABLE imports DROP CONSTRAINT imports_kind_check;
      ALTER TABLE imports ADD CONSTRAINT imports_kind_check CHECK (kind IN ('calls', 'surveys', 'agents', 'evaluations', 'transcripts', 'complaints'));
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DELETE FROM imports WHERE kind = 'complaints';
      ALTER TABLE imports DROP CONSTRAINT imports_kind_check;
      ALTER TABLE imports ADD CONSTRAINT imports_kind_check CHECK (kind IN ('calls', 'surveys', 'agents', 'evaluations', 'transcripts'));
      ALTER TABLE settings DROP COLUMN complaint_deadlines;
      DROP TABLE kpi_complaint_daily;
      DROP TABLE complaints;
    `);
  }
}
