import { Channel, Roster, RosterAgent, TeamProfile } from './demo-roster';
import { addDays, clamp, cumulate, DAY_MS, DemoRandom, hash32, pickCumulative, toLocalDate } from './demo-random';

export interface CallRow {
  id: number;
  externalId: string;
  /** local wall-clock ms (see demo-random) */
  startMs: number;
  channel: Channel;
  direction: 'inbound' | 'outbound';
  queue: string;
  agentIndex: number | null;
  customerId: string | null;
  answered: boolean;
  queueWaitS: number | null;
  talkS: number | null;
  holdS: number | null;
  acwS: number | null;
  resolved: boolean | null;
  escalated: boolean;
  transferred: boolean;
  topic: string | null;
  complaintLevel: 'none' | '1' | '2' | '3' | 'urgent';
}

export interface SurveyRow {
  callId: number;
  respondedMs: number | null;
  csat: number | null;
  nps: number | null;
  ces: number | null;
  comment: string | null;
}

/** A call QA may sample: an answered inbound contact of one agent. */
export interface QaCandidate {
  callId: number;
  externalId: string;
  startMs: number;
  endMs: number;
  agentIndex: number;
  hadHold: boolean;
  complaint: boolean;
}

export interface CallGeneratorOptions {
  startDayMs: number;
  days: number;
  callsPerAgentPerDay: number;
  /** day index (from the start) on which moving agents change team */
  moveDay: number;
  surveys: boolean;
  firstCallId: number;
}

// Contacts by hour of the local day: peaks 10-12 and 14-17, quiet at night.
const HOUR_WEIGHTS = [0.3, 0.2, 0.1, 0.1, 0.1, 0.2, 0.6, 2, 5, 8, 11, 11, 7, 7, 10, 10, 10, 9, 6, 4.5, 3.5, 2.5, 1.5, 0.8];
const HOUR_CUM = cumulate(HOUR_WEIGHTS);
const PEAK_WEIGHT = Math.max(...HOUR_WEIGHTS);
// Sunday .. Saturday: weekdays busier, Monday busiest.
const WEEKDAY_FACTOR = [0.5, 1.12, 1.02, 1, 0.98, 0.94, 0.6];
const COMPLAINT_LEVELS = ['none', '1', '2', '3', 'urgent'] as const;
const COMPLAINT_CUM = cumulate([0.915, 0.055, 0.022, 0.007, 0.001]);

const POSITIVE = ['服务很耐心，问题一次就解决了，谢谢！', '客服态度很好，讲解清楚。', '處理得好快，多謝！', '回复及时，很满意。', '非常专业，点赞。'];
const NEUTRAL = ['还可以。', '一般般，等的时间有点长。', '問題解決咗，但係要等好耐。'];
const NEGATIVE = ['等了很久才接通，希望改进。', '问题还是没有解决，又要再打一次电话。', '客服不够专业，回答含糊。', '态度差，推卸责任。', '轉咗幾次線都未解決。'];

/**
 * Generates the contacts of the period one local day at a time, with persistent state:
 * customers who call back (unresolved problems, abandoned calls) and per-agent samples of
 * calls for QA. Pure: no database, no clock.
 */
export class DemoCallGenerator {
  private nextId: number;
  private customerSeq = 0;
  private readonly callbacks = new Map<string, string[]>(); // `${day}:${team}` -> customer ids
  private readonly recent: string[][]; // per team: a ring of recent customers
  private wobbleWeek = -1;
  private wobble: number[] = [];
  private candidates = new Map<number, { seen: number; picked: QaCandidate[] }>();
  readonly endMs: number;
  /** day index of the last Sunday in the period: the end of the last complete ISO week */
  private readonly lastSunday: number;

  constructor(
    private readonly roster: Roster,
    private readonly options: CallGeneratorOptions,
    private readonly r: DemoRandom,
  ) {
    this.nextId = options.firstCallId;
    this.recent = roster.teams.map(() => []);
    this.endMs = addDays(options.startDayMs, options.days);
    const lastDay = options.days - 1;
    this.lastSunday = lastDay - new Date(addDays(options.startDayMs, lastDay)).getUTCDay();
  }

  /** The team an agent belongs to on a day of the period. */
  teamOn(agent: RosterAgent, day: number): number {
    return agent.movesTo !== undefined && day >= this.options.moveDay ? agent.movesTo : agent.team;
  }

  /** QA candidates collected since the last call, up to `perAgent` per agent; resets the sample. */
  takeCandidates(): Map<number, QaCandidate[]> {
    const out = new Map<number, QaCandidate[]>();
    for (const [agent, c] of this.candidates) out.set(agent, c.picked);
    this.candidates = new Map();
    return out;
  }

