/**
 * ScopeService decisions, role × own/other scope, worked out from docs/api.md ("Roles and scope") and
 * issue 5: agent = self; supervisor = the teams they supervise, incl. agents who were in those
 * teams at the time; hr = read/export everything, change nothing; admin = all.
 *
 * The world (no database: the membership look-ups are answered from the table below):
 *   team 1 is supervised by `supervisor`; team 2 is someone else's; site 10 = teams 1 and 3, site 20 = team 2.
 *   agent 101 (the `agent` user's own record): team 1 throughout.
 *   agent 102 (a mover): team 1 until 2026-10-15 (exclusive), team 2 from then on.
 *   agent 201: team 2 throughout.       agent 999: does not exist.
 *   calibration 7 invites the supervisor (user 3).
 */
import type { DataSource } from 'typeorm';
import type { Caller, Role } from '../../../server/common/auth/caller';
import { DomainError } from '../../../server/common/domain-error';
import { EvaluationAccessFacts, ScopeService, scopeSql } from '../../../server/modules/auth/scope.service';

interface Membership {
  agentId: number;
  teamId: number;
  from: string | null;
  to: string | null;
}
const memberships: Membership[] = [
  { agentId: 101, teamId: 1, from: null, to: null },
  { agentId: 102, teamId: 1, from: null, to: '2026-10-15' },
  { agentId: 102, teamId: 2, from: '2026-10-15', to: null },
  { agentId: 201, teamId: 2, from: null, to: null },
];
const agents = [101, 102, 201];
const siteTeams: Record<number, number[]> = { 10: [1, 3], 20: [2] };
const calibrationEvaluators: Record<number, number[]> = { 7: [3] };

/** Answers the ScopeService look-ups (by their SQL) from the tables above. */
async function query(sql: string, p: unknown[]): Promise<unknown[]> {
  const of = (agentId: unknown) => memberships.filter((m) => m.agentId === agentId);
  switch (sql) {
    case scopeSql.currentlyInTeam:
      return of(p[0]).filter((m) => m.teamId === p[1] && m.to === null).map(() => ({ '?column?': 1 }));
    case scopeSql.everInTeams:
      return of(p[0]).some((m) => (p[1] as number[]).includes(m.teamId)) ? [{ '?column?': 1 }] : [];
    case scopeSql.currentTeam:
      return agents.includes(p[0] as number) ? [{ id: p[0], team_id: of(p[0]).find((m) => m.to === null)?.teamId ?? null }] : [];
    case scopeSql.spansInRange: {
      const [, from, to] = p as [number, string, string];
      return of(p[0])
        .filter((m) => (m.from === null || m.from <= to) && (m.to === null || m.to > from))
        .map((m) => ({ team_id: m.teamId, valid_from: m.from, valid_to: m.to }));
    }
    case scopeSql.agentsOutsideTeams:
      return (p[0] as number[]).filter((id) => !of(id).some((m) => (p[1] as number[]).includes(m.teamId))).map((id) => ({ id }));
    case scopeSql.callAgent:
      return ({ 'C-101': [{ agent_id: 101 }], 'C-201': [{ agent_id: 201 }], 'C-NONE': [{ agent_id: null }] } as Record<string, unknown[]>)[p[0] as string] ?? [];
    case scopeSql.siteTeams:
      return (siteTeams[p[0] as number] ?? []).map((id) => ({ id }));
    case scopeSql.calibrationEvaluator:
      return (calibrationEvaluators[p[0] as number] ?? []).includes(p[1] as number) ? [{ '?column?': 1 }] : [];
    default:
      throw new Error(`unexpected query: ${sql}`);
  }
}

const scope = new ScopeService({ manager: { query } } as unknown as DataSource);

const base = { email: 'x@example.com', name: 'X', sessionId: 's', locale: null };
const callers: Record<Role, Caller> = {
  admin: { ...base, userId: 1, role: 'admin', agentId: null, teamIds: [] },
  hr: { ...base, userId: 2, role: 'hr', agentId: null, teamIds: [] },
  supervisor: { ...base, userId: 3, role: 'supervisor', agentId: null, teamIds: [1] },
  agent: { ...base, userId: 4, role: 'agent', agentId: 101, teamIds: [] },
};
const roles = ['admin', 'hr', 'supervisor', 'agent'] as const;

