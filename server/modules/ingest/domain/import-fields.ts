/**
 * The canonical fields of each import kind (docs/kpi.md "Records") and the built-in presets that
 * map well-known exports onto them without a hand-written mapping. Pure data.
 */
export const importKinds = ['calls', 'surveys', 'agents', 'evaluations', 'transcripts', 'complaints'] as const;
export type ImportKind = (typeof importKinds)[number];

export type FieldType =
  /** verbatim: the cell is kept exactly as given (no trimming), e.g. a transcript turn's words. */
  | { t: 'text'; maxLength?: number; verbatim?: boolean }
  /** An http(s) link. */
  | { t: 'url'; maxLength: number }
  | { t: 'bool' }
  | { t: 'int'; min: number; max: number }
  | { t: 'decimal'; min: number; max: number }
  | { t: 'duration' }
  | { t: 'datetime' }
  | { t: 'date' }
  | { t: 'enum'; values: readonly string[]; synonyms?: Record<string, string> };

export interface FieldDef {
  name: string;
  type: FieldType;
  required?: boolean;
  /** May be mapped to a list of columns: date + time, or a composite key joined with '-'. */
  composite?: 'datetime' | 'key';
}

const text = (maxLength = 500): FieldType => ({ t: 'text', maxLength });
const bool: FieldType = { t: 'bool' };
const duration: FieldType = { t: 'duration' };

const channelSynonyms: Record<string, string> = {
  电话: 'phone', voice: 'phone', call: 'phone', 在线: 'chat', 在线客服: 'chat', 聊天: 'chat', web: 'chat', 邮件: 'email', 'e-mail': 'email', mail: 'email', 微信: 'wechat', 视频: 'video',
};
const directionSynonyms: Record<string, string> = { 呼入: 'inbound', in: 'inbound', 呼出: 'outbound', out: 'outbound' };
const speakerSynonyms: Record<string, string> = {
  坐席: 'agent', 客服: 'agent', 座席: 'agent', 员工: 'agent', staff: 'agent', operator: 'agent', rep: 'agent',
  客户: 'customer', 顾客: 'customer', 来电人: 'customer', caller: 'customer', client: 'customer', user: 'customer',
  系统: 'system', 机器人: 'system', ivr: 'system', bot: 'system',
};
const complaintSynonyms: Record<string, string> = { 无: 'none', 一级: '1', 二级: '2', 三级: '3', 紧急: 'urgent', '': 'none' };
/** A complaint's grade (docs/complaints.md); other wordings (一般/严重/重大…) go through mapping.values. */
const gradeSynonyms: Record<string, string> = { 一级: '1', 二级: '2', 三级: '3', 紧急: 'urgent', level1: '1', level2: '2', level3: '3', l1: '1', l2: '2', l3: '3' };

export const FIELDS: Record<ImportKind, FieldDef[]> = {
  calls: [
    { name: 'external_id', type: text(200), required: true, composite: 'key' },
    { name: 'started_at', type: { t: 'datetime' }, required: true, composite: 'datetime' },
    { name: 'channel', type: { t: 'enum', values: ['phone', 'chat', 'email', 'wechat', 'video'], synonyms: channelSynonyms } },
    { name: 'direction', type: { t: 'enum', values: ['inbound', 'outbound'], synonyms: directionSynonyms } },
    { name: 'queue', type: text(200) },
    { name: 'agent_code', type: text(100) },
    { name: 'customer_id', type: text(200) },
    { name: 'answered', type: bool },
    { name: 'queue_wait_s', type: duration },
    { name: 'talk_s', type: duration },
    { name: 'hold_s', type: duration },
    { name: 'acw_s', type: duration },
    { name: 'resolved', type: bool },
    { name: 'escalated', type: bool },
    { name: 'transferred', type: bool },
    { name: 'topic', type: text(500) },
    { name: 'complaint_level', type: { t: 'enum', values: ['none', '1', '2', '3', 'urgent'], synonyms: complaintSynonyms } },
    { name: 'recording_url', type: { t: 'url', maxLength: 2000 } },
    { name: 'csat', type: { t: 'int', min: 1, max: 5 } },
    { name: 'nps', type: { t: 'int', min: 0, max: 10 } },
  ],
  surveys: [
    { name: 'call_external_id', type: text(200), required: true, composite: 'key' },
    { name: 'responded_at', type: { t: 'datetime' }, composite: 'datetime' },
    { name: 'csat', type: { t: 'int', min: 1, max: 5 } },
    { name: 'nps', type: { t: 'int', min: 0, max: 10 } },
    { name: 'ces', type: { t: 'int', min: 1, max: 7 } },
    { name: 'comment', type: text(5000) },
  ],
  agents: [
    { name: 'agent_code', type: text(100), required: true },
    { name: 'name', type: text(200), required: true },
    { name: 'team', type: text(200) },
    { name: 'site', type: text(200) },
    { name: 'email', type: text(320) },
    { name: 'team_since', type: { t: 'date' } },
    { name: 'active', type: bool },
  ],
  evaluations: [
    { name: 'agent_code', type: text(100), required: true },
    { name: 'evaluated_at', type: { t: 'datetime' }, required: true, composite: 'datetime' },
    { name: 'score', type: { t: 'decimal', min: 0, max: 100 }, required: true },
    { name: 'auto_fail', type: bool },
    { name: 'call_external_id', type: text(200), composite: 'key' },
    { name: 'evaluator', type: text(200) },
    { name: 'form', type: text(200) },
    { name: 'comment', type: text(5000) },
  ],
  // docs/ingest.md "Transcripts". offset_s is kept to the millisecond.
  transcripts: [
    { name: 'call_external_id', type: text(200), required: true, composite: 'key' },
    { name: 'seq', type: { t: 'int', min: 0, max: 2_147_483_647 }, required: true },
    { name: 'offset_s', type: { t: 'decimal', min: 0, max: 2_000_000 } },
    { name: 'speaker', type: { t: 'enum', values: ['agent', 'customer', 'system'], synonyms: speakerSynonyms }, required: true },
    { name: 'text', type: { t: 'text', maxLength: 10_000, verbatim: true }, required: true },
  ],
  complaints: [
    { name: 'external_id', type: text(200), required: true, composite: 'key' },
    { name: 'opened_at', type: { t: 'datetime' }, required: true, composite: 'datetime' },
    { name: 'level', type: { t: 'enum', values: ['1', '2', '3', 'urgent'], synonyms: gradeSynonyms }, required: true },
    { name: 'call_external_id', type: text(200), composite: 'key' },
    { name: 'agent_code', type: text(100) },
    { name: 'first_response_at', type: { t: 'datetime' }, composite: 'datetime' },
    { name: 'resolved_at', type: { t: 'datetime' }, composite: 'datetime' },
    { name: 'category', type: text(200) },
  ],
};

