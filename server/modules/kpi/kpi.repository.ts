import { Injectable } from '@nestjs/common';
import { DataSource, type ReplicationMode } from 'typeorm';
import { ReplicaReads } from '../../common/database/replica-reads';
import { GrainPart, planCallGrains, planEvalGrains } from './domain/rollup-grain';
import type { Granularity } from './kpi.types';
import { CALL_SUM_COLUMNS, CallSumColumn, EVAL_SUM_COLUMNS, EvalSumColumn, openRepeatWindowFactsSql } from './kpi.queries';
import { RawSettings, rawCallFactsSql, rawEvalFactsSql } from './raw-kpi.queries';
import { SqlParams } from './sql-params';
import { fixedShapeFactory } from '../../common/fixed-shape';
import { COMPLAINT_SUM_COLUMNS, ComplaintSumColumn, complaintRollupSql, openComplaintClockFactsSql, rawComplaintFactsSql } from '../complaints/complaint.queries';
import type { ComplaintDeadlines } from '../complaints/domain/complaint-clock';
import type { TeamSpan } from '../auth/scope.service';

/** A grouping column of the fact rows. `site` is the site of the record's team; `channel` only for calls. */
export type GroupColumn = 'site' | 'team' | 'agent' | 'queue' | 'channel';

export interface AggregateFilters {
  siteId?: number;
  teamId?: number;
  agentId?: number;
  /** In-process paging (exports): only these agents' records. */
  agentIds?: number[];
  queue?: string;
  channel?: string;
  /** Scope: only records attributed to these teams. */
  teamIds?: number[];
  /** Scope: only records of each team on the local dates of its span (an agent's own team while they were in it); read from the daily grains. */
  teamSpans?: TeamSpan[];
}

export interface AggregateRequest {
  /** rollup: the pre-aggregates; raw: straight from calls/evaluations (equality test, benchmark). */
  source: 'rollup' | 'raw';
  from: string;
  to: string;
  granularity: Granularity;
  groupBy: GroupColumn[];
  filters: AggregateFilters;
  settings: RawSettings;
  /** Group columns that may be NULL (e.g. an agent's calls on days without a team); by default every group column must be set. */
  nullableGroups?: GroupColumn[];
  /** 'slave': the read replica has replayed the data version this answer is for (ReplicaReads.modeFor); default the primary. */
  readFrom?: ReplicationMode;
}

export interface AggregateRow<C extends string> {
  periodStart: string;
  keys: Partial<Record<GroupColumn, number | string | null>>;
  sums: Record<C, number>;
}

/** Sums with fractions (scores): summed as numeric, exact in any order. */
const NUMERIC_SUMS = new Set(['score_sum', 'autoqa_score_sum']);

const GROUP_EXPR: Record<GroupColumn, string> = { site: 't.site_id', team: 'f.team_id', agent: 'f.agent_id', queue: 'f.queue', channel: 'f.channel' };

/** Columns other than the sums that a grain table may lack (then NULL in a union of grains). */
const KEY_COLUMNS: Record<string, string[]> = {
  kpi_call_daily: ['agent_id', 'team_id', 'queue', 'channel'],
  kpi_call_team_daily: ['team_id', 'queue', 'channel'],
  kpi_call_agent_weekly_all: ['agent_id', 'team_id'],
  kpi_call_team_weekly_all: ['team_id'],
  kpi_call_agent_monthly: ['agent_id', 'team_id', 'queue', 'channel'],
  kpi_call_agent_monthly_all: ['agent_id', 'team_id'],
  kpi_eval_daily: ['agent_id', 'team_id'],
  kpi_eval_weekly: ['agent_id', 'team_id'],
  kpi_eval_monthly: ['agent_id', 'team_id'],
};
const KEY_TYPES: Record<string, string> = { agent_id: 'int', team_id: 'int', queue: 'text', channel: 'text' };

/**
 * The rows of a grain plan as one source: the table itself (when it answers every date of the
 * request: `whole`), or a UNION ALL of each table's own dates.
 */
