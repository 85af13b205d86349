import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The first schema: organisation, people, contacts, surveys, QA, imports, settings, audit.
 * Instants are timestamptz (stored UTC); local dates (membership moves, follow-ups) are `date`
 * read in the org time zone.
 */
export class CreateCoreSchema1763800000000 implements MigrationInterface {
  name = 'CreateCoreSchema1763800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE settings (
        id smallint PRIMARY KEY DEFAULT 1 CONSTRAINT settings_single_row CHECK (id = 1),
        timezone text NOT NULL DEFAULT 'Asia/Shanghai',
        service_level_seconds integer NOT NULL DEFAULT 30 CHECK (service_level_seconds >= 0),
        service_level_by_channel jsonb NOT NULL DEFAULT '{}',
        short_abandon_seconds integer NOT NULL DEFAULT 0 CHECK (short_abandon_seconds >= 0),
        fcr_method text NOT NULL DEFAULT 'flag' CHECK (fcr_method IN ('flag', 'repeat')),
        fcr_window_days integer NOT NULL DEFAULT 7 CHECK (fcr_window_days BETWEEN 1 AND 90),
        min_sample jsonb NOT NULL DEFAULT '{"calls": 20, "surveys": 10, "nps": 30, "qa": 4}',
        dispute_window_days integer NOT NULL DEFAULT 14 CHECK (dispute_window_days >= 0),
        targets jsonb NOT NULL DEFAULT '{"org": {}, "teams": {}}',
        review_rules jsonb NOT NULL DEFAULT '{}',
        data_version bigint NOT NULL DEFAULT 1,
        updated_at timestamptz NOT NULL DEFAULT now(),
        updated_by integer
      );
      INSERT INTO settings (id) VALUES (1);

      CREATE TABLE sites (
        id serial PRIMARY KEY,
        name text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT sites_name_unique UNIQUE (name)
      );

      CREATE TABLE teams (
        id serial PRIMARY KEY,
        name text NOT NULL,
        site_id integer REFERENCES sites (id),
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT teams_name_unique UNIQUE (name)
      );

      CREATE TABLE agents (
        id serial PRIMARY KEY,
        code text NOT NULL,
        name text NOT NULL,
        email text,
        active boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT agents_code_unique UNIQUE (code)
      );

      -- Team membership history. valid_from/valid_to are local dates in the org time zone,
      -- valid_to exclusive; a NULL valid_from reaches back to all earlier data.
      CREATE TABLE agent_team_memberships (
        id serial PRIMARY KEY,
        agent_id integer NOT NULL REFERENCES agents (id) ON DELETE CASCADE,
        team_id integer NOT NULL REFERENCES teams (id),
        valid_from date,
        valid_to date,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT agent_team_memberships_range_valid CHECK (valid_to IS NULL OR valid_from IS NULL OR valid_to > valid_from)
      );
      CREATE INDEX agent_team_memberships_agent_idx ON agent_team_memberships (agent_id, valid_from);
      CREATE UNIQUE INDEX agent_team_memberships_one_current_idx ON agent_team_memberships (agent_id) WHERE valid_to IS NULL;

      CREATE TABLE users (
        id serial PRIMARY KEY,
        email text NOT NULL,
        name text NOT NULL,
        role text NOT NULL CHECK (role IN ('admin', 'supervisor', 'agent', 'hr')),
        password_hash text NOT NULL,
        agent_id integer REFERENCES agents (id),
        active boolean NOT NULL DEFAULT true,
        locale text,
        token_version integer NOT NULL DEFAULT 0,
        last_login_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT users_agent_role CHECK (role <> 'agent' OR agent_id IS NOT NULL)
      );
      CREATE UNIQUE INDEX users_email_unique_idx ON users (lower(email));

      CREATE TABLE user_teams (
        user_id integer NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        team_id integer NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
        PRIMARY KEY (user_id, team_id)
      );

      CREATE TABLE user_sessions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id integer NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        revoked_at timestamptz,
        ip text,
        user_agent text
      );
      CREATE INDEX user_sessions_user_idx ON user_sessions (user_id);

      CREATE TABLE imports (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        kind text NOT NULL CHECK (kind IN ('calls', 'surveys', 'agents', 'evaluations')),
        status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'succeeded', 'failed')),
        file_name text,
        file_size bigint,
        options jsonb NOT NULL DEFAULT '{}',
        user_id integer REFERENCES users (id),
        progress double precision NOT NULL DEFAULT 0,
        rows_total integer NOT NULL DEFAULT 0,
        rows_inserted integer NOT NULL DEFAULT 0,
        rows_updated integer NOT NULL DEFAULT 0,
        rows_unchanged integer NOT NULL DEFAULT 0,
        rows_rejected integer NOT NULL DEFAULT 0,
        rows_skipped integer NOT NULL DEFAULT 0,
        new_agents jsonb NOT NULL DEFAULT '[]',
        errors jsonb NOT NULL DEFAULT '[]',
        failure_message text,
        created_at timestamptz NOT NULL DEFAULT now(),
        started_at timestamptz,
        finished_at timestamptz
      );
      CREATE INDEX imports_created_idx ON imports (created_at DESC);

      -- Every rejected row of an import, for errors.csv (the JSON answer caps its list).
      CREATE TABLE import_errors (
        id bigserial PRIMARY KEY,
        import_id uuid NOT NULL REFERENCES imports (id) ON DELETE CASCADE,
        row_number integer NOT NULL,
        column_name text,
        value text,
        message text NOT NULL,
        source_row jsonb
      );
      CREATE INDEX import_errors_import_idx ON import_errors (import_id, row_number);

      CREATE TABLE calls (
        id bigserial PRIMARY KEY,
        external_id text NOT NULL,
        started_at timestamptz NOT NULL,
        channel text NOT NULL DEFAULT 'phone' CHECK (channel IN ('phone', 'chat', 'email', 'wechat', 'video')),
        direction text NOT NULL DEFAULT 'inbound' CHECK (direction IN ('inbound', 'outbound')),
        queue text,
        agent_id integer REFERENCES agents (id),
        customer_id text,
        answered boolean NOT NULL,
        queue_wait_s integer CHECK (queue_wait_s >= 0),
        talk_s integer CHECK (talk_s >= 0),
        hold_s integer CHECK (hold_s >= 0),
        acw_s integer CHECK (acw_s >= 0),
        resolved boolean,
        escalated boolean NOT NULL DEFAULT false,
        transferred boolean NOT NULL DEFAULT false,
        topic text,
        complaint_level text NOT NULL DEFAULT 'none' CHECK (complaint_level IN ('none', '1', '2', '3', 'urgent')),
        -- fcr_repeat: true when another inbound call of the same customer starts within
        -- (started_at, started_at + window]; NULL when the call is not eligible.
        repeat_contact boolean,
        row_hash text,
        import_id uuid REFERENCES imports (id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT calls_external_id_unique UNIQUE (external_id)
      );
      CREATE INDEX calls_started_at_idx ON calls (started_at);
      CREATE INDEX calls_agent_started_at_idx ON calls (agent_id, started_at);
      CREATE INDEX calls_customer_started_at_idx ON calls (customer_id, started_at) WHERE customer_id IS NOT NULL;

      CREATE TABLE survey_responses (
        id bigserial PRIMARY KEY,
        call_id bigint NOT NULL REFERENCES calls (id) ON DELETE CASCADE,
        source text NOT NULL CHECK (source IN ('import', 'inline')),
        responded_at timestamptz,
        csat smallint CHECK (csat BETWEEN 1 AND 5),
        nps smallint CHECK (nps BETWEEN 0 AND 10),
        ces smallint CHECK (ces BETWEEN 1 AND 7),
        comment text,
        row_hash text,
        import_id uuid REFERENCES imports (id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT survey_responses_call_unique UNIQUE (call_id),
        CONSTRAINT survey_responses_has_score CHECK (csat IS NOT NULL OR nps IS NOT NULL OR ces IS NOT NULL)
      );

      CREATE TABLE qa_forms (
        id serial PRIMARY KEY,
        name text NOT NULL,
        description text,
        archived_at timestamptz,
        created_by integer REFERENCES users (id),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );

      CREATE TABLE qa_form_versions (
        id serial PRIMARY KEY,
        form_id integer NOT NULL REFERENCES qa_forms (id) ON DELETE CASCADE,
        version integer NOT NULL,
        created_by integer REFERENCES users (id),
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT qa_form_versions_form_version_unique UNIQUE (form_id, version)
      );

      CREATE TABLE qa_form_sections (
        id serial PRIMARY KEY,
        form_version_id integer NOT NULL REFERENCES qa_form_versions (id) ON DELETE CASCADE,
        position integer NOT NULL,
        title text NOT NULL
      );
      CREATE INDEX qa_form_sections_version_idx ON qa_form_sections (form_version_id, position);

      CREATE TABLE qa_form_items (
        id serial PRIMARY KEY,
        section_id integer NOT NULL REFERENCES qa_form_sections (id) ON DELETE CASCADE,
        form_version_id integer NOT NULL REFERENCES qa_form_versions (id) ON DELETE CASCADE,
        position integer NOT NULL,
        text text NOT NULL,
        guidance text,
        kind text NOT NULL CHECK (kind IN ('yes_no', 'scale')),
        max integer CHECK (max IS NULL OR max > 0),
        weight double precision NOT NULL CHECK (weight >= 0),
        critical boolean NOT NULL DEFAULT false,
        na_allowed boolean NOT NULL DEFAULT false,
        CONSTRAINT qa_form_items_scale_has_max CHECK (kind <> 'scale' OR max IS NOT NULL)
      );
      CREATE INDEX qa_form_items_section_idx ON qa_form_items (section_id, position);

      CREATE TABLE qa_evaluations (
        id bigserial PRIMARY KEY,
        source text NOT NULL DEFAULT 'app' CHECK (source IN ('app', 'import')),
        form_version_id integer REFERENCES qa_form_versions (id),
        agent_id integer NOT NULL REFERENCES agents (id),
        call_id bigint REFERENCES calls (id) ON DELETE SET NULL,
        call_external_id text,
        evaluator_id integer REFERENCES users (id),
        evaluator_label text,
        form_label text,
        status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'submitted', 'acknowledged', 'disputed', 'resolved')),
        score double precision CHECK (score BETWEEN 0 AND 100),
        auto_fail boolean NOT NULL DEFAULT false,
        comment text,
        submitted_at timestamptz,
        acknowledged_at timestamptz,
        disputed_at timestamptz,
        dispute_reason text,
        resolved_at timestamptz,
        resolved_by integer REFERENCES users (id),
        resolution_note text,
        row_hash text,
        import_id uuid REFERENCES imports (id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT qa_evaluations_app_has_form CHECK (source <> 'app' OR form_version_id IS NOT NULL),
        CONSTRAINT qa_evaluations_submitted_has_time CHECK (status = 'draft' OR submitted_at IS NOT NULL)
      );
      CREATE INDEX qa_evaluations_agent_submitted_idx ON qa_evaluations (agent_id, submitted_at);
      CREATE INDEX qa_evaluations_submitted_idx ON qa_evaluations (submitted_at) WHERE status <> 'draft';
      CREATE INDEX qa_evaluations_call_idx ON qa_evaluations (call_id) WHERE call_id IS NOT NULL;
      -- Imports are idempotent on (agent, evaluated_at, call); a blank call is part of the key.
      CREATE UNIQUE INDEX qa_evaluations_import_key_idx
        ON qa_evaluations (agent_id, submitted_at, coalesce(call_external_id, '')) WHERE source = 'import';

      CREATE TABLE qa_evaluation_answers (
        evaluation_id bigint NOT NULL REFERENCES qa_evaluations (id) ON DELETE CASCADE,
        item_id integer NOT NULL REFERENCES qa_form_items (id),
        value jsonb NOT NULL,
        comment text,
        earned double precision,
        possible double precision,
        PRIMARY KEY (evaluation_id, item_id)
      );

      CREATE TABLE qa_evaluation_history (
        id bigserial PRIMARY KEY,
        evaluation_id bigint NOT NULL REFERENCES qa_evaluations (id) ON DELETE CASCADE,
        at timestamptz NOT NULL DEFAULT now(),
        user_id integer REFERENCES users (id),
        action text NOT NULL,
        from_status text,
        to_status text,
        score_before double precision,
        score_after double precision,
        detail jsonb NOT NULL DEFAULT '{}'
      );
      CREATE INDEX qa_evaluation_history_evaluation_idx ON qa_evaluation_history (evaluation_id, at);

      CREATE TABLE coaching_notes (
        id bigserial PRIMARY KEY,
        agent_id integer NOT NULL REFERENCES agents (id),
        author_id integer REFERENCES users (id),
        evaluation_id bigint REFERENCES qa_evaluations (id) ON DELETE SET NULL,
        text text NOT NULL,
        follow_up_date date,
        metric text,
        context jsonb NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX coaching_notes_agent_idx ON coaching_notes (agent_id, created_at);

      CREATE TABLE audit_log (
        id bigserial PRIMARY KEY,
        at timestamptz NOT NULL DEFAULT now(),
        action text NOT NULL,
        user_id integer REFERENCES users (id) ON DELETE SET NULL,
        user_email text,
        target text,
        detail jsonb NOT NULL DEFAULT '{}',
        ip text
      );
      CREATE INDEX audit_log_at_idx ON audit_log (at DESC, id DESC);
      CREATE INDEX audit_log_action_at_idx ON audit_log (action, at DESC);
      CREATE INDEX audit_log_user_at_idx ON audit_log (user_id, at DESC);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE audit_log, coaching_notes, qa_evaluation_history, qa_evaluation_answers, qa_evaluations,
        qa_form_items, qa_form_sections, qa_form_versions, qa_forms, survey_responses, calls,
        import_errors, imports, user_sessions, user_teams, users, agent_team_memberships, agents,
        teams, sites, settings;
    `);
  }
}
