import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import type { ReplicationMode } from 'typeorm';
import { ReplicaReads } from '../../common/database/replica-reads';
import type { Caller } from '../../common/auth/caller';
import { BadInputError, NotFoundError } from '../../common/domain-error';
import { AuditService } from '../audit/audit.service';
import { ScopeService } from '../auth/scope.service';
import { SettingsService } from '../org/settings.service';
import type { Settings } from '../org/settings.types';
import { isMetricKey, kpiDefinitions, metricsFor } from './domain/kpi-definitions';
import { FigureContext, FigureSums, buildFigure, newMetricColumns, numDen, pendingComplaints, sumsRead, writeFigure } from './domain/kpi-figures';
import { fixedShapeFactory } from '../../common/fixed-shape';
import { ahtStatus, delta, ratio } from './domain/kpi-math';
import { hasChannelTargets, targetFor } from './domain/kpi-targets';
import { channels, type Channel } from '../org/settings.types';
import { AnswerCache } from './domain/answer-cache';
import { addDays, bucketOf, isValidLocalDate, previousRange, withinThreeYears } from './domain/periods';
import { AggregateFilters, AggregateRequest, AggregateRow, GroupColumn, KpiRepository } from './kpi.repository';
import { CALL_SUM_COLUMNS, CallSumColumn } from './kpi.queries';
import { COMPLAINT_SUM_COLUMNS } from '../complaints/complaint.queries';
import { granularities, groupBys, KpiAnswer, KpiColumns, KpiGroup, KpiQuery, KpiRow, KpiShape, KpiSummary, KpiSummaryQuery, MetricColumns, MetricKey, metricKeys, MetricValue, SummaryMetric } from './kpi.types';
import { PrecompressedBody } from '../../common/http/precompressed-body';

const CACHE_ANSWERS = 500;
/**
 * Figures (row × metric values) all cached answers may hold together. A figure costs ~0.3 KB
 * with its share of the serialized body, so this keeps the cache near 130 MB, well inside the
 * server's heap (package.json `config.serverNodeFlags`).
 */
const CACHE_FIGURES = 400_000;
/** A row without calls (or without evaluations): every sum reads as 0. */
const NO_SUMS: FigureSums = Object.freeze({});

type Source = 'rollup' | 'raw';

export interface KpiReadOptions {
  /**
   * A request naming one agent is a read of their scorecard and leaves one `scorecard.view` row
   * (default). In-process callers that build a larger answer (exports, the weekly review) pass
   * false and record the view once themselves, so one user action gives one row.
   */
  recordScorecardView?: boolean;
  /** Only these agents' rows (an agent-grouped query), computed afresh and not kept in the answer cache: exports page through agents. */
  agentIds?: number[];
}

type Answer = KpiAnswer | KpiColumns;
/** What the answer cache keeps: the KPI answers and the summary tiles built from them. */
type CachedAnswer = Answer | KpiSummary;

/**
 * The KPI read API used by the controller, the exports and the weekly review: every answer is
 * scoped to what the caller may see and built from the rollups as ratios of sums.
 */
@Injectable()
export class KpiService {
  private readonly cache = new AnswerCache<CachedAnswer>(CACHE_ANSWERS, CACHE_FIGURES);
  /**
   * Figures one answer may hold (~0.3 KB each): agent × week over a year for 1,000 agents fits
   * (~1M), agent × day over a year does not — asked for, it would take the server's whole heap.
   */
  answerFigureLimit = 1_000_000;
  private cacheVersion = -1;
  /** Serialized bodies of answers still referenced (by the cache or a request in flight). */
  private readonly serialized = new WeakMap<CachedAnswer, PrecompressedBody>();

  constructor(
    private readonly repo: KpiRepository,
    private readonly settings: SettingsService,
    private readonly audit: AuditService,
    private readonly scope: ScopeService,
    private readonly replica: ReplicaReads,
  ) {}

  async query(caller: Caller, query: KpiQuery, options: KpiReadOptions = {}): Promise<KpiAnswer> {
    const q = normaliseQuery(query);
    const answer = (await this.run(caller, q, 'rollup', options.agentIds)) as KpiAnswer;
    if (options.recordScorecardView !== false && q.agentId !== undefined) await this.audit.recordScorecardView(caller, q.agentId, { from: q.from, to: q.to });
    return answer;
  }

