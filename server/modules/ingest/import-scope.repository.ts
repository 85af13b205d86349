import type { EntityManager } from 'typeorm';
import { membershipHolds } from '../../common/membership.sql';
import type { ImportWriteScope } from '../auth/scope.service';
import type { ImportKind } from './domain/import-fields';
import { returnedRows, type SqlRowError } from './import.repository';

/**
 * Whose record a staged row is, named by staging columns. The row's agent is the agent with the
 * code in `agentCode` when that cell is filled, else the agent of the stored call in
 * `callExternalId`; the record's time is `at`, else that call's `started_at`. A row is in scope
 * when that agent was in one of the caller's teams on the local date of that time (the
 * team-at-the-time rule of the KPIs, membership.sql.ts).
 */
export interface ScopeSubject {
  /** Staging column with the agent's code. */
  agentCode?: string;
  /** Staging column with a call's external id: the row belongs to that stored call's agent. */
  callExternalId?: string;
  /** Staging column with the record's time (timestamptz); absent: the stored call's started_at. */
  at?: string;
  /** A call id that is not stored yet: 'pass' when the row itself creates the call (a calls import), else 'error'. */
  newCall?: 'pass' | 'error';
}

/**
 * Which rows of each import kind a supervisor may write. Every subject must hold for a row. New
 * kinds add their entry here (transcripts: `[{ callExternalId: 'call_external_id' }]`;
 * complaints: `[{ agentCode: 'agent_code', callExternalId: 'call_external_id', at: 'opened_at' }]`).
 * `agents` has its own rule (takeAgentRowsOutsideScope).
 */
export const IMPORT_SCOPE_SUBJECTS: Record<Exclude<ImportKind, 'agents'>, ScopeSubject[]> = {
  // The new state (the row's agent at its started_at) and the stored one (a call being changed).
  calls: [{ agentCode: 'agent_code', at: 'started_at' }, { callExternalId: 'external_id', newCall: 'pass' }],
  surveys: [{ callExternalId: 'call_external_id' }],
  evaluations: [{ agentCode: 'agent_code', at: 'evaluated_at' }],
  // A turn belongs to its call: the call's agent at the call's time.
  transcripts: [{ callExternalId: 'call_external_id' }],
  // The case's agent (the row's, else its call's) at opened_at: the team the case is charged to.
  complaints: [{ agentCode: 'agent_code', callExternalId: 'call_external_id', at: 'opened_at' }],
};

/** Removes from staging the rows this import may not write and returns them as row errors (none for an admin). */
export async function takeRowsOutsideImportScope(m: EntityManager, kind: ImportKind, scope: ImportWriteScope, timezone: string): Promise<SqlRowError[]> {
  if (scope.kind === 'all') return [];
  if (kind === 'agents') return takeAgentRowsOutsideScope(m, scope.teamIds);
  const errors: SqlRowError[] = [];
  for (const subject of IMPORT_SCOPE_SUBJECTS[kind]) errors.push(...(await takeRowsOutsideScope(m, { teamIds: scope.teamIds, subject, timezone })));
  return errors.sort((a, b) => a.row - b.row);
}

const IDENT = /^[a-z_][a-z0-9_]*$/;
const col = (name: string): string => {
  if (!IDENT.test(name)) throw new Error(`Not a staging column name: ${name}`);
  return name;
};

/**
 * The one scope check of imports, set-based: deletes from the staging table every row whose
 * agent (see ScopeSubject) was not in one of `teamIds` at the record's time, and returns each as
 * a row error naming the agent and the reason. Unknown agent codes, unknown calls (unless
 * `newCall: 'pass'`) and rows without an agent are errors too: they belong to no team of the caller.
 */