  generateDay(day: number): { calls: CallRow[]; surveys: SurveyRow[] } {
    const { r } = this;
    const dayMs = addDays(this.options.startDayMs, day);
    // Trends count ISO weeks back from the last complete one (what a weekly review reads); the
    // days of a current, partial week continue the latest week's trend.
    const weekFromEnd = Math.max(0, Math.floor((this.lastSunday - day) / 7));
    if (weekFromEnd !== this.wobbleWeek) {
      // A week-to-week wobble on handle time, so an ordinary agent is not above the team every week.
      this.wobbleWeek = weekFromEnd;
      this.wobble = this.roster.agents.map(() => clamp(1 + 0.04 * r.normal(), 0.9, 1.1));
    }
    const dayFactor = WEEKDAY_FACTOR[new Date(dayMs).getUTCDay()] * (0.93 + 0.14 * r.next());
    const pending: CallRow[] = [];

    for (const team of this.roster.teams) {
      const members = this.roster.agents.filter((a) => this.teamOn(a, day) === team.index && (a.traits.onlyLastDays === undefined || day >= this.options.days - a.traits.onlyLastDays));
      if (members.length === 0) continue;
      const memberCum = cumulate(members.map((a) => a.traits.volume));
      const expected = this.options.callsPerAgentPerDay * team.profile.volume * memberCum[memberCum.length - 1] * dayFactor;
      const inbound = Math.max(0, Math.round(expected * (0.95 + 0.1 * r.next())));
      const callbacksToday = this.callbacks.get(`${day}:${team.index}`) ?? [];
      this.callbacks.delete(`${day}:${team.index}`);
      for (let i = 0; i < inbound; i++) {
        const agent = members[pickCumulative(memberCum, r)];
        pending.push(this.inboundCall(team.index, team.profile, agent, dayMs, day, weekFromEnd, callbacksToday[i]));
      }
      if (team.profile.channels.some((c) => c.channel === 'phone')) {
        const outbound = Math.round(inbound * 0.035);
        for (let i = 0; i < outbound; i++) pending.push(this.outboundCall(team.index, team.profile, members[pickCumulative(memberCum, r)], dayMs));
      }
    }

    pending.sort((a, b) => a.startMs - b.startMs);
    const date = toLocalDate(dayMs).replace(/-/g, '');
    const calls: CallRow[] = [];
    const surveys: SurveyRow[] = [];
    pending.forEach((call, seq) => {
      // Ids follow start time within the day; set in place (a copy per row is costly at 10M rows).
      call.id = this.nextId++;
      call.externalId = `DEMO-${date}-${String(seq + 1).padStart(5, '0')}`;
      calls.push(call);
      if (call.direction !== 'inbound' || !call.answered || call.agentIndex === null) return;
      this.offerCandidate(call);
      if (this.options.surveys && r.chance(0.2)) surveys.push(this.survey(call));
    });
    return { calls, surveys };
  }

  private inboundCall(team: number, p: TeamProfile, agent: RosterAgent, dayMs: number, day: number, weekFromEnd: number, callback: string | undefined): CallRow {
    const { r } = this;
    const hour = pickCumulative(HOUR_CUM, r);
    const startMs = dayMs + (hour * 3600 + r.int(0, 3599)) * 1000;
    const channel = p.channels.length === 1 ? p.channels[0].channel : r.chance(p.channels[0].weight) ? p.channels[0].channel : p.channels[1].channel;
    const load = HOUR_WEIGHTS[hour] / PEAK_WEIGHT;
    const customerId = callback ?? this.customer(team);
    const waitMedian = p.waitS * (0.25 + 0.75 * load);

    if (r.chance(p.abandonRate * (0.4 + 1.2 * load))) {
      if (r.chance(0.6)) this.scheduleCallback(team, day + r.int(1, 2), customerId);
      return {
        id: 0, externalId: '', startMs, channel, direction: 'inbound', queue: p.queue, agentIndex: r.chance(0.2) ? agent.index : null, customerId, answered: false,
        queueWaitS: Math.round(clamp(r.logNormal(waitMedian * 2.2, 0.7), 2, 900)), talkS: null, holdS: null, acwS: null,
        resolved: null, escalated: false, transferred: false, topic: null, complaintLevel: 'none',
      };
    }

    const t = agent.traits;
    const aht = (t.ahtByWeekFromEnd?.[weekFromEnd] ?? t.aht) * this.wobble[agent.index];
    const complaintLevel = COMPLAINT_LEVELS[pickCumulative(COMPLAINT_CUM, r)];
    const complaint = complaintLevel !== 'none';
    const talkS = Math.round(clamp(r.logNormal(p.talkS * aht * (complaint ? 1.5 : 1), 0.45), 15, 7200));
    const holdS = channel !== 'phone' ? null : r.chance(p.holdShare * (aht > 1.2 ? 1.5 : 1)) ? Math.round(clamp(r.logNormal(p.holdS * aht, 0.6), 5, 900)) : 0;
    const acwS = Math.round(clamp(r.logNormal(p.acwS * aht, 0.4), 3, 1800));
    const resolved = r.chance(0.04) ? null : r.chance(t.fcr * (complaint ? 0.8 : 1));
    const escalated = resolved === true ? r.chance(0.02) : r.chance(complaint ? 0.45 : 0.12);
    if (resolved === false && r.chance(0.55)) this.scheduleCallback(team, day + r.int(1, 6), customerId);
    else if (resolved !== false && r.chance(0.04)) this.scheduleCallback(team, day + r.int(1, 10), customerId);
    return {
      id: 0, externalId: '', startMs, channel, direction: 'inbound', queue: p.queue, agentIndex: agent.index, customerId, answered: true,
      queueWaitS: Math.round(clamp(r.exponential(waitMedian / Math.LN2), 0, p.waitS * 12)), talkS, holdS, acwS,
      resolved, escalated, transferred: r.chance(0.04), topic: complaint ? '投诉处理' : r.pick(p.topics), complaintLevel,
    };
  }