  /**
   * The answer as JSON bytes with an ETag, for the HTTP layer. A cached answer keeps its bytes
   * and their compressed forms, so a repeated dashboard query costs neither JSON.stringify,
   * hashing nor compression of a body that can run to megabytes (team x week over a quarter
   * for 100 teams is ~3 MB).
   */
  async queryJson(caller: Caller, query: KpiQuery, options: KpiReadOptions = {}, shape: KpiShape = 'rows'): Promise<PrecompressedBody> {
    return this.bodyOf(shape === 'columns' ? await this.queryColumns(caller, query, options) : await this.query(caller, query, options));
  }

  /** The summary tiles as JSON bytes with an ETag, kept with the cached summary as the KPI answers are (`queryJson`). */
  async summaryJson(caller: Caller, query: KpiSummaryQuery): Promise<PrecompressedBody> {
    return this.bodyOf(await this.summary(caller, query));
  }

  /** An answer's JSON bytes, made once per cached answer (a WeakMap: they go when the answer does). */
  private bodyOf(answer: CachedAnswer): PrecompressedBody {
    let body = this.serialized.get(answer);
    if (!body) {
      const bytes = Buffer.from(JSON.stringify(answer));
      body = new PrecompressedBody(bytes, `W/"${createHash('sha1').update(bytes).digest('base64url')}"`);
      this.serialized.set(answer, body);
    }
    return body;
  }

  /**
   * The same figures as `query`, one array per field (`shape=columns`), built straight from the
   * rollup sums: no figure objects, so a large answer costs a fraction of the object form.
   */
  async queryColumns(caller: Caller, query: KpiQuery, options: KpiReadOptions = {}): Promise<KpiColumns> {
    const q = normaliseQuery(query);
    const answer = (await this.run(caller, q, 'rollup', options.agentIds, 'columns')) as KpiColumns;
    if (options.recordScorecardView !== false && q.agentId !== undefined) await this.audit.recordScorecardView(caller, q.agentId, { from: q.from, to: q.to });
    return answer;
  }

  /** The same answer computed straight from the raw tables (equality test, benchmark baseline). */
  async queryRaw(caller: Caller, query: KpiQuery): Promise<KpiAnswer> {
    return (await this.run(caller, normaliseQuery(query), 'raw')) as KpiAnswer;
  }

  /** The range's figures beside the equal-length range before it; kept in the answer cache like the answers it is built from. */
  async summary(caller: Caller, query: KpiSummaryQuery, options: KpiReadOptions = {}): Promise<KpiSummary> {
    const base = normaliseQuery({ ...query, granularity: 'total', groupBy: query.agentId !== undefined ? 'agent' : 'org' });
    const previous = previousRange(base.from, base.to);
    const before = { ...base, ...previous };
    const settings = await this.settings.current();
    const [filters, previousFilters] = await Promise.all([this.scopedFilters(caller, base), this.scopedFilters(caller, before)]);
    const summary = (await this.cached(['summary', base, filters, previousFilters], settings, async () => {
      const [cur, prev] = (await Promise.all([this.cachedAnswer(base, filters, settings), this.cachedAnswer(before, previousFilters, settings)])) as KpiAnswer[];
      return this.buildSummary(base, previous, cur, prev, settings);
    })) as KpiSummary;
    if (options.recordScorecardView !== false && base.agentId !== undefined) await this.audit.recordScorecardView(caller, base.agentId, { from: base.from, to: base.to });
    return summary;
  }

  private buildSummary(base: KpiQuery, previous: KpiSummary['previous'], cur: KpiAnswer, prev: KpiAnswer, settings: Settings): KpiSummary {
    const keys = metricsFor(base.groupBy);
    const empty = this.emptyMetrics(base.groupBy, keys, base.teamId, settings);
    const curMetrics = { ...empty, ...(cur.rows[0]?.metrics ?? {}) };
    const prevMetrics = prev.rows[0]?.metrics ?? {};
    const metrics: Partial<Record<MetricKey, SummaryMetric>> = {};
    for (const key of keys) {
      const m = curMetrics[key]!;
      const p = prevMetrics[key]?.value ?? null;
      metrics[key] = { ...m, previous: p, delta: delta(m.value, p) };
    }
    return { from: base.from, to: base.to, timezone: cur.timezone, previous, metrics };
  }

