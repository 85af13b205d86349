import type { AgreementRow, RuleSet } from '../../../web/src/features/autoqa/api/autoqa-types';
import type { CallDetail } from '../../../web/src/features/calls/api/call-types';

const markup = 'Try <img src=x onerror=alert(1)> and <b>bold</b>';
const greetingTurn = '您好，这里是客服中心，请问有什么可以帮您？';
const forbiddenTurn = '这不是我的责任，没办法';

/** A call as `GET /api/calls/:externalId` answers it (docs/api.md), with a markup turn and overlapping evidence. */
export function callFixture(over: Partial<CallDetail> = {}): CallDetail {
  return {
    id: 501,
    externalId: 'GZ-2026-0042',
    startedAt: '2026-11-18T02:15:00Z',
    channel: 'phone',
    direction: 'inbound',
    queue: 'billing',
    agent: { id: 11, code: 'A011', name: 'Li Na' },
    team: { id: 1, name: 'Mandarin Hotline' },
    answered: true,
    queueWaitS: 42,
    talkS: 305,
    holdS: 0,
    acwS: 61,
    resolved: null,
    escalated: false,
    transferred: true,
    complaintLevel: '2',
    topic: 'billing',
    recordingUrl: 'https://pbx.example.com/rec/42.wav',
    survey: { csat: 2, nps: 3, comment: '<script>alert("x")</script> slow' },
    transcript: [
      { seq: 0, offsetS: 0, speaker: 'system', text: 'IVR: 转人工' },
      { seq: 1, offsetS: 3, speaker: 'agent', text: greetingTurn },
      { seq: 2, offsetS: 9, speaker: 'customer', text: markup },
      { seq: 3, offsetS: 75.4, speaker: 'agent', text: forbiddenTurn },
    ],
    autoqa: {
      ruleSetVersion: 3,
      score: 0,
      autoFail: true,
      findings: [
        { rule: 'greeting', outcome: 'pass', overruled: false, originalOutcome: 'pass', overrule: null, formItemId: 101, evidence: [{ seq: 1, text: greetingTurn, start: 0, end: 2 }] },
        {
          rule: 'forbidden_phrases',
          outcome: 'fail',
          overruled: false,
          originalOutcome: 'fail',
          overrule: null,
          formItemId: 110,
          evidence: [
            { seq: 3, text: forbiddenTurn, start: 0, end: 7 },
            { seq: 3, text: forbiddenTurn, start: 8, end: 11 },
          ],
        },
        { rule: 'closing', outcome: 'fail', overruled: true, originalOutcome: 'pass', overrule: { outcome: 'fail', reason: 'Hung up first', by: { id: 3, name: 'Wang Fang' }, at: '2026-11-19T01:00:00Z' }, formItemId: 120, evidence: [] },
        { rule: 'empathy_in_complaint', outcome: 'na', overruled: false, originalOutcome: 'na', overrule: null, formItemId: 107, evidence: [] },
      ],
    },
    evaluations: [{ id: 31, status: 'submitted', score: 72.5 }],
    complaints: [{ externalId: 'CP-9', level: '2', status: 'open' }],
    can: { overrule: true },
    ...over,
  };
}

export const ruleSetFixture: RuleSet = {
  id: 3,
  version: 3,
  createdAt: '2026-11-01T00:00:00Z',
  createdBy: null,
  formVersionId: 4,
  figuresVersion: 3,
  rescoring: false,
  rules: [
    { key: 'greeting', kind: 'required', phrases: ['您好', 'hello'], where: 'first', turns: 2, weight: 5, critical: false, channels: null, formItem: '0.0', formItemId: 101, formItemText: 'Standard greeting' },
    { key: 'forbidden_phrases', kind: 'forbidden', phrases: ['这不是我的责任', '没办法'], weight: 10, critical: true, channels: null, formItem: '3.0', formItemId: 110, formItemText: 'No forbidden phrases' },
    { key: 'first_response', kind: 'response_time', seconds: 60, weight: 10, critical: false, channels: ['chat', 'wechat'], formItem: null, formItemId: null, formItemText: null },
  ],
};

export const agreementFixture: AgreementRow[] = [
  { rule: 'greeting', formItem: '0.0', n: 120, agreement: 0.95, kappa: 0.81 },
  { rule: 'closing', formItem: '4.0', n: 12, agreement: 1, kappa: null },
  { rule: 'forbidden_phrases', formItem: '3.0', n: 80, agreement: 0.7, kappa: 0.41 },
];