type Outcome = 'ok' | 403 | 404;
async function outcome(decide: () => unknown): Promise<Outcome> {
  try {
    await decide();
    return 'ok';
  } catch (e) {
    if (e instanceof DomainError && (e.status === 403 || e.status === 404)) return e.status;
    throw e;
  }
}

/** One row per decision: the expected outcome for admin, hr, supervisor, agent. */
type Row = [string, (c: Caller) => unknown, [Outcome, Outcome, Outcome, Outcome]];
const cases = (rows: Row[]) => rows.flatMap(([label, decide, expected]) => roles.map((role, i) => [label, role, decide, expected[i]] as const));

describe('ScopeService: what each role may do (role only)', () => {
  it.each(
    cases([
      ['change anything', (c) => scope.assertCanWrite(c), ['ok', 403, 'ok', 'ok']],
      ['score calls', (c) => scope.assertCanScoreCalls(c), ['ok', 403, 'ok', 403]],
      ['change QA forms', (c) => scope.assertCanEditQaForms(c), ['ok', 403, 'ok', 403]],
      ['draw a QA call sample', (c) => scope.assertCanSampleCalls(c), ['ok', 403, 'ok', 403]],
      ['read sampled calls', (c) => scope.assertCanSeeCallSamples(c), ['ok', 'ok', 'ok', 403]],
      ['run calibration sessions', (c) => scope.assertCanRunCalibrations(c), ['ok', 403, 'ok', 403]],
      ['open the weekly review', (c) => scope.assertCanReview(c), ['ok', 'ok', 'ok', 403]],
      ['export the monthly workbook', (c) => scope.assertCanExportTeamWorkbooks(c, 'monthly'), ['ok', 'ok', 'ok', 403]],
      ['export the weekly workbook', (c) => scope.assertCanExportTeamWorkbooks(c, 'weekly'), ['ok', 'ok', 'ok', 403]],
    ]),
  )('%s: %s → %s', async (_label, role, decide, expected) => {
    expect(await outcome(() => decide(callers[role]))).toBe(expected);
  });

  it.each([
    ['admin', true, true],
    ['hr', false, false],
    ['supervisor', false, true],
    ['agent', false, false],
  ] as const)('%s: may delete a submitted evaluation %s, may be invited to score calls %s', (role, deletes, scores) => {
    expect(scope.canDeleteSubmittedEvaluation(callers[role])).toBe(deletes);
    expect(scope.roleCanScoreCalls(role)).toBe(scores);
  });
});

describe('ScopeService.importWriteScope', () => {
  it.each([
    ['admin', { kind: 'all' }],
    ['supervisor', { kind: 'teams', teamIds: [1] }],
    ['hr', 403],
    ['agent', 403],
  ] as const)('%s → %j', async (role, expected) => {
    let got: unknown;
    const result = await outcome(() => (got = scope.importWriteScope(callers[role])));
    expect(result === 'ok' ? got : result).toEqual(expected);
  });

  it('the command line (no caller) writes everything', () => {
    expect(scope.importWriteScope(null)).toEqual({ kind: 'all' });
  });
});

describe('ScopeService: rows in scope', () => {
  it.each([
    ['admin', { kind: 'all' }, null],
    ['hr', { kind: 'all' }, null],
    ['supervisor', { kind: 'teams', teamIds: [1] }, [1]],
    ['agent', { kind: 'agent', agentId: 101 }, []],
  ] as const)('%s: scope %j, visible teams %j', (role, expected, teams) => {
    expect(scope.teamScope(callers[role])).toEqual(expected);
    expect(scope.visibleTeamIds(callers[role])).toEqual(teams);
  });

  it.each(
    cases([
      ['see team 1 (own)', (c) => scope.assertTeamVisible(c, 1), ['ok', 'ok', 'ok', 403]],
      ['see team 2 (other)', (c) => scope.assertTeamVisible(c, 2), ['ok', 'ok', 403, 403]],
      ['name team 1 (own) in a request', (c) => scope.assertTeamRequestAllowed(c, 1), ['ok', 'ok', 'ok', 'ok']],
      ['name team 2 (other) in a request', (c) => scope.assertTeamRequestAllowed(c, 2), ['ok', 'ok', 403, 403]],
      ['see agent 101 (own)', (c) => scope.assertAgentVisible(c, 101), ['ok', 'ok', 'ok', 'ok']],
      ['see agent 102 (was in team 1)', (c) => scope.assertAgentVisible(c, 102), ['ok', 'ok', 'ok', 403]],
      ['see agent 201 (other)', (c) => scope.assertAgentVisible(c, 201), ['ok', 'ok', 403, 403]],
    ]),
  )('%s: %s → %s', async (_label, role, decide, expected) => {
    expect(await outcome(() => decide(callers[role]))).toBe(expected);
  });
});