  private emptyMetrics(groupBy: KpiQuery['groupBy'], keys: MetricKey[], teamId: number | undefined, s: Settings): Partial<Record<MetricKey, MetricValue>> {
    const out: Partial<Record<MetricKey, MetricValue>> = {};
    for (const key of keys) {
      out[key] = buildFigure(key, { num: 0, den: 0 }, {
        minSample: s.minSample,
        target: targetFor(s, key, teamId ?? null),
        judged: !(groupBy === 'agent' && kpiDefinitions[key].queueDriven),
        provisional: key === 'fcr_repeat' || (key === 'fcr' && s.fcrMethod === 'repeat') ? 0 : undefined,
        pending: pendingComplaints(key, NO_SUMS),
      });
    }
    return out;
  }

  /** `agentIds` (in-process paging of an agent-grouped query) narrows the rows; such pages are not cached. */
  private async run(caller: Caller, q: KpiQuery, source: Source, agentIds?: number[], shape: KpiShape = 'rows'): Promise<Answer> {
    if (agentIds && q.groupBy !== 'agent') throw new Error('agentIds pages an agent-grouped query');
    // Read from the primary, not the 2 s settings cache: the data version keys the answer cache (concurrent requests share one read).
    const settings = await this.settings.current();
    const filters = { ...(await this.scopedFilters(caller, q)), ...(agentIds ? { agentIds } : {}) };
    if (agentIds || source === 'raw') return this.compute(q, filters, settings, source, shape, await this.readFrom(settings));
    return this.cachedAnswer(q, filters, settings, shape);
  }

  /** Decided per answer computed (a cache hit asks nothing of the replica). */
  private readFrom(settings: Settings): Promise<ReplicationMode> {
    return this.replica.modeFor(settings.dataVersion);
  }

  /** A rollup answer from the answer cache, or computed once for every caller asking it at the same time. */
  private async cachedAnswer(q: KpiQuery, filters: AggregateFilters, settings: Settings, shape: KpiShape = 'rows'): Promise<Answer> {
    return (await this.cached(['rollup', shape, q, filters], settings, async () => this.compute(q, filters, settings, 'rollup', shape, await this.readFrom(settings)))) as Answer;
  }

  /**
   * The one rule of the answer cache: an answer is kept under its query, the caller's scope,
   * the data version it was built at and the current minute (complaint cases become overdue
   * as the clock runs); answers of an older data version are dropped all at once.
   */
  private cached(key: unknown[], settings: Settings, build: () => Promise<CachedAnswer>): Promise<CachedAnswer> {
    if (settings.dataVersion !== this.cacheVersion) {
      this.cache.clear();
      this.cacheVersion = settings.dataVersion;
    }
    const cacheKey = JSON.stringify([...key, settings.dataVersion, Math.floor(Date.now() / 60_000)]);
    return this.cache.getOrCreate(cacheKey, build, figuresIn);
  }

  /**
   * The agents an agent-grouped answer to this query has rows for (any call or evaluation in the
   * range and the caller's scope), so that a large answer can be read in pages of agents.
   */
  async agentsInAnswer(caller: Caller, query: KpiQuery): Promise<number[]> {
    const q = normaliseQuery({ ...query, groupBy: 'agent' });
    const settings = await this.settings.current();
    const filters = await this.scopedFilters(caller, q);
    const req: AggregateRequest = { source: 'rollup', from: q.from, to: q.to, granularity: 'total', groupBy: ['agent'], filters, settings };
    // Evaluations and complaint cases have no queue or channel: such a filter leaves them out (as compute does).
    const unsplitToo = q.queue === undefined && q.channel === undefined;
    const [calls, evals, complaints] = await Promise.all([
      this.repo.callSums(req, { keysOnly: true }),
      unsplitToo ? this.repo.evalSums(req, { keysOnly: true }) : Promise.resolve([]),
      unsplitToo ? this.repo.complaintSums(req, settings.complaintDeadlines, new Date()) : Promise.resolve([]),
    ]);
    return [...new Set([...calls, ...evals, ...complaints].map((r) => Number(r.keys.agent)))].sort((a, b) => a - b);
  }