export async function takeRowsOutsideScope(
  m: EntityManager,
  o: { teamIds: number[]; subject: ScopeSubject; timezone: string; table?: string },
): Promise<SqlRowError[]> {
  const { subject } = o;
  const table = col(o.table ?? 'stg');
  if (!subject.agentCode && !subject.callExternalId) throw new Error('A scope subject names an agent code or a call column');
  const code = subject.agentCode ? `s.${col(subject.agentCode)}` : 'NULL::text';
  const callId = subject.callExternalId ? `s.${col(subject.callExternalId)}` : 'NULL::text';
  const at = subject.at ? `s.${col(subject.at)}` : 'NULL::timestamptz';
  const newCallPasses = subject.newCall === 'pass';
  const rows = returnedRows<{
    row_no: number; code: string | null; call_id: string | null; agent_code: string | null; call_stored: boolean; agent_known: boolean;
    day: string | null; team: string | null;
  }>(await m.query(
    `WITH r AS (
       SELECT s.row_no, ${code} AS code, ${callId} AS call_id, (c.id IS NOT NULL) AS call_stored, (a.id IS NOT NULL) AS agent_known,
              CASE WHEN ${code} IS NOT NULL THEN a.id ELSE c.agent_id END AS agent_id,
              (coalesce(${at}, c.started_at, now()) AT TIME ZONE $2)::date AS day
         FROM ${table} s
         LEFT JOIN agents a ON a.code = ${code}
         LEFT JOIN calls c ON c.external_id = ${callId}),
     bad AS (
       SELECT r.row_no, r.code, r.call_id, r.call_stored, r.agent_known, ag.code AS agent_code,
              to_char(r.day, 'YYYY-MM-DD') AS day, t.name AS team
         FROM r
         LEFT JOIN agents ag ON ag.id = r.agent_id
         LEFT JOIN agent_team_memberships mt ON mt.agent_id = r.agent_id AND ${membershipHolds('mt', 'r.day')}
         LEFT JOIN teams t ON t.id = mt.team_id
        WHERE NOT (${newCallPasses ? `(r.code IS NULL AND r.call_id IS NOT NULL AND NOT r.call_stored) OR` : ''}
                   coalesce(mt.team_id = ANY($1::int[]), false)))
     DELETE FROM ${table} x USING bad WHERE x.row_no = bad.row_no
     RETURNING bad.*`,
    [o.teamIds, o.timezone],
  ));
  const codeColumn = subject.agentCode ?? '';
  const callColumn = subject.callExternalId ?? '';
  return rows
    .map((r): SqlRowError => {
      if (r.code !== null && !r.agent_known) {
        return { row: r.row_no, column: codeColumn, value: r.code, message: `No agent has the code "${r.code}"; ask an admin to add agent ${r.code} (supervisors import rows only for agents of their teams).` };
      }
      if (r.code === null && r.call_id === null) {
        return { row: r.row_no, column: codeColumn || callColumn, value: '', message: 'The row names no agent, so it belongs to none of your teams; only an admin can import it.' };
      }
      if (r.code === null && !r.call_stored) {
        return { row: r.row_no, column: callColumn, value: r.call_id ?? '', message: `No call with id "${r.call_id}" is stored, so it belongs to none of your teams; import the call log first.` };
      }
      const where = r.team ? `was in team ${r.team} on ${r.day}` : `was in no team on ${r.day}`;
      if (r.code === null) {
        const whose = r.agent_code ? `belongs to agent ${r.agent_code}, who ${where}` : 'has no agent';
        return { row: r.row_no, column: callColumn, value: r.call_id ?? '', message: `Call ${r.call_id} ${whose}: not a team you supervise; only an admin can change it.` };
      }
      return { row: r.row_no, column: codeColumn, value: r.code, message: `Agent ${r.code} ${where}: not a team you supervise; only an admin can import this row.` };
    })
    .sort((a, b) => a.row - b.row);
}

/**
 * The `agents` import for a supervisor: only agents already in one of their teams, never a new
 * agent, a move only into one of their teams, and no site other than the team's own (a supervisor
 * creates no sites or teams).
 */
export async function takeAgentRowsOutsideScope(m: EntityManager, teamIds: number[]): Promise<SqlRowError[]> {
  const rows = returnedRows<{ row_no: number; agent_code: string; team: string | null; site: string | null; known: boolean; current_team: string | null; current_ok: boolean; target_ok: boolean; target_site: string | null }>(
    await m.query(
      `WITH r AS (
         SELECT s.row_no, s.agent_code, s.team, s.site, (a.id IS NOT NULL) AS known, ct.name AS current_team,
                coalesce(ct.id = ANY($1::int[]), false) AS current_ok,
                (s.team IS NULL OR coalesce(nt.id = ANY($1::int[]), false)) AS target_ok,
                ts.name AS target_site
           FROM stg s
           LEFT JOIN agents a ON a.code = s.agent_code
           LEFT JOIN agent_team_memberships cm ON cm.agent_id = a.id AND cm.valid_to IS NULL
           LEFT JOIN teams ct ON ct.id = cm.team_id
           LEFT JOIN teams nt ON nt.name = s.team
           LEFT JOIN teams et ON et.id = coalesce(nt.id, ct.id)
           LEFT JOIN sites ts ON ts.id = et.site_id),
       bad AS (SELECT * FROM r WHERE NOT (known AND current_ok AND target_ok AND (site IS NULL OR site IS NOT DISTINCT FROM target_site)))
       DELETE FROM stg x USING bad WHERE x.row_no = bad.row_no
       RETURNING bad.*`,
      [teamIds],
    ),
  );
  return rows
    .map((r): SqlRowError => {
      if (!r.known) return { row: r.row_no, column: 'agent_code', value: r.agent_code, message: `No agent has the code "${r.agent_code}"; ask an admin to add agent ${r.agent_code} (supervisors can only change agents of their teams).` };
      if (!r.current_ok) return { row: r.row_no, column: 'agent_code', value: r.agent_code, message: `Agent ${r.agent_code} is in team ${r.current_team ?? '(none)'}, which you do not supervise; only an admin can change this agent.` };
      if (!r.target_ok) return { row: r.row_no, column: 'team', value: r.team ?? '', message: `Agent ${r.agent_code} cannot be moved to team ${r.team}: you do not supervise it; only an admin can move agents between other teams.` };
      return { row: r.row_no, column: 'site', value: r.site ?? '', message: `Agent ${r.agent_code}: site ${r.site} is not the site of their team${r.target_site ? ` (${r.target_site})` : ''}; only an admin can change sites.` };
    })
    .sort((a, b) => a.row - b.row);
}