function unionOf(p: SqlParams, parts: GrainPart<string>[], sums: readonly string[], whole = true): string {
  if (parts.length === 1 && whole) return parts[0].table;
  const keysOf = (table: string) => {
    const has = KEY_COLUMNS[table];
    const all = sums === EVAL_SUM_COLUMNS ? ['agent_id', 'team_id'] : Object.keys(KEY_TYPES);
    return all.map((c) => (has.includes(c) ? c : `NULL::${KEY_TYPES[c]} AS ${c}`)).join(', ');
  };
  return `(${parts
    .map((g) => `SELECT local_date, ${keysOf(g.table)}, ${sums.join(', ')} FROM ${g.table} WHERE local_date >= ${p.add(g.from)}::date AND local_date <= ${p.add(g.to)}::date`)
    .join(' UNION ALL ')})`;
}

/**
 * Facts an aggregate reads: `summed`, a source whose rows are summed per period × group (a
 * table, a UNION ALL of grain parts or a subquery; null for none), and `direct`, grain parts
 * whose rows already are the answer's rows, read as they are.
 */
interface Facts {
  summed: string | null;
  direct: GrainPart<string>[];
}

/** Grains with one row per local_date and key columns (a unique key, or rebuilt per period by a GROUP BY). */
const ONE_ROW_PER_KEY = new Set(['kpi_call_daily', 'kpi_call_team_daily', 'kpi_call_agent_weekly_all', 'kpi_call_team_weekly_all', 'kpi_call_agent_monthly', 'kpi_call_agent_monthly_all', 'kpi_eval_weekly', 'kpi_eval_monthly']);
const GRAIN_UNIT: Record<string, Granularity> = {
  kpi_call_daily: 'day',
  kpi_call_team_daily: 'day',
  kpi_call_agent_weekly_all: 'week',
  kpi_call_team_weekly_all: 'week',
  kpi_call_agent_monthly: 'month',
  kpi_call_agent_monthly_all: 'month',
  kpi_eval_weekly: 'week',
  kpi_eval_monthly: 'month',
};
const GROUP_COLUMN: Partial<Record<GroupColumn, string>> = { agent: 'agent_id', team: 'team_id', queue: 'queue', channel: 'channel' };

/**
 * A grain plan as facts: a part whose table is keyed by exactly the answer's group columns, in
 * periods of the answer's granularity, holds one row per answer row already (e.g. agent × team
 * × month from kpi_call_agent_monthly_all), so it is read directly instead of summed again; the
 * rest (partial edge periods from finer grains) is summed. A period is never in both: the plan
 * gives each date to one part, and a direct part only whole periods.
 */
function grainFacts(p: SqlParams, parts: GrainPart<string>[], sums: readonly string[], req: AggregateRequest): Facts {
  const columns = req.groupBy.map((g) => GROUP_COLUMN[g]);
  const directOk = (part: GrainPart<string>) => {
    if (req.granularity === 'total' || grainGranularity(req) !== req.granularity || GRAIN_UNIT[part.table] !== req.granularity) return false;
    if (!ONE_ROW_PER_KEY.has(part.table) || req.filters.siteId !== undefined || columns.some((c) => c === undefined)) return false;
    const keys = KEY_COLUMNS[part.table];
    return keys.length === columns.length && keys.every((k) => columns.includes(k));
  };
  const direct = parts.filter(directOk);
  const rest = parts.filter((part) => !directOk(part));
  // With direct parts, the rest answers only its own dates: even one table is read for its part's dates alone.
  return { summed: rest.length ? unionOf(p, rest, sums, direct.length === 0) : null, direct };
}

/** Week and month grains hold a period's start date only: a filter on single days (team spans) needs the daily grains. */
function grainGranularity(req: AggregateRequest): Granularity {
  return req.filters.teamSpans !== undefined ? 'day' : req.granularity;
}

const sumsReaders = new Map<string, (values: readonly unknown[]) => Record<string, number>>();

/** The sums of a result row (columns from `first` on), NULL as 0, as one fixed-shape object. */
function sumsReader(columns: string[], first: number): (values: readonly unknown[]) => Record<string, number> {
  const id = `${first}|${columns.join(',')}`;
  let read = sumsReaders.get(id);
  if (!read) sumsReaders.set(id, (read = fixedShapeFactory<string, number>(columns, { firstIndex: first, nullAsZero: true })));
  return read;
}

