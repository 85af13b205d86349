/**
 * The authorization matrix: every route the app serves (read from the express router after
 * init, so a new route without an entry here fails) × every kind of caller × own and other
 * scope, with the status the contract (docs/api.md "Roles and scope" and each module's section)
 * expects. "Own" means data of the caller's team / agent record (team A, agent A1), "other"
 * data outside it (team B, agent B1). Routes with nothing to scope send the same request twice.
 */
import { DEFAULT_RULE_SET } from '../../server/modules/autoqa/domain/default-rule-set';
import { createTestApp, TestApp, TEST_PASSWORD } from './support/test-app';
import { routesOf } from './support/routes';

const whos = ['anonymous', 'agent', 'supervisor', 'hr', 'admin'] as const;
type Who = (typeof whos)[number];
type Scope = 'own' | 'other';
/** One status for both scopes, or [own, other]. */
type Expected = number | [number, number];

interface Fixture {
  siteA: number;
  siteB: number;
  teamA: number;
  teamB: number;
  /** The agent user's own record (team A) and an agent of team B. */
  agentA: number;
  agentB: number;
  /** Agents that admin writes may change without disturbing the rest of the matrix. */
  spareA: number;
  spareB: number;
  emails: Record<Exclude<Who, 'anonymous'>, string>;
  userIds: Record<Exclude<Who, 'anonymous'>, number>;
  /** A supervisor of team B (an evaluator for the other team's calibration). */
  supervisorB: number;
  form: { id: number; versionId: number; itemId: number };
  /** A call of agent A and one of agent B. */
  callA: string;
  callB: string;
  /** Makes, as admin, a fresh evaluation of agent A (own) or B (other) in the given state. */
  evaluation(scope: Scope, status: 'draft' | 'submitted' | 'disputed'): Promise<number>;
  /** A fresh QA form no evaluation uses (so it can be deleted). */
  spareForm(): Promise<number>;
  /** A fresh calibration session of a call of agent A or B; scored by both evaluators, or also closed. */
  calibration(scope: Scope, state?: 'open' | 'scored' | 'closed'): Promise<number>;
  /** An import the admin started, and one the supervisor (of team A) started. */
  importId: string;
  supervisorImportId: string;
  coachingNote(scope: Scope): Promise<number>;
  /** A fresh API key (admin-made) to revoke. */
  spareApiKey(): Promise<number>;
  /** A fresh schedule of team A's (own) or team B's (other) weekly review. */
  schedule(scope: Scope): Promise<number>;
  /** A notification of the caller's own (own) or of another user's (other). */
  notification(scope: Scope, who: Who): Promise<number>;
}

interface Call {
  path: string;
  body?: unknown;
  /** multipart upload: form fields plus one file under `file`. */
  upload?: { fields: Record<string, string>; file: string; fileName: string };
}

interface Entry {
  /** The request for a scope; `scope` is only looked at by routes that have one. */
  call(fx: Fixture, scope: Scope, who: Who): Call | Promise<Call>;
  expect: Record<Who, Expected>;
  /** Logs in a new session for each call (logout ends the one it is sent with). */
  freshSession?: boolean;
  /** API keys' statuses where the rule in keyExpectation does not give them. */
  keys?: Partial<Record<KeyWho, Expected>>;
}

/**
 * Machines' API keys (docs/api.md "API keys, push ingestion, schedules"): an ingest key, a read key, a read key restricted to
 * team A, and a revoked and an expired key. The first three act like `keyActsAs` for the request.
 */
const keyWhos = ['ingestKey', 'readKey', 'teamReadKey', 'revokedKey', 'expiredKey'] as const;
type KeyWho = (typeof keyWhos)[number];
const keyActsAs: Record<KeyWho, Exclude<Who, 'anonymous'>> = { ingestKey: 'admin', readKey: 'hr', teamReadKey: 'supervisor', revokedKey: 'hr', expiredKey: 'hr' };

/**
 * What a key gets, from the route's entry: public routes answer keys as anyone; a revoked or
 * expired key is a 401 everywhere else; an ingest key is refused (403) on every route but the
 * push routes; a read key gets what HR gets on GET routes (a team-restricted one what a
 * supervisor of that team gets, where HR may read at all) and 403 on everything else.
 */
function keyExpectation(route: string, entry: Entry, key: KeyWho): Expected {
  if (entry.keys?.[key] !== undefined) return entry.keys[key]!;
  if (entry.expect.anonymous !== 401) return entry.expect.anonymous;
  if (key === 'revokedKey' || key === 'expiredKey') return 401;
  const isGet = route.startsWith('GET ');
  if (key === 'ingestKey' || !isGet) return 403;
  if (key === 'readKey') return entry.expect.hr;
  return entry.expect.hr === 403 ? 403 : entry.expect.supervisor;
}

let counter = 0;
const unique = (prefix: string) => `${prefix} ${++counter}`;
const pick = <T,>(scope: Scope, own: T, other: T) => (scope === 'own' ? own : other);

