import type { MetricValue } from '../../../server/modules/kpi/kpi.types';
import {
  AgentReviewData,
  complaintOverdueRule,
  complaintRateRule,
  DEFAULT_REVIEW_RULES,
  Figures,
  ReviewInput,
  reviewAgents,
} from '../../../server/modules/review/domain/attention-rules';
import { formatElapsed } from '../../../server/modules/kpi/domain/kpi-format';
import { reasonText } from '../../../server/modules/review/domain/review-text';

const MIN = { calls: 20, surveys: 10, nps: 30, qa: 4, complaints: 5 };
const THIS = '2026-W45';
const emptyCalls = { longest: [], lowestCsat: [], detractors: [], unresolved: [], escalated: [], transferred: [] };
/** complaint_rate as the KPI engine gives it: value = 1,000 × num / den. */
const rate = (num: number, den: number): MetricValue => ({ value: (1000 * num) / den, num, den, n: den, lowSample: false, target: null, status: null });
const agent = (id: number, byWeek: Record<string, Figures> = {}, more: Partial<AgentReviewData> = {}): AgentReviewData => ({
  agent: { id, code: `A${id}`, name: `Agent ${id}` }, byWeek, aht: {}, evaluations: [], openDisputes: [], calls: emptyCalls, ...more,
});
const input = (agents: AgentReviewData[], team?: MetricValue): ReviewInput => ({
  weeks: ['2026-W44', THIS], agents, rules: DEFAULT_REVIEW_RULES, minSample: MIN, teamByWeek: team ? { [THIS]: { complaint_rate: team } } : undefined,
});

describe('overdue complaints', () => {
  it.each<[Array<'1' | '2' | '3' | 'urgent'>, number]>([
    // levels, weight (5 alone makes the attention entry high priority)
    [['1'], 2],
    [['2', '1'], 2],
    [['3'], 5],
    [['urgent', '1'], 5],
  ])('cases of level %j weigh %i', (levels, weight) => {
    const d = agent(1, {}, { overdueComplaints: levels.map((level, i) => ({ externalId: `K${i}`, level, overdueBy: 600 * (i + 1), callId: 100 + i })) });
    const r = complaintOverdueRule(d, input([d]));
    expect(r).toMatchObject({ rule: 'complaint_overdue', weight });
    expect(r!.evidence.callIds).toEqual(levels.map((_, i) => 100 + levels.length - 1 - i)); // most overdue first
  });

  it('no overdue case, no reason; a level 3 case alone puts the agent in high priority (severity ≥ 5)', () => {
    expect(complaintOverdueRule(agent(1), input([agent(1)]))).toBeNull();
    const d = agent(2, {}, { overdueComplaints: [{ externalId: 'K9', level: '3', overdueBy: 5400, callId: null }] });
    const out = reviewAgents(input([d]));
    expect(out.attention.map((a) => [a.agent.id, a.severity])).toEqual([[2, 5]]);
    expect(reasonText(out.attention[0].reasons[0], 'en')).toBe('1 complaint overdue (1 level 3 or urgent): K9 (level 3, over by 1 h 30 min)');
    expect(reasonText(out.attention[0].reasons[0], 'zh-CN')).toBe('1 件投诉已超时未处理，其中 1 件为三级或紧急投诉：K9（三级，超时 1 小时 30 分钟）');
  });

  it.each([
    [0, '0 s', '0 秒'],
    [59, '59 s', '59 秒'],
    [60, '1 min', '1 分钟'],
    [61, '1 min 1 s', '1 分钟 1 秒'],
    [7199, '1 h 59 min', '1 小时 59 分钟'],
    [7200, '2 h', '2 小时'],
    [86_400 + 59, '1 d', '1 天'],
    [2 * 86_400 + 3 * 3600 + 59, '2 d 3 h', '2 天 3 小时'],
  ])('%i s past a deadline reads "%s" / "%s" (the shared formatter)', (s, en, zh) => {
    expect(formatElapsed(s, 'en')).toBe(en);
    expect(formatElapsed(s, 'zh-CN')).toBe(zh);
  });
});

describe('complaint rate above the team with enough contacts', () => {
  const team = rate(10, 4000); // 2.5 per 1,000
  it.each([
    // num, den, fires — minimum 100 handled and 2 complaints
    [2, 100, true], // 20 per 1,000
    [1, 100, false], // one complaint is not a pattern
    [2, 99, false], // too few contacts
    [2, 1000, false], // 2.0 ≤ 2.5: not above the team
    [3, 1000, true], // 3.0 > 2.5
  ])('%i complaints over %i handled: %s', (num, den, fires) => {
    const d = agent(1, { [THIS]: { complaint_rate: rate(num, den) } });
    const r = complaintRateRule(d, input([d], team));
    expect(r !== null).toBe(fires);
    if (r) {
      expect(r.evidence.metrics).toEqual({ complaint_rate: (1000 * num) / den, num, den, team: 2.5, teamNum: 10, teamDen: 4000 });
      expect(reasonText(r, 'en')).toBe(`Complaint rate ${((1000 * num) / den).toFixed(2)}‰ per 1,000 handled this week (${num} of ${den}) vs team 2.50‰`);
    }
  });

  it('without the team figure the rule stays silent', () => {
    const d = agent(1, { [THIS]: { complaint_rate: rate(5, 200) } });
    expect(complaintRateRule(d, input([d]))).toBeNull();
  });
});
