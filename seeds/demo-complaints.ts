import type { QueryRunner } from 'typeorm';
import { DEFAULT_COMPLAINT_DEADLINES, type ComplaintLevel } from '../server/modules/complaints/domain/complaint-clock';
import { cumulate, DemoRandom, pickCumulative } from './demo-random';
import type { Roster } from './demo-roster';

/**
 * Complaint cases of the demo (issue 18), drawn from its answered calls that carry a complaint
 * level: about 3 per 1,000 handled for most agents, about 15 times as often for the struggling
 * ones. Across the four grades; most answered and resolved in time, some late, and the cases of
 * the last days partly still open, so some are overdue whenever the demo is opened. Each
 * struggling agent has an unanswered level 3 case from over a week ago and an unanswered urgent
 * one from the last days: the weekly review and the overdue queue show them.
 * Deterministic: calls are chosen by a hash of their id, everything else by a seeded stream.
 */

/** Per 10,000 calls with a complaint level: ~3.5% of them become a case (~15x for struggling agents). */
const PICK_PER_10K = { usual: 350, struggling: 5300 };
const LEVELS: ComplaintLevel[] = ['1', '2', '3', 'urgent'];
const LEVEL_CUM = cumulate([0.55, 0.28, 0.12, 0.05]);
const CATEGORIES = ['服务态度', '产品质量', '物流', '计费', '系统故障'];

export interface DemoComplaint {
  externalId: string;
  callId: number;
  agentId: number;
  level: ComplaintLevel;
  openedAt: Date;
  firstResponseAt: Date | null;
  resolvedAt: Date | null;
  category: string;
}

interface Candidate {
  id: number;
  started_at: Date;
  agent_id: number;
  struggling: boolean;
}

/** Builds the cases of the chosen calls (pure apart from the seeded stream); `endMs` is the end of the demo period. */
export function generateComplaints(calls: Candidate[], r: DemoRandom, endMs: number): DemoComplaint[] {
  const out: DemoComplaint[] = [];
  for (const c of calls) {
    const level = LEVELS[pickCumulative(LEVEL_CUM, r)];
    // Received a little after the call ended.
    const openedAt = new Date(c.started_at.getTime() + r.int(5, 240) * 60_000);
    const respond = DEFAULT_COMPLAINT_DEADLINES.response[level] * 1000;
    const resolve = DEFAULT_COMPLAINT_DEADLINES.resolution[level] * 1000;
    const lateness = c.struggling ? 0.3 : 0.1;
    const responseMs = r.chance(lateness) ? respond * (1.2 + 3 * r.next()) : respond * (0.1 + 0.85 * r.next());
    const resolutionMs = r.chance(lateness + 0.05) ? resolve * (1.05 + r.next()) : resolve * (0.2 + 0.75 * r.next());
    // The last days of the period: many cases are still being worked on.
    const recent = endMs - openedAt.getTime() < 4 * 86_400_000;
    const answered = !recent || r.chance(0.85);
    const resolved = answered && (!recent || r.chance(0.45));
    out.push({
      externalId: `TS-${c.id}`,
      callId: c.id,
      agentId: c.agent_id,
      level,
      openedAt,
      firstResponseAt: answered ? new Date(openedAt.getTime() + Math.round(responseMs / 1000) * 1000) : null,
      resolvedAt: resolved ? new Date(openedAt.getTime() + Math.max(Math.round(resolutionMs / 1000) * 1000, responseMs)) : null,
      category: r.pick(CATEGORIES),
    });
  }
  // Each struggling agent: the latest case opened more than 8 days before the end becomes an unanswered level 3
  // (in any "last 4 weeks" range, overdue whenever the demo is opened), the very latest an unanswered urgent one.
  const strugglingCalls = new Set(calls.filter((c) => c.struggling).map((c) => c.id));
  const latest = new Map<number, DemoComplaint>();
  const latestOlder = new Map<number, DemoComplaint>();
  for (const c of out) {
    if (!strugglingCalls.has(c.callId)) continue;
    const cur = latest.get(c.agentId);
    if (!cur || c.openedAt > cur.openedAt) latest.set(c.agentId, c);
    if (endMs - c.openedAt.getTime() > 8 * 86_400_000) {
      const older = latestOlder.get(c.agentId);
      if (!older || c.openedAt > older.openedAt) latestOlder.set(c.agentId, c);
    }
  }
  for (const [level, cases] of [['3', latestOlder], ['urgent', latest]] as const) {
    for (const c of cases.values()) {
      c.level = level;
      c.firstResponseAt = null;
      c.resolvedAt = null;
    }
  }
  return out;
}

/** Chooses the demo's complaint calls (ids from `firstCallId` on) and stores their cases; returns how many. */
export async function insertDemoComplaints(qr: QueryRunner, roster: Roster, agentIds: number[], firstCallId: number, seed: number, endMs: number): Promise<number> {
  const struggling = roster.agents.filter((a) => a.story?.startsWith('struggling')).map((a) => agentIds[a.index]);
  // A multiplicative hash of the id picks the calls: the same calls for the same demo, in SQL, without reading every call.
  const rows: Candidate[] = await qr.query(
    `SELECT id::int AS id, started_at, agent_id, agent_id = ANY($2::int[]) AS struggling FROM calls
      WHERE id >= $1 AND answered AND direction = 'inbound' AND complaint_level <> 'none' AND agent_id IS NOT NULL
        AND (id * 2654435761) % 10000 < CASE WHEN agent_id = ANY($2::int[]) THEN $3::int ELSE $4::int END
      ORDER BY id`,
    [firstCallId, struggling, PICK_PER_10K.struggling, PICK_PER_10K.usual],
  );
  const cases = generateComplaints(rows, new DemoRandom(seed ^ 0x18), endMs);
  if (!cases.length) return 0;
  const iso = (d: Date | null) => (d ? d.toISOString() : null);
  await qr.query(
    `INSERT INTO complaints (external_id, call_id, agent_id, level, opened_at, first_response_at, resolved_at, category)
     SELECT * FROM unnest($1::text[], $2::bigint[], $3::int[], $4::text[], $5::timestamptz[], $6::timestamptz[], $7::timestamptz[], $8::text[])`,
    [
      cases.map((c) => c.externalId),
      cases.map((c) => c.callId),
      cases.map((c) => c.agentId),
      cases.map((c) => c.level),
      cases.map((c) => iso(c.openedAt)),
      cases.map((c) => iso(c.firstResponseAt)),
      cases.map((c) => iso(c.resolvedAt)),
      cases.map((c) => c.category),
    ],
  );
  return cases.length;
}
