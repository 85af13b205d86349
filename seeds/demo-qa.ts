import { Answer, AnswerValue, ScoringItem, scoreEvaluation } from '../server/modules/qa/domain/score-evaluation';
import type { QaCandidate } from './demo-calls';
import { clamp, DAY_MS, DemoRandom } from './demo-random';
import type { RosterAgent } from './demo-roster';

export type EvaluationStatus = 'draft' | 'submitted' | 'acknowledged' | 'disputed' | 'resolved';

export interface EvaluationRow {
  id: number;
  agentIndex: number;
  callId: number;
  callExternalId: string;
  /** the team whose supervisor evaluates */
  team: number;
  status: EvaluationStatus;
  score: number;
  autoFail: boolean;
  comment: string | null;
  createdMs: number;
  submittedMs: number | null;
  acknowledgedMs: number | null;
  disputedMs: number | null;
  disputeReason: string | null;
  resolvedMs: number | null;
  resolutionNote: string | null;
}

export interface AnswerRow {
  evaluationId: number;
  itemId: number;
  value: AnswerValue;
  earned: number;
  possible: number;
}

const GOOD = ['整体规范，开场和结束语标准，继续保持。', '信息准确完整，客户情绪安抚到位。', '语速适中，复述确认到位，很好。'];
const FAIR = ['复述确认环节不够完整，注意核对号码和地址。', '等待时未按规范每30秒更新，请注意保持礼仪。', '结束语不完整，请使用标准结束语。', '回答中出现“大概”“可能”，请加强业务知识。'];
const IDENTITY_FAIL = '未核实客户身份即讨论账户信息，属关键项失误，请重新学习身份验证流程。';
const PHRASE_FAIL = '出现禁用语（“我们做不到”），关键项不合格，需立即纠正。';
const DISPUTES = ['客户已在之前的通话中验证过身份，系统记录可查。', '当时系统故障导致等待时间过长，非本人原因。', '该通话为转接来电，开场白由上一位同事完成。', '客户主动挂断，无法进行标准结束语。'];
const RESOLUTIONS = ['复核录音后维持原评分，已与坐席沟通。', '复核后确认评分无误，结案。'];

/**
 * Evaluations of sampled calls for one week: answers drawn from the agent's QA skill, the
 * score computed only by `scoreEvaluation`. Statuses follow age: recent ones wait for the
 * agent, older ones were mostly acknowledged, some disputed and a few resolved.
 */
export function generateEvaluations(input: {
  candidates: Map<number, QaCandidate[]>;
  agents: readonly RosterAgent[];
  items: readonly ScoringItem[];
  perAgentPerWeek: number;
  endMs: number;
  firstId: number;
  teamAt: (agent: RosterAgent, localMs: number) => number;
  r: DemoRandom;
}): { evaluations: EvaluationRow[]; answers: AnswerRow[] } {
  const { r, items } = input;
  const evaluations: EvaluationRow[] = [];
  const answers: AnswerRow[] = [];
  let id = input.firstId;
  const agentIndexes = [...input.candidates.keys()].sort((a, b) => a - b);
  for (const agentIndex of agentIndexes) {
    const agent = input.agents[agentIndex];
    const pool = input.candidates.get(agentIndex) ?? [];
    const wanted = Math.min(pool.length, Math.floor(input.perAgentPerWeek) + (r.chance(input.perAgentPerWeek % 1) ? 1 : 0));
    for (const call of pool.slice(0, wanted)) {
      const values = answerItems(items, agent, call, r);
      const result = scoreEvaluation(items, values);
      const evaluationId = id++;
      result.items.forEach((s, i) => answers.push({ evaluationId, itemId: s.itemId, value: values[i].value, earned: s.earned, possible: s.possible }));
      evaluations.push({ id: evaluationId, agentIndex, callId: call.callId, callExternalId: call.externalId, ...lifecycle(call, result.score, result.autoFail, values, items, input.endMs, r), team: 0 });
      const row = evaluations[evaluations.length - 1];
      row.team = input.teamAt(agent, row.submittedMs ?? row.createdMs);
    }
  }
  return { evaluations, answers };
}