  /** The request's filters narrowed to the caller's scope (ScopeService.kpiRestriction decides; out of scope is a 403). */
  private async scopedFilters(caller: Caller, q: KpiQuery): Promise<AggregateFilters> {
    const filters: AggregateFilters = { siteId: q.siteId, teamId: q.teamId, agentId: q.agentId, queue: q.queue, channel: q.channel };
    return { ...filters, ...(await this.scope.kpiRestriction(caller, q)) };
  }

  private async compute(q: KpiQuery, filters: AggregateFilters, settings: Settings, source: Source, shape: KpiShape, readFrom: ReplicationMode): Promise<Answer> {
    let keys = metricsFor(q.groupBy, q.metrics ?? metricKeys);
    // Evaluations and complaint cases have no queue or channel: a queue/channel filter leaves their metrics out.
    if (q.queue !== undefined || q.channel !== undefined) keys = keys.filter((k) => kpiDefinitions[k].source !== 'evaluations' && kpiDefinitions[k].source !== 'complaints');
    const needCalls = keys.some((k) => kpiDefinitions[k].source !== 'evaluations');
    const needEvals = keys.some((k) => kpiDefinitions[k].source === 'evaluations');
    const needComplaints = keys.some((k) => kpiDefinitions[k].source === 'complaints');
    const repeatKeys = keys.includes('fcr_repeat') || (keys.includes('fcr') && settings.fcrMethod === 'repeat');
    const groupCols: GroupColumn[] = q.groupBy === 'org' ? [] : [q.groupBy];
    const req: AggregateRequest = { source, from: q.from, to: q.to, granularity: q.granularity, groupBy: groupCols, filters, settings, readFrom };

    // Agent rows come split by team (the team at the time of each record): an agent's row is the
    // sum of their splits, and the team of most of their answered calls in the period judges it
    // (ties: the lower team id); with no call then, the team of most of their evaluations.
    const byAgent = q.groupBy === 'agent';
    const wantTeamAht = byAgent && keys.includes('aht');
    const split: Partial<AggregateRequest> = byAgent ? { groupBy: ['agent', 'team'], nullableGroups: ['team'] } : {};
    // A figure whose contacts are all of one channel is judged by that channel's target (docs/kpi.md "Targets and status").
    // (Only metrics judged on these rows: an agent row shows queue-driven metrics unjudged, so their channel targets never apply there.)
    const channelJudged = q.channel === undefined && needCalls && keys.some((k) => hasChannelTargets(settings, k) && !(byAgent && kpiDefinitions[k].queueDriven));
    // Only the sums the asked metrics read (answered as well: it picks an agent's comparison team and is the complaint rate's den).
    const callColumns = callSumColumns(keys, settings.fcrMethod);
    const [callRows, evalRows, provisionalRows, teamAhtRows, channelRows, complaintRows] = await Promise.all([
      needCalls || byAgent ? this.repo.callSums({ ...req, ...split }, { columns: callColumns }) : Promise.resolve([]),
      needEvals ? this.repo.evalSums({ ...req, ...split }) : Promise.resolve([]),
      repeatKeys && source === 'rollup' && windowMayBeOpen(q.to, settings.fcrWindowDays) ? this.repo.callSums(req, { provisionalOnly: true }) : Promise.resolve([]),
      // Every team the caller may see, at once: cheaper than a second round trip for the agents' own teams.
      wantTeamAht ? this.repo.callSums({ ...req, groupBy: ['team'], filters: { queue: filters.queue, channel: filters.channel, teamIds: filters.teamIds } }, { columns: callSumColumns(['aht'], settings.fcrMethod) }) : Promise.resolve([]),
      channelJudged ? this.repo.singleChannels({ ...req, groupBy: groupCols }) : Promise.resolve([]),
      // Which open cases are past their deadline depends on the clock: read now (the answer cache keeps an answer at most for the current minute).
      needComplaints ? this.repo.complaintSums({ ...req, ...split }, settings.complaintDeadlines, new Date()) : Promise.resolve([]),
    ]);

    // One answer row per period × group; its call and evaluation sums kept apart (each metric reads its own source).
    const groupOf = (r: AggregateRow<string>) => (groupCols.length ? r.keys[groupCols[0]]! : null);
    // Each row also keeps what judges it: an agent row's comparison team (see pickTeam), the one channel of its calls.
    const rows = new Map<string, AnswerRow>();
    const add = (list: AggregateRow<string>[], part: 'calls' | 'evals' | 'complaints') => {
      for (const r of list) {
        const key = groupOf(r);
        const id = r.periodStart + '|' + key;
        let row = rows.get(id);
        if (!row) rows.set(id, (row = { periodStart: r.periodStart, key, calls: NO_SUMS, evals: NO_SUMS, complaints: NO_SUMS, team: { calls: NO_TEAM, evals: NO_TEAM }, channel: null }));
        if (byAgent && part !== 'complaints') pickTeam(row, r, part);
        row[part] = row[part] === NO_SUMS ? r.sums : addSums(row[part], r.sums); // a second team split (a move): rare
      }
    };
    const callsMakeRows = !(byAgent && !needCalls);
    if (callsMakeRows) add(callRows, 'calls');
    add(evalRows, 'evals');
    add(complaintRows, 'complaints');
    if (!callsMakeRows) {
      // Call sums read only to pick the comparison team of the rows the other sources made.
      for (const r of callRows) {
        const row = rows.get(r.periodStart + '|' + groupOf(r));
        if (row) pickTeam(row, r, 'calls');
      }
    }
    for (const r of provisionalRows) {
      const row = rows.get(r.periodStart + '|' + groupOf(r));
      if (row) row.calls = { ...row.calls, repeat_provisional: (row.calls.repeat_provisional ?? 0) + r.sums.repeat_provisional };
    }

    if (rows.size * keys.length > this.answerFigureLimit) {
      throw new BadInputError(
        `This answer would hold ${rows.size.toLocaleString('en-US')} rows × ${keys.length} metrics, more than ${this.answerFigureLimit.toLocaleString('en-US')} figures: ` +
          'choose a coarser granularity, a shorter range, fewer metrics or one team (the monthly export has every agent).',
        undefined,
        'answer_too_large',
      );
    }

    for (const r of channelRows) {
      const row = rows.get(r.periodStart + '|' + groupOf(r));
      if (row) row.channel = r.keys.channel as Channel;
    }
    // Team AHT per period, then per team.
    const teamAht = new Map<string, Map<number, number | null>>();
    for (const r of teamAhtRows) {
      const nd = numDen('aht', r.sums, settings.fcrMethod);
      let byTeam = teamAht.get(r.periodStart);
      if (!byTeam) teamAht.set(r.periodStart, (byTeam = new Map()));
      byTeam.set(Number(r.keys.team), ratio(nd.num, nd.den));
    }

    const names = await this.groupNames(q.groupBy, [...rows.values()].map((r) => r.key));
    const plans = keys.map((key) => ({
      key,
      evaluations: kpiDefinitions[key].source === 'evaluations',
      complaints: kpiDefinitions[key].source === 'complaints',
      judged: !(q.groupBy === 'agent' && kpiDefinitions[key].queueDriven),
      repeat: key === 'fcr_repeat' || (key === 'fcr' && settings.fcrMethod === 'repeat'),
    }));
    // Per team and channel: each metric's figure context (target, judged); fcr by repeat adds the row's provisional count.
    const contextsByTeam = new Map<number | null, Map<Channel | null, FigureContext[]>>();
    const contextsOf = (team: number | null, channel: Channel | null) => {
      let byChannel = contextsByTeam.get(team);
      if (!byChannel) contextsByTeam.set(team, (byChannel = new Map()));
      let c = byChannel.get(channel);
      if (!c) byChannel.set(channel, (c = plans.map((p) => ({ minSample: settings.minSample, target: targetFor(settings, p.key, team, channel), judged: p.judged }))));
      return c;
    };
    // Contexts that carry a row's own count (provisional, pending): one reused object per metric, filled per row
    // (buildFigure and writeFigure copy what they read and keep no reference to the context).
    const rowContexts: FigureContext[] = plans.map(() => ({ minSample: settings.minSample, target: null, judged: false, provisional: undefined, pending: undefined }));
    // Complaint figures read the cases' sums and, for the rate's den, the group's handled calls: one reused object, filled per row.
    const complaintSums: FigureSums = Object.fromEntries([...COMPLAINT_SUM_COLUMNS, 'answered'].map((c) => [c, 0]));
    const metricsOf = fixedShapeFactory<MetricKey, MetricValue>(keys);
    const buckets = new Map<string, { period: string; periodStart: string }>();
    const bucketFor = (start: string) => {
      let b = buckets.get(start);
      if (!b) buckets.set(start, (b = bucketOf(start, q.granularity, q.from)));
      return b;
    };
    // Rows put in the answer's order first (period, then group by name and id), so both shapes fill row j in one pass.
    const entries = [...rows.values()].map((r) => ({ r, bucket: bucketFor(r.periodStart), group: q.groupBy !== 'org' ? names(r.key!) : undefined }));
    const rank = groupRanks(entries.map((e) => e.group));
    entries.sort((a, b) =>
      a.bucket.periodStart < b.bucket.periodStart ? -1 : a.bucket.periodStart > b.bucket.periodStart ? 1 : (rank.get(a.group!) ?? 0) - (rank.get(b.group!) ?? 0),
    );
    const length = entries.length;
    const columns: MetricColumns[] | null =
      shape === 'columns'
        ? plans.map((p) => newMetricColumns(p.key, length, { provisional: p.repeat, pending: pendingComplaints(p.key, NO_SUMS) !== undefined, flags: p.key === 'aht' && byAgent }))
        : null;
    const out: KpiRow[] = columns ? [] : new Array(length);
    const figures: MetricValue[] = new Array(plans.length);
    for (let j = 0; j < length; j++) {
      const { r, bucket, group } = entries[j];
      const contextTeam = q.groupBy === 'team' ? Number(r.key) : q.groupBy === 'agent' ? (r.team.calls.team ?? r.team.evals.team) : (q.teamId ?? null);
      const contexts = contextsOf(contextTeam, q.channel ?? r.channel);
      if (needComplaints) {
        for (const c of COMPLAINT_SUM_COLUMNS) complaintSums[c] = r.complaints[c] ?? 0;
        complaintSums.answered = r.calls.answered ?? 0;
      }
      for (let i = 0; i < plans.length; i++) {
        const { key, repeat, evaluations, complaints } = plans[i];
        const pending = complaints ? pendingComplaints(key, complaintSums) : undefined;
        let ctx = contexts[i];
        if (repeat || pending !== undefined) {
          const own = rowContexts[i];
          own.target = ctx.target;
          own.judged = ctx.judged;
          own.provisional = repeat ? (r.calls.repeat_provisional ?? 0) : undefined;
          own.pending = repeat ? undefined : pending;
          ctx = own;
        }
        const nd = numDen(key, evaluations ? r.evals : complaints ? complaintSums : r.calls, settings.fcrMethod);
        const teamRelative = key === 'aht' && byAgent && contextTeam !== null;
        if (columns) {
          const col = columns[i];
          writeFigure(col, j, key, nd.num, nd.den, ctx);
          if (teamRelative) {
            const cmp = ahtStatus(col.value[j], teamAht.get(r.periodStart)?.get(contextTeam!) ?? null, col.lowSample[j]);
            col.status[j] = cmp.status;
            if (cmp.flags.length) col.flags![j] = cmp.flags;
          }
          continue;
        }
        const fig = buildFigure(key, nd, ctx);
        if (teamRelative) {
          const cmp = ahtStatus(fig.value, teamAht.get(r.periodStart)?.get(contextTeam!) ?? null, fig.lowSample);
          fig.status = cmp.status;
          if (cmp.flags.length) fig.flags = cmp.flags;
        }
        figures[i] = fig;
      }
      if (columns) continue;
      const row: KpiRow = { period: bucket.period, periodStart: bucket.periodStart, metrics: metricsOf(figures) };
      if (group) row.group = group;
      out[j] = row;
    }
    const head = { from: q.from, to: q.to, timezone: settings.timezone, granularity: q.granularity, groupBy: q.groupBy };
    if (!columns) return { ...head, rows: out };
    const answer: KpiColumns = { shape: 'columns', ...head, length, period: entries.map((e) => e.bucket.period), periodStart: entries.map((e) => e.bucket.periodStart), metrics: {} };
    if (q.groupBy !== 'org') {
      answer.group = { type: q.groupBy, id: entries.map((e) => e.group!.id), name: entries.map((e) => e.group!.name) };
      if (q.groupBy === 'agent') answer.group.code = entries.map((e) => e.group!.code ?? null);
    }
    plans.forEach((p, i) => (answer.metrics[p.key] = columns[i]));
    return answer;
  }