describe('ScopeService.kpiRestriction', () => {
  const oct = { from: '2026-10-01', to: '2026-10-31', groupBy: 'agent' };
  const moverAgent: Caller = { ...callers.agent, agentId: 102 };
  it.each([
    ['admin naming agent 201', callers.admin, { ...oct, agentId: 201 }, {}],
    ['hr naming team 2', callers.hr, { ...oct, teamId: 2 }, {}],
    ['supervisor, no filter', callers.supervisor, oct, { teamIds: [1] }],
    ['supervisor naming team 1', callers.supervisor, { ...oct, teamId: 1 }, { teamIds: [1] }],
    ['supervisor naming team 2', callers.supervisor, { ...oct, teamId: 2 }, 403],
    ['supervisor naming agent 102 (was in team 1)', callers.supervisor, { ...oct, agentId: 102 }, { teamIds: [1] }],
    ['supervisor naming agent 201', callers.supervisor, { ...oct, agentId: 201 }, 403],
    ['supervisor naming site 10 (has team 1)', callers.supervisor, { ...oct, siteId: 10 }, { teamIds: [1] }],
    ['supervisor naming site 20', callers.supervisor, { ...oct, siteId: 20 }, 403],
    ['agent, no filter', callers.agent, oct, { agentId: 101 }],
    ['agent naming themself', callers.agent, { ...oct, agentId: 101 }, { agentId: 101 }],
    ['agent naming agent 201', callers.agent, { ...oct, agentId: 201 }, 403],
    ['agent, groupBy=team', callers.agent, { ...oct, groupBy: 'team' }, { teamIds: [1], teamSpans: [{ teamId: 1, from: null, to: null }] }],
    ['agent naming site 10 (their team\'s)', callers.agent, { ...oct, siteId: 10 }, { agentId: 101 }],
    ['agent naming site 20 (issue 15: a 403, not an empty answer)', callers.agent, { ...oct, siteId: 20 }, 403],
    ['agent naming team 2', callers.agent, { ...oct, teamId: 2 }, 403],
    // Each team only on the days the agent was in it (docs/decisions.md).
    ['moved agent, October by team: each team for its days', moverAgent, { ...oct, groupBy: 'team' }, { teamIds: [1, 2], teamSpans: [{ teamId: 1, from: null, to: '2026-10-15' }, { teamId: 2, from: '2026-10-15', to: null }] }],
    ['moved agent, November by team: the new team', moverAgent, { from: '2026-11-01', to: '2026-11-30', groupBy: 'team' }, { teamIds: [2], teamSpans: [{ teamId: 2, from: '2026-10-15', to: null }] }],
    ['moved agent naming site 10 in November (team 1 is behind them)', moverAgent, { from: '2026-11-01', to: '2026-11-30', groupBy: 'team', siteId: 10 }, 403],
    ['agent login without an agent record', { ...callers.agent, agentId: null }, oct, 403],
  ] as const)('%s → %j', async (_label, caller, q, expected) => {
    let got: unknown;
    const result = await outcome(async () => (got = await scope.kpiRestriction(caller, q)));
    expect(result === 'ok' ? got : result).toEqual(expected);
  });
});

