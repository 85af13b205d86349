import { DemoRandom } from './demo-random';

export type Channel = 'phone' | 'chat' | 'email' | 'wechat';

/** How a team's contacts look: channel mix, queue, durations (medians, seconds), service. */
export type DemoSite = 'Guangzhou' | 'Hong Kong';

/**
 * Site names as the Chinese interface shows them, with the English beside (one name column:
 * a reader of either language finds the team). Hong Kong's in Traditional Chinese.
 */
export const SITE_NAMES: Record<DemoSite, string> = { Guangzhou: '广州 Guangzhou', 'Hong Kong': '香港 Hong Kong' };

export interface TeamProfile {
  /** Chinese, then English (Traditional Chinese for a Hong Kong team). */
  name: string;
  site: DemoSite;
  channels: { channel: Channel; weight: number }[];
  queue: string;
  /** agents in the default 60-agent center */
  size: number;
  /** contacts per agent relative to a phone agent */
  volume: number;
  talkS: number;
  holdShare: number;
  holdS: number;
  acwS: number;
  /** median wait of an answered contact at the peak hour */
  waitS: number;
  abandonRate: number;
  fcr: number;
  csat: number;
  topics: string[];
  supervisor: { name: string; email: string };
}

const phoneTopics = ['账单查询', '物流配送', '退款退货', '账户安全', '产品咨询', '会员权益', '投诉处理', '套餐变更'];

export const TEAM_PROFILES: TeamProfile[] = [
  {
    name: '普通话热线 Mandarin Hotline', site: 'Guangzhou', channels: [{ channel: 'phone', weight: 1 }], queue: 'Mandarin', size: 18, volume: 1,
    talkS: 270, holdShare: 0.3, holdS: 45, acwS: 40, waitS: 22, abandonRate: 0.06, fcr: 0.84, csat: 4.78, topics: phoneTopics,
    supervisor: { name: '陈丽华', email: 'supervisor.mandarin@demo.callscope.dev' },
  },
  {
    name: '粵語熱線 Cantonese Hotline', site: 'Hong Kong', channels: [{ channel: 'phone', weight: 1 }], queue: 'Cantonese', size: 14, volume: 1,
    talkS: 290, holdShare: 0.28, holdS: 40, acwS: 45, waitS: 20, abandonRate: 0.05, fcr: 0.85, csat: 4.8, topics: phoneTopics,
    supervisor: { name: '何美玲', email: 'supervisor.cantonese@demo.callscope.dev' },
  },
  {
    name: '微信在线 WeChat Online', site: 'Guangzhou', channels: [{ channel: 'wechat', weight: 0.7 }, { channel: 'chat', weight: 0.3 }], queue: 'Online', size: 12, volume: 1.3,
    talkS: 420, holdShare: 0, holdS: 0, acwS: 25, waitS: 15, abandonRate: 0.03, fcr: 0.82, csat: 4.75, topics: ['物流配送', '退款退货', '产品咨询', '优惠活动', '会员权益', '投诉处理'],
    supervisor: { name: '刘建国', email: 'supervisor.wechat@demo.callscope.dev' },
  },
  {
    name: '貴賓專線 VIP', site: 'Hong Kong', channels: [{ channel: 'phone', weight: 1 }], queue: 'VIP', size: 6, volume: 0.6,
    talkS: 360, holdShare: 0.2, holdS: 35, acwS: 60, waitS: 8, abandonRate: 0.02, fcr: 0.9, csat: 4.9, topics: ['账户安全', '会员权益', '投资咨询', '投诉处理', '专属服务'],
    supervisor: { name: '梁志強', email: 'supervisor.vip@demo.callscope.dev' },
  },
  {
    name: '电子邮件 Email', site: 'Guangzhou', channels: [{ channel: 'email', weight: 1 }], queue: 'Email', size: 10, volume: 0.7,
    talkS: 380, holdShare: 0, holdS: 0, acwS: 30, waitS: 3 * 3600, abandonRate: 0, fcr: 0.8, csat: 4.7, topics: ['发票申请', '退款退货', '资料变更', '投诉处理', '合同咨询'],
    supervisor: { name: '周静', email: 'supervisor.email@demo.callscope.dev' },
  },
];

/** What stays true of an agent across the period: the stories the demo tells. */
export interface AgentTraits {
  /** handle-time factor vs the team median */
  aht: number;
  /** overrides of `aht` by ISO week counted back from the last complete one (index 0) */
  ahtByWeekFromEnd?: number[];
  fcr: number;
  csatShift: number;
  /** 0..1: how well an evaluation's items are done */
  qaSkill: number;
  autoFailRate: number;
  /** share of the team's contacts relative to a typical agent */
  volume: number;
  /** the agent takes contacts only in the last N days (a new hire) */
  onlyLastDays?: number;
  story?: string;
}