  /** One group object per key (shared by that key's rows in every period). */
  private async groupNames(groupBy: KpiQuery['groupBy'], keys: (number | string | null)[]): Promise<(key: number | string) => KpiGroup> {
    if (groupBy === 'org') return () => ({ type: 'team', id: 0, name: '' });
    const groups = new Map<number | string, KpiGroup>();
    if (groupBy === 'queue') {
      return (key) => {
        let g = groups.get(key);
        if (!g) groups.set(key, (g = { type: 'queue', id: String(key), name: String(key) }));
        return g;
      };
    }
    const found = await this.repo.names(groupBy, [...new Set(keys.map(Number))]);
    return (key) => {
      let g = groups.get(key);
      if (!g) {
        const n = found.get(Number(key));
        g = { type: groupBy, id: Number(key), name: n?.name ?? String(key) };
        if (groupBy === 'agent') g.code = n?.code;
        groups.set(key, g);
      }
      return g;
    };
  }

  /** 404 for a filter naming a site/team/agent that does not exist (before scope, which would say 403). */
  async assertFiltersExist(q: { siteId?: number; teamId?: number; agentId?: number }): Promise<void> {
    for (const kind of ['site', 'team', 'agent'] as const) {
      const id = q[`${kind}Id`];
      if (id !== undefined && !(await this.repo.exists(kind, id))) throw new NotFoundError(`There is no ${kind} with id ${id}.`);
    }
  }
}

