import { Injectable } from '@nestjs/common';
import type { Writable } from 'node:stream';
import type { Caller } from '../../common/auth/caller';
import { BadInputError, NotFoundError } from '../../common/domain-error';
import { AuditService } from '../audit/audit.service';
import { ScopeService } from '../auth/scope.service';
import { kpiDefinitions, metricsFor } from '../kpi/domain/kpi-definitions';
import { daysBetween } from '../kpi/domain/periods';
import { KpiService } from '../kpi/kpi.service';
import type { KpiAnswer, KpiQuery, KpiRow } from '../kpi/kpi.types';
import { SettingsService } from '../org/settings.service';
import { ReviewService } from '../review/review.service';
import { writeAgentWorkbook } from './builders/agent-workbook.builder';
import { writeMonthlyWorkbook } from './builders/monthly-workbook.builder';
import { writeWeeklyWorkbook } from './builders/weekly-workbook.builder';
import { ATTENTION_LEVEL_LABELS, slug } from './domain/export-format';
import { isoWeekRange, monthRange, shiftWeek } from './domain/export-period';
import { ExportRepository } from './export.repository';
import type { AgentLabel, AgentSheetRow, AttentionSheetRow, ComparisonRow, GroupSheetRow, WeeklyTeamRow } from './export.types';

/** A workbook ready to stream: access was checked and every figure read before the first byte is written. */
export interface WorkbookFile {
  /** ASCII-safe name for `filename=`. */
  fileName: string;
  /** The same with names in their own script, for `filename*=`. */
  fileNameUtf8: string;
  write(out: Writable): Promise<void>;
}

export interface MonthlyExportRequest {
  month: string;
  siteId?: number;
  teamId?: number;
}

export interface WeeklyExportRequest {
  week: string;
  teamId: number;
}

export interface AgentExportRequest {
  from: string;
  to: string;
}

/** The CLI acts as this caller: admin scope, audited as the system. */
export const SYSTEM_CALLER: Caller = {
  userId: 0,
  email: 'system (cli)',
  name: 'Callscope CLI',
  role: 'admin',
  agentId: null,
  teamIds: [],
  sessionId: 'cli',
  locale: null,
};

const MAX_SCORECARD_DAYS = 366;
/** The export records its own audit rows (one `export`, and for a scorecard one `scorecard.view`). */
const inProcess = { recordScorecardView: false } as const;
const agentMetricDefs = () => metricsFor('agent').map((k) => kpiDefinitions[k]);
const groupMetricDefs = () => metricsFor('team').map((k) => kpiDefinitions[k]);

@Injectable()
export class ExportService {
  /** Agents per KPI query while the monthly Agents sheet is written (tests use a small page). */
  agentPageSize = 1000;

  constructor(
    private readonly kpi: KpiService,
    private readonly settings: SettingsService,
    private readonly audit: AuditService,
    private readonly repo: ExportRepository,
    private readonly review: ReviewService,
    private readonly scope: ScopeService,
  ) {}