/** A source column, or a list of them (date + time, or the parts of a composite key). */
export type ColumnRef = string | string[];

export interface Preset {
  name: string;
  kind: ImportKind;
  /** field -> column(s); applied to the fields neither the mapping nor canonical names cover, when the columns exist. */
  columns: Record<string, ColumnRef>;
}

/**
 * Built-in presets, tried in order. Each field takes the first preset column present in the
 * file, so partial exports (a log without hold or wrap-up columns) still map.
 */
export const PRESETS: Preset[] = [
  {
    // PwC "Call Centre Trends" (Call-Center-Dataset.csv / .xlsx).
    name: 'pwc-call-centre',
    kind: 'calls',
    columns: {
      external_id: 'Call Id',
      agent_code: 'Agent',
      started_at: ['Date', 'Time'],
      topic: 'Topic',
      answered: 'Answered (Y/N)',
      resolved: 'Resolved',
      queue_wait_s: 'Speed of answer in seconds',
      talk_s: 'AvgTalkDuration',
      csat: 'Satisfaction rating',
    },
  },
  {
    // Technion anonymous bank log: the columns that map one to one; the composite id, the
    // outcome codes and PHANTOM rows need the mapping in docs/mappings/anonymous-bank.json.
    name: 'anonymous-bank',
    kind: 'calls',
    columns: { customer_id: 'customer_id', queue: 'type', queue_wait_s: 'q_time', talk_s: 'ser_time', agent_code: 'server' },
  },
  {
    name: 'chinese-call-log',
    kind: 'calls',
    columns: {
      external_id: '通话编号',
      started_at: '开始时间',
      agent_code: '工号',
      answered: '是否接通',
      talk_s: '通话时长',
      queue_wait_s: '排队时长',
      hold_s: '保持时长',
      acw_s: '话后处理时长',
      resolved: '是否解决',
      escalated: '是否升级',
      transferred: '是否转接',
      channel: '渠道',
      queue: '队列',
      customer_id: '客户编号',
      direction: '呼叫方向',
      topic: '来电原因',
      complaint_level: '投诉等级',
      csat: '满意度',
      nps: '推荐度',
    },
  },
  {
    name: 'chinese-call-log-alt',
    kind: 'calls',
    columns: { started_at: ['日期', '时间'], direction: '方向', topic: '主题', nps: 'NPS', queue: '技能组' },
  },
  {
    name: 'chinese-survey',
    kind: 'surveys',
    columns: { call_external_id: '通话编号', responded_at: '评价时间', csat: '满意度', nps: '推荐度', ces: '费力度', comment: '评价内容' },
  },
  {
    name: 'chinese-agents',
    kind: 'agents',
    columns: { agent_code: '工号', name: '姓名', team: '班组', site: '职场', email: '邮箱', team_since: '调组日期', active: '在职' },
  },
  {
    name: 'chinese-complaints',
    kind: 'complaints',
    columns: { external_id: '投诉编号', opened_at: '受理时间', level: '投诉等级', call_external_id: '通话编号', agent_code: '工号', first_response_at: '首次响应时间', resolved_at: '办结时间', category: '投诉类别' },
  },
  {
    name: 'chinese-evaluations',
    kind: 'evaluations',
    columns: { agent_code: '工号', evaluated_at: '质检时间', score: '得分', auto_fail: '一票否决', call_external_id: '通话编号', evaluator: '质检员', form: '质检表', comment: '评语' },
  },
  {
    name: 'chinese-transcript',
    kind: 'transcripts',
    columns: { call_external_id: '通话编号', seq: '序号', offset_s: '时间点', speaker: '说话人', text: '内容' },
  },
];