/** The answer's size for the cache budget: every row carries the same metrics (one fixed shape per answer). */
function figuresIn(answer: CachedAnswer): number {
  if (!('granularity' in answer)) return Object.keys(answer.metrics).length; // the summary tiles
  if ('shape' in answer) return answer.length * Object.keys(answer.metrics).length;
  return answer.rows.length ? answer.rows.length * Object.keys(answer.rows[0].metrics).length : 0;
}

/** Each row's group ranked by name, then id (the distinct groups sorted once, not compared per pair of rows). */
function groupRanks(list: (KpiGroup | undefined)[]): Map<KpiGroup, number> {
  const groups = [...new Set(list.filter((g): g is KpiGroup => g !== undefined))];
  groups.sort((a, b) => a.name.localeCompare(b.name) || String(a.id).localeCompare(String(b.id)));
  return new Map(groups.map((g, i) => [g, i]));
}

/**
 * Column-wise sum of two splits' sums. Counts and seconds are integers (exact as doubles);
 * score_sum of an agent evaluated in two teams in one period gets one rounding more than a
 * numeric sum would (under 1e-15 relative).
 */
function addSums(a: FigureSums, b: FigureSums): FigureSums {
  const out: FigureSums = { ...a };
  for (const c of Object.keys(b)) out[c] = (out[c] ?? 0) + (b[c] ?? 0);
  return out;
}