// Shorthands for the common shapes.
const everyoneMay = (status: number): Record<Who, Expected> => ({ anonymous: status, agent: status, supervisor: status, hr: status, admin: status });
const signedIn = (status: number): Record<Who, Expected> => ({ anonymous: 401, agent: status, supervisor: status, hr: status, admin: status });
const adminOnly = (status: number): Record<Who, Expected> => ({ anonymous: 401, agent: 403, supervisor: 403, hr: 403, admin: status });
/** Reads of personal or team data: agent self only, supervisor own teams, hr and admin everything. */
const scopedRead = (status: number): Record<Who, Expected> => ({ anonymous: 401, agent: [status, 403], supervisor: [status, 403], hr: status, admin: status });

/** Writes about an agent or team: admin anywhere, a supervisor in their own teams, nobody else. */
const scopedWrite = (status: number): Record<Who, Expected> => ({ anonymous: 401, agent: 403, supervisor: [status, 403], hr: 403, admin: status });
/**
 * Routes naming an evaluation id (issue 15): an evaluation outside the caller's scope answers 404,
 * exactly like an id that does not exist, so ids cannot be probed; inside it, a missing right is a 403.
 */
const hiddenRead = (status: number): Record<Who, Expected> => ({ anonymous: 401, agent: [status, 404], supervisor: [status, 404], hr: status, admin: status });
const hiddenWrite = (status: number): Record<Who, Expected> => ({ anonymous: 401, agent: 403, supervisor: [status, 404], hr: 403, admin: status });
/** QA form upkeep: supervisors and admins. */
const qaWrite = (status: number): Record<Who, Expected> => ({ anonymous: 401, agent: 403, supervisor: status, hr: 403, admin: status });
const smallForm = (name: string) => ({ name, sections: [{ title: 'Opening 开场', items: [{ text: 'Standard greeting', kind: 'yes_no', weight: 10 }] }] });

const docs: Entry = { call: (_f, _s) => ({ path: '' }), expect: everyoneMay(200) };