  async monthly(caller: Caller, req: MonthlyExportRequest): Promise<WorkbookFile> {
    this.scope.assertCanExportTeamWorkbooks(caller, 'monthly');
    const range = parseRange(() => monthRange(req.month), 'month');
    const team = req.teamId === undefined ? null : await this.repo.teamName(req.teamId);
    if (req.teamId !== undefined && !team) throw new NotFoundError(`Team ${req.teamId}`);
    const site = req.siteId === undefined ? null : await this.repo.siteName(req.siteId);
    if (req.siteId !== undefined && !site) throw new NotFoundError(`Site ${req.siteId}`);
    if (team) this.scope.assertCanExportTeam(caller, team.id, 'monthly');
    if (site) await this.scope.assertCanExportSite(caller, site.id);
    // Agents were refused above: null here means all teams (admin, hr), a list a supervisor's teams.
    const ownTeams = this.scope.visibleTeamIds(caller);
    const settings = await this.settings.get();
    const scopeLabel = team ? team.name : site ? site.name : ownTeams ? (await this.repo.teamNames(ownTeams)).join(', ') || 'No teams' : 'All sites 全部站点';
    const base = { from: range.from, to: range.to, granularity: 'total' as const, siteId: req.siteId, teamId: req.teamId };
    const agentQuery: KpiQuery = { ...base, groupBy: 'agent' };
    const [org, sites, teams, labels] = await Promise.all([
      this.kpi.query(caller, { ...base, groupBy: 'org' }, inProcess),
      team ? Promise.resolve(null) : this.kpi.query(caller, { ...base, groupBy: 'site' }, inProcess),
      this.kpi.query(caller, { ...base, groupBy: 'team' }, inProcess),
      // The Agents sheet's figures are read a page of agents at a time while it is written: memory
      // stays flat however many agents there are (the labels, in sheet order, are read first).
      this.kpi.agentsInAnswer(caller, agentQuery).then((agentIds) => this.agentLabels(agentIds, range.from, range.to)),
    ]);
    const summary: GroupSheetRow[] = [
      ...org.rows.map((r) => ({ level: team || site || ownTeams ? 'Scope 范围' : 'Organisation 组织', name: scopeLabel, metrics: r.metrics })),
      ...byName(sites?.rows ?? []).map((r) => ({ level: 'Site 站点', name: r.group!.name, metrics: r.metrics })),
      ...byName(teams.rows).map((r) => ({ level: 'Team 班组', name: r.group!.name, metrics: r.metrics })),
    ];
    // Read from here on, while the sheets before them are written (not earlier: the queries above
    // would share the two cores with them and the first byte would come later): the first page
    // of agent figures, and the evaluation list for the QA sheet, the third (a failed read
    // surfaces when that sheet awaits it, not as an unhandled rejection).
    const agents = { labels, rows: this.agentRowsInPages(caller, agentQuery, labels) };
    const evaluations = this.repo.evaluations({
      ...range,
      timezone: settings.timezone,
      teamIds: req.teamId !== undefined ? [req.teamId] : ownTeams,
      siteId: req.siteId,
    });
    evaluations.catch(() => undefined);
    const scopeSlug = team ? slug(team.name) || `team-${team.id}` : site ? slug(site.name) || `site-${site.id}` : ownTeams ? 'my-teams' : 'all';
    const scopeUtf8 = team ? team.name : site ? site.name : scopeSlug;
    await this.audit.record(
      {
        action: 'export',
        caller: auditActor(caller),
        target: `monthly:${req.month}`,
        detail: { kind: 'monthly', period: req.month, scope: { siteId: req.siteId ?? null, teamId: req.teamId ?? null, label: scopeLabel }, agents: labels.length, dataVersion: settings.dataVersion },
      },
    );
    return {
      fileName: `callscope-kpi-${req.month}-${scopeSlug}.xlsx`,
      fileNameUtf8: `callscope-kpi-${req.month}-${fileSafe(scopeUtf8)}.xlsx`,
      write: (out) =>
        writeMonthlyWorkbook(out, {
          month: req.month,
          scopeLabel,
          agentMetrics: agentMetricDefs(),
          groupMetrics: groupMetricDefs(),
          summary,
          agents,
          evaluations,
          definitions: { definitions: agentMetricDefs(), settings, title: 'Callscope monthly KPI workbook 月度KPI报表', period: `${req.month} (${range.from} – ${range.to})`, scope: scopeLabel, generatedAt: new Date(), generatedBy: generatedBy(caller) },
        }),
    };
  }