/** The SQL of sums per period × group of `source` (rows: period YYYY-MM-DD, the group columns, the sums as float8). */
function aggregateSql(p: SqlParams, facts: Facts | string, columns: string[], req: AggregateRequest, calls: boolean): string {
  const { summed, direct } = typeof facts === 'string' ? { summed: facts, direct: [] } : facts;
  const period =
    req.granularity === 'day'
      ? 'f.local_date'
      : req.granularity === 'total'
        ? `${p.add(req.from)}::date`
        : `date_trunc('${req.granularity}', f.local_date::timestamp)::date`;
  const where: string[] = [`f.local_date >= ${p.add(req.from)}::date`, `f.local_date <= ${p.add(req.to)}::date`];
  for (const g of req.groupBy) if (!req.nullableGroups?.includes(g)) where.push(`${GROUP_EXPR[g]} IS NOT NULL`);
  const f = req.filters;
  if (f.siteId !== undefined) where.push(`t.site_id = ${p.add(f.siteId)}`);
  if (f.teamId !== undefined) where.push(`f.team_id = ${p.add(f.teamId)}`);
  if (f.agentId !== undefined) where.push(`f.agent_id = ${p.add(f.agentId)}`);
  if (f.agentIds !== undefined) where.push(`f.agent_id = ANY(${p.add(f.agentIds)}::int[])`);
  if (f.teamIds !== undefined) where.push(`f.team_id = ANY(${p.add(f.teamIds)}::int[])`);
  if (f.teamSpans !== undefined) {
    const sp = f.teamSpans;
    where.push(
      `EXISTS (SELECT 1 FROM unnest(${p.add(sp.map((x) => x.teamId))}::int[], ${p.add(sp.map((x) => x.from))}::date[], ${p.add(sp.map((x) => x.to))}::date[]) AS sp(team_id, from_date, to_date)
                WHERE sp.team_id = f.team_id AND (sp.from_date IS NULL OR f.local_date >= sp.from_date) AND (sp.to_date IS NULL OR f.local_date < sp.to_date))`,
    );
  }
  if (calls && f.queue !== undefined) where.push(`f.queue = ${p.add(f.queue)}`);
  if (calls && f.channel !== undefined) where.push(`f.channel = ${p.add(f.channel)}`);
  const needsTeams = req.groupBy.includes('site') || f.siteId !== undefined;
  const groupExprs = [period, ...req.groupBy.map((g) => GROUP_EXPR[g])];
  // Counts and second totals are whole numbers: summed as float8 they are exact (far below 2^53)
  // and much cheaper than bigint's numeric sum; score sums have fractions, so they stay numeric.
  const sumOf = (c: string) => (NUMERIC_SUMS.has(c) ? `sum(f.${c})` : `sum(f.${c}::float8)`);
  const from = (source: string, extra: string[] = []) => `FROM ${source} f
      ${needsTeams ? 'LEFT JOIN teams t ON t.id = f.team_id' : ''}
     WHERE ${[...extra, ...where].join(' AND ')}`;
  const keys = [`to_char(${period}, 'YYYY-MM-DD')`, ...req.groupBy.map((g) => GROUP_EXPR[g])];
  const branches: string[] = [];
  if (summed !== null) {
    branches.push(`
    SELECT ${[...keys, ...columns.map((c) => `${sumOf(c)}::float8`)].join(', ')}
      ${from(summed)}
     GROUP BY ${groupExprs.join(', ')}`);
  }
  // A row of a direct part is its group's only row: its values are the sums (the same float8 as a sum of one).
  for (const d of direct) {
    branches.push(`
    SELECT ${[...keys, ...columns.map((c) => `f.${c}::float8`)].join(', ')}
      ${from(d.table, [`f.local_date >= ${p.add(d.from)}::date`, `f.local_date <= ${p.add(d.to)}::date`])}`);
  }
  return branches.join(' UNION ALL ');
}

/** The group columns of a result row (from index 1), numbers except queue and channel. */
function keysOf(groupBy: GroupColumn[], r: readonly unknown[]): AggregateRow<string>['keys'] {
  const keys: AggregateRow<string>['keys'] = {};
  groupBy.forEach((g, i) => {
    const v = r[1 + i];
    keys[g] = v === null ? null : g === 'queue' || g === 'channel' ? String(v) : Number(v);
  });
  return keys;
}