const matrix: Record<string, Entry> = {
  // ---- Public: health, OpenAPI page, sign-in ----
  'GET /api/health': { call: () => ({ path: '/api/health' }), expect: everyoneMay(200) },
  'GET /api/docs': { ...docs, call: () => ({ path: '/api/docs' }) },
  'GET /api/docs/': { ...docs, call: () => ({ path: '/api/docs/' }) },
  'GET /api/docs/index.html': { ...docs, call: () => ({ path: '/api/docs/index.html' }) },
  // swagger-ui registers this asset route but the file is not shipped: a 404 for everyone.
  'GET /api/docs/LICENSE': { call: () => ({ path: '/api/docs/LICENSE' }), expect: everyoneMay(404) },
  'GET /api/docs/swagger-ui-init.js': { ...docs, call: () => ({ path: '/api/docs/swagger-ui-init.js' }) },
  'GET /api/docs/docs/swagger-ui-init.js': { ...docs, call: () => ({ path: '/api/docs/docs/swagger-ui-init.js' }) },
  'GET /api/docs-json': { ...docs, call: () => ({ path: '/api/docs-json' }) },
  'GET /api/docs-yaml': { ...docs, call: () => ({ path: '/api/docs-yaml' }) },
  'POST /api/auth/login': {
    // Everyone may sign in (anonymous uses the hr account's credentials).
    call: (f, _s, who) => ({ path: '/api/auth/login', body: { email: f.emails[who === 'anonymous' ? 'hr' : who], password: TEST_PASSWORD } }),
    expect: everyoneMay(200),
  },

  // ---- Auth and users ----
  'POST /api/auth/logout': { call: () => ({ path: '/api/auth/logout' }), expect: signedIn(200), freshSession: true },
  'GET /api/auth/me': { call: () => ({ path: '/api/auth/me' }), expect: signedIn(200) },
  'GET /api/users': { call: () => ({ path: '/api/users' }), expect: adminOnly(200) },
  'POST /api/users': {
    call: () => ({ path: '/api/users', body: { email: `${unique('new').replace(' ', '')}@matrix.test`, name: unique('New user'), password: 'long-enough-1', role: 'hr' } }),
    expect: adminOnly(201),
  },
  'PATCH /api/users/:id': { call: (f) => ({ path: `/api/users/${f.userIds.hr}`, body: { name: unique('HR') } }), expect: adminOnly(200) },
  'GET /api/audit': { call: () => ({ path: '/api/audit?action=export' }), expect: adminOnly(200) },

  // ---- Organisation and settings ----
  'GET /api/sites': { call: () => ({ path: '/api/sites' }), expect: signedIn(200) },
  'POST /api/sites': { call: () => ({ path: '/api/sites', body: { name: unique('Site') } }), expect: adminOnly(201) },
  'PATCH /api/sites/:id': { call: (f, s) => ({ path: `/api/sites/${pick(s, f.siteA, f.siteB)}`, body: { name: pick(s, 'Matrix Site A', 'Matrix Site B') } }), expect: adminOnly(200) },
  'GET /api/teams': { call: () => ({ path: '/api/teams' }), expect: signedIn(200) },
  'POST /api/teams': { call: (f) => ({ path: '/api/teams', body: { name: unique('Team'), siteId: f.siteA } }), expect: adminOnly(201) },
  'PATCH /api/teams/:id': { call: (f, s) => ({ path: `/api/teams/${pick(s, f.teamA, f.teamB)}`, body: { siteId: pick(s, f.siteA, f.siteB) } }), expect: adminOnly(200) },
  'GET /api/agents': { call: (f, s) => ({ path: `/api/agents?teamId=${pick(s, f.teamA, f.teamB)}` }), expect: scopedRead(200) },
  'GET /api/agents/:id': { call: (f, s) => ({ path: `/api/agents/${pick(s, f.agentA, f.agentB)}` }), expect: scopedRead(200) },
  'POST /api/agents': { call: (f, s) => ({ path: '/api/agents', body: { code: unique('NEW').replace(' ', ''), name: unique('Agent'), teamId: pick(s, f.teamA, f.teamB) } }), expect: adminOnly(201) },
  'PATCH /api/agents/:id': { call: (f, s) => ({ path: `/api/agents/${pick(s, f.spareA, f.spareB)}`, body: { name: unique('Renamed') } }), expect: adminOnly(200) },
  'POST /api/agents/:id/moves': {
    call: (f, s) => ({ path: `/api/agents/${pick(s, f.spareA, f.spareB)}/moves`, body: { teamId: pick(s, f.teamB, f.teamA), effectiveFrom: '2026-06-01' } }),
    expect: adminOnly(201),
  },
  'GET /api/settings': { call: () => ({ path: '/api/settings' }), expect: signedIn(200) },
  'PATCH /api/settings': { call: () => ({ path: '/api/settings', body: { disputeWindowDays: 14 } }), expect: adminOnly(200) },

  // ---- QA: forms (not personal data: every signed-in role reads them; supervisors and admins keep them) ----
  'GET /api/qa/forms': { call: () => ({ path: '/api/qa/forms' }), expect: signedIn(200) },
  'GET /api/qa/forms/:id': { call: (f) => ({ path: `/api/qa/forms/${f.form.id}` }), expect: signedIn(200) },
  'POST /api/qa/forms': { call: () => ({ path: '/api/qa/forms', body: smallForm(unique('Form')) }), expect: qaWrite(201) },
  'PUT /api/qa/forms/:id': { call: async (f) => ({ path: `/api/qa/forms/${await f.spareForm()}`, body: smallForm(unique('Form v2')) }), expect: qaWrite(200) },
  'POST /api/qa/forms/:id/archive': { call: async (f) => ({ path: `/api/qa/forms/${await f.spareForm()}/archive` }), expect: qaWrite(200) },
  'POST /api/qa/forms/:id/unarchive': { call: async (f) => ({ path: `/api/qa/forms/${await f.spareForm()}/unarchive` }), expect: qaWrite(200) },
  'DELETE /api/qa/forms/:id': { call: async (f) => ({ path: `/api/qa/forms/${await f.spareForm()}` }), expect: qaWrite(204) },

  // ---- QA: evaluations (agent: own, submitted ones; supervisor: own teams' agents; hr: reads) ----
  'GET /api/qa/evaluations': { call: (f, s) => ({ path: `/api/qa/evaluations?agentId=${pick(s, f.agentA, f.agentB)}` }), expect: scopedRead(200) },
  'GET /api/qa/evaluations/:id': { call: async (f, s) => ({ path: `/api/qa/evaluations/${await f.evaluation(s, 'submitted')}` }), expect: hiddenRead(200) },
  'POST /api/qa/evaluations': {
    call: (f, s) => ({ path: '/api/qa/evaluations', body: { formVersionId: f.form.versionId, agentId: pick(s, f.agentA, f.agentB), answers: [{ itemId: f.form.itemId, value: true }] } }),
    expect: scopedWrite(201),
  },
  'PATCH /api/qa/evaluations/:id': {
    call: async (f, s) => ({ path: `/api/qa/evaluations/${await f.evaluation(s, 'draft')}`, body: { comment: unique('Better opening') } }),
    expect: hiddenWrite(200),
  },
  'DELETE /api/qa/evaluations/:id': { call: async (f, s) => ({ path: `/api/qa/evaluations/${await f.evaluation(s, 'draft')}` }), expect: hiddenWrite(204) },
  'POST /api/qa/evaluations/:id/submit': { call: async (f, s) => ({ path: `/api/qa/evaluations/${await f.evaluation(s, 'draft')}/submit` }), expect: hiddenWrite(200) },
  // Acknowledging and disputing are the evaluated agent's own acts: nobody else may do them for the agent.
  'POST /api/qa/evaluations/:id/acknowledge': {
    call: async (f, s) => ({ path: `/api/qa/evaluations/${await f.evaluation(s, 'submitted')}/acknowledge` }),
    expect: { anonymous: 401, agent: [200, 404], supervisor: [403, 404], hr: 403, admin: 403 },
  },
  'POST /api/qa/evaluations/:id/dispute': {
    call: async (f, s) => ({ path: `/api/qa/evaluations/${await f.evaluation(s, 'submitted')}/dispute`, body: { reason: 'The customer asked me not to repeat the address.' } }),
    expect: { anonymous: 401, agent: [200, 404], supervisor: [403, 404], hr: 403, admin: 403 },
  },
  'POST /api/qa/evaluations/:id/resolve': {
    call: async (f, s) => ({ path: `/api/qa/evaluations/${await f.evaluation(s, 'disputed')}/resolve`, body: { note: 'Listened again: the score stands.' } }),
    expect: hiddenWrite(200),
  },

  // ---- QA: sampling and calibration (QA staff work; hr may read) ----
  'POST /api/qa/samples': {
    call: (f, s) => ({ path: '/api/qa/samples', body: { from: '2026-11-02', to: '2026-11-08', perAgent: 1, teamId: pick(s, f.teamA, f.teamB) } }),
    expect: scopedWrite(201),
  },
  'GET /api/qa/samples': { call: () => ({ path: '/api/qa/samples' }), expect: { anonymous: 401, agent: 403, supervisor: 200, hr: 200, admin: 200 } },
  'GET /api/qa/evaluators': { call: () => ({ path: '/api/qa/evaluators' }), expect: { anonymous: 401, agent: 403, supervisor: 200, hr: 403, admin: 200 } },
  'GET /api/qa/calibrations': { call: () => ({ path: '/api/qa/calibrations' }), expect: { anonymous: 401, agent: 403, supervisor: 200, hr: 200, admin: 200 } },
  'POST /api/qa/calibrations': {
    call: (f, s) => ({ path: '/api/qa/calibrations', body: { callExternalId: pick(s, f.callA, f.callB), formVersionId: f.form.versionId, evaluatorIds: [f.userIds.admin, pick(s, f.userIds.supervisor, f.supervisorB)] } }),
    expect: scopedWrite(201),
  },
  'GET /api/qa/calibrations/:id': { call: async (f, s) => ({ path: `/api/qa/calibrations/${await f.calibration(s)}` }), expect: { anonymous: 401, agent: 403, supervisor: [200, 403], hr: 200, admin: 200 } },
  'POST /api/qa/calibrations/:id/evaluations': {
    call: async (f, s) => ({ path: `/api/qa/calibrations/${await f.calibration(s)}/evaluations`, body: { answers: [{ itemId: f.form.itemId, value: true }] } }),
    expect: scopedWrite(201),
  },
  'POST /api/qa/calibrations/:id/close': { call: async (f, s) => ({ path: `/api/qa/calibrations/${await f.calibration(s, 'scored')}/close` }), expect: { anonymous: 401, agent: 403, supervisor: 403, hr: 403, admin: 200 } },
  'GET /api/qa/calibrations/:id/report': { call: async (f, s) => ({ path: `/api/qa/calibrations/${await f.calibration(s, 'closed')}/report` }), expect: { anonymous: 401, agent: 403, supervisor: [200, 403], hr: 200, admin: 200 } },

  // ---- Coaching notes (personal: the agent reads their own; supervisors write for their teams) ----
  'GET /api/coaching-notes': { call: (f, s) => ({ path: `/api/coaching-notes?agentId=${pick(s, f.agentA, f.agentB)}` }), expect: scopedRead(200) },
  'POST /api/coaching-notes': { call: (f, s) => ({ path: '/api/coaching-notes', body: { agentId: pick(s, f.agentA, f.agentB), text: unique('Practise the closing script') } }), expect: scopedWrite(201) },
  'PATCH /api/coaching-notes/:id': { call: async (f, s) => ({ path: `/api/coaching-notes/${await f.coachingNote(s)}`, body: { text: unique('Follow up on holds') } }), expect: scopedWrite(200) },

  // ---- Imports (docs/api.md "Imports": admin and supervisor import; hr reads everything; agents see no one else's rows) ----
  // Which rows an import may write (every kind × role × own/other team): import-access.test.ts.
  'POST /api/imports': {
    call: () => ({ path: '/api/imports', upload: { fields: { kind: 'agents', dryRun: 'true', wait: 'true' }, file: 'agent_code,name\nZZ1,Test\n', fileName: 'agents.csv' } }),
    expect: { anonymous: 401, agent: 403, supervisor: 200, hr: 403, admin: 200 },
  },
  // Reads the file only: no job row, the upload removed (import-preview.test.ts).
  'POST /api/imports/preview': {
    call: () => ({ path: '/api/imports/preview', upload: { fields: { kind: 'agents' }, file: 'agent_code,name\nZZ1,Test\n', fileName: 'agents.csv' } }),
    expect: { anonymous: 401, agent: 403, supervisor: 200, hr: 403, admin: 200 },
  },
  'GET /api/imports': { call: () => ({ path: '/api/imports' }), expect: { anonymous: 401, agent: 403, supervisor: 200, hr: 200, admin: 200 } },
  // A supervisor sees the imports they started: someone else's file may hold other teams' rows.
  'GET /api/imports/:id': {
    call: (f, s) => ({ path: `/api/imports/${pick(s, f.supervisorImportId, f.importId)}` }),
    expect: { anonymous: 401, agent: 403, supervisor: [200, 403], hr: 200, admin: 200 },
    // Like a supervisor, a team-restricted key sees only imports it started (a read key starts none).
    keys: { teamReadKey: 403 },
  },
  'GET /api/imports/:id/errors.csv': {
    call: (f, s) => ({ path: `/api/imports/${pick(s, f.supervisorImportId, f.importId)}/errors.csv` }),
    expect: { anonymous: 401, agent: 403, supervisor: [200, 403], hr: 200, admin: 200 },

    keys: { teamReadKey: 403 },
  },

  // ---- Calls and AutoQA (a call is scoped like the KPIs: the agent's own, the supervisor's teams at the time) ----
  'GET /api/calls/:externalId': { call: (f, s) => ({ path: `/api/calls/${pick(s, f.callA, f.callB)}` }), expect: scopedRead(200) },
  'POST /api/calls/:externalId/autoqa/overrule': {
    call: (f, s) => ({ path: `/api/calls/${pick(s, f.callA, f.callB)}/autoqa/overrule`, body: { rule: 'greeting', outcome: 'pass', reason: unique('Greeted in the IVR') } }),
    expect: scopedWrite(200),
  },
  'GET /api/autoqa/rule-set': { call: () => ({ path: '/api/autoqa/rule-set' }), expect: signedIn(200) },
  'PUT /api/autoqa/rule-set': { call: () => ({ path: '/api/autoqa/rule-set', body: { rules: DEFAULT_RULE_SET } }), expect: adminOnly(200) },
  'GET /api/autoqa/rule-set/rescoring': { call: () => ({ path: '/api/autoqa/rule-set/rescoring' }), expect: signedIn(200) },
  'POST /api/autoqa/preview': {
    call: () => ({ path: '/api/autoqa/preview', body: { channel: 'phone', turns: [{ seq: 0, speaker: 'agent', text: '您好' }] } }),
    expect: qaWrite(200),
  },
  'GET /api/autoqa/agreement': {
    call: (f, s) => ({ path: `/api/autoqa/agreement?from=2026-11-01&to=2026-11-30&teamId=${pick(s, f.teamA, f.teamB)}` }),
    expect: { anonymous: 401, agent: 403, supervisor: [200, 403], hr: 200, admin: 200 },
  },
  'GET /api/autoqa/findings': { call: (f, s) => ({ path: `/api/autoqa/findings?agentId=${pick(s, f.agentA, f.agentB)}&from=2026-11-01&to=2026-11-30&outcome=fail` }), expect: scopedRead(200) },

  // ---- KPIs (agent: own figures and own team's aggregate; supervisor: own teams) ----
  'GET /api/kpis': { call: (f, s) => ({ path: `/api/kpis?from=2026-11-02&to=2026-11-08&groupBy=agent&agentId=${pick(s, f.agentA, f.agentB)}` }), expect: scopedRead(200) },
  'GET /api/kpis/summary': { call: (f, s) => ({ path: `/api/kpis/summary?from=2026-11-02&to=2026-11-08&agentId=${pick(s, f.agentA, f.agentB)}` }), expect: scopedRead(200) },

  // ---- Complaints (scoped like the KPIs: an agent their own cases, a supervisor their teams') ----
  'GET /api/complaints': { call: (f, s) => ({ path: `/api/complaints?from=2026-11-01&to=2026-11-30&agentId=${pick(s, f.agentA, f.agentB)}` }), expect: scopedRead(200) },

  // ---- Exports (recorded in the audit log; each applies the caller's scope) ----
  'GET /api/exports/monthly': { call: (f, s) => ({ path: `/api/exports/monthly?month=2026-11&teamId=${pick(s, f.teamA, f.teamB)}` }), expect: { anonymous: 401, agent: 403, supervisor: [200, 403], hr: 200, admin: 200 } },
  'GET /api/exports/weekly': { call: (f, s) => ({ path: `/api/exports/weekly?week=2026-W45&teamId=${pick(s, f.teamA, f.teamB)}` }), expect: { anonymous: 401, agent: 403, supervisor: [200, 403], hr: 200, admin: 200 } },
  'GET /api/exports/agent/:agentId': { call: (f, s) => ({ path: `/api/exports/agent/${pick(s, f.agentA, f.agentB)}?from=2026-11-01&to=2026-11-30` }), expect: scopedRead(200) },

  // ---- Weekly review (a supervisor's meeting: agents have their scorecard instead) ----
  'GET /api/reviews/weekly': { call: (f, s) => ({ path: `/api/reviews/weekly?week=2026-W45&teamId=${pick(s, f.teamA, f.teamB)}` }), expect: { anonymous: 401, agent: 403, supervisor: [200, 403], hr: 200, admin: 200 } },
  'POST /api/reviews/weekly/coaching': {
    call: (f, s) => ({ path: '/api/reviews/weekly/coaching', body: { agentId: pick(s, f.agentA, f.agentB), week: '2026-W45', rule: 'aht_above_team', text: unique('Shorter holds'), followUpDate: '2026-11-20' } }),
    expect: scopedWrite(201),
  },

  // ---- API keys, push ingestion, schedules (docs/api.md; admin keeps them) ----
  'GET /api/api-keys': { call: () => ({ path: '/api/api-keys' }), expect: adminOnly(200) },
  'POST /api/api-keys': { call: () => ({ path: '/api/api-keys', body: { name: unique('Key'), scope: 'read' } }), expect: adminOnly(201) },
  'DELETE /api/api-keys/:id': { call: async (f) => ({ path: `/api/api-keys/${await f.spareApiKey()}` }), expect: adminOnly(204) },
  // An ingest key or an admin; the same record each time (an upsert: the first inserts, the rest are unchanged).
  'POST /api/ingest/:kind': {
    call: () => ({ path: '/api/ingest/calls', body: { records: [{ external_id: 'MX-PUSH-1', started_at: '2026-11-03T10:00:00+08:00', answered: false, queue_wait_s: 30 }] } }),
    expect: adminOnly(200),
    keys: { ingestKey: 200 },
  },
  'GET /api/schedules': { call: () => ({ path: '/api/schedules' }), expect: adminOnly(200) },
  'POST /api/schedules': {
    call: (f, s) => ({ path: '/api/schedules', body: { kind: 'weekly', teamId: pick(s, f.teamA, f.teamB), recipients: ['hr@matrix.test'], dayOfWeek: 1, time: '07:00' } }),
    expect: adminOnly(201),
  },
  'PATCH /api/schedules/:id': { call: async (f, s) => ({ path: `/api/schedules/${await f.schedule(s)}`, body: { time: '08:30' } }), expect: adminOnly(200) },
  'DELETE /api/schedules/:id': { call: async (f, s) => ({ path: `/api/schedules/${await f.schedule(s)}` }), expect: adminOnly(204) },
  'POST /api/schedules/:id/run': { call: async (f, s) => ({ path: `/api/schedules/${await f.schedule(s)}/run` }), expect: adminOnly(202) },
  'GET /api/schedules/:id/deliveries': { call: async (f, s) => ({ path: `/api/schedules/${await f.schedule(s)}/deliveries` }), expect: adminOnly(200) },

  // ---- Notifications: everyone their own inbox, nobody another's ----
  'GET /api/notifications': { call: () => ({ path: '/api/notifications' }), expect: signedIn(200) },
  'POST /api/notifications/:id/read': {
    call: async (f, s, who) => ({ path: `/api/notifications/${await f.notification(s, who)}/read` }),
    expect: { anonymous: 401, agent: [204, 404], supervisor: [204, 404], hr: [204, 404], admin: [204, 404] },
    // A key is no user: no notification is its own.
    keys: { readKey: 403, teamReadKey: 403 },
  },
  'POST /api/notifications/read-all': { call: () => ({ path: '/api/notifications/read-all' }), expect: signedIn(204) },
  'GET /api/notifications/settings': { call: () => ({ path: '/api/notifications/settings' }), expect: signedIn(200) },
  'PATCH /api/notifications/settings': { call: () => ({ path: '/api/notifications/settings', body: { email: false } }), expect: signedIn(200) },
};