/** One row of an answer while it is built: its sums by source, and what judges it. */
interface AnswerRow {
  periodStart: string;
  key: number | string | null;
  calls: FigureSums;
  evals: FigureSums;
  complaints: FigureSums;
  /** Agent rows: the team of most answered calls among the row's splits, and of most evaluations (the comparison team when no call split has a team). */
  team: { calls: TeamPick; evals: TeamPick };
  /** The one channel of all the row's inbound contacts, if there is one. */
  channel: Channel | null;
}

/** A team and its count, the best so far (ties: the lower team id). */
interface TeamPick {
  team: number | null;
  n: number;
}
const NO_TEAM: TeamPick = { team: null, n: 0 };
/** The count each source's splits are weighed by. */
const TEAM_WEIGHT = { calls: 'answered', evals: 'evaluations' } as const;

/**
 * Counts an agent × team split towards the team an agent row (period|agent) is judged against:
 * the team of most answered calls (ties: the lower team id); with no call split, of most evaluations.
 */
function pickTeam(row: AnswerRow, split: AggregateRow<string>, part: 'calls' | 'evals'): void {
  const t = split.keys.team;
  if (t === null || t === undefined) return;
  const team = Number(t);
  const n = split.sums[TEAM_WEIGHT[part]];
  const best = row.team[part];
  if (best.team === null || n > best.n || (n === best.n && team < best.team)) row.team[part] = { team, n };
}