describe('ScopeService: filters naming a site or agents (issue 15: out of scope is a 403)', () => {
  it.each(
    cases([
      ['name site 10 (team 1)', (c) => scope.assertSiteRequestAllowed(c, 10), ['ok', 'ok', 'ok', 'ok']],
      ['name site 20 (team 2)', (c) => scope.assertSiteRequestAllowed(c, 20), ['ok', 'ok', 403, 403]],
      ['name agents 101 and 102 (team 1, 102 was)', (c) => scope.assertAgentsVisible(c, [101, 102]), ['ok', 'ok', 'ok', 403]],
      ['name agents 101 and 201', (c) => scope.assertAgentsVisible(c, [101, 201]), ['ok', 'ok', 403, 403]],
      ['name agent 101 only', (c) => scope.assertAgentsVisible(c, [101]), ['ok', 'ok', 'ok', 'ok']],
      ['name a call of agent 101', (c) => scope.assertCallRequestAllowed(c, 'C-101'), ['ok', 'ok', 'ok', 'ok']],
      ['name a call of agent 201', (c) => scope.assertCallRequestAllowed(c, 'C-201'), ['ok', 'ok', 403, 403]],
      ['name a call without agent', (c) => scope.assertCallRequestAllowed(c, 'C-NONE'), ['ok', 'ok', 403, 403]],
      ['name a call not stored', (c) => scope.assertCallRequestAllowed(c, 'C-GONE'), ['ok', 'ok', 'ok', 'ok']],
    ]),
  )('%s: %s → %s', async (_label, role, decide, expected) => {
    expect(await outcome(() => decide(callers[role]))).toBe(expected);
  });

  it.each([
    ['admin', null],
    ['hr', null],
    ['supervisor', [1]],
    ['agent', [1]],
  ] as const)('%s reads the targets of teams %j', async (role, expected) => {
    expect(await scope.settingsTeamIds(callers[role])).toEqual(expected);
  });
});

describe('ScopeService: QA evaluations', () => {
  const ev = (over: Partial<EvaluationAccessFacts>): EvaluationAccessFacts => ({ id: 50, agentId: 101, evaluatorId: 9, status: 'submitted', calibrationId: null, ...over });
  it.each(
    cases([
      ['read a submitted evaluation of agent 101 (own)', (c) => scope.assertCanSeeEvaluation(c, ev({})), ['ok', 'ok', 'ok', 'ok']],
      ['read a submitted evaluation of agent 201 (other)', (c) => scope.assertCanSeeEvaluation(c, ev({ agentId: 201 })), ['ok', 'ok', 404, 404]],
      ['read a draft of agent 101', (c) => scope.assertCanSeeEvaluation(c, ev({ status: 'draft' })), ['ok', 'ok', 'ok', 404]],
      ['read an evaluation of agent 102 (was in team 1)', (c) => scope.assertCanSeeEvaluation(c, ev({ agentId: 102 })), ['ok', 'ok', 'ok', 404]],
      ["read another's open calibration score", (c) => scope.assertCanSeeEvaluation(c, ev({ calibrationId: 7, calibrationStatus: 'open' })), [403, 403, 403, 404]],
      ["read another's closed calibration score", (c) => scope.assertCanSeeEvaluation(c, ev({ calibrationId: 7, calibrationStatus: 'closed' })), ['ok', 'ok', 'ok', 404]],
      ['acknowledge an evaluation of agent 101 (own)', (c) => scope.assertCanActOnOwnEvaluation(c, ev({}), 'acknowledge'), [403, 403, 403, 'ok']],
      ['dispute an evaluation of agent 201 (other)', (c) => scope.assertCanActOnOwnEvaluation(c, ev({ agentId: 201 }), 'dispute'), [403, 403, 404, 404]],
      ['dispute a draft of agent 101', (c) => scope.assertCanActOnOwnEvaluation(c, ev({ status: 'draft' }), 'dispute'), [403, 403, 403, 404]],
      ['evaluate agent 101 (team 1)', (c) => scope.assertCanEvaluate(c, 101), ['ok', 403, 'ok', 403]],
      ['evaluate agent 102 (now in team 2)', (c) => scope.assertCanEvaluate(c, 102), ['ok', 403, 403, 403]],
      ['evaluate agent 201 (other)', (c) => scope.assertCanEvaluate(c, 201), ['ok', 403, 403, 403]],
      ['evaluate agent 999 (no such agent)', (c) => scope.assertCanEvaluate(c, 999), [404, 403, 404, 403]],
      ['coach agent 101 (team 1)', (c) => scope.assertCanCoach(c, 101), ['ok', 403, 'ok', 403]],
      ['coach agent 201 (other)', (c) => scope.assertCanCoach(c, 201), ['ok', 403, 403, 403]],
      ['coach agent 999 (no such agent)', (c) => scope.assertCanCoach(c, 999), [404, 403, 404, 403]],
    ]),
  )('%s: %s → %s', async (_label, role, decide, expected) => {
    expect(await outcome(() => decide(callers[role]))).toBe(expected);
  });

  it('lets a supervisor read what they wrote about an agent outside their teams', async () => {
    expect(await outcome(() => scope.assertCanSeeEvaluation(callers.supervisor, ev({ agentId: 201, evaluatorId: 3 })))).toBe('ok');
  });

  it('lets only the evaluator change a calibration score', async () => {
    expect(await outcome(() => scope.assertCanEditCalibrationScore(callers.supervisor, 3))).toBe('ok');
    expect(await outcome(() => scope.assertCanEditCalibrationScore(callers.admin, 3))).toBe(403);
  });

  it.each([
    ['admin', 1, true],
    ['admin', 2, true],
    ['supervisor', 1, true],
    ['supervisor', 2, false],
    ['hr', 1, false],
    ['agent', 1, false],
  ] as const)('%s may coach in team %d: %s', (role, team, expected) => {
    expect(scope.canCoachInTeam(callers[role], team)).toBe(expected);
  });
});