function answerItems(items: readonly ScoringItem[], agent: RosterAgent, call: QaCandidate, r: DemoRandom): Answer[] {
  const quality = clamp(agent.traits.qaSkill + 0.05 * r.normal(), 0.3, 1);
  // Two critical items in the default form: split the agent's auto-fail rate over them.
  const criticalCount = Math.max(1, items.filter((i) => i.critical).length);
  const failCritical = 1 - Math.pow(1 - agent.traits.autoFailRate, 1 / criticalCount);
  return items.map((item) => {
    let value: AnswerValue;
    if (item.naAllowed && notApplicable(item, call, r)) value = 'na';
    else if (item.kind === 'yes_no') value = item.critical ? !r.chance(failCritical) : r.chance(quality);
    else {
      const max = item.max ?? 5;
      const scaled = Math.round(clamp(max * (quality + 0.12 * r.normal()), 0, max));
      value = item.critical ? (r.chance(failCritical) ? 0 : Math.max(1, scaled)) : scaled;
    }
    return { itemId: item.id, value };
  });
}

/** N/A where the item could not happen on this call: no hold, no complaint, or at random. */
function notApplicable(item: ScoringItem, call: QaCandidate, r: DemoRandom): boolean {
  if (/hold/i.test(item.text)) return !call.hadHold;
  if (/complaint/i.test(item.text)) return !call.complaint && r.chance(0.85);
  return r.chance(0.25);
}

function lifecycle(call: QaCandidate, score: number, autoFail: boolean, values: Answer[], items: readonly ScoringItem[], endMs: number, r: DemoRandom) {
  const latest = endMs - 30 * 60_000;
  const submittedMs = Math.min(latest, call.endMs + r.int(2, 96) * 3600_000 + r.int(0, 3599) * 1000);
  const ageDays = (endMs - submittedMs) / DAY_MS;
  const comment = evaluatorComment(score, autoFail, values, items, r);
  const base = { score, autoFail, comment, createdMs: Math.max(call.endMs, submittedMs - r.int(5, 40) * 60_000), acknowledgedMs: null, disputedMs: null, disputeReason: null, resolvedMs: null, resolutionNote: null };
  if (ageDays < 3 && r.chance(0.12)) return { ...base, status: 'draft' as const, submittedMs: null };
  if (ageDays < 2) return { ...base, status: 'submitted' as const, submittedMs };
  const disputeChance = autoFail ? 0.35 : score < 75 ? 0.15 : 0.02;
  const after = (fromMs: number, maxHours: number) => Math.min(latest, fromMs + r.int(1, maxHours) * 3600_000 + r.int(0, 3599) * 1000);
  if (r.chance(disputeChance)) {
    const disputedMs = after(submittedMs, 40);
    const reason = r.pick(DISPUTES);
    // Supervisors settle disputes within about two weeks: only recent ones are still open.
    if (ageDays > 14 || (ageDays > 7 && r.chance(0.7))) {
      return { ...base, status: 'resolved' as const, submittedMs, disputedMs, disputeReason: reason, resolvedMs: after(disputedMs, 72), resolutionNote: r.pick(RESOLUTIONS) };
    }
    return { ...base, status: 'disputed' as const, submittedMs, disputedMs, disputeReason: reason };
  }
  if (r.chance(ageDays > 14 ? 0.93 : 0.7)) return { ...base, status: 'acknowledged' as const, submittedMs, acknowledgedMs: after(submittedMs, 48) };
  return { ...base, status: 'submitted' as const, submittedMs };
}

function evaluatorComment(score: number, autoFail: boolean, values: Answer[], items: readonly ScoringItem[], r: DemoRandom): string | null {
  if (autoFail) {
    const failed = items.find((item, i) => item.critical && (values[i].value === false || values[i].value === 0));
    return failed && /identity/i.test(failed.text) ? IDENTITY_FAIL : PHRASE_FAIL;
  }
  if (!r.chance(0.35)) return null;
  return r.pick(score >= 90 ? GOOD : FAIR);
}