type BaseFixture = Omit<Fixture, 'supervisorB' | 'form' | 'evaluation' | 'spareForm' | 'calibration' | 'importId' | 'supervisorImportId' | 'coachingNote' | 'spareApiKey' | 'schedule' | 'notification'>;

async function seed(t: TestApp): Promise<BaseFixture> {
  const q = async (sql: string, params: unknown[] = []) => (await t.db.query(sql, params)) as { id: number }[];
  const [siteA, siteB] = await q(`INSERT INTO sites (name) VALUES ('Matrix Site A'), ('Matrix Site B') RETURNING id`);
  const [teamA, teamB] = await q(`INSERT INTO teams (name, site_id) VALUES ('Matrix Team A', $1), ('Matrix Team B', $2) RETURNING id`, [siteA.id, siteB.id]);
  const [agentA, agentB, spareA, spareB] = await q(`INSERT INTO agents (code, name) VALUES ('MA1', '陈小明'), ('MB1', 'Wong Ka Yan'), ('MA9', 'Spare A'), ('MB9', 'Spare B') RETURNING id`);
  await t.db.query(
    `INSERT INTO agent_team_memberships (agent_id, team_id, valid_from) VALUES ($1, $5, NULL), ($2, $6, NULL), ($3, $5, NULL), ($4, $6, NULL)`,
    [agentA.id, agentB.id, spareA.id, spareB.id, teamA.id, teamB.id],
  );
  await t.db.query(
    `INSERT INTO calls (external_id, started_at, agent_id, answered, queue_wait_s, talk_s, hold_s, acw_s) VALUES
       ('MX-A-1', '2026-11-03T02:00:00Z', $1, true, 5, 300, 0, 30), ('MX-B-1', '2026-11-03T03:00:00Z', $2, true, 8, 200, 10, 20)`,
    [agentA.id, agentB.id],
  );
  const emails = { agent: 'agent@matrix.test', supervisor: 'supervisor@matrix.test', hr: 'hr@matrix.test', admin: 'admin@matrix.test' };
  return {
    siteA: siteA.id,
    siteB: siteB.id,
    teamA: teamA.id,
    teamB: teamB.id,
    agentA: agentA.id,
    agentB: agentB.id,
    spareA: spareA.id,
    spareB: spareB.id,
    callA: 'MX-A-1',
    callB: 'MX-B-1',
    emails,
    userIds: { agent: 0, supervisor: 0, hr: 0, admin: 0 },
  };
}