/** The call facts `req` reads: the raw tables, or the rollup grains that answer its range, granularity and grouping. */
function callSource(p: SqlParams, req: AggregateRequest): Facts {
  if (req.source === 'raw') return { summed: `(${rawCallFactsSql(p, req.settings, req.from, req.to)})`, direct: [] };
  const needsAgent = req.groupBy.includes('agent') || req.filters.agentId !== undefined || req.filters.agentIds !== undefined;
  const needsQueue = req.groupBy.includes('queue') || req.groupBy.includes('channel') || req.filters.queue !== undefined || req.filters.channel !== undefined;
  return grainFacts(p, planCallGrains({ from: req.from, to: req.to, granularity: grainGranularity(req), needsAgent, needsQueue }), CALL_SUM_COLUMNS, req);
}

/** Sums and counts per period × group, from the rollups or from the raw tables. Never divides. */
@Injectable()
export class KpiRepository {
  constructor(
    private readonly db: DataSource,
    private readonly replica: ReplicaReads,
  ) {}

  /** `columns`: only these sums (default all; none with keysOnly). */
  async callSums(req: AggregateRequest, opts: { provisionalOnly?: boolean; keysOnly?: boolean; columns?: CallSumColumn[] } = {}): Promise<AggregateRow<CallSumColumn | 'repeat_provisional'>[]> {
    const p = new SqlParams();
    let source: Facts | string;
    let columns: string[] = opts.keysOnly ? [] : [...(opts.columns ?? CALL_SUM_COLUMNS)];
    if (opts.provisionalOnly) {
      // Only calls whose repeat window is still open: a few days of raw calls.
      source = openRepeatWindowFactsSql(p.add(req.settings.timezone), p.add(req.settings.fcrWindowDays * 24));
      columns = ['repeat_provisional'];
    } else {
      source = callSource(p, req);
      // Raw facts carry the open-window count beside the repeat sums (the rollups read it apart).
      if (req.source === 'raw' && !opts.keysOnly && (!opts.columns || opts.columns.includes('repeat_eligible'))) columns.push('repeat_provisional');
    }
    return this.aggregate(p, source, columns, req, true) as Promise<AggregateRow<CallSumColumn | 'repeat_provisional'>[]>;
  }

  /**
   * Per period × group (req.groupBy, without channel), the one channel of its calls when every
   * channel with inbound contacts (offered or answered calls summed over the period) is that one;
   * groups of mixed channels, or with none, have no row. Read from the channel-split grains and
   * decided in SQL: one row per group comes back instead of one per group × channel.
   */
  async singleChannels(req: AggregateRequest): Promise<AggregateRow<never>[]> {
    const p = new SqlParams();
    const groupBy: GroupColumn[] = [...req.groupBy, 'channel'];
    const split = aggregateSql(p, callSource(p, { ...req, groupBy }), ['offered', 'answered'], { ...req, groupBy }, true);
    const keys = req.groupBy.map((_, i) => `k${i}`);
    // Each channel's sums over the period, kept when it has inbound contacts; then a group's channels, one left or none.
    const sql = `
      SELECT period, ${[...keys, 'min(channel)'].join(', ')}
        FROM (${split}) s(period, ${[...keys, 'channel', 'offered', 'answered'].join(', ')})
       WHERE offered > 0 OR answered > 0
       GROUP BY period${keys.map((k) => `, ${k}`).join('')}
      HAVING min(channel) = max(channel)`;
    const rows = await this.arrays(sql, p.values, req.readFrom ?? 'master');
    return rows.map((r) => ({ periodStart: r[0] as string, keys: keysOf(groupBy, r), sums: {} as Record<never, number> }));
  }

  async evalSums(req: AggregateRequest, opts: { keysOnly?: boolean } = {}): Promise<AggregateRow<EvalSumColumn>[]> {
    const p = new SqlParams();
    const source =
      req.source === 'raw'
        ? `(${rawEvalFactsSql(p, req.settings, req.from, req.to)})`
        : grainFacts(p, planEvalGrains({ from: req.from, to: req.to, granularity: grainGranularity(req), needsAgent: true }), EVAL_SUM_COLUMNS, req);
    return this.aggregate(p, source, opts.keysOnly ? [] : [...EVAL_SUM_COLUMNS], req, false) as Promise<AggregateRow<EvalSumColumn>[]>;
  }