/** The call sums the metrics read, and `answered` (comparison team, complaint rate), in table order. */
function callSumColumns(keys: readonly MetricKey[], fcrMethod: 'flag' | 'repeat'): CallSumColumn[] {
  const read = sumsRead(keys, fcrMethod);
  read.add('answered');
  return CALL_SUM_COLUMNS.filter((c) => read.has(c));
}

/** Some call of the range may still be inside its repeat window. */
function windowMayBeOpen(to: string, windowDays: number): boolean {
  const today = new Date().toISOString().slice(0, 10);
  return to >= addDays(today, -(windowDays + 2));
}

/** Validation for in-process callers (the HTTP layer validates with the zod DTO first). */
export function normaliseQuery(q: Partial<KpiQuery> & { from: string; to: string }): KpiQuery {
  for (const f of ['from', 'to'] as const) {
    if (typeof q[f] !== 'string' || !isValidLocalDate(q[f])) throw new BadInputError(`${f}: must be a date YYYY-MM-DD (got ${JSON.stringify(q[f])}).`);
  }
  if (q.from > q.to) throw new BadInputError(`from (${q.from}) is after to (${q.to}).`);
  if (!withinThreeYears(q.from, q.to)) throw new BadInputError(`The range ${q.from}..${q.to} is longer than 3 years; ask for a shorter range.`);
  const bad = (q.metrics ?? []).filter((m) => !isMetricKey(m));
  if (bad.length) throw new BadInputError(`metrics: unknown metric ${bad.join(', ')}; known metrics are ${metricKeys.join(', ')}.`);
  // The granularity becomes SQL text (date_trunc's unit): only a value of the list may get that far,
  // whoever calls (the HTTP DTO checks the same lists, with the same code).
  if (q.granularity !== undefined && !(granularities as readonly unknown[]).includes(q.granularity)) {
    throw new BadInputError(`granularity: must be one of ${granularities.join(', ')} (got ${JSON.stringify(q.granularity)}).`);
  }
  if (q.groupBy !== undefined && !(groupBys as readonly unknown[]).includes(q.groupBy)) {
    throw new BadInputError(`groupBy: must be one of ${groupBys.join(', ')} (got ${JSON.stringify(q.groupBy)}).`);
  }
  if (q.channel !== undefined && !(channels as readonly unknown[]).includes(q.channel)) {
    throw new BadInputError(`channel: must be one of ${channels.join(', ')} (got ${JSON.stringify(q.channel)}).`);
  }
  const out: KpiQuery = { from: q.from, to: q.to, granularity: q.granularity ?? 'total', groupBy: q.groupBy ?? 'org' };
  for (const k of ['siteId', 'teamId', 'agentId', 'queue', 'channel', 'metrics'] as const) {
    if (q[k] !== undefined) (out as unknown as Record<string, unknown>)[k] = q[k];
  }
  return out;
}
