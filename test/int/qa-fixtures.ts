import { ensureDefaultQaForm } from '../../seeds/default-qa-form';
import type { TestApp } from './support/test-app';

export interface QaWorld {
  teamA: number;
  teamB: number;
  /** agents by code: A1, A2, A3 in team A, B1 in team B */
  agents: Record<string, number>;
  tokens: { admin: string; supA: string; supB: string; hr: string; agentA1: string; agentA2: string; agentA3: string };
  /** the default form and its current version's items in form order */
  defaultForm: { id: number; versionId: number; itemIds: number[] };
}

/** Two teams, four agents, a login per role and the default form (as every install has it). */
export async function qaWorld(t: TestApp): Promise<QaWorld> {
  const [site] = await t.db.query(`INSERT INTO sites (name) VALUES ('Guangzhou') RETURNING id`);
  const [a] = await t.db.query(`INSERT INTO teams (name, site_id) VALUES ('Mandarin A', $1) RETURNING id`, [site.id]);
  const [b] = await t.db.query(`INSERT INTO teams (name, site_id) VALUES ('Cantonese B', $1) RETURNING id`, [site.id]);
  const agents: Record<string, number> = {};
  for (const [code, team] of [
    ['A1', a.id],
    ['A2', a.id],
    ['A3', a.id],
    ['B1', b.id],
  ] as const) {
    const [row] = await t.db.query(`INSERT INTO agents (code, name) VALUES ($1, $2) RETURNING id`, [code, `坐席 ${code}`]);
    await t.db.query(`INSERT INTO agent_team_memberships (agent_id, team_id, valid_from) VALUES ($1, $2, NULL)`, [row.id, team]);
    agents[code] = row.id;
  }
  const tokens = {
    admin: await t.userToken('admin'),
    supA: await t.userToken('supervisor', { teamIds: [a.id] }),
    supB: await t.userToken('supervisor', { teamIds: [b.id] }),
    hr: await t.userToken('hr'),
    agentA1: await t.userToken('agent', { agentId: agents.A1 }),
    agentA2: await t.userToken('agent', { agentId: agents.A2 }),
    agentA3: await t.userToken('agent', { agentId: agents.A3 }),
  };
  await ensureDefaultQaForm(t.db);
  const forms = await t.http().get('/api/qa/forms').set('Authorization', `Bearer ${tokens.admin}`);
  const form = forms.body[0];
  return {
    teamA: a.id,
    teamB: b.id,
    agents,
    tokens,
    defaultForm: { id: form.id, versionId: form.currentVersion.id, itemIds: form.currentVersion.sections.flatMap((s: { items: { id: number }[] }) => s.items.map((i) => i.id)) },
  };
}

export const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

/** Answers in item order for the given item ids. */
export const answers = (itemIds: number[], values: (boolean | number | 'na')[]) => values.map((value, i) => ({ itemId: itemIds[i], value }));

/**
 * On the default form (weights 5,5,10c | 10s,10 | 15s,10na,10na,5na | 10c,5s | 5 | 5):
 * earned 5+5+10+8+10+9+10+10+5+5+5 = 82 of 105-10-5 = 90 -> 100 x 82 / 90 = 91.111…
 */
export const GOOD_CALL: (boolean | number | 'na')[] = [true, true, true, 4, true, 3, 'na', true, 'na', true, 5, true, true];
export const GOOD_CALL_SCORE = 91.11111111111111;