  private outboundCall(team: number, p: TeamProfile, agent: RosterAgent, dayMs: number): CallRow {
    const { r } = this;
    const answered = r.chance(0.78);
    const startMs = dayMs + (r.int(9, 17) * 3600 + r.int(0, 3599)) * 1000;
    return {
      id: 0, externalId: '', startMs, channel: 'phone', direction: 'outbound', queue: p.queue, agentIndex: agent.index, customerId: this.customer(team), answered,
      queueWaitS: null, talkS: answered ? Math.round(clamp(r.logNormal(150, 0.5), 10, 3600)) : 0, holdS: answered ? 0 : null,
      acwS: answered ? Math.round(clamp(r.logNormal(30, 0.4), 3, 900)) : null, resolved: null, escalated: false, transferred: false,
      topic: '回访', complaintLevel: 'none',
    };
  }

  /** A returning customer now and then, else a new one. */
  private customer(team: number): string {
    const ring = this.recent[team];
    if (ring.length > 50 && this.r.chance(0.05)) return this.r.pick(ring);
    const id = `C${hash32(++this.customerSeq).toString(16).padStart(8, '0')}${(this.customerSeq % 97).toString(16).padStart(2, '0')}`;
    if (ring.length < 5000) ring.push(id);
    else ring[this.customerSeq % 5000] = id;
    return id;
  }

  private scheduleCallback(team: number, day: number, customerId: string | null): void {
    if (!customerId || day >= this.options.days) return;
    const key = `${day}:${team}`;
    const list = this.callbacks.get(key);
    if (list) list.push(customerId);
    else this.callbacks.set(key, [customerId]);
  }

  private offerCandidate(call: CallRow): void {
    const agent = call.agentIndex as number;
    let c = this.candidates.get(agent);
    if (!c) this.candidates.set(agent, (c = { seen: 0, picked: [] }));
    c.seen++;
    // Reservoir sampling keeps a uniform sample of 4 without holding every call.
    const slot = c.picked.length < 4 ? c.picked.length : Math.floor(this.r.next() * c.seen);
    if (slot >= 4) return;
    c.picked[slot] = {
      callId: call.id, externalId: call.externalId, startMs: call.startMs, endMs: call.startMs + ((call.queueWaitS ?? 0) + (call.talkS ?? 0) + (call.holdS ?? 0)) * 1000,
      agentIndex: agent, hadHold: (call.holdS ?? 0) > 0, complaint: call.complaintLevel !== 'none',
    };
  }

  private survey(call: CallRow): SurveyRow {
    const { r } = this;
    const agent = this.roster.agents[call.agentIndex as number];
    const team = this.roster.teams[this.teamOnMs(agent, call.startMs)].profile;
    const mean = team.csat + agent.traits.csatShift - (call.resolved === false ? 0.8 : 0) - (call.complaintLevel !== 'none' ? 0.8 : 0) - ((call.queueWaitS ?? 0) > 90 && call.channel !== 'email' ? 0.3 : 0);
    const csatValue = Math.round(clamp(mean + 0.55 * r.normal(), 1, 5));
    const hasCsat = r.chance(0.95);
    const nps = !hasCsat || r.chance(0.85) ? Math.round(clamp(csatValue * 2.1 - 1 + 1.2 * r.normal(), 0, 10)) : null;
    const ces = r.chance(0.35) ? Math.round(clamp(csatValue * 1.3 + 0.4 + 0.8 * r.normal(), 1, 7)) : null;
    const comment = r.chance(0.08) ? r.pick(csatValue >= 4 ? POSITIVE : csatValue === 3 ? NEUTRAL : NEGATIVE) : null;
    const callEnd = call.startMs + ((call.queueWaitS ?? 0) + (call.talkS ?? 0)) * 1000;
    // Most answer within hours; a few days later (so some land in the next month).
    const delay = r.chance(0.04) ? r.int(1, 4) * DAY_MS + r.int(0, 86_399) * 1000 : Math.round(r.exponential(4 * 3600)) * 1000 + 60_000;
    const respondedMs = callEnd + delay < this.endMs ? callEnd + delay : null;
    return { callId: call.id, respondedMs, csat: hasCsat ? csatValue : null, nps, ces, comment };
  }

  private teamOnMs(agent: RosterAgent, ms: number): number {
    return this.teamOn(agent, Math.floor((ms - this.options.startDayMs) / DAY_MS));
  }
}