  /**
   * Complaint sums: the clock-independent counts from kpi_complaint_daily plus, read at `now`
   * from the open cases only, which open clocks are past their deadline (docs/complaints.md).
   */
  async complaintSums(req: AggregateRequest, complaintDeadlines: ComplaintDeadlines, now: Date): Promise<AggregateRow<ComplaintSumColumn>[]> {
    const p = new SqlParams();
    const tz = p.add(req.settings.timezone);
    const deadlines = p.add(JSON.stringify(complaintDeadlines));
    const at = p.add(now.toISOString());
    const from = p.add(req.from);
    const to = p.add(req.to);
    const source =
      req.source === 'raw'
        ? rawComplaintFactsSql(tz, deadlines, at, from, to)
        : `(${complaintRollupSql(from, to)} UNION ALL ${openComplaintClockFactsSql(tz, deadlines, at, from, to)})`;
    return this.aggregate(p, source, [...COMPLAINT_SUM_COLUMNS], req, false) as Promise<AggregateRow<ComplaintSumColumn>[]>;
  }

  private async aggregate(p: SqlParams, source: Facts | string, columns: string[], req: AggregateRequest, calls: boolean): Promise<AggregateRow<string>[]> {
    const sql = aggregateSql(p, source, columns, req, calls);
    // Rows as arrays (no per-row objects keyed by column name): an agent x month answer over a year is ~13k rows x 30 columns.
    const kinds: ('text' | 'number')[] = ['text', ...req.groupBy.map((g) => (g === 'queue' || g === 'channel' ? ('text' as const) : ('number' as const))), ...columns.map(() => 'number' as const)];
    // By day an answer can run to a million rows (agent × day over years, before the figure limit rejects it): those stay
    // row by row rather than one text value of hundreds of MB on both sides.
    const rows = req.granularity === 'day' ? await this.arrays(sql, p.values, req.readFrom ?? 'master') : await this.packedArrays(sql, kinds, p.values, req.readFrom ?? 'master');
    const readSums = sumsReader(columns, 1 + req.groupBy.length);
    return rows.map((r) => ({ periodStart: r[0] as string, keys: keysOf(req.groupBy, r), sums: readSums(r) }));
  }

  /**
   * The rows of `sql` as arrays, sent by PostgreSQL as one JSON text (numbers in their own text
   * form, text as JSON strings, NULL as null) and read with one JSON.parse: the same values as
   * row-by-row text (a number's text is the same float8/int output either way), without a
   * protocol message, a string and a parseFloat per value — most of the client's cost of an
   * answer of ~50k sums.
   */
  private async packedArrays(sql: string, kinds: ('text' | 'number')[], values: unknown[], mode: ReplicationMode): Promise<unknown[][]> {
    const cols = kinds.map((_, i) => `c${i}`);
    const fields = kinds.map((k, i) => `coalesce(${k === 'text' ? `to_json(c${i})::text` : `c${i}::text`}, 'null')`);
    const packed = `SELECT '[' || coalesce(string_agg('[' || concat_ws(',', ${fields.join(', ')}) || ']', ','), '') || ']' FROM (${sql}) x(${cols.join(', ')})`;
    const [[json]] = await this.arrays(packed, values, mode);
    return JSON.parse(json as string) as unknown[][];
  }

  private async arrays(sql: string, values: unknown[], mode: ReplicationMode): Promise<unknown[][]> {
    const result = await this.replica.withClient(mode, (client) => client.query({ text: sql, values, rowMode: 'array' }));
    return result.rows as unknown[][];
  }

  async names(kind: 'site' | 'team' | 'agent', ids: number[]): Promise<Map<number, { name: string; code?: string; siteId?: number | null }>> {
    if (ids.length === 0) return new Map();
    const table = kind === 'site' ? 'sites' : kind === 'team' ? 'teams' : 'agents';
    const extra = kind === 'agent' ? ', code' : kind === 'team' ? ', site_id' : '';
    const rows: { id: number; name: string; code?: string; site_id?: number | null }[] = await this.db.query(`SELECT id, name${extra} FROM ${table} WHERE id = ANY($1::int[])`, [ids]);
    return new Map(rows.map((r) => [r.id, { name: r.name, code: r.code, siteId: r.site_id }]));
  }

  async exists(kind: 'site' | 'team' | 'agent', id: number): Promise<boolean> {
    const table = kind === 'site' ? 'sites' : kind === 'team' ? 'teams' : 'agents';
    const [row] = await this.db.query(`SELECT 1 FROM ${table} WHERE id = $1`, [id]);
    return !!row;
  }
}