  async weekly(caller: Caller, req: WeeklyExportRequest): Promise<WorkbookFile> {
    this.scope.assertCanExportTeamWorkbooks(caller, 'weekly');
    const range = parseRange(() => isoWeekRange(req.week), 'week');
    const team = await this.repo.teamName(req.teamId);
    if (!team) throw new NotFoundError(`Team ${req.teamId}`);
    this.scope.assertCanExportTeam(caller, team.id, 'weekly');
    const settings = await this.settings.get();
    const weekLabels = [-3, -2, -1, 0].map((o) => shiftWeek(req.week, o));
    const fourWeeks = { from: isoWeekRange(weekLabels[0]).from, to: range.to };
    const teamQuery = { teamId: team.id, groupBy: 'team' as const };
    const [weekly, total4, summary, agentsAnswer, attention] = await Promise.all([
      this.kpi.query(caller, { ...fourWeeks, ...teamQuery, granularity: 'week' }, inProcess),
      this.kpi.query(caller, { ...fourWeeks, ...teamQuery, granularity: 'total' }, inProcess),
      this.kpi.summary(caller, { ...range, teamId: team.id }, inProcess),
      this.kpi.query(caller, { ...range, teamId: team.id, groupBy: 'agent', granularity: 'total' }, inProcess),
      this.attention(caller, req.week, team.id),
    ]);
    const teamRows: WeeklyTeamRow[] = groupMetricDefs().map((def) => ({
      def,
      weeks: weekLabels.map((w) => weekly.rows.find((r) => r.period === w && r.group?.id === team.id)?.metrics[def.key]),
      delta: summary.metrics[def.key]?.delta ?? null,
      last4Weeks: total4.rows.find((r) => r.group?.id === team.id)?.metrics[def.key],
    }));
    const agents = await this.agentRows(agentsAnswer.rows, range.from, range.to);
    const evaluations = await this.repo.evaluations({ ...range, timezone: settings.timezone, teamIds: [team.id] });
    await this.audit.record({
      action: 'export',
      caller: auditActor(caller),
      target: `weekly:${req.week}:team:${team.id}`,
      detail: { kind: 'weekly', period: req.week, scope: { teamId: team.id, label: team.name }, agents: agents.length, evaluations: evaluations.length, attention: attention ? attention.length : 'not available', dataVersion: settings.dataVersion },
    });
    const teamSlug = slug(team.name) || `team-${team.id}`;
    return {
      fileName: `callscope-weekly-${req.week}-${teamSlug}.xlsx`,
      fileNameUtf8: `callscope-weekly-${req.week}-${fileSafe(team.name)}.xlsx`,
      write: (out) =>
        writeWeeklyWorkbook(out, {
          week: req.week,
          teamName: team.name,
          weekLabels,
          team: teamRows,
          agentMetrics: agentMetricDefs(),
          agents,
          attention,
          evaluations,
          definitions: { definitions: agentMetricDefs(), settings, title: 'Callscope weekly review workbook 每周回顾', period: `${req.week} (${range.from} – ${range.to})`, scope: team.name, generatedAt: new Date(), generatedBy: generatedBy(caller) },
        }),
    };
  }