describe('ScopeService: calibration sessions', () => {
  it.each(
    cases([
      ['calibrate on agent 101 (team 1)', (c) => scope.assertCanCalibrateAgent(c, 101), ['ok', 'ok', 'ok', 'ok']],
      ['calibrate on agent 201 (other)', (c) => scope.assertCanCalibrateAgent(c, 201), ['ok', 'ok', 403, 'ok']],
      ['see a session on agent 102 opened by user 9', (c) => scope.assertCanSeeCalibration(c, { openedBy: 9, agentId: 102, invited: false }), ['ok', 'ok', 'ok', 403]],
      ['see a session on agent 201 opened by user 9', (c) => scope.assertCanSeeCalibration(c, { openedBy: 9, agentId: 201, invited: false }), ['ok', 'ok', 403, 403]],
      ['see a session on agent 201 one was invited to', (c) => scope.assertCanSeeCalibration(c, { openedBy: 9, agentId: 201, invited: true }), ['ok', 'ok', 'ok', 'ok']],
      ['close a session opened by user 9', (c) => scope.assertCanCloseCalibration(c, 9), ['ok', 403, 403, 403]],
      ['score in calibration 7 (invites user 3)', (c) => scope.assertIsCalibrationEvaluator(c, 7), [403, 403, 'ok', 403]],
    ]),
  )('%s: %s → %s', async (_label, role, decide, expected) => {
    expect(await outcome(() => decide(callers[role]))).toBe(expected);
  });

  it('lets whoever opened a session close it and see it', async () => {
    expect(await outcome(() => scope.assertCanCloseCalibration(callers.supervisor, 3))).toBe('ok');
    expect(await outcome(() => scope.assertCanSeeCalibration(callers.supervisor, { openedBy: 3, agentId: 201, invited: false }))).toBe('ok');
  });
});

describe('ScopeService: exports', () => {
  it.each(
    cases([
      ['export team 1 monthly', (c) => scope.assertCanExportTeam(c, 1, 'monthly'), ['ok', 'ok', 'ok', 'ok']],
      ['export team 2 monthly', (c) => scope.assertCanExportTeam(c, 2, 'monthly'), ['ok', 'ok', 403, 'ok']],
      ['export team 2 weekly', (c) => scope.assertCanExportTeam(c, 2, 'weekly'), ['ok', 'ok', 403, 'ok']],
      ['export site 10 (has team 1)', (c) => scope.assertCanExportSite(c, 10), ['ok', 'ok', 'ok', 'ok']],
      ['export site 20', (c) => scope.assertCanExportSite(c, 20), ['ok', 'ok', 403, 'ok']],
      ['export the scorecard of agent 101, in team 1 in the period', (c) => scope.assertCanExportAgent(c, 101, [1]), ['ok', 'ok', 'ok', 'ok']],
      ['export the scorecard of agent 102, in teams 1 and 2 in the period', (c) => scope.assertCanExportAgent(c, 102, [1, 2]), ['ok', 'ok', 'ok', 403]],
      ['export the scorecard of agent 102, only in team 2 in the period', (c) => scope.assertCanExportAgent(c, 102, [2]), ['ok', 'ok', 403, 403]],
    ]),
  )('%s: %s → %s', async (_label, role, decide, expected) => {
    // Agents never get this far for team/site workbooks: assertCanExportTeamWorkbooks refuses them first.
    expect(await outcome(() => decide(callers[role]))).toBe(expected);
  });
});
