import type { MetricValue } from '../../../server/modules/kpi/kpi.types';
import { AgentReviewData, autoqaBelowTeamRule, DEFAULT_REVIEW_RULES, Figures, forbiddenPhraseRule, ReviewInput } from '../../../server/modules/review/domain/attention-rules';
import { reasonText } from '../../../server/modules/review/domain/review-text';

const fig = (num: number, den: number): MetricValue => ({ value: den ? num / den : null, num, den, n: den, lowSample: false, target: null, status: null });
const WEEKS = ['2026-W41', '2026-W42', '2026-W43', '2026-W44'];
const agent = (byWeek: Record<string, Figures>, autoqa?: AgentReviewData['autoqa']): AgentReviewData => ({
  agent: { id: 1, code: 'GZ1003', name: '张磊' },
  byWeek,
  aht: {},
  evaluations: [],
  openDisputes: [],
  calls: { longest: [], lowestCsat: [], detractors: [], unresolved: [], escalated: [], transferred: [] },
  autoqa,
});
const input = (a: AgentReviewData, teamByWeek: Record<string, Figures> = {}): ReviewInput => ({ weeks: WEEKS, agents: [a], rules: DEFAULT_REVIEW_RULES, minSample: { calls: 20, surveys: 10, nps: 30, qa: 4 }, teamByWeek });

describe('forbidden phrase used this week', () => {
  const use = (callId: number, seq: number, text: string, start: number, end: number) => ({ callId, externalId: `C-${callId}`, seq, text, start, end });

  it('fires on any use, critical weight, naming calls by external id with the turns as evidence', () => {
    const a = agent({}, { forbidden: [use(7, 3, '这个我不知道，不关我的事。', 2, 6), use(7, 5, '没办法', 0, 3), use(9, 2, '我唔知呀', 0, 3)], lowestScored: [] });
    const r = forbiddenPhraseRule(a, input(a))!;
    expect(r).toMatchObject({ rule: 'forbidden_phrase', weight: 5, evidence: { callIds: [7, 9], metrics: { calls: 2, uses: 3 } } });
    expect(r.evidence.turns!.map((t) => t.externalId)).toEqual(['C-7', 'C-7', 'C-9']);
    expect(reasonText(r, 'en')).toBe('Forbidden phrase used in 2 contacts this week: “我不知道”, “没办法”, “我唔知”');
    expect(reasonText(r, 'zh-CN')).toBe('本周 2 通联络使用了禁用语：“我不知道”、“没办法”、“我唔知”');
  });

  it('is silent without a use', () => {
    expect(forbiddenPhraseRule(agent({}), input(agent({})))).toBeNull();
    expect(forbiddenPhraseRule(agent({}, { forbidden: [], lowestScored: [] }), input(agent({})))).toBeNull();
  });
});

describe('AutoQA score below the team over 4 weeks', () => {
  // The agent: 4 weeks of 6 scored contacts each (24), 60 points on average; the team 80.
  const mine = Object.fromEntries(WEEKS.map((w) => [w, { autoqa_score: fig(360, 6) }]));
  const team = Object.fromEntries(WEEKS.map((w) => [w, { autoqa_score: fig(8000, 100) }]));

  it('fires 5 points or more below the team with at least 20 scored contacts, as one ratio of sums', () => {
    const a = agent(mine, { forbidden: [], lowestScored: [4, 5] });
    const r = autoqaBelowTeamRule(a, input(a, team))!;
    expect(r).toMatchObject({ rule: 'autoqa_below_team_4w', metric: 'autoqa_score', weight: 2, evidence: { callIds: [4, 5], metrics: { autoqa_score: 60, num: 1440, den: 24, team: 80, weeks: 4 } } });
    // Scores read as the shared formatter shows them (one decimal).
    expect(reasonText(r, 'en')).toBe('AutoQA score 60.0 over 4 weeks vs team 80.0 (24 scored contacts)');
    expect(reasonText(r, 'zh-CN')).toBe('近 4 周自动质检得分 60.0，低于团队 80.0（24 通已评分）');
  });

  it('needs enough contacts and a real gap', () => {
    const few = Object.fromEntries(WEEKS.map((w) => [w, { autoqa_score: fig(300, 5) }])); // 20 contacts, 60 points
    expect(autoqaBelowTeamRule(agent(few), input(agent(few), team))).not.toBeNull();
    const fewer = { ...few, [WEEKS[0]]: { autoqa_score: fig(240, 4) } }; // 19 contacts
    expect(autoqaBelowTeamRule(agent(fewer), input(agent(fewer), team))).toBeNull();
    const close = Object.fromEntries(WEEKS.map((w) => [w, { autoqa_score: fig(453, 6) }])); // 75.5: 4.5 below
    expect(autoqaBelowTeamRule(agent(close), input(agent(close), team))).toBeNull();
    expect(autoqaBelowTeamRule(agent(mine), input(agent(mine), {}))).toBeNull();
  });
});