export interface SpecialAgent {
  team: number;
  position: number;
  name: string;
  traits: Partial<AgentTraits>;
  story: string;
  login?: string;
  /** moves to this team index in the middle of the period */
  movesTo?: number;
}

const struggling = { aht: 1.4, fcr: 0.66, csatShift: -0.9, qaSkill: 0.7, autoFailRate: 0.3 };
const excellent = { aht: 0.85, fcr: 0.95, csatShift: 0.35, qaSkill: 0.985, autoFailRate: 0 };

/** The agents with a story; positions index into their team of the default roster. */
export const SPECIAL_AGENTS: SpecialAgent[] = [
  { team: 0, position: 2, name: '张磊', traits: struggling, story: 'struggling: long AHT, low FCR and CSAT, QA auto-fails', login: 'zhang.lei@demo.callscope.dev' },
  { team: 0, position: 5, name: '李静', traits: excellent, story: 'excellent: short AHT, high FCR, CSAT and QA', login: 'li.jing@demo.callscope.dev' },
  { team: 0, position: 8, name: '王芳', traits: {}, story: 'moved from Mandarin Hotline to WeChat Online mid-period', login: 'wang.fang@demo.callscope.dev', movesTo: 2 },
  { team: 1, position: 1, name: '黃詠詩', traits: excellent, story: 'excellent' },
  { team: 1, position: 3, name: '陳家豪', traits: { ahtByWeekFromEnd: [1.38, 1.35, 1.4, 1.32], fcr: 0.8 }, story: 'struggling: AHT above the team for the last 4 weeks', login: 'chan.ka-ho@demo.callscope.dev' },
  { team: 2, position: 4, name: '刘洋', traits: { ahtByWeekFromEnd: [1.9, 1.55, 1.25, 1.0] }, story: 'struggling: AHT worse each of the last 3 weeks' },
  { team: 3, position: 2, name: '梁嘉欣', traits: excellent, story: 'excellent' },
  { team: 4, position: 1, name: '吴敏', traits: excellent, story: 'excellent' },
  { team: 4, position: 3, name: '孙浩', traits: { ...struggling, aht: 1.15 }, story: 'struggling: low CSAT and FCR, QA auto-fails' },
  { team: 4, position: 6, name: '赵雪', traits: { onlyLastDays: 4, volume: 0.35 }, story: 'new hire: very few contacts (low sample)' },
];

export interface RosterTeam {
  index: number;
  name: string;
  /** The site's name as stored (SITE_NAMES). */
  site: string;
  profile: TeamProfile;
}

export interface RosterAgent {
  index: number;
  code: string;
  name: string;
  email: string | null;
  team: number;
  /** team index after the move, from `moveDay` (days from the start of the period) */
  movesTo?: number;
  traits: AgentTraits;
  login?: string;
  story?: string;
}

export interface Roster {
  teams: RosterTeam[];
  agents: RosterAgent[];
}

const gzSurnames = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '周', '吴', '徐', '孙', '马', '朱', '胡', '郭', '何', '林', '罗', '高', '郑', '梁', '谢', '宋', '唐', '许', '邓', '冯', '韩', '曹'];
const gzGiven = ['伟', '芳', '娜', '敏', '静', '丽', '强', '磊', '军', '洋', '勇', '艳', '杰', '娟', '涛', '明', '超', '秀英', '霞', '平', '刚', '桂英', '晓燕', '志明', '海燕', '建华', '丹', '婷', '雪梅', '俊', '佳怡', '子涵', '浩然', '欣怡', '宇轩', '梓萱', '文博', '思远'];
const hkSurnames = ['陳', '黃', '李', '張', '梁', '林', '何', '吳', '劉', '鄭', '蔡', '楊', '朱', '許', '鄧', '馮', '曾', '葉', '羅', '蘇'];
const hkGiven = ['嘉欣', '家豪', '志強', '詠詩', '俊傑', '曉彤', '偉文', '美玲', '子聰', '凱琳', '浩賢', '麗珊', '國榮', '慧敏', '嘉朗', '思穎', '卓謙', '寶儀', '振邦', '穎琳', '文傑', '雅婷'];