  async agent(caller: Caller, agentId: number, req: AgentExportRequest): Promise<WorkbookFile> {
    if (req.from > req.to) throw new BadInputError(`from (${req.from}) must not be after to (${req.to}).`);
    if (daysBetween(req.from, req.to) + 1 > MAX_SCORECARD_DAYS) throw new BadInputError('A scorecard covers at most one year: narrow from/to.');
    const placement = (await this.repo.placements([agentId], req.from, req.to)).get(agentId);
    if (!placement) throw new NotFoundError(`Agent ${agentId}`);
    const teamsInRange = await this.repo.agentTeamsInRange(agentId, req.from, req.to);
    this.scope.assertCanExportAgent(caller, agentId, teamsInRange);
    const rows = this.scope.teamScope(caller);
    const supervised = rows.kind === 'teams' ? rows.teamIds : null;
    // The team of comparison: the team at the end of the range, or for a supervisor the team of theirs the agent was in.
    const teamId =
      supervised && (placement.teamId === null || !supervised.includes(placement.teamId)) ? teamsInRange.find((t) => supervised.includes(t))! : placement.teamId;
    const settings = await this.settings.get();
    const range = { from: req.from, to: req.to };
    const agentQuery = { ...range, agentId, groupBy: 'agent' as const };
    const teamQuery: Partial<KpiQuery> | null = teamId === null ? null : { ...range, teamId, groupBy: 'team' };
    const [agentTotal, agentWeeks, teamTotal, teamWeeks] = await Promise.all([
      this.kpi.query(caller, { ...agentQuery, granularity: 'total' }, inProcess),
      this.kpi.query(caller, { ...agentQuery, granularity: 'week' }, inProcess),
      teamQuery ? this.kpi.query(caller, { ...(teamQuery as KpiQuery), granularity: 'total' }, inProcess) : Promise.resolve(null),
      teamQuery ? this.kpi.query(caller, { ...(teamQuery as KpiQuery), granularity: 'week' }, inProcess) : Promise.resolve(null),
    ]);
    const defs = agentMetricDefs();
    const compare = (agentRows: KpiRow[], teamRows: KpiRow[]): ComparisonRow[] =>
      agentRows.flatMap((a) => {
        const t = teamRows.find((r) => r.period === a.period);
        return defs.filter((def) => a.metrics[def.key]).map((def) => ({ period: a.period === 'total' ? `${req.from} – ${req.to}` : a.period, def, agent: a.metrics[def.key], team: t?.metrics[def.key] }));
      });
    const total = compare(agentTotal.rows, teamTotal?.rows ?? []);
    const weeks = compare(
      [...agentWeeks.rows].sort((x, y) => x.periodStart.localeCompare(y.periodStart)),
      teamWeeks?.rows ?? [],
    );
    const evaluations = await this.repo.evaluations({ ...range, timezone: settings.timezone, agentId, teamIds: supervised });
    const items = await this.repo.evaluationItems(evaluations);
    await this.audit.record({
      action: 'export',
      caller: auditActor(caller),
      target: `agent:${agentId}`,
      detail: { kind: 'agent', period: `${req.from}..${req.to}`, scope: { agentId, code: placement.code }, evaluations: evaluations.length, dataVersion: settings.dataVersion },
    });
    if (caller.userId > 0) await this.audit.recordScorecardView(caller, agentId, { via: 'export', from: req.from, to: req.to });
    const agentLabel = `${placement.code} ${placement.name}`;
    return {
      fileName: `callscope-scorecard-${slug(placement.code) || `agent-${agentId}`}-${req.from}-${req.to}.xlsx`,
      fileNameUtf8: `callscope-scorecard-${fileSafe(placement.code)}-${fileSafe(placement.name)}-${req.from}-${req.to}.xlsx`,
      write: (out) =>
        writeAgentWorkbook(out, {
          agentLabel,
          period: `${req.from} – ${req.to}`,
          total,
          weeks,
          evaluations,
          items,
          definitions: { definitions: defs, settings, title: `Callscope agent scorecard 坐席绩效卡 — ${agentLabel}`, period: `${req.from} – ${req.to}`, scope: agentLabel, generatedAt: new Date(), generatedBy: generatedBy(caller) },
        }),
    };
  }

  /** The weekly review's attention list (and recognition), in the caller's language. */
  private async attention(caller: Caller, week: string, teamId: number): Promise<AttentionSheetRow[]> {
    const review = await this.review.weekly(caller, { week, teamId });
    return [
      ...review.attention.map((a) => ({ agentCode: a.agent.code, agentName: a.agent.name, severity: `${ATTENTION_LEVEL_LABELS[a.level]} (${a.severity})`, reasons: a.reasons.map(reasonWithCalls) })),
      ...review.recognition.map((a) => ({ agentCode: a.agent.code, agentName: a.agent.name, severity: 'recognition 表扬', reasons: a.reasons.map((r) => r.text) })),
    ];
  }