/** The QA, import and coaching fixtures, made through the API as the admin. */
async function completeFixture(t: TestApp, base: BaseFixture, adminToken: string, supervisorToken: string): Promise<Fixture> {
  const as = (method: 'post' | 'get', path: string, body?: object, token = adminToken) => {
    const req = t.http()[method](path).set('Authorization', `Bearer ${token}`);
    return body ? req.send(body) : req;
  };
  const ok = async (res: { status: number; body: Record<string, any> }, what: string) => {
    if (res.status >= 300) throw new Error(`fixture ${what}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };
  const formBody = await ok(await as('post', '/api/qa/forms', smallForm('Matrix form')), 'form');
  const form = { id: formBody.id, versionId: formBody.currentVersion.id, itemId: formBody.currentVersion.sections[0].items[0].id };
  const supervisorBToken = await t.userToken('supervisor', { email: 'supervisor-b@matrix.test', teamIds: [base.teamB] });
  const [{ id: supervisorB }] = await t.db.query(`SELECT id FROM users WHERE email = 'supervisor-b@matrix.test'`);
  const imported = await ok(
    await t.http().post('/api/imports').set('Authorization', `Bearer ${adminToken}`).field('kind', 'agents').field('dryRun', 'true').field('wait', 'true').attach('file', Buffer.from('agent_code,name\n,No code\n'), 'agents.csv'),
    'import',
  );
  const supervisorImported = await ok(
    await t.http().post('/api/imports').set('Authorization', `Bearer ${supervisorToken}`).field('kind', 'agents').field('dryRun', 'true').field('wait', 'true').attach('file', Buffer.from('agent_code,name\n,No code\n'), 'agents.csv'),
    'supervisor import',
  );
  // Transcripts of both calls, so each has AutoQA findings to overrule.
  await ok(
    await t.http().post('/api/imports').set('Authorization', `Bearer ${adminToken}`).field('kind', 'transcripts').field('wait', 'true')
      .attach('file', Buffer.from('call_external_id,seq,speaker,text\nMX-A-1,0,agent,您好\nMX-B-1,0,agent,Hello\n'), 'turns.csv'),
    'transcripts',
  );
  const fx: Fixture = {
    ...base,
    supervisorB,
    form,
    importId: imported.id,
    supervisorImportId: supervisorImported.id,
    async evaluation(scope, status) {
      const agentId = pick(scope, base.agentA, base.agentB);
      const created = await ok(await as('post', '/api/qa/evaluations', { formVersionId: form.versionId, agentId, answers: [{ itemId: form.itemId, value: true }] }), 'evaluation');
      if (status !== 'draft') await ok(await as('post', `/api/qa/evaluations/${created.id}/submit`), 'submit');
      if (status === 'disputed') {
        await t.db.query(`UPDATE qa_evaluations SET status = 'disputed', disputed_at = now(), dispute_reason = 'matrix' WHERE id = $1`, [created.id]);
      }
      return created.id;
    },
    async spareForm() {
      return (await ok(await as('post', '/api/qa/forms', smallForm(unique('Spare form'))), 'spare form')).id;
    },
    async calibration(scope, state = 'open') {
      const evaluatorIds = [base.userIds.admin, pick(scope, base.userIds.supervisor, supervisorB)];
      const cal = await ok(await as('post', '/api/qa/calibrations', { callExternalId: pick(scope, base.callA, base.callB), formVersionId: form.versionId, evaluatorIds }), 'calibration');
      if (state !== 'open') {
        const answers = { answers: [{ itemId: form.itemId, value: true }] };
        await ok(await as('post', `/api/qa/calibrations/${cal.id}/evaluations`, answers), 'admin calibration score');
        await ok(await as('post', `/api/qa/calibrations/${cal.id}/evaluations`, answers, pick(scope, supervisorToken, supervisorBToken)), 'supervisor calibration score');
      }
      if (state === 'closed') await ok(await as('post', `/api/qa/calibrations/${cal.id}/close`), 'close calibration');
      return cal.id;
    },
    async coachingNote(scope) {
      return (await ok(await as('post', '/api/coaching-notes', { agentId: pick(scope, base.agentA, base.agentB), text: unique('Note') }), 'coaching note')).id;
    },
    async spareApiKey() {
      return (await ok(await as('post', '/api/api-keys', { name: unique('Spare key'), scope: 'ingest' }), 'api key')).id;
    },
    async schedule(scope) {
      const body = { kind: 'weekly', teamId: pick(scope, base.teamA, base.teamB), recipients: ['hr@matrix.test'], dayOfWeek: 1, time: '07:00' };
      return (await ok(await as('post', '/api/schedules', body), 'schedule')).id;
    },
    async notification(scope, who) {
      const owner = scope === 'own' && who !== 'anonymous' ? base.userIds[who] : base.userIds[who === 'hr' ? 'admin' : 'hr'];
      const [row] = await t.db.query(`INSERT INTO notifications (user_id, kind, params) VALUES ($1, 'coaching.note', '{}') RETURNING id`, [owner]);
      return Number(row.id);
    },
  };
  return fx;
}

describe('authorization matrix', () => {
  let t: TestApp;
  let fx: Fixture;
  const tokens: Partial<Record<Who, string>> = {};
  const keys: Partial<Record<KeyWho, string>> = {};

  beforeAll(async () => {
    t = await createTestApp();
    const base = await seed(t);
    tokens.admin = await t.userToken('admin', { email: base.emails.admin });
    tokens.hr = await t.userToken('hr', { email: base.emails.hr });
    tokens.supervisor = await t.userToken('supervisor', { email: base.emails.supervisor, teamIds: [base.teamA] });
    tokens.agent = await t.userToken('agent', { email: base.emails.agent, agentId: base.agentA });
    for (const row of await t.db.query(`SELECT id, email FROM users`)) {
      const who = (Object.keys(base.emails) as (keyof Fixture['emails'])[]).find((k) => base.emails[k] === row.email);
      if (who) base.userIds[who] = row.id;
    }
    fx = await completeFixture(t, base, tokens.admin, tokens.supervisor);
    const key = async (body: object) => {
      const res = await t.http().post('/api/api-keys').set('Authorization', `Bearer ${tokens.admin}`).send(body);
      if (res.status !== 201) throw new Error(`fixture key: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body as { id: number; key: string };
    };
    keys.ingestKey = (await key({ name: 'Matrix ingest', scope: 'ingest' })).key;
    keys.readKey = (await key({ name: 'Matrix read', scope: 'read' })).key;
    keys.teamReadKey = (await key({ name: 'Matrix read team A', scope: 'read', teamIds: [base.teamA] })).key;
    const revoked = await key({ name: 'Matrix revoked', scope: 'read' });
    await t.http().delete(`/api/api-keys/${revoked.id}`).set('Authorization', `Bearer ${tokens.admin}`);
    keys.revokedKey = revoked.key;
    const expired = await key({ name: 'Matrix expired', scope: 'ingest', expiresAt: new Date(Date.now() + 60_000).toISOString() });
    await t.db.query(`UPDATE api_keys SET expires_at = now() - interval '1 minute' WHERE id = $1`, [expired.id]);
    keys.expiredKey = expired.key;
  });
  afterAll(() => t.close());

  it('has an entry for every route the app serves, and none for routes it does not', () => {
    const routes = routesOf(t);
    expect(routes.length).toBeGreaterThan(20);
    expect(routes.filter((r) => !matrix[r])).toEqual([]);
    expect(Object.keys(matrix).filter((r) => !routes.includes(r))).toEqual([]);
  });

  it('answers every route × caller × scope with the expected status, every 4xx with a stable code', async () => {
    const mismatches: string[] = [];
    for (const route of routesOf(t).filter((r) => matrix[r])) {
      const entry = matrix[route];
      const method = route.split(' ')[0].toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete';
      for (const who of whos) {
        for (const scope of ['own', 'other'] as const) {
          const expected = entry.expect[who];
          const want = Array.isArray(expected) ? expected[scope === 'own' ? 0 : 1] : expected;
          const { path, body, upload } = await entry.call(fx, scope, who);
          let req = t.http()[method](path);
          if (who !== 'anonymous') {
            const token = entry.freshSession ? await t.login(fx.emails[who], TEST_PASSWORD) : tokens[who]!;
            req = req.set('Authorization', `Bearer ${token}`);
          }
          if (upload) {
            for (const [k, v] of Object.entries(upload.fields)) req = req.field(k, v);
            req = req.attach('file', Buffer.from(upload.file), upload.fileName);
          }
          const res = body === undefined ? await req : await req.send(body as object);
          if (res.status !== want) mismatches.push(`${route} as ${who} (${scope}): expected ${want}, got ${res.status} ${JSON.stringify(res.body?.message ?? '')}`);
          if (res.status >= 400 && res.status < 500 && !(typeof res.body?.code === 'string' && /^[a-z][a-z_]*$/.test(res.body.code))) {
            mismatches.push(`${route} as ${who} (${scope}): ${res.status} without a stable error code (body ${JSON.stringify(res.body)})`);
          }
        }
      }
    }
    expect(mismatches).toEqual([]);
  }, 180_000);

  it('answers every route × API key (ingest, read, read for one team, revoked, expired) with the expected status', async () => {
    const mismatches: string[] = [];
    for (const route of routesOf(t).filter((r) => matrix[r])) {
      const entry = matrix[route];
      const method = route.split(' ')[0].toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete';
      for (const key of keyWhos) {
        // Refused keys never reach the data: one scope is enough for them.
        const scopes = key === 'revokedKey' || key === 'expiredKey' ? (['own'] as const) : (['own', 'other'] as const);
        for (const scope of scopes) {
          const expected = keyExpectation(route, entry, key);
          const want = Array.isArray(expected) ? expected[scope === 'own' ? 0 : 1] : expected;
          const { path, body, upload } = await entry.call(fx, scope, keyActsAs[key]);
          let req = t.http()[method](path).set('Authorization', `Bearer ${keys[key]}`);
          if (upload) {
            for (const [k, v] of Object.entries(upload.fields)) req = req.field(k, v);
            req = req.attach('file', Buffer.from(upload.file), upload.fileName);
          }
          const res = body === undefined ? await req : await req.send(body as object);
          if (res.status !== want) mismatches.push(`${route} as ${key} (${scope}): expected ${want}, got ${res.status} ${JSON.stringify(res.body?.message ?? '')}`);
        }
      }
    }
    expect(mismatches).toEqual([]);
  }, 240_000);
});