/** Splits `total` agents over the teams in proportion to the default sizes (largest remainder, at least one each). */
export function teamSizes(total: number, teamCount: number): number[] {
  if (teamCount < 1) throw new Error('The demo needs at least one team');
  if (total < teamCount) throw new Error(`The demo needs at least one agent per team (${teamCount} teams, ${total} agents)`);
  const weights = Array.from({ length: teamCount }, (_, i) => (i < TEAM_PROFILES.length ? TEAM_PROFILES[i].size : 12));
  const sum = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((w) => 1 + ((total - teamCount) * w) / sum);
  const sizes = exact.map(Math.floor);
  let left = total - sizes.reduce((a, b) => a + b, 0);
  const order = exact.map((x, i) => ({ i, frac: x - Math.floor(x) })).sort((a, b) => b.frac - a.frac || a.i - b.i);
  for (const { i } of order) {
    if (left-- <= 0) break;
    sizes[i]++;
  }
  return sizes;
}

/** Teams and agents for the requested size; special agents keep fixed names and positions. */
export function buildRoster(agentCount: number, teamCount: number, r: DemoRandom): Roster {
  const teams: RosterTeam[] = Array.from({ length: teamCount }, (_, i) => {
    const profile = TEAM_PROFILES[i % TEAM_PROFILES.length];
    const round = Math.floor(i / TEAM_PROFILES.length);
    return { index: i, name: round === 0 ? profile.name : `${profile.name} ${round + 1}`, site: SITE_NAMES[profile.site], profile };
  });
  const sizes = teamSizes(agentCount, teamCount);
  const counters = { Guangzhou: 1001, 'Hong Kong': 2001 };
  const usedNames = new Set(SPECIAL_AGENTS.map((s) => s.name));
  const agents: RosterAgent[] = [];
  for (const team of teams) {
    for (let position = 0; position < sizes[team.index]; position++) {
      const special = SPECIAL_AGENTS.find((s) => s.team === team.index && s.position === position);
      const hk = team.profile.site === 'Hong Kong';
      const code = `${hk ? 'HK' : 'GZ'}${counters[team.profile.site]++}`;
      const name = special?.name ?? uniqueName(hk, usedNames, r);
      const traits: AgentTraits = {
        aht: clampTrait(1 + 0.05 * r.normal(), 0.88, 1.12),
        fcr: clampTrait(team.profile.fcr + 0.03 * r.normal(), 0.7, 0.95),
        csatShift: 0.08 * r.normal(),
        qaSkill: clampTrait(0.94 + 0.02 * r.normal(), 0.88, 0.98),
        autoFailRate: 0.01,
        volume: clampTrait(1 + 0.1 * r.normal(), 0.75, 1.25),
        ...special?.traits,
      };
      const movesTo = special?.movesTo !== undefined && special.movesTo < teamCount ? special.movesTo : undefined;
      agents.push({ index: agents.length, code, name, email: special?.login ?? null, team: team.index, movesTo, traits, login: special?.login, story: special?.story });
    }
  }
  return { teams, agents };
}

function uniqueName(hk: boolean, used: Set<string>, r: DemoRandom): string {
  const surnames = hk ? hkSurnames : gzSurnames;
  const given = hk ? hkGiven : gzGiven;
  for (let attempt = 0; attempt < 50; attempt++) {
    const name = r.pick(surnames) + r.pick(given);
    if (!used.has(name)) {
      used.add(name);
      return name;
    }
  }
  // Large benchmark rosters run out of two-part names; a numbered name stays unique.
  const name = `${r.pick(surnames)}${r.pick(given)}${used.size}`;
  used.add(name);
  return name;
}

const clampTrait = (x: number, min: number, max: number) => Math.min(max, Math.max(min, x));

export interface DemoLoginSeed {
  role: 'admin' | 'hr' | 'supervisor' | 'agent';
  email: string;
  name: string;
  description: string;
  /** supervisor: team index; agent: the special agent */
  team?: number;
  agent?: SpecialAgent;
}

/** Every demo account, in the order the logins are printed; the admin stays first. */
export const DEMO_ACCOUNTS: DemoLoginSeed[] = [
  { role: 'admin', email: 'admin@demo.callscope.dev', name: '系统管理员 Admin', description: 'Administrator' },
  { role: 'hr', email: 'hr@demo.callscope.dev', name: '人力资源 HR', description: 'HR, read-only, all teams' },
  ...TEAM_PROFILES.map((p, team) => ({ role: 'supervisor' as const, email: p.supervisor.email, name: p.supervisor.name, description: `Supervisor, ${p.name}`, team })),
  ...SPECIAL_AGENTS.filter((s) => s.login).map((s) => ({
    role: 'agent' as const,
    email: s.login as string,
    name: s.name,
    description: s.movesTo === undefined ? `Agent ${s.name}, ${TEAM_PROFILES[s.team].name} (${s.story})` : `Agent ${s.name}, ${TEAM_PROFILES[s.movesTo].name} (${s.story})`,
    agent: s,
  })),
];