  /** Agent rows as KpiService answered them, in sheet order (see agentLabels). */
  private async agentRows(rows: KpiRow[], from: string, to: string): Promise<AgentSheetRow[]> {
    const byId = new Map(rows.map((r) => [Number(r.group!.id), r]));
    const labels = await this.agentLabels([...byId.keys()], from, to);
    return labels.map(({ id, ...label }) => ({ ...label, metrics: byId.get(id)!.metrics }));
  }

  /** The agents' text cells, placed in their team at the period's end, sorted by team then code. */
  private async agentLabels(agentIds: number[], from: string, to: string): Promise<(AgentLabel & { id: number })[]> {
    const placements = await this.repo.placements(agentIds, from, to);
    return agentIds
      .map((id) => {
        const p = placements.get(id);
        return { id, code: p?.code ?? '', name: p?.name ?? String(id), team: p?.team ?? null, teamNote: p?.teamNote ?? null, site: p?.site ?? null };
      })
      .sort((a, b) => (a.team ?? '').localeCompare(b.team ?? '') || a.code.localeCompare(b.code));
  }

  /**
   * The labelled agents' figures, agentPageSize agents per KPI query, in label order. The first
   * page is read from now on (while the sheets before Agents are written), the next page while
   * one is written.
   */
  private agentRowsInPages(caller: Caller, query: KpiQuery, labels: (AgentLabel & { id: number })[]): AsyncGenerator<AgentSheetRow> {
    const pages: (AgentLabel & { id: number })[][] = [];
    for (let i = 0; i < labels.length; i += this.agentPageSize) pages.push(labels.slice(i, i + this.agentPageSize));
    const read = (page: { id: number }[]) => {
      const answer = this.kpi.query(caller, query, { ...inProcess, agentIds: page.map((l) => l.id) });
      // A failed read-ahead surfaces when its page is awaited, not as an unhandled rejection.
      answer.catch(() => undefined);
      return answer;
    };
    return this.pagedAgentRows(pages, read, pages.length ? read(pages[0]) : null);
  }

  private async *pagedAgentRows(pages: (AgentLabel & { id: number })[][], read: (page: { id: number }[]) => Promise<KpiAnswer>, first: Promise<KpiAnswer> | null): AsyncGenerator<AgentSheetRow> {
    let next = first;
    for (let p = 0; p < pages.length; p++) {
      const answer = await next!;
      next = p + 1 < pages.length ? read(pages[p + 1]) : null;
      const byId = new Map(answer.rows.map((r) => [Number(r.group!.id), r.metrics]));
      for (const { id, ...label } of pages[p]) {
        const metrics = byId.get(id);
        if (metrics) yield { ...label, metrics };
      }
    }
  }
}

function parseRange(parse: () => { from: string; to: string }, field: string): { from: string; to: string } {
  try {
    return parse();
  } catch (err) {
    throw new BadInputError(`${field}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

function byName(rows: KpiRow[]): KpiRow[] {
  return [...rows].sort((a, b) => (a.group?.name ?? '').localeCompare(b.group?.name ?? ''));
}

/** Strips characters no file system accepts, keeping letters of any script. */
function fileSafe(text: string): string {
  return [...text].map((ch) => (ch.charCodeAt(0) < 0x20 || '\\/:*?"<>|'.includes(ch) ? '-' : ch)).join('').replace(/\s+/g, '-');
}

function generatedBy(caller: Caller): string {
  return caller.userId > 0 ? `${caller.name} <${caller.email}>` : caller.email;
}

/** The audit row names the user; the CLI's system caller has no user row, only its label. */
function auditActor(caller: Caller): Pick<Caller, 'userId' | 'email'> {
  return caller.userId > 0 ? caller : ({ userId: null, email: caller.email } as unknown as Pick<Caller, 'userId' | 'email'>);
}

/** A reason's words and the calls that show it, named by external id (as on the call page). */
function reasonWithCalls(r: { text: string; evidence: { calls: { externalId: string }[] } }): string {
  return r.evidence.calls.length ? `${r.text} — calls 通话: ${r.evidence.calls.map((c) => c.externalId).join(', ')}` : r.text;
}
